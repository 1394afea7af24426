STRINGS = {
    "home.title": ("cnnviz — see how a CNN learns", "cnnviz — CNN이 배우는 과정을 눈으로"),
    "home.lead": ("Build a convolutional neural network, train it here in the browser and look inside it: "
                  "every shape, weight and prediction is drawn, and every number is the one Keras would print.",
                  "합성곱 신경망을 만들고 브라우저에서 훈련한 다음 속을 들여다보세요. 모든 크기, 가중치, "
                  "예측을 그림으로 보여 주며 숫자는 모두 Keras가 출력하는 값과 같습니다."),
    "home.data_heading": ("Data in use", "사용 중인 데이터"),
    "home.pages_heading": ("Pages", "페이지"),
    "home.about.data": ("Label counts, sample images, pixel values and array shapes of MNIST and Fashion-MNIST.",
                        "MNIST와 패션 MNIST의 레이블 개수, 샘플 이미지, 픽셀 값, 배열 크기."),
    "home.about.learn": ("Step through convolution, padding, stride and pooling on small grids.",
                         "작은 격자에서 합성곱, 패딩, 스트라이드, 풀링을 한 단계씩 따라가 봅니다."),
    "home.about.build": ("Stack layers with sliders; see each output shape and parameter count change live.",
                         "슬라이더로 층을 쌓고 각 층의 출력 크기와 파라미터 개수가 바뀌는 것을 바로 봅니다."),
    "home.about.train": ("Train the network here, watch the learning curves, stop and compare runs.",
                         "여기서 신경망을 훈련하고 학습 곡선을 보며, 중지하고 실행 결과를 비교합니다."),
    "home.about.filters": ("The kernels the network learned, next to the random ones it started from.",
                           "신경망이 학습한 커널을 처음의 무작위 커널과 나란히 봅니다."),
    "home.about.feature_maps": ("What every layer outputs for one image.",
                                "이미지 하나에 대해 각 층이 출력하는 것을 봅니다."),
    "home.about.evaluate": ("Confusion matrix, misclassified images and per-class accuracy.",
                            "오차 행렬, 잘못 분류한 이미지, 클래스별 정확도."),
    "home.about.draw": ("Draw a digit or upload a photo and watch the network decide.",
                        "숫자를 그리거나 사진을 올리고 신경망이 판단하는 과정을 봅니다."),
    "home.start_heading": ("Where to start", "어디서 시작할까요"),
    "home.start": ("1. **Data**: look at the images the network will learn from.\n"
                   "2. **Build**: pick a preset such as the textbook's Fashion CNN, or stack your own layers.\n"
                   "3. **Train**: press *Quick start* for a good model in under a minute.\n"
                   "4. **Filters**, **Feature maps**, **Evaluate** and **Draw**: look inside the trained model.",
                   "1. **데이터**: 신경망이 학습할 이미지를 살펴봅니다.\n"
                   "2. **모델 만들기**: 교재의 패션 MNIST CNN 같은 프리셋을 고르거나 직접 층을 쌓습니다.\n"
                   "3. **훈련**: *빠른 시작*을 누르면 1분 안에 쓸 만한 모델이 생깁니다.\n"
                   "4. **필터**, **특성 맵**, **평가**, **그려서 예측**: 훈련된 모델의 속을 들여다봅니다."),
}
