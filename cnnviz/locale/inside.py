"""Strings of the Filters and Feature maps pages and of importing a model file."""

STRINGS = {
    # shared by both pages -----------------------------------------------------------------------
    "inside.run_line": ("Model **{name}** · {dataset} · {epochs} epoch(s) trained.",
                        "모델 **{name}** · {dataset} · {epochs}번의 에포크 동안 훈련."),
    "inside.run_line_imported": ("Model **{name}** · {dataset} · imported from a file. Its \"untrained\" "
                                 "twin is the same architecture with freshly drawn random weights.",
                                 "모델 **{name}** · {dataset} · 파일에서 가져온 모델입니다. \"훈련 전\" 모델은 "
                                 "같은 구조에 무작위 가중치를 새로 뽑은 것입니다."),
    "inside.trained": ("trained", "훈련 후"),
    "inside.untrained": ("untrained", "훈련 전"),
    "inside.weight": ("weight", "가중치"),
    "inside.scaled": ("scaled", "스케일"),
    "inside.value": ("value", "값"),
    "inside.scoring": ("Running the layer over {n} test images…", "테스트 이미지 {n}개에 층을 적용하는 중…"),
    "inside.model_error": ("This model cannot be shown: {error}", "이 모델을 보여 줄 수 없습니다: {error}"),
    # import -------------------------------------------------------------------------------------
    "inside.import_heading": ("Use your own model file (.keras)", "내 모델 파일(.keras) 사용하기"),
    "inside.import_text": (
        "Trained a CNN elsewhere, for example the textbook's `best-cnn-model.keras` in Colab? Upload it and every "
        "page can look inside it. It must take 28×28 grayscale images (input (28, 28, 1) or 784 numbers, scaled "
        "0–1) and end in a softmax over 10 classes; at most {limit} MB. It is loaded in Keras's safe mode: "
        "files with Lambda layers or custom code are refused, nothing in them is run.",
        "다른 곳에서 훈련한 CNN이 있나요? 예를 들어 코랩에서 만든 교재의 `best-cnn-model.keras`를 올리면 모든 "
        "페이지에서 그 속을 볼 수 있습니다. 28×28 흑백 이미지(입력 (28, 28, 1) 또는 784개 숫자, 0–1 범위)를 받아 "
        "10개 클래스의 소프트맥스로 끝나는 모델이어야 하며, 크기는 {limit}MB까지입니다. Keras의 안전 모드로 "
        "불러오므로 Lambda 층이나 사용자 코드가 든 파일은 거부하고, 그 안의 코드는 전혀 실행하지 않습니다."),
    "inside.import_file": ("Model file", "모델 파일"),
    "inside.import_dataset": ("It was trained on", "훈련에 쓴 데이터셋"),
    "inside.import_name": ("Name (optional)", "이름 (선택)"),
    "inside.import_name_placeholder": ("the file name", "파일 이름"),
    "inside.import_button": ("Import", "가져오기"),
    "inside.import_none": ("Choose a .keras file first.", "먼저 .keras 파일을 고르세요."),
    "inside.import_done": ("Imported **{name}** ({params} parameters) as a {dataset} model; it is now the "
                           "active model on every page.",
                           "**{name}**(파라미터 {params}개)을 {dataset} 모델로 가져왔습니다. 이제 모든 "
                           "페이지에서 이 모델을 씁니다."),
    "inside.import_refused": ("This file was not imported: {why}", "이 파일은 가져오지 않았습니다: {why}"),
    "inside.import_save_failed": ("The model was checked but could not be kept as a run: {error}",
                                  "모델 확인은 끝났지만 실행 기록으로 저장하지 못했습니다: {error}"),
    "inside.import_error.too_large": ("it is {size} MB, more than the {limit} MB limit.",
                                      "크기가 {size}MB로 한도 {limit}MB를 넘습니다."),
    "inside.import_error.unpacked_too_large": (
        "unpacked it would take {size} MB, more than the {limit} MB limit (a \"zip bomb\"?).",
        "압축을 풀면 {size}MB로 한도 {limit}MB를 넘습니다(\"압축 폭탄\"일 수 있습니다)."),
    "inside.import_error.not_zip": ("it is not a readable .keras file (a .keras file is a zip archive; this one "
                                    "is damaged, truncated or something else).",
                                    "읽을 수 있는 .keras 파일이 아닙니다(.keras 파일은 zip 압축 파일인데, 이 "
                                    "파일은 손상되었거나 잘렸거나 다른 종류입니다)."),
    "inside.import_error.too_many_params": (
        "the model it describes has {count} parameters, more than the {limit} this app can hold for you.",
        "파일이 설명하는 모델의 파라미터가 {count}개로, 이 앱이 다룰 수 있는 {limit}개를 넘습니다."),
    "inside.import_error.weights_too_large": (
        "its weights file holds {count} numbers, more than the {limit} this app accepts (compressed weights "
        "that would unpack to far more than the file?).",
        "가중치 파일에 든 숫자가 {count}개로, 이 앱이 받는 {limit}개를 넘습니다(파일보다 훨씬 크게 풀리는 "
        "압축된 가중치일 수 있습니다)."),
    "inside.import_error.external_data": (
        "its weights (\"{what}\") point to other files instead of holding the numbers themselves.",
        "가중치(\"{what}\")가 숫자를 직접 담지 않고 다른 파일을 가리킵니다."),
    "inside.import_error.not_keras": ("the archive has no {missing}, so it is not a Keras model file.",
                                      "압축 파일에 {missing}이(가) 없어 Keras 모델 파일이 아닙니다."),
    "inside.import_error.corrupt": ("{member} inside the file is damaged (its checksum does not match).",
                                    "파일 안의 {member}이(가) 손상되었습니다(체크섬이 맞지 않습니다)."),
    "inside.import_error.code": ("it contains a {what} layer, i.e. Python code. Code from a file is never run "
                                 "here; rebuild the model with built-in Keras layers only.",
                                 "{what} 층, 즉 파이썬 코드가 들어 있습니다. 파일 속 코드는 여기서 절대 실행하지 "
                                 "않습니다. Keras 기본 층만으로 모델을 다시 만들어 주세요."),
    "inside.import_error.custom": ("it uses {what}, which is not part of Keras (custom code is refused).",
                                   "Keras에 없는 {what}을(를) 씁니다(사용자 정의 코드는 거부합니다)."),
    "inside.import_error.load_failed": ("Keras could not load it: {error}", "Keras가 불러오지 못했습니다: {error}"),
    "inside.import_error.not_single": ("the model must have exactly one input and one output.",
                                       "모델은 입력과 출력이 정확히 하나씩이어야 합니다."),
    "inside.import_error.input_shape": ("its input shape is {shape}; cnnviz needs (28, 28, 1) or (784,).",
                                        "입력 크기가 {shape}입니다. cnnviz에는 (28, 28, 1) 또는 (784,)가 "
                                        "필요합니다."),
    "inside.import_error.outputs": ("its output shape is {shape}; cnnviz needs 10 class probabilities.",
                                    "출력 크기가 {shape}입니다. cnnviz에는 클래스 확률 10개가 필요합니다."),
    "inside.import_error.not_softmax": ("its last layer \"{layer}\" has no softmax, so its outputs are not "
                                        "probabilities. Add `activation=\"softmax\"` to the last Dense layer.",
                                        "마지막 층 \"{layer}\"에 소프트맥스가 없어 출력이 확률이 아닙니다. "
                                        "마지막 Dense 층에 `activation=\"softmax\"`를 넣어 주세요."),
    # Filters page -------------------------------------------------------------------------------
    "filters.title": ("Filters", "필터"),
    "filters.lead": ("What did the network learn? Each convolution filter is a small grid of weights. Here they "
                     "are after training, next to the random values they started from.",
                     "신경망은 무엇을 배웠을까요? 합성곱 필터는 작은 가중치 격자입니다. 훈련이 끝난 필터를 "
                     "훈련 전의 무작위 값과 나란히 놓고 봅니다."),
    "filters.no_conv": ("This model has no convolution layer, so it has no filters to show. The Feature maps "
                        "page still shows what each of its layers outputs.",
                        "이 모델에는 합성곱 층이 없어 보여 줄 필터가 없습니다. 특성 맵 페이지에서는 각 층의 "
                        "출력을 볼 수 있습니다."),
    "filters.layer": ("Convolution layer", "합성곱 층"),
    "filters.layer_option": ("{name}: {cout} filters of {kh}×{kw}×{cin}", "{name}: {kh}×{kw}×{cin} 필터 {cout}개"),
    "filters.channel": ("Input channel", "입력 채널"),
    "filters.channel_mean": ("mean over all {cin} channels", "채널 {cin}개의 평균"),
    "filters.channel_n": ("channel {c}", "채널 {c}"),
    "filters.channel_help": ("A filter of a deeper layer has one kernel per input channel (one per feature map "
                             "of the layer before). Pick one, or look at their mean.",
                             "깊은 층의 필터는 입력 채널(앞 층의 특성 맵)마다 커널을 하나씩 가집니다. 하나를 "
                             "고르거나 평균을 봅니다."),
    "filters.scale": ("Colour scale", "색 범위"),
    "filters.scale_fixed": ("fixed −0.5…0.5 (textbook)", "고정 −0.5…0.5 (교재)"),
    "filters.scale_layer": ("fitted to this layer", "이 층에 맞춤"),
    "filters.scale_help": ("Fixed: the textbook's `vmin=-0.5, vmax=0.5`, the same for every layer and epoch. "
                           "Fitted: ± the largest |weight| shown, so no weight is clipped. Trained and untrained "
                           "always share one scale.",
                           "고정: 교재의 `vmin=-0.5, vmax=0.5`로 모든 층과 에포크에서 같습니다. 맞춤: 보이는 "
                           "가중치 중 가장 큰 절댓값까지로, 잘리는 값이 없습니다. 훈련 전후는 늘 같은 범위를 "
                           "씁니다."),
    "filters.kernels_heading": ("Kernels, trained and untrained", "훈련 후와 훈련 전의 커널"),
    "filters.trained_heading": ("After training", "훈련 후"),
    "filters.untrained_heading": ("Before training (initial weights)", "훈련 전 (초기 가중치)"),
    "filters.kernels_caption": (
        "Each small square is one filter's {kh}×{kw} kernel ({what}), numbered. Red weights are positive, blue "
        "negative, white near 0, on one scale of ±{scale} for both grids ({scale_name}). A filter with a red "
        "stroke next to a blue one reacts to an edge there.",
        "작은 정사각형 하나가 필터 하나의 {kh}×{kw} 커널({what})이며 번호가 붙어 있습니다. 빨간색은 양수, 파란색은 "
        "음수, 흰색은 0에 가까운 가중치이며 두 격자 모두 ±{scale}의 같은 범위({scale_name})로 그렸습니다. 빨간 "
        "줄과 파란 줄이 나란히 있는 필터는 그 자리의 경계(에지)에 반응합니다."),
    "filters.clipped": ("{n} of the trained weights lie outside ±0.5 and are drawn in the end colours; choose "
                        "\"fitted to this layer\" to see them unclipped.",
                        "훈련된 가중치 중 {n}개가 ±0.5 밖에 있어 양 끝 색으로 그려졌습니다. \"이 층에 맞춤\"을 "
                        "고르면 잘리지 않은 값을 볼 수 있습니다."),
    "filters.bias_heading": ("Biases", "절편"),
    "filters.bias_caption": ("Each filter adds one bias to every position of its map. Keras starts biases at 0, "
                             "so the untrained bars are flat; training moves them.",
                             "필터마다 특성 맵의 모든 위치에 절편 하나를 더합니다. Keras는 절편을 0에서 "
                             "시작하므로 훈련 전 막대는 평평하고, 훈련하면서 움직입니다."),
    "filters.filter": ("filter", "필터"),
    "filters.bias": ("bias", "절편"),
    "filters.hist_heading": ("How the weights spread", "가중치 분포"),
    "filters.hist_legend": ("{model}: mean {mean}, std {std}", "{model}: 평균 {mean}, 표준편차 {std}"),
    "filters.count": ("number of weights", "가중치 개수"),
    "filters.stat_mean": ("mean", "평균"),
    "filters.stat_std": ("std", "표준편차"),
    "filters.delta_help": ("The small number below is the change from the untrained weights.",
                           "아래 작은 숫자는 훈련 전 가중치에서 달라진 양입니다."),
    "filters.hist_caption": (
        "All {n} kernel weights of the layer (every channel), trained and untrained on the same bins; dashed "
        "lines mark the means. The textbook's Fashion-MNIST CNN shows the same picture for its first layer: "
        "trained mean −0.014 and std 0.234, untrained (Glorot uniform) mean ≈ 0 and std ≈ 0.085.",
        "층의 커널 가중치 {n}개 전체(모든 채널)를 훈련 전후 같은 구간으로 그렸고, 점선은 평균입니다. 교재의 "
        "패션 MNIST CNN 첫 층도 같은 모습입니다: 훈련 후 평균 −0.014, 표준편차 0.234, 훈련 전(글로럿 균등 "
        "분포) 평균 ≈ 0, 표준편차 ≈ 0.085."),
    "filters.change_wider": ("Training spread the weights out: the std grew from {std0} to {std1} (×{ratio}). "
                             "The flat (uniform) random start grows longer tails: the few strong weights "
                             "a filter needs to pick out its pattern.",
                             "훈련하면서 가중치가 넓게 퍼졌습니다. 표준편차가 {std0}에서 {std1}로 커졌습니다"
                             "(×{ratio}). 평평하던(균등 분포) 무작위 값에 긴 꼬리가 생겼습니다. 필터가 패턴을 "
                             "골라내는 데 필요한 몇 개의 큰 가중치입니다."),
    "filters.change_narrower": ("Training shrank the weights: the std fell from {std0} to {std1} (×{ratio}).",
                                "훈련하면서 가중치가 줄었습니다. 표준편차가 {std0}에서 {std1}로 작아졌습니다"
                                "(×{ratio})."),
    "filters.change_same": ("The weights' spread has barely changed yet (std {std0} → {std1}): a short training "
                            "moves them only a little. Train for more epochs to see them spread out.",
                            "가중치 분포가 아직 거의 바뀌지 않았습니다(표준편차 {std0} → {std1}). 짧게 훈련하면 "
                            "조금만 움직입니다. 에포크를 늘려 훈련하면 넓게 퍼지는 모습을 볼 수 있습니다."),
    "filters.epochs_heading": ("From random to trained, epoch by epoch", "무작위에서 훈련 완료까지, 에포크별로"),
    "filters.epoch": ("Epoch", "에포크"),
    "filters.epoch_caption": ("Epoch 0 is the untrained start; each later step is the kernels saved at the end of "
                              "that epoch, on the same colour scale (±{scale}). At this epoch: mean {mean}, std "
                              "{std}.",
                              "에포크 0은 훈련 전 시작점이고, 그다음은 각 에포크가 끝날 때 저장한 커널입니다. "
                              "색 범위는 같습니다(±{scale}). 이 에포크의 평균 {mean}, 표준편차 {std}."),
    "filters.no_snapshots": ("This run has no per-epoch kernel snapshots for this layer.",
                             "이 실행에는 이 층의 에포크별 커널 기록이 없습니다."),
    "filters.top_heading": ("What excites one filter", "필터 하나를 가장 강하게 반응시키는 이미지"),
    "filters.top_text": ("Every test image goes through the network up to this layer; each image's score is the "
                         "mean of the filter's feature map, how strongly the filter responds over the whole "
                         "image. These are the nine highest.",
                         "모든 테스트 이미지를 이 층까지 통과시키고, 필터가 만든 특성 맵의 평균, 즉 이미지 전체에서 "
                         "필터가 얼마나 강하게 반응하는지를 점수로 삼습니다. 점수가 가장 높은 아홉 장입니다."),
    "filters.which_filter": ("Filter number", "필터 번호"),
    "filters.top_caption": ("The 9 of {n} test images with the highest mean response of filter {f} (label and "
                            "score). What they share is what the filter looks for.",
                            "테스트 이미지 {n}개 중 필터 {f}의 평균 반응이 가장 큰 9장입니다(레이블과 "
                            "점수). 이들의 공통점이 바로 필터가 찾는 것입니다."),
    "filters.one_kernel_caption": ("Filter {f}'s kernel ({what}) with its weights written in.",
                                   "필터 {f}의 커널({what})과 가중치 값."),
    "filters.dead": ("Filter {f} never responds above 0 on these images (a \"dead\" ReLU filter), so no image "
                     "excites it.",
                     "필터 {f}는 이 이미지들에서 한 번도 0보다 크게 반응하지 않습니다(\"죽은\" ReLU 필터). "
                     "그래서 이 필터를 반응시키는 이미지가 없습니다."),
    # Feature maps page --------------------------------------------------------------------------
    "fmaps.title": ("Feature maps", "특성 맵"),
    "fmaps.lead": ("Follow one image through the network: every layer's output, from edges in the first maps "
                   "to the class probabilities at the end, and what training changed.",
                   "이미지 하나가 신경망을 지나가는 모습을 따라갑니다. 첫 특성 맵의 경계선부터 마지막의 클래스 "
                   "확률까지 모든 층의 출력과, 훈련이 바꾼 것을 봅니다."),
    "fmaps.input_heading": ("Input", "입력"),
    "fmaps.source": ("Image", "이미지"),
    "fmaps.source_dataset": ("from the test set", "테스트 세트에서"),
    "fmaps.source_sent": ("sent here: {caption}", "보낸 이미지: {caption}"),
    "fmaps.class": ("Class", "클래스"),
    "fmaps.any_class": ("any class", "모든 클래스"),
    "fmaps.class_missing": ("The test set has no image of {name}: the image shown is unchanged.",
                            "테스트 세트에 {name} 이미지가 없습니다. 보이는 이미지는 그대로입니다."),
    "fmaps.index": ("Test image index (0–{last})", "테스트 이미지 인덱스 (0–{last})"),
    "fmaps.random": ("Random image", "무작위 이미지"),
    "fmaps.input_caption": ("{caption}: the 28×28 input as the network sees it (pixel values ÷ 255).",
                            "{caption}: 신경망이 보는 28×28 입력입니다(픽셀 값 ÷ 255)."),
    "fmaps.test_caption": ("test #{index} · {label}", "테스트 #{index} · {label}"),
    "fmaps.prediction": ("The trained model says **{label}** ({p}).", "훈련된 모델의 예측: **{label}** ({p})."),
    "fmaps.prediction_untrained": ("The untrained model would say {label} ({p}), a guess.",
                                   "훈련 전 모델이라면 {label}({p}), 그냥 추측입니다."),
    "fmaps.normalise": ("Colour scaling", "색 스케일"),
    "fmaps.norm.map": ("per map", "맵마다"),
    "fmaps.norm.layer": ("per layer", "층마다"),
    "fmaps.norm.global": ("global", "전체 공통"),
    "fmaps.norm_help": ("Per map: each map stretched to its own strongest value, so faint maps become visible "
                        "(like the textbook's `imshow` per map) but maps cannot be compared. Per layer: one "
                        "scale for a layer's maps. Global: one scale for every layer.",
                        "맵마다: 각 맵을 자신의 가장 큰 값에 맞춰 늘립니다. 약한 맵도 보이지만(교재의 맵별 "
                        "`imshow`처럼) 맵끼리 비교할 수는 없습니다. 층마다: 한 층의 맵이 같은 범위를 씁니다. "
                        "전체 공통: 모든 층이 같은 범위를 씁니다."),
    "fmaps.norm_said.map": ("each map is scaled by its own largest |value|", "맵마다 자신의 가장 큰 |값|으로 나눴습니다"),
    "fmaps.norm_said.layer": ("all maps of this layer share one scale (largest |value| {peak})",
                              "이 층의 모든 맵이 같은 범위를 씁니다(가장 큰 |값| {peak})"),
    "fmaps.norm_said.global": ("every layer shares one scale (largest |value| {peak})",
                               "모든 층이 같은 범위를 씁니다(가장 큰 |값| {peak})"),
    "fmaps.compare": ("Show the untrained model next to it", "훈련 전 모델도 나란히 보기"),
    "fmaps.compare_help": ("The same image through the same architecture with its initial random weights: the "
                           "direct answer to \"what did training change?\"",
                           "같은 이미지를 같은 구조, 초기 무작위 가중치의 모델에 통과시킵니다. \"훈련이 무엇을 "
                           "바꿨나?\"에 대한 직접적인 답입니다."),
    "fmaps.layers_heading": ("Layer by layer", "층별 출력"),
    "fmaps.click_hint": ("Click a map to see it large, with its values on hover.",
                         "맵을 클릭하면 크게 보이고, 마우스를 올리면 값이 나옵니다."),
    "fmaps.layer_title": ("{name} · {kind}", "{name} · {kind}"),
    "fmaps.maps_shape": ("Output {shape}: {c} maps of {h}×{w}.", "출력 {shape}: {h}×{w} 크기의 맵 {c}개."),
    "fmaps.vector_shape": ("Output {shape}: {n:,} numbers.", "출력 {shape}: 숫자 {n:,}개."),
    "fmaps.maps_caption": ("Red is positive, blue negative, white 0; {how}. Trained and untrained share the scale.",
                           "빨간색은 양수, 파란색은 음수, 흰색은 0입니다. {how}. 훈련 전후는 같은 범위를 씁니다."),
    "fmaps.kind.Conv2D": ("Each filter slid over the input gives one map: bright where its pattern is. After "
                          "ReLU, negative responses become 0 (white).",
                          "필터 하나가 입력을 훑어 맵 하나를 만듭니다. 패턴이 있는 곳이 진하게 나옵니다. ReLU를 "
                          "지나면 음수 반응은 0(흰색)이 됩니다."),
    "fmaps.kind.MaxPooling2D": ("Each map halved: the largest value of each 2×2 window is kept.",
                                "각 맵이 절반으로 줄었습니다. 2×2 창마다 가장 큰 값만 남깁니다."),
    "fmaps.kind.AveragePooling2D": ("Each map shrunk: each window is replaced by its mean.",
                                    "각 맵이 줄었습니다. 창마다 평균으로 바꿉니다."),
    "fmaps.kind.Dropout": ("Dropout does nothing at prediction time: its output equals its input.",
                           "드롭아웃은 예측할 때는 아무것도 하지 않습니다. 출력이 입력과 같습니다."),
    "fmaps.kind.Flatten": ("The last maps laid end to end as one long row of numbers for the Dense layers.",
                           "마지막 맵들을 이어 붙여 Dense 층이 쓸 긴 숫자 한 줄로 만듭니다."),
    "fmaps.kind.Dense": ("Each bar is one unit: a weighted sum of every number of the layer before.",
                         "막대 하나가 유닛 하나입니다. 앞 층의 모든 숫자에 가중치를 곱해 더한 값입니다."),
    "fmaps.kind.Activation": ("The activation function applied to the layer before.", "앞 층에 적용한 활성화 함수입니다."),
    "fmaps.kind.other": ("The output of this layer.", "이 층의 출력입니다."),
    "fmaps.unit": ("unit", "유닛"),
    "fmaps.probability": ("probability", "확률"),
    "fmaps.probabilities": ("The softmax turns the 10 scores into probabilities that add up to 100%; the tallest "
                            "bar is the prediction.",
                            "소프트맥스는 점수 10개를 합이 100%인 확률로 바꿉니다. 가장 높은 막대가 예측입니다."),
    "fmaps.closer": ("Map {i} of {layer}, large", "{layer}의 맵 {i}, 크게 보기"),
    "fmaps.closer_layer": ("Layer", "층"),
    "fmaps.closer_map": ("Map number", "맵 번호"),
    "fmaps.closer_caption": ("Raw values (not scaled), on a symmetric scale ±{peak} shared by both. Hover a "
                             "pixel for its value.",
                             "스케일하지 않은 원래 값이며, 둘이 함께 쓰는 대칭 범위 ±{peak}로 그렸습니다. 픽셀에 "
                             "마우스를 올리면 값이 나옵니다."),
    "fmaps.bad_input": ("The image sent here is not a 28×28 picture; showing a test image instead.",
                        "보낸 이미지가 28×28 그림이 아니어서 테스트 이미지를 대신 보여 줍니다."),
}
