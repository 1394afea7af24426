STRINGS = {
    "data.title": ("Data", "데이터"),
    "data.lead": ("Before a network learns anything, look at what it learns from: how many images of each class "
                  "there are, what they look like, and the numbers a picture really is.",
                  "신경망이 배우기 전에 무엇으로 배우는지 먼저 봅시다. 클래스마다 이미지가 몇 개인지, 어떻게 "
                  "생겼는지, 그림이 실제로는 어떤 숫자인지 살펴봅니다."),
    "data.labels_heading": ("How many images of each class", "클래스별 이미지 개수"),
    "data.labels_text": ("A balanced dataset has about the same number of images per class, so accuracy means the "
                         "same for every class. Training and test sets are counted separately.",
                         "균형 잡힌 데이터셋은 클래스마다 이미지 수가 비슷해서 정확도가 모든 클래스에 똑같은 "
                         "의미를 가집니다. 훈련 세트와 테스트 세트를 따로 셉니다."),
    "data.labels_chart": ("{split} set: {total} images", "{split} 세트: 이미지 {total}개"),
    "data.samples_heading": ("Sample images", "샘플 이미지"),
    "data.split": ("Split", "세트"),
    "data.how_many": ("How many", "개수"),
    "data.only_classes": ("Only these classes", "이 클래스만 보기"),
    "data.all_classes": ("All classes", "모든 클래스"),
    "data.no_such_images": ("The {split} set has no image of the chosen classes.",
                            "{split} 세트에는 고른 클래스의 이미지가 없습니다."),
    "data.reshuffle": ("Reshuffle", "다시 섞기"),
    "data.samples_caption": ("Random images, each with its index in the array (#) and its label. "
                             "Drawn dark on light like the textbook's `cmap='gray_r'`; in the data, ink is "
                             "the high numbers (up to 255) and the background is 0.",
                             "무작위로 고른 이미지와 배열 속 인덱스(#), 레이블입니다. 교재의 `cmap='gray_r'`처럼 "
                             "밝은 바탕에 어둡게 그렸습니다. 데이터에서는 잉크가 큰 값(최대 255), 바탕이 0입니다."),
    "data.pixels_heading": ("Pixel values", "픽셀 값"),
    "data.stat_min": ("min", "최솟값"),
    "data.stat_max": ("max", "최댓값"),
    "data.stat_mean": ("mean", "평균"),
    "data.stat_std": ("std", "표준편차"),
    "data.pixel_count": ("number of pixels (log scale)", "픽셀 수 (로그 스케일)"),
    "data.pixels_caption": ("Brightness of every pixel of every training image. {zero} of them are in the darkest "
                            "bin: most of an image is empty background. Dividing by 255 maps 0–255 to 0–1, "
                            "which is what the network receives.",
                            "모든 훈련 이미지의 모든 픽셀 밝기입니다. {zero}가 가장 어두운 구간에 있습니다. "
                            "이미지의 대부분은 빈 바탕이기 때문입니다. 255로 나누면 0–255가 0–1이 되고, "
                            "신경망은 이 값을 받습니다."),
    "data.inspector_heading": ("Pixel inspector", "픽셀 살펴보기"),
    "data.image_index": ("Image index (0–{last})", "이미지 인덱스 (0–{last})"),
    "data.scaled": ("Show ÷255 (what the network gets)", "÷255 값 보기 (신경망이 받는 값)"),
    "data.scaled_value": ("pixel value ÷ 255", "픽셀 값 ÷ 255"),
    "data.scaled_help": ("Training code divides pixels by 255 so they lie between 0 and 1.",
                         "훈련 코드에서는 픽셀을 255로 나누어 0과 1 사이 값으로 만듭니다."),
    "data.inspected": ("Image **#{index}**, label **{label}** (stored as the number {raw}).",
                       "이미지 **#{index}**, 레이블 **{label}** (숫자 {raw}(으)로 저장됨)."),
    "data.inspector_caption": ("The same image as a 28×28 table of numbers; empty cells are 0. Hover over a cell for "
                               "its row, column and value.",
                               "같은 이미지를 28×28 숫자 표로 나타냈습니다. 빈 칸은 0입니다. 칸 위에 마우스를 "
                               "올리면 행, 열, 값이 보입니다."),
    "data.shapes_heading": ("Array shapes, axis by axis", "배열 크기, 축 하나씩"),
    "data.batch_size": ("Batch size", "배치 크기"),
    "data.shapes_text": ("The training images are one array of {n_fmt} images, each 28 rows × 28 columns. "
                         "Conv2D wants a channel axis as well (1 for gray, 3 for colour), so we reshape to "
                         "(…, 28, 28, 1). Training feeds the network {batch} images at a time: {n_fmt} / {batch} "
                         "gives **{steps} steps per epoch** (the last batch holds {last}).",
                         "훈련 이미지는 28행 × 28열 이미지 {n_fmt}개로 된 배열 하나입니다. Conv2D는 채널 축도 "
                         "필요하므로(흑백 1, 컬러 3) (…, 28, 28, 1)로 바꿉니다. 훈련할 때는 한 번에 {batch}개씩 "
                         "넣습니다: {n_fmt} / {batch} → **에포크당 {steps}번의 스텝** (마지막 배치는 {last}개)."),
    "data.axes_images": ("(images, rows, columns)", "(이미지, 행, 열)"),
    "data.axes_channel": ("(images, rows, columns, channels)", "(이미지, 행, 열, 채널)"),
    "data.axes_batch": ("one batch (batch, rows, columns, channels)", "배치 하나 (배치, 행, 열, 채널)"),
    "data.axes_labels": ("one integer 0–9 per image", "이미지마다 0–9 정수 하나"),
    "data.axes_onehot": ("(images, classes)", "(이미지, 클래스)"),
    "data.shapes_caption": ("Integer labels go with `sparse_categorical_crossentropy` (as in the textbook); one-hot "
                            "labels with `categorical_crossentropy` (as in the classic Keras notebook). "
                            "Both train the same network.",
                            "정수 레이블은 `sparse_categorical_crossentropy`(교재 방식)와, 원-핫 레이블은 "
                            "`categorical_crossentropy`(고전 Keras 노트북 방식)와 함께 씁니다. 어느 쪽이든 같은 "
                            "신경망을 훈련합니다."),
}
