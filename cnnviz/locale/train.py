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
    "train.sidebar_workspace": ("Workspace `{ws}`: your runs are kept on this server under this id, and the page's "
                                "address holds it. Bookmark this address to find your runs again. Anyone given "
                                "this address sees your runs and can rename or delete them, so share the Build "
                                "page's share link instead, which leaves the workspace out.",
                                "작업 공간 `{ws}`: 여러분의 실행 기록은 이 ID로 서버에 저장되고, 페이지 주소에 이 "
                                "ID가 들어 있습니다. 이 주소를 즐겨찾기에 넣어 두면 실행 기록을 다시 찾을 수 "
                                "있습니다. 이 주소를 받은 사람은 누구나 여러분의 실행 기록을 보고 이름을 바꾸거나 "
                                "삭제할 수 있으니, 공유할 때는 작업 공간이 빠진 모델 만들기 페이지의 공유 링크를 "
                                "쓰세요."),
    "train.title": ("Train", "훈련"),
    "train.lead": ("Train a CNN right here and watch it learn: loss going down, accuracy going up, and the gap "
                   "between training and validation that warns of overfitting. Every training is kept as a run.",
                   "여기서 바로 CNN을 훈련하며 배우는 과정을 지켜봅시다. 손실이 줄고 정확도가 오르는 모습, 그리고 "
                   "과대적합을 알려 주는 훈련과 검증 사이의 간격을 볼 수 있습니다. 훈련할 때마다 실행 기록으로 "
                   "저장됩니다."),
    "train.quick_heading": ("Quick start", "빠른 시작"),
    "train.quick_button": ("Quick start", "빠른 시작"),
    "train.quick_name": ("Quick start · {label}", "빠른 시작 · {label}"),
    "train.quick_text": ("Trains a small, proven CNN (**{label}**, {params} parameters) on {n} images of "
                         "{dataset} for {epochs} epochs with Adam: well under a minute on a laptop CPU, and the "
                         "other pages get a model to look inside right away.",
                         "검증된 작은 CNN(**{label}**, 파라미터 {params}개)을 {dataset} 이미지 {n}개로 Adam을 써서 "
                         "{epochs} 에포크 훈련합니다. 노트북 CPU에서도 1분이 채 걸리지 않고, 다른 페이지에서 바로 "
                         "모델 내부를 들여다볼 수 있습니다."),
    "train.settings_heading": ("Your own training", "직접 설정해서 훈련하기"),
    "train.model_source": ("Model", "모델"),
    "train.model_build": ("The model from the Build page", "모델 만들기 페이지의 모델"),
    "train.model_preset": ("Preset {name}: {label}", "프리셋 {name}: {label}"),
    "train.model_line": ("**{label}** + Dense(10) + softmax — {params} parameters",
                         "**{label}** + Dense(10) + softmax — 파라미터 {params}개"),
    "train.train_size": ("Training images", "훈련 이미지 수"),
    "train.train_size_help": ("Fewer images train faster but learn less. A random subset, the same for the "
                              "same seed.",
                              "이미지가 적으면 빨리 훈련되지만 덜 배웁니다. 무작위로 고른 일부이며, 시드가 같으면 "
                              "같은 이미지가 뽑힙니다."),
    "train.all": ("all {n}", "전체 {n}개"),
    "train.validation": ("Validation data", "검증 데이터"),
    "train.validation_split": ("part of the training set", "훈련 세트의 일부"),
    "train.validation_test": ("the test set", "테스트 세트"),
    "train.val_fraction": ("Share held out for validation", "검증용으로 떼어 둘 비율"),
    "train.validation_test_note": ("The classic Keras notebook validates on the test set. It works, but then the "
                                   "test set has steered your choices (epochs, early stopping) and no longer "
                                   "measures unseen data fairly; a held-out part of the training set is better.",
                                   "고전적인 Keras 노트북은 테스트 세트로 검증합니다. 동작은 하지만 그러면 테스트 "
                                   "세트가 에포크 수나 조기 종료 같은 선택에 영향을 주어, 처음 보는 데이터에 대한 "
                                   "공정한 평가가 되지 못합니다. 훈련 세트 일부를 떼어 검증하는 편이 낫습니다."),
    "train.batch": ("Batch size", "배치 크기"),
    "train.epochs": ("Epochs", "에포크"),
    "train.seed": ("Random seed", "랜덤 시드"),
    "train.seed_help": ("The seed fixes the initial weights, the data subset, the validation split and the "
                        "shuffling order, so the same seed gives the same curves.",
                        "시드는 초기 가중치, 데이터 일부 선택, 검증 분할, 섞는 순서를 정합니다. 그래서 시드가 "
                        "같으면 곡선도 같습니다."),
    "train.optimizer": ("Optimizer", "옵티마이저"),
    "train.opt_adam": ("Adam", "Adam"),
    "train.opt_sgd": ("SGD with momentum", "모멘텀 SGD"),
    "train.opt_rmsprop": ("RMSprop", "RMSprop"),
    "train.lr": ("Learning rate", "학습률"),
    "train.lr_help": ("How big each weight update is. Adam and RMSprop usually like 0.001; SGD 0.01 to 0.1. "
                      "Too large and the loss jumps around or becomes NaN.",
                      "가중치를 한 번에 얼마나 바꿀지 정합니다. Adam과 RMSprop은 보통 0.001, SGD는 0.01~0.1이 "
                      "알맞습니다. 너무 크면 손실이 널뛰거나 NaN이 됩니다."),
    "train.momentum": ("Momentum", "모멘텀"),
    "train.early": ("Early stopping", "조기 종료"),
    "train.early_help": ("Stop when the validation loss has not improved for `patience` epochs, as the textbook "
                         "does with `keras.callbacks.EarlyStopping`.",
                         "검증 손실이 `patience` 에포크 동안 나아지지 않으면 멈춥니다. 교재에서 "
                         "`keras.callbacks.EarlyStopping`으로 하는 것과 같습니다."),
    "train.patience": ("Patience (epochs)", "참을성(patience, 에포크)"),
    "train.restore": ("Restore the best weights", "가장 좋았던 가중치로 되돌리기"),
    "train.name": ("Run name (optional)", "실행 이름(선택)"),
    "train.steps": ("{n} training images / batch size {batch} = **{steps} steps per epoch** (the last batch may be "
                    "smaller), {total} weight updates in all.",
                    "훈련 이미지 {n}개 / 배치 크기 {batch} = **에포크마다 {steps}번의 스텝**(마지막 배치는 더 작을 "
                    "수 있습니다), 모두 {total}번 가중치를 업데이트합니다."),
    "train.determinism": ("Training is deterministic here: the same seed, model, data and settings give exactly "
                          "the same curves on this computer (`keras.utils.set_random_seed` and TensorFlow's "
                          "op determinism).",
                          "여기서는 훈련이 결정적입니다. 시드, 모델, 데이터, 설정이 같으면 이 컴퓨터에서 정확히 같은 "
                          "곡선이 나옵니다(`keras.utils.set_random_seed`와 TensorFlow의 연산 결정성 사용)."),
    "train.start": ("Start training", "훈련 시작"),
    "train.one_at_a_time": ("One training at a time: wait for the one under way, or stop it.",
                            "훈련은 한 번에 하나씩 합니다. 진행 중인 훈련이 끝나기를 기다리거나 멈추세요."),
    "train.live_heading": ("Training: {name}", "훈련 중: {name}"),
    "train.waiting": ("Waiting: another training on this server runs first (one at a time keeps both fast); "
                      "yours starts as soon as it ends.",
                      "대기 중: 이 서버에서 다른 훈련이 먼저 진행 중입니다(하나씩 해야 둘 다 빠릅니다). 그 훈련이 "
                      "끝나면 바로 여러분의 훈련이 시작됩니다."),
    "train.epoch_progress": ("Epoch {epoch}/{epochs} — batch {batch}/{steps}",
                             "에포크 {epoch}/{epochs} — 배치 {batch}/{steps}"),
    "train.overall_progress": ("Overall {pct} — {elapsed} so far, about {left} to go",
                               "전체 {pct} — 지금까지 {elapsed}, 남은 시간 약 {left}"),
    "train.m_loss": ("loss (this epoch)", "손실 (이번 에포크)"),
    "train.m_acc": ("accuracy (this epoch)", "정확도 (이번 에포크)"),
    "train.m_val_loss": ("val_loss (last epoch)", "검증 손실 (지난 에포크)"),
    "train.m_val_acc": ("val_accuracy (last epoch)", "검증 정확도 (지난 에포크)"),
    "train.stop": ("Stop", "멈추기"),
    "train.stop_help": ("Finishes the batch under way, then keeps the model and the history so far.",
                        "진행 중인 배치를 마친 뒤 멈추고, 그때까지의 모델과 기록을 보관합니다."),
    "train.cancel_help": ("Cancels this training before it starts.", "시작하기 전에 이 훈련을 취소합니다."),
    "train.stopping": ("Stopping after this batch…", "이 배치를 마치고 멈추는 중…"),
    "train.keeps_going": ("Training runs on the server: switch pages or reload the tab and it keeps going; come "
                          "back here to see it. The run is saved on disk as it goes.",
                          "훈련은 서버에서 진행됩니다. 다른 페이지로 가거나 탭을 새로 고쳐도 계속되니 여기로 "
                          "돌아와 확인하세요. 실행 기록은 진행하는 대로 디스크에 저장됩니다."),
    "train.chart_loss": ("Loss", "손실"),
    "train.chart_accuracy": ("Accuracy", "정확도"),
    "train.curve_train": ("train", "훈련"),
    "train.curve_val": ("validation", "검증"),
    "train.curve_gap": ("train–validation gap", "훈련–검증 간격"),
    "train.curve_best": ("best epoch", "최적 에포크"),
    "train.curve_live": ("train, this epoch so far", "훈련, 이번 에포크 진행분"),
    "train.epoch": ("epoch", "에포크"),
    "train.curves_caption": ("Points are epoch ends, as in `history.history`; the dotted line is the running "
                             "average within the epoch under way. The shaded band is the gap between training "
                             "and validation: when it widens while the validation loss rises, the model is "
                             "memorising the training images (overfitting). The star marks the epoch with the "
                             "lowest validation loss, the one early stopping keeps. In the first epochs the training curve can look "
                             "worse than validation: it is averaged over an epoch in which the model was still "
                             "improving, and dropout is only on during training.",
                             "점은 `history.history`처럼 에포크가 끝날 때의 값이고, 점선은 진행 중인 에포크의 "
                             "누적 평균입니다. 색칠한 띠는 훈련과 검증 사이의 간격입니다. 이 간격이 벌어지면서 검증 "
                             "손실이 올라가면 모델이 훈련 이미지를 외우고 있는 것(과대적합)입니다. 별표는 검증 "
                             "손실이 가장 낮은 에포크로, 조기 종료가 남기는 모델입니다. 처음 몇 에포크에서 훈련 곡선이 검증 곡선보다 "
                             "나빠 보일 수 있는데, 훈련 값은 모델이 아직 나아지는 중인 에포크 전체의 평균이고 훈련 "
                             "중에만 드롭아웃이 켜지기 때문입니다."),
    "train.runs_heading": ("Your runs", "실행 기록"),
    "train.no_runs": ("No runs yet. Press Quick start above to train your first model.",
                      "아직 실행 기록이 없습니다. 위의 빠른 시작을 눌러 첫 모델을 훈련해 보세요."),
    "train.col_active": ("active", "사용 중"),
    "train.col_name": ("name", "이름"),
    "train.col_created": ("started", "시작 시각"),
    "train.col_dataset": ("dataset", "데이터셋"),
    "train.col_arch": ("architecture", "구조"),
    "train.col_epochs": ("epochs", "에포크"),
    "train.col_status": ("status", "상태"),
    "train.col_best_val": ("best val accuracy", "최고 검증 정확도"),
    "train.col_test": ("test accuracy", "테스트 정확도"),
    "train.runs_caption": ("Every training is saved on this server (settings, curves, the model after every "
                           "epoch, the untrained starting weights), so nothing is lost when the page reruns, the "
                           "tab reloads or the server restarts. ★ marks the model the other pages look inside.",
                           "모든 훈련은 이 서버에 저장됩니다(설정, 곡선, 에포크마다의 모델, 훈련 전 초기 가중치). "
                           "그래서 페이지가 다시 실행되거나 탭을 새로 고치거나 서버를 다시 시작해도 사라지지 "
                           "않습니다. ★ 표시는 다른 페이지들이 들여다보는 모델입니다."),
    "train.status.running": ("training", "훈련 중"),
    "train.status.finished": ("finished", "완료"),
    "train.status.stopped": ("stopped", "중지됨"),
    "train.status.diverged": ("diverged (NaN)", "발산 (NaN)"),
    "train.status.failed": ("failed", "실패"),
    "train.status.imported": ("uploaded", "업로드"),
    "train.status.damaged": ("damaged", "손상됨"),
    "train.imported": ("uploaded model", "업로드한 모델"),
    "train.pick_run": ("Run", "실행 기록"),
    "train.make_active": ("Use this model", "이 모델 사용하기"),
    "train.rename": ("Name", "이름"),
    "train.delete": ("Delete", "삭제"),
    "train.delete_confirm": ("Delete **{name}** and its saved model for good?",
                             "**{name}**과 저장된 모델을 완전히 삭제할까요?"),
    "train.delete_yes": ("Yes, delete", "네, 삭제합니다"),
    "train.damaged": ("This run's folder is damaged and cannot be read ({error}). You can delete it.",
                      "이 실행 기록 폴더가 손상되어 읽을 수 없습니다({error}). 삭제해도 됩니다."),
    "train.interrupted": ("This training was cut off (the server stopped while it ran). Everything up to the last "
                          "finished epoch was saved and is shown here.",
                          "이 훈련은 도중에 끊겼습니다(훈련 중에 서버가 멈췄습니다). 마지막으로 끝난 에포크까지는 "
                          "모두 저장되어 여기에 보입니다."),
    "train.diverged": ("The loss became NaN (not a number), so training stopped by itself: the learning rate is "
                       "probably too large. The model of the last good epoch is kept.",
                       "손실이 NaN(숫자가 아님)이 되어 훈련이 저절로 멈췄습니다. 학습률이 너무 큰 것 같습니다. "
                       "마지막으로 정상이던 에포크의 모델은 보관했습니다."),
    "train.diverged_no_model": ("The loss became NaN (not a number) in the first epoch, so training stopped by "
                                "itself and there is no model to keep: the learning rate is probably too large. "
                                "Lower it and train again.",
                                "첫 에포크에서 손실이 NaN(숫자가 아님)이 되어 훈련이 저절로 멈췄고, 보관할 모델이 "
                                "없습니다. 학습률이 너무 큰 것 같습니다. 학습률을 낮춰 다시 훈련해 보세요."),
    "train.last_ended_badly": ("Your last training, **{name}**, did not finish.",
                               "마지막 훈련 **{name}**이(가) 끝까지 진행되지 못했습니다."),
    "train.failed": ("This training failed: {error}", "이 훈련은 실패했습니다: {error}"),
    "train.shared_read_only": ("A shared run (trained outside this dashboard, for example in a notebook): every "
                               "workspace sees it, so it cannot be renamed or deleted here.",
                               "공유 실행 기록입니다(예를 들어 노트북처럼 이 대시보드 밖에서 훈련했습니다). 모든 "
                               "작업 공간에 보이므로 여기서는 이름을 바꾸거나 삭제할 수 없습니다."),
    "train.no_history": ("No finished epoch yet, so no curves.", "아직 끝난 에포크가 없어 곡선이 없습니다."),
    "train.details": ("Trained on {n} images ({val}), batch {batch} → {steps} steps per epoch, {optimizer} with "
                      "learning rate {lr}, seed {seed}: {epochs} of {planned} epochs in {seconds}.",
                      "이미지 {n}개로 훈련({val}), 배치 {batch} → 에포크마다 {steps} 스텝, {optimizer} 학습률 {lr}, "
                      "시드 {seed}: {planned} 에포크 중 {epochs} 에포크, {seconds} 걸림."),
    "train.details_val_split": ("validation: {n} held-out images, {pct}", "검증: 떼어 둔 이미지 {n}개, {pct}"),
    "train.details_val_test": ("validation: the test set", "검증: 테스트 세트"),
    "train.details_imported": ("An uploaded model: there is no training history to show.",
                               "업로드한 모델이라 보여 줄 훈련 기록이 없습니다."),
    "train.compare_heading": ("Compare runs", "실행 기록 비교"),
    "train.compare_pick": ("Runs to compare", "비교할 실행 기록"),
    "train.compare_caption": ("Solid lines are validation, dotted lines training, one colour per run. Change one "
                              "setting at a time (batch size, learning rate, dropout) and compare.",
                              "실선은 검증, 점선은 훈련이며 실행 기록마다 색이 다릅니다. 배치 크기, 학습률, 드롭아웃 "
                              "같은 설정을 하나씩만 바꿔 가며 비교해 보세요."),
    "train.err.architecture": ("This model cannot be trained: {error}", "이 모델은 훈련할 수 없습니다: {error}"),
    "train.err.bad_train_size": ("The number of training images must be at least 1.",
                                 "훈련 이미지 수는 1 이상이어야 합니다."),
    "train.err.bad_validation": ("Choose where the validation data comes from.", "검증 데이터를 어디서 가져올지 고르세요."),
    "train.err.bad_val_fraction": ("A validation share of {fraction} leaves no images to train or to validate on.",
                                   "검증 비율 {fraction}로는 훈련이나 검증에 쓸 이미지가 남지 않습니다."),
    "train.err.bad_batch": ("The batch size must be at least 1.", "배치 크기는 1 이상이어야 합니다."),
    "train.err.batch_too_big": ("A batch of {batch} is larger than the {n} training images: choose a batch size of "
                                "at most {n}.",
                                "배치 크기 {batch}가 훈련 이미지 {n}개보다 큽니다. 배치 크기를 {n} 이하로 "
                                "정하세요."),
    "train.err.bad_epochs": ("Train for at least 1 epoch.", "에포크는 1 이상이어야 합니다."),
    "train.err.bad_lr": ("The learning rate must be a positive number (you have {lr}); try 0.001.",
                         "학습률은 양수여야 합니다(지금 {lr}). 0.001을 써 보세요."),
    "train.err.bad_optimizer": ("Choose Adam, SGD or RMSprop.", "Adam, SGD, RMSprop 중에서 고르세요."),
    "train.err.bad_patience": ("Patience must be 0 or more epochs.", "patience는 0 이상이어야 합니다."),
}
