STRINGS = {
    "evaluate.title": ("Evaluate", "평가"),
    "evaluate.lead": ("Accuracy is one number. This page shows where the model is right and where it is wrong on "
                      "test images it never trained on: which classes it mixes up, its most confident mistakes, "
                      "and how two models differ image by image.",
                      "정확도는 숫자 하나일 뿐입니다. 이 페이지는 훈련에 쓰지 않은 테스트 이미지에서 모델이 어디서 "
                      "맞히고 어디서 틀리는지 보여 줍니다. 어떤 클래스끼리 헷갈리는지, 가장 자신 있게 틀린 이미지는 "
                      "무엇인지, 두 모델이 이미지마다 어떻게 다른지 살펴봅니다."),
    "evaluate.run_line": ("Model: **{name}** · {dataset} · epochs trained: {epochs}",
                          "모델: **{name}** · {dataset} · 훈련한 에포크: {epochs}번"),
    "evaluate.running_note": ("This run is still training: these figures are for the model saved after epoch "
                              "{epoch} and change as training goes on.",
                              "이 모델은 아직 훈련 중입니다. 아래 값은 에포크 {epoch} 뒤에 저장된 모델의 것이며 "
                              "훈련이 진행되면 바뀝니다."),
    "evaluate.computing": ("Predicting all {n} test images…", "테스트 이미지 {n}개를 모두 예측하는 중…"),
    "evaluate.model_error": ("This model cannot be evaluated on {dataset}: {error}",
                             "이 모델을 {dataset}로 평가할 수 없습니다: {error}"),
    "evaluate.scores_heading": ("Test scores", "테스트 점수"),
    "evaluate.test_accuracy": ("test accuracy", "테스트 정확도"),
    "evaluate.test_loss": ("test loss", "테스트 손실"),
    "evaluate.val_accuracy": ("validation accuracy (epoch {epoch})", "검증 정확도 (에포크 {epoch})"),
    "evaluate.val_loss": ("validation loss (epoch {epoch})", "검증 손실 (에포크 {epoch})"),
    "evaluate.no_val": ("no validation figures", "검증 기록 없음"),
    "evaluate.scores_caption": ("The {n} test images took no part in training or in deciding when to stop, so "
                                "they give the fairest estimate of how the model does on new images. The "
                                "validation figures are those training printed for the epoch whose weights the "
                                "model keeps: the last one, or the best one when early stopping restored it. Loss "
                                "is the sparse categorical crossentropy that Keras's `model.evaluate` reports.",
                                "테스트 이미지 {n}개는 훈련에도, 훈련을 언제 멈출지 정하는 데에도 쓰지 않았습니다. "
                                "그래서 새로운 이미지에서 모델이 얼마나 잘하는지 가장 공정하게 알려 줍니다. 검증 "
                                "값은 모델이 가진 가중치의 에포크(마지막 에포크, 또는 조기 종료가 가장 좋은 "
                                "가중치를 되돌렸다면 그 에포크)에 훈련이 출력한 값입니다. 손실은 Keras의 "
                                "`model.evaluate`가 보고하는 sparse categorical crossentropy입니다."),
    "evaluate.scores_caption_test_val": ("This run used the test set as its validation set, as the classic MNIST "
                                         "notebook does, so its validation and test figures describe the same "
                                         "{n} images and are not an independent check. Loss is the sparse "
                                         "categorical crossentropy that Keras's `model.evaluate` reports.",
                                         "이 모델은 고전적인 MNIST 노트북처럼 테스트 세트를 검증 세트로 썼습니다. "
                                         "그래서 검증 값과 테스트 값이 같은 이미지 {n}개에서 나온 것이라 독립적인 "
                                         "확인이 되지 못합니다. 손실은 Keras의 `model.evaluate`가 보고하는 sparse "
                                         "categorical crossentropy입니다."),
    "evaluate.matrix_heading": ("Confusion matrix", "오차 행렬"),
    "evaluate.matrix_text": ("Each row is a true class, each column the class the model predicted. The diagonal "
                             "counts the right answers; every other cell is a kind of mistake. **Click a cell** "
                             "to see exactly those test images in the gallery below.",
                             "행은 실제 클래스, 열은 모델이 예측한 클래스입니다. 대각선은 맞힌 개수이고 나머지 "
                             "칸은 모두 틀린 경우입니다. **칸을 클릭하면** 아래 갤러리에 바로 그 테스트 이미지들이 "
                             "나타납니다."),
    "evaluate.percent": ("Show % of each true class", "실제 클래스별 비율(%)로 보기"),
    "evaluate.percent_help": ("Counts say how many images; percentages divide each row by its class's number of "
                              "test images, so every row adds up to 100%.",
                              "개수는 이미지가 몇 개인지 보여 줍니다. 비율은 각 행을 그 클래스의 테스트 이미지 "
                              "수로 나눈 값이라 행마다 합이 100%가 됩니다."),
    "evaluate.true_axis": ("true class", "실제 클래스"),
    "evaluate.pred_axis": ("predicted class", "예측 클래스"),
    "evaluate.colorbar": ("% of true class", "실제 클래스 중 %"),
    "evaluate.hover": ("true {true} → predicted {pred}<br>{count} images, {share} of all {true}",
                       "실제 {true} → 예측 {pred}<br>이미지 {count}개, 전체 {true}의 {share}"),
    "evaluate.matrix_caption": ("Colour is always the share of the row's true class, so a mistake stands out by "
                                "how often it happens to that class. Empty cells never happened. An ideal model "
                                "has dark blue only on the diagonal.",
                                "색은 항상 그 행의 실제 클래스 중 차지하는 비율입니다. 그래서 그 클래스에서 얼마나 "
                                "자주 일어난 실수인지가 눈에 띕니다. 빈 칸은 한 번도 없었던 경우입니다. 완벽한 "
                                "모델이라면 대각선만 진한 파란색입니다."),
    "evaluate.confused_heading": ("Most often confused", "자주 헷갈린 쌍"),
    "evaluate.confused_line": ("**{a} ↔ {b}**: {total} mistakes ({ab} {a} → {b}, {ba} {b} → {a})",
                               "**{a} ↔ {b}**: 실수 {total}개 ({a} → {b} {ab}개, {b} → {a} {ba}개)"),
    "evaluate.confused_none": ("No two classes were confused: every test image is right.",
                               "헷갈린 클래스가 없습니다. 모든 테스트 이미지를 맞혔습니다."),
    "evaluate.confused_caption": ("Pairs of classes mixed up in either direction, most first. Pairs that look "
                                  "alike to people (a shirt and a T-shirt, a 4 and a 9) usually top the list.",
                                  "어느 방향으로든 서로 헷갈린 클래스 쌍을 많은 순서로 보여 줍니다. 사람 눈에도 "
                                  "비슷한 쌍(셔츠와 티셔츠, 4와 9)이 보통 맨 위에 옵니다."),
    "evaluate.gallery_heading": ("Misclassified images", "잘못 분류한 이미지"),
    "evaluate.gallery_text": ("The model's mistakes, most confidently wrong first: images where it was sure and "
                              "still wrong. Filter by true or predicted class, or click a cell of the matrix. "
                              "**Feature maps** opens an image on the Feature maps page to see what each layer "
                              "made of it.",
                              "모델이 틀린 이미지를 가장 자신 있게 틀린 것부터 보여 줍니다. 확신했는데도 틀린 "
                              "이미지들이죠. 실제 클래스나 예측 클래스로 거르거나 오차 행렬의 칸을 클릭해 보세요. "
                              "**특성 맵** 버튼을 누르면 그 이미지를 특성 맵 페이지에서 열어 층마다 어떻게 "
                              "보았는지 확인할 수 있습니다."),
    "evaluate.filter_true": ("True class", "실제 클래스"),
    "evaluate.filter_pred": ("Predicted class", "예측 클래스"),
    "evaluate.all": ("All", "전체"),
    "evaluate.order": ("Order", "정렬"),
    "evaluate.order_confident": ("Most confident first", "확신이 큰 것부터"),
    "evaluate.order_unsure": ("Least confident first", "확신이 작은 것부터"),
    "evaluate.how_many": ("Images per page", "한 페이지의 이미지 수"),
    "evaluate.showing_cell": ("True **{true}**, predicted **{pred}**: {n} test images.",
                              "실제 **{true}**, 예측 **{pred}**: 테스트 이미지 {n}개."),
    "evaluate.showing_correct": ("**{true}** predicted correctly: {n} test images.",
                                 "실제 **{true}**, 예측도 **{true}**(맞힘): 테스트 이미지 {n}개."),
    "evaluate.showing": ("{n} mistakes match these filters.", "이 조건에 맞는 실수는 {n}개입니다."),
    "evaluate.showing_range": ("Showing {first}–{last}.", "{first}–{last}번째를 보여 줍니다."),
    "evaluate.page": ("Page (of {pages})", "페이지 (전체 {pages})"),
    "evaluate.clear": ("Show all mistakes", "모든 실수 보기"),
    "evaluate.none_match": ("No test image matches these filters.", "이 조건에 맞는 테스트 이미지가 없습니다."),
    "evaluate.item": ("#{index} · true {true} → {pred} ({conf})", "#{index} · 실제 {true} → {pred} ({conf})"),
    "evaluate.send": ("Feature maps", "특성 맵"),
    "evaluate.send_help": ("Open this image on the Feature maps page", "이 이미지를 특성 맵 페이지에서 열기"),
    "evaluate.fm_caption": ("Test image #{index}: true {true}, predicted {pred} ({conf})",
                            "테스트 이미지 #{index}: 실제 {true}, 예측 {pred} ({conf})"),
    "evaluate.gallery_caption": ("#: the image's index in the test set. The percentage is the confidence: the "
                                 "softmax probability the model gave its own answer. Images are drawn dark "
                                 "on light, like the textbook's `cmap='gray_r'`.",
                                 "#: 테스트 세트 속 인덱스. 퍼센트는 확신도, 즉 모델이 자기 답에 준 softmax "
                                 "확률입니다. 교재의 `cmap='gray_r'`처럼 밝은 바탕에 어둡게 그렸습니다."),
    "evaluate.per_class_heading": ("Per class: precision, recall and accuracy", "클래스별 정밀도, 재현율, 정확도"),
    "evaluate.precision": ("precision", "정밀도"),
    "evaluate.recall": ("recall", "재현율"),
    "evaluate.accuracy": ("accuracy (one vs rest)", "정확도 (일대다)"),
    "evaluate.per_class_caption": ("**Precision**: of the images the model called this class, the share that "
                                   "really are. **Recall**: of the images of this class, the share the model "
                                   "found (often called the class's accuracy). **Accuracy (one vs rest)**: the "
                                   "share of all test images correctly said to be, or not to be, this class; it "
                                   "is high for every class because most images are not of it. The weakest "
                                   "class here: **{worst}** (recall {recall}).",
                                   "**정밀도**: 모델이 이 클래스라고 한 이미지 중 실제로 이 클래스인 비율. "
                                   "**재현율**: 이 클래스의 이미지 중 모델이 찾아낸 비율(흔히 클래스별 정확도라고 "
                                   "부릅니다). **정확도(일대다)**: 전체 테스트 이미지 중 이 클래스인지 아닌지를 "
                                   "맞힌 비율. 대부분의 이미지는 이 클래스가 아니라서 모든 클래스에서 높게 "
                                   "나옵니다. 가장 약한 클래스: **{worst}** (재현율 {recall})."),
    "evaluate.compare_heading": ("Two models side by side", "두 모델 나란히 비교"),
    "evaluate.compare_none": ("Train another model on {dataset} to compare it with this one image by image.",
                              "{dataset}로 모델을 하나 더 훈련하면 이 모델과 이미지마다 비교할 수 있습니다."),
    "evaluate.compare_with": ("Compare with", "비교할 모델"),
    "evaluate.compare_text": ("**A** is the active model, **{a}**; **B** is **{b}**. Both answer the same {n} "
                              "test images; they agree on {agree} of them.",
                              "**A**는 지금 선택한 모델 **{a}**, **B**는 **{b}**입니다. 두 모델이 같은 테스트 "
                              "이미지 {n}개에 답했고, 그중 {agree}에서 같은 답을 냈습니다."),
    "evaluate.both_right": ("both right", "둘 다 맞힘"),
    "evaluate.only_a": ("only A right", "A만 맞힘"),
    "evaluate.only_b": ("only B right", "B만 맞힘"),
    "evaluate.both_wrong": ("both wrong", "둘 다 틀림"),
    "evaluate.recall_caption": ("The share of each class's test images that each model gets right (recall). "
                                "Where the bars differ, one model has learned that class better.",
                                "클래스마다 각 모델이 맞힌 테스트 이미지의 비율(재현율)입니다. 막대 높이가 다른 "
                                "곳은 한 모델이 그 클래스를 더 잘 배운 곳입니다."),
    "evaluate.show_group": ("Show images", "보여 줄 이미지"),
    "evaluate.cmp_item": ("#{index} · true {true} · A: {pa} ({ca}) · B: {pb} ({cb})",
                          "#{index} · 실제 {true} · A: {pa} ({ca}) · B: {pb} ({cb})"),
    "evaluate.compare_caption": ("Sorted so that the wrong model's most confident mistakes come first.",
                                 "틀린 모델이 가장 자신 있게 틀린 이미지부터 보여 줍니다."),
}
