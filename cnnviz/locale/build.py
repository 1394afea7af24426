"""Strings of the layer builder page."""

STRINGS = {
    "build.title": ("Build a CNN", "CNN 만들기"),
    "build.lead": ("Stack layers with sliders and watch every shape and parameter count change as you go. "
                   "The model you build here is the one the Train page trains.",
                   "슬라이더로 층을 쌓으면서 모든 출력 크기와 파라미터 개수가 바로 바뀌는 것을 확인해 보세요. "
                   "여기서 만든 모델을 훈련 페이지에서 훈련합니다."),
    "build.presets": ("Start from a known model", "알려진 모델에서 시작하기"),
    "build.preset.fashion_cnn": ("Textbook Fashion CNN", "교재의 패션 MNIST CNN"),
    "build.preset.mnist_cnn": ("Classic MNIST CNN", "고전적인 MNIST CNN"),
    "build.preset.mnist_slides": ("Lecture-slide CNN", "강의 슬라이드 CNN"),
    "build.preset.keras_simple": ("Keras simple convnet", "Keras 간단한 CNN"),
    "build.preset.tiny": ("Tiny and fast", "작고 빠른 모델"),
    "build.preset_help": ("{params} parameters: {label}", "파라미터 {params}개: {label}"),
    "build.url_error": ("The architecture in the link could not be read ({error}), so the textbook model is "
                        "loaded instead.",
                        "링크에 담긴 구조를 읽을 수 없어({error}) 교재의 모델을 대신 불러왔습니다."),
    "build.layers": ("Layers", "층"),
    "build.input": ("**Input** — one {h}×{w} grayscale image: shape ({h}, {w}, {c})",
                    "**입력** — {h}×{w} 흑백 이미지 한 장: 크기 ({h}, {w}, {c})"),
    "build.output": ("**Output** (added for you) — Dense with {classes} units gives one score (logit) per class, "
                     "then softmax turns the scores into probabilities.",
                     "**출력층** (자동으로 추가됨) — 유닛 {classes}개인 Dense 층이 클래스마다 점수(로짓)를 하나씩 "
                     "내고, 소프트맥스가 그 점수를 확률로 바꿉니다."),
    "build.card_shape": ("Output `{shape}`: {formula}", "출력 `{shape}`: {formula}"),
    "build.card_params": ("Parameters **{params}**: {formula}", "파라미터 **{params}**개: {formula}"),
    "build.card_no_params": ("No parameters: nothing here is learned.", "파라미터 없음: 이 층에서 학습하는 값은 없습니다."),
    "build.move_up": ("Move up", "위로 이동"),
    "build.move_down": ("Move down", "아래로 이동"),
    "build.duplicate": ("Duplicate", "복제"),
    "build.remove": ("Remove", "삭제"),
    "build.add_kind": ("Layer to add", "추가할 층"),
    "build.add": ("Add layer", "층 추가"),
    "build.add_where": ("Where", "넣을 위치"),
    "build.at_start": ("at the start", "맨 앞"),
    "build.after": ("after layer {n} ({kind})", "{n}번 층({kind}) 다음"),
    "build.kind.conv2d": ("Conv2D — convolution", "Conv2D — 합성곱"),
    "build.kind.maxpool2d": ("MaxPooling2D — max pooling", "MaxPooling2D — 최대 풀링"),
    "build.kind.avgpool2d": ("AveragePooling2D — average pooling", "AveragePooling2D — 평균 풀링"),
    "build.kind.dropout": ("Dropout", "Dropout — 드롭아웃"),
    "build.kind.batchnorm": ("BatchNormalization", "BatchNormalization — 배치 정규화"),
    "build.kind.flatten": ("Flatten", "Flatten — 펼치기"),
    "build.kind.gap2d": ("GlobalAveragePooling2D", "GlobalAveragePooling2D — 전역 평균 풀링"),
    "build.kind.dense": ("Dense — fully connected", "Dense — 완전 연결"),
    "build.about.batchnorm": ("Rescales each channel to mean 0 and spread 1 over the batch, then learns a scale "
                              "and a shift: 4 numbers per channel, 2 of them trained.",
                              "배치 안에서 채널마다 평균 0, 분산 1이 되도록 맞춘 뒤 배율과 이동값을 학습합니다. "
                              "채널마다 숫자 4개를 두고, 그중 2개를 훈련합니다."),
    "build.about.flatten": ("Lays the volume out as one long vector so Dense layers can take it.",
                            "3차원 볼륨을 긴 1차원 벡터로 펼쳐 Dense 층이 받을 수 있게 합니다."),
    "build.about.gap2d": ("Replaces each feature map by its mean: one number per channel, no parameters.",
                          "특성 맵마다 평균 하나만 남깁니다. 채널마다 숫자 하나가 되고 파라미터는 없습니다."),
    "build.param.filters": ("Filters", "필터 개수"),
    "build.param.kernel_size": ("Kernel size", "커널 크기"),
    "build.param.strides": ("Stride", "스트라이드"),
    "build.param.padding": ("Padding", "패딩"),
    "build.param.activation": ("Activation", "활성화 함수"),
    "build.param.pool_size": ("Pool size", "풀링 크기"),
    "build.param.rate": ("Dropout rate", "드롭아웃 비율"),
    "build.param.units": ("Units", "유닛 개수"),
    "build.activation_help": ("What each neuron does with its weighted sum: ReLU keeps positives and zeroes "
                              "negatives, the usual choice for CNNs.",
                              "각 뉴런이 가중합에 적용하는 함수입니다. ReLU는 양수는 그대로, 음수는 0으로 "
                              "만들며 CNN에서 가장 흔히 씁니다."),
    "build.units_help": ("How many neurons this fully connected layer has; each sees every input number.",
                         "완전 연결 층의 뉴런 개수입니다. 뉴런마다 모든 입력 숫자와 연결됩니다."),
    "build.error.unknown_kind": ("Layer {layer}: this app does not know the layer kind “{kind}”.",
                                 "{layer}번 층: 이 앱이 모르는 층 종류(“{kind}”)입니다."),
    "build.error.unknown_param": ("Layer {layer} ({kind}) has a setting it does not take: {param}.",
                                  "{layer}번 층({kind})에는 없는 설정이 있습니다: {param}."),
    "build.error.bad_number": ("Layer {layer} ({kind}): {param} must be from {low} to {high}, not {value}.",
                               "{layer}번 층({kind}): {param} 값은 {low}부터 {high} 사이여야 하는데 {value}입니다."),
    "build.error.bad_choice": ("Layer {layer} ({kind}): {param} must be one of {choices}, not {value}.",
                               "{layer}번 층({kind}): {param} 값은 {choices} 중 하나여야 하는데 {value}입니다."),
    "build.error.too_small": ("Layer {layer} ({kind}): its {k}×{k} window does not fit in the {size}-pixel input, "
                              "so the output would be smaller than one pixel. Use a smaller window, “same” "
                              "padding, or less pooling before it.",
                              "{layer}번 층({kind}): {k}×{k} 창이 {size}픽셀짜리 입력에 들어가지 않아 출력이 "
                              "1픽셀보다 작아집니다. 창을 줄이거나, “same” 패딩을 쓰거나, 앞쪽의 풀링을 줄이세요."),
    "build.error.needs_volume": ("Layer {layer} ({kind}) needs an image volume (height × width × channels), but "
                                 "layer {flat_layer} already made it a flat vector of {n} numbers. Move it "
                                 "before that layer.",
                                 "{layer}번 층({kind})은 이미지 볼륨(높이 × 너비 × 채널)이 필요한데, "
                                 "{flat_layer}번 층에서 이미 숫자 {n}개짜리 1차원 벡터로 펼쳐졌습니다. "
                                 "이 층을 그 앞으로 옮기세요."),
    "build.error.needs_flat": ("Layer {layer} (Dense) needs a flat vector but gets a {shape} volume. Put a "
                               "Flatten or GlobalAveragePooling2D layer before it.",
                               "{layer}번 층(Dense)은 1차원 벡터가 필요한데 {shape} 볼륨을 받습니다. 그 앞에 "
                               "Flatten이나 GlobalAveragePooling2D 층을 넣으세요."),
    "build.error.output_needs_flat": ("The output layer needs a flat vector, but the last layer gives a {shape} "
                                      "volume. Add a Flatten or GlobalAveragePooling2D layer at the end.",
                                      "출력층은 1차원 벡터가 필요한데 마지막 층의 출력이 {shape} 볼륨입니다. "
                                      "끝에 Flatten이나 GlobalAveragePooling2D 층을 추가하세요."),
    "build.error.too_many_params": ("The model would have {total} parameters, more than this app's budget of "
                                    "{budget}; {name} alone has {params}. Pool more before Flatten, or use fewer "
                                    "filters or units.",
                                    "모델의 파라미터가 {total}개로 이 앱의 한도 {budget}개를 넘습니다. {name} 층 "
                                    "하나만 {params}개입니다. Flatten 앞에서 풀링을 더 하거나 필터나 유닛 개수를 "
                                    "줄이세요."),
    "build.error.too_many_layers": ("At most {limit} layers, this stack has {n}.",
                                    "층은 최대 {limit}개까지인데 지금 {n}개입니다."),
    "build.error.not_a_list": ("An architecture is a list of layers.", "모델 구조는 층의 목록이어야 합니다."),
    "build.error.bad_token": ("Layer {layer}: “{token}” is not a layer this app can read.",
                              "{layer}번 층: “{token}”은 이 앱이 읽을 수 있는 층이 아닙니다."),
    "build.warn.uneven_stride": ("Layer {layer} ({kind}): ({size} − {k}) is not a multiple of the stride {s}, so "
                                 "Keras rounds down and the last {dropped} row(s) and column(s) are never looked "
                                 "at.",
                                 "{layer}번 층({kind}): ({size} − {k})가 스트라이드 {s}의 배수가 아니라서 Keras가 "
                                 "내림을 하고, 마지막 {dropped}개의 행과 열은 보지 않습니다."),
    "build.warn.already_flat": ("Layer {layer} (Flatten) does nothing: its input is already a flat vector.",
                                "{layer}번 층(Flatten)은 하는 일이 없습니다. 입력이 이미 1차원 벡터입니다."),
    "build.invalid": ("This stack cannot be built yet; fix the layer marked in red.",
                      "아직 이 구조로는 모델을 만들 수 없습니다. 빨간색으로 표시된 층을 고치세요."),
    "build.total": ("Total parameters", "전체 파라미터"),
    "build.trainable": ("Trainable", "훈련 대상"),
    "build.non_trainable": ("Non-trainable", "훈련 제외"),
    "build.non_trainable_help": ("Numbers the optimiser never changes: the running means and variances of "
                                 "BatchNormalization, updated by counting instead.",
                                 "옵티마이저가 바꾸지 않는 값입니다. BatchNormalization의 이동 평균과 이동 분산이 "
                                 "여기에 속하며, 경사 하강법 대신 배치 통계를 따라 갱신됩니다."),
    "build.memory": ("Memory", "메모리"),
    "build.memory_help": ("Memory the weights take: float32, 4 bytes per parameter, as Keras's model.summary() "
                          "reports it.",
                          "가중치가 차지하는 메모리입니다. float32라서 파라미터마다 4바이트이며, Keras의 "
                          "model.summary()와 같은 값입니다."),
    "build.input_label": ("Input", "입력"),
    "build.diagram": ("The volumes flowing through the network", "네트워크를 지나가는 볼륨"),
    "build.diagram_caption": ("Each block is what one layer outputs for one image. Its height is the image size, "
                              "its thickness the number of channels (feature maps, drawn on a log scale), and "
                              "thin bars are flat vectors. Hover a block for its exact shape and parameters.",
                              "블록 하나는 이미지 한 장에 대해 층 하나가 내놓는 출력입니다. 높이는 이미지 크기, "
                              "두께는 채널(특성 맵) 개수(로그 눈금)이고, 가는 막대는 1차원 벡터입니다. 블록에 "
                              "마우스를 올리면 정확한 크기와 파라미터 수가 보입니다."),
    "build.table": ("Layer by layer, like model.summary()", "층별 요약 (model.summary()처럼)"),
    "build.col.layer": ("Layer (type)", "층 (종류)"),
    "build.col.shape": ("Output shape", "출력 크기"),
    "build.col.shape_formula": ("Shape formula", "출력 크기 계산"),
    "build.col.params": ("Parameters", "파라미터"),
    "build.col.params_formula": ("Parameter formula", "파라미터 계산"),
    "build.col.share": ("Share", "비율"),
    "build.col.memory": ("Memory", "메모리"),
    "build.unchanged": ("same as its input", "입력과 같음"),
    "build.table_caption": ("Shapes leave out the batch axis (Keras prints it as None). A convolution with a "
                            "k×k kernel on c input channels and f filters has k·k·c·f weights plus f biases; "
                            "a Dense layer has inputs·units weights plus units biases. Output size: "
                            "floor((n + 2p − k)/s) + 1.",
                            "출력 크기에서 배치 차원은 뺐습니다(Keras는 None으로 표시합니다). 입력 채널이 c개, "
                            "필터가 f개인 k×k 합성곱에는 가중치 k·k·c·f개와 절편 f개가 있고, Dense 층에는 "
                            "(입력 개수 × 유닛 개수)개의 가중치와 유닛 개수만큼의 절편이 있습니다. 출력 크기: "
                            "floor((n + 2p − k)/s) + 1."),
    "build.shares": ("Where the parameters are", "파라미터는 어디에 있을까"),
    "build.shares_caption": ("The first Dense layer after Flatten usually holds almost all the parameters: it "
                             "connects every number of the flattened volume to every unit. Pooling more before "
                             "Flatten shrinks it the most.",
                             "Flatten 바로 뒤의 첫 Dense 층이 보통 파라미터 대부분을 차지합니다. 펼쳐진 볼륨의 "
                             "모든 숫자를 모든 유닛과 연결하기 때문입니다. Flatten 앞에서 풀링을 더 하면 가장 "
                             "많이 줄어듭니다."),
    "build.parameters": ("parameters", "파라미터"),
    "build.export": ("Take the model with you", "모델 가져가기"),
    "build.export_text": ("This Python code builds exactly this model with Keras. Run it in a notebook and "
                          "`model.summary()` prints the numbers in the table above.",
                          "이 파이썬 코드는 Keras로 이 모델을 그대로 만듭니다. 노트북에서 실행하면 "
                          "`model.summary()`가 위 표와 같은 숫자를 출력합니다."),
    "build.download_code": ("Download the code (.py)", "코드 내려받기 (.py)"),
    "build.download_keras": ("Download the untrained model (.keras)", "훈련 전 모델 내려받기 (.keras)"),
    "build.download_keras_help": ("A Keras file with freshly initialised (random) weights: load it with "
                                  "keras.saving.load_model and train it yourself.",
                                  "무작위로 초기화된 가중치가 담긴 Keras 파일입니다. "
                                  "keras.saving.load_model로 불러와 직접 훈련해 보세요."),
    "build.link": ("To share this architecture, copy the link below: it holds the layers, the language and the "
                   "dataset but not your workspace, so whoever opens it cannot see your runs. The address bar's "
                   "link carries your workspace: keep it to yourself.",
                   "이 모델 구조를 공유하려면 아래 링크를 복사하세요. 층, 언어, 데이터셋은 담겨 있지만 작업 "
                   "공간은 빠져 있어, 링크를 연 사람은 내 실행 기록을 볼 수 없습니다. 주소창의 링크에는 작업 "
                   "공간이 들어 있으니 혼자만 쓰세요."),
}
