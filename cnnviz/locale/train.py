"""Strings of the Train page, the runs list and the sidebar model status."""

STRINGS = {
    "train.short.mnist": ("MNIST", "MNIST"),
    "train.short.fashion_mnist": ("Fashion-MNIST", "패션 MNIST"),
    "train.need_run": ("No trained model for {dataset} yet. Train one on the Train page (the quick start takes "
                       "less than a minute) and come back.",
                       "아직 {dataset}로 훈련한 모델이 없습니다. 훈련 페이지에서 모델을 하나 훈련한 뒤(빠른 시작은 "
                       "1분도 걸리지 않습니다) 다시 오세요."),
    "train.go_train": ("Go to the Train page", "훈련 페이지로 가기"),
    "train.acc_test": ("test {acc}", "테스트 {acc}"),
    "train.acc_val": ("val {acc}", "검증 {acc}"),
    "train.sidebar_model": ("Model", "모델"),
    "train.sidebar_none": ("No trained model yet: train one on the Train page.",
                           "아직 훈련한 모델이 없습니다. 훈련 페이지에서 훈련해 보세요."),
    "train.sidebar_active": ("Active model", "사용 중인 모델"),
    "train.sidebar_pick": ("Pick a model", "모델을 고르세요"),
    "train.sidebar_other_dataset": ("None of your models was trained on this dataset; pick one above to switch.",
                                    "이 데이터셋으로 훈련한 모델이 없습니다. 위에서 모델을 고르면 데이터셋도 "
                                    "바뀝니다."),
    "train.sidebar_imported": ("An uploaded model: its \"untrained\" weights are a fresh random initialisation.",
                               "업로드한 모델입니다. '훈련 전' 가중치는 새로 무작위 초기화한 값입니다."),
    "train.sidebar_workspace": ("Workspace `{ws}`: your runs are kept on this server under this id, which is in "
                                "the page's address. Bookmark the link to find your runs again.",
                                "작업 공간 `{ws}`: 여러분의 실행 기록은 이 ID로 서버에 저장되고, ID는 페이지 "
                                "주소에 들어 있습니다. 링크를 즐겨찾기에 넣어 두면 다시 찾을 수 있습니다."),
}
