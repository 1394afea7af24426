"""Strings shared by every page: navigation, sidebar, data sources, glossary."""

STRINGS = {
    "app.title": ("cnnviz — see how a CNN learns", "cnnviz — CNN이 배우는 과정을 눈으로"),
    "nav.home": ("Home", "홈"),
    "nav.data": ("Data", "데이터"),
    "nav.learn": ("Learn", "개념 배우기"),
    "nav.build": ("Build", "모델 만들기"),
    "nav.train": ("Train", "훈련"),
    "nav.filters": ("Filters", "필터"),
    "nav.feature_maps": ("Feature maps", "특성 맵"),
    "nav.evaluate": ("Evaluate", "평가"),
    "nav.draw": ("Draw", "그려서 예측"),
    "common.language": ("Language", "언어"),
    "common.dataset": ("Dataset", "데이터셋"),
    "common.loading_data": ("Loading the dataset…", "데이터셋을 불러오는 중…"),
    "common.dataset_error": ("The dataset could not be loaded: {error}",
                             "데이터셋을 불러올 수 없습니다: {error}"),
    "common.train": ("train", "훈련"),
    "common.test": ("test", "테스트"),
    "common.count": ("count", "개수"),
    "common.label": ("label", "레이블"),
    "common.index": ("index", "인덱스"),
    "common.class": ("class", "클래스"),
    "common.pixel_value": ("pixel value", "픽셀 값"),
    "common.row": ("row", "행"),
    "common.col": ("col", "열"),
    "dataset.mnist": ("MNIST (handwritten digits)", "MNIST (손글씨 숫자)"),
    "dataset.fashion_mnist": ("Fashion-MNIST (clothing)", "패션 MNIST (의류)"),
    "source.env": ("Full data from `CNNVIZ_DATA_DIR` ({location}): {train} training and {test} test images.",
                   "`CNNVIZ_DATA_DIR`({location})의 데이터: 훈련 이미지 {train}개, 테스트 이미지 {test}개."),
    "source.system": ("Full data installed by a system package ({location}): {train} training and {test} test images.",
                      "시스템 패키지가 설치한 전체 데이터({location}): 훈련 이미지 {train}개, 테스트 이미지 {test}개."),
    "source.keras": ("Full data from the Keras cache ({location}): {train} training and {test} test images.",
                     "Keras 캐시의 전체 데이터({location}): 훈련 이미지 {train}개, 테스트 이미지 {test}개."),
    "source.sample": ("Offline and no full copy found, so this is the small real sample bundled with cnnviz: "
                      "{train} training and {test} test images. Accuracies will be lower than on the full set.",
                      "오프라인이고 전체 데이터가 없어 cnnviz에 들어 있는 작은 실제 표본을 씁니다: "
                      "훈련 이미지 {train}개, 테스트 이미지 {test}개. 전체 데이터보다 정확도가 낮게 나옵니다."),
    "glossary.kernel": ("Kernel: the small grid of weights (e.g. 3×3) that slides over the input; "
                        "each position gives one number, the sum of the element-wise products plus a bias.",
                        "커널: 입력 위를 미끄러지는 작은 가중치 격자(예: 3×3). 각 위치에서 원소별 곱의 합에 "
                        "절편을 더한 숫자 하나를 만듭니다."),
    "glossary.filter": ("Filter: one kernel per input channel, stacked; a Conv2D layer with 32 filters makes "
                        "32 feature maps. Keras's `filters` argument counts them.",
                        "필터: 입력 채널마다 하나씩인 커널을 쌓은 것. 필터가 32개인 Conv2D 층은 특성 맵 32개를 "
                        "만듭니다. Keras의 `filters` 매개변수가 이 개수입니다."),
    "glossary.feature_map": ("Feature map: the output of one filter over the whole input, an image of where "
                             "the filter found its pattern.",
                             "특성 맵: 필터 하나가 입력 전체를 훑어 만든 출력. 필터가 찾는 패턴이 어디에 "
                             "있는지 보여 주는 이미지입니다."),
    "glossary.stride": ("Stride: how many pixels the kernel moves at each step; stride 2 roughly halves the output "
                        "size (28 with a 3×3 kernel and valid padding gives 13).",
                        "스트라이드: 커널이 한 번에 이동하는 픽셀 수. 스트라이드 2는 출력 크기를 대략 절반으로 "
                        "줄입니다 (3×3 커널, valid 패딩이면 28 → 13)."),
    "glossary.padding": ("Padding: zeros added around the input. 'same' pads so the output keeps the input size "
                         "(at stride 1); 'valid' adds none, so at stride 1 the output shrinks by kernel size − 1.",
                         "패딩: 입력 둘레에 채우는 0. 'same'은 (스트라이드 1에서) 출력 크기가 입력과 같도록 "
                         "채우고, 'valid'는 채우지 않아 스트라이드 1에서 출력이 커널 크기 − 1만큼 줄어듭니다."),
    "glossary.pooling": ("Pooling: shrinks each feature map by taking the max (or mean) of each small window; "
                         "it has no weights to learn.",
                         "풀링: 작은 창마다 최댓값(또는 평균)을 골라 특성 맵을 줄입니다. 학습할 가중치가 없습니다."),
    "glossary.flatten": ("Flatten: lays a (h, w, c) volume out as one long vector of h·w·c numbers so Dense "
                         "layers can use it; no weights.",
                         "Flatten(평탄화): (h, w, c) 부피를 h·w·c개 숫자의 1차원 벡터로 펼쳐 Dense 층에 "
                         "넘깁니다. 가중치가 없습니다."),
    "glossary.dropout": ("Dropout: during training, sets a random share of its inputs to 0 at each step so the "
                         "network cannot rely on any one unit; it does nothing at prediction time.",
                         "드롭아웃: 훈련할 때 매 단계 입력의 일부를 무작위로 0으로 만들어 특정 뉴런에 기대지 "
                         "못하게 합니다. 예측할 때는 아무것도 하지 않습니다."),
    "glossary.epoch": ("Epoch: one pass over the whole training set.",
                       "에포크: 훈련 세트 전체를 한 번 모두 사용하는 것."),
    "glossary.batch": ("Batch: the handful of examples used for one weight update; 60,000 images in batches "
                       "of 100 give 600 steps per epoch.",
                       "배치: 가중치를 한 번 업데이트할 때 쓰는 샘플 묶음. 이미지 60,000개를 100개씩 나누면 "
                       "에포크마다 600번 업데이트합니다."),
    "glossary.one_hot": ("One-hot: a label written as 10 numbers, all 0 except a 1 at the class index "
                         "(3 → [0,0,0,1,0,0,0,0,0,0]).",
                         "원-핫: 레이블을 숫자 10개로 쓰는 방식. 클래스 위치만 1이고 나머지는 0입니다 "
                         "(3 → [0,0,0,1,0,0,0,0,0,0])."),
    "glossary.softmax": ("Softmax: turns the 10 output scores into probabilities that are positive and add up to 1.",
                         "소프트맥스: 출력 점수 10개를 양수이면서 합이 1인 확률로 바꿉니다."),
}
