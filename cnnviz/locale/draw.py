"""Strings of the Draw page."""

STRINGS = {
    "draw.title": ("Draw and predict", "그려서 예측하기"),
    "draw.lead": ("Draw a digit or upload a photo, and watch what the trained network sees and decides: every "
                  "preprocessing step, the probability of each class, and where it looked.",
                  "숫자를 그리거나 사진을 올려 보세요. 훈련된 신경망이 무엇을 보고 어떻게 판단하는지 보여 "
                  "줍니다: 전처리 단계 하나하나, 클래스별 확률, 그리고 신경망이 주목한 곳까지."),
    "draw.model_line": ("Model: **{name}** · {dataset}", "모델: **{name}** · {dataset}"),
    "draw.model_error": ("The model of this run cannot be loaded: {error}",
                         "이 실행의 모델을 불러올 수 없습니다: {error}"),
    "draw.mode.canvas": ("Draw on a canvas", "캔버스에 그리기"),
    "draw.mode.upload": ("Upload a picture", "사진 올리기"),
    # canvas
    "draw.canvas_heading": ("Draw a digit", "숫자를 그려 보세요"),
    "draw.sketch_heading": ("Sketch a piece of clothing", "옷이나 신발을 스케치해 보세요"),
    "draw.canvas_help": ("Draw with the mouse (or a finger), white on black like the MNIST digits. The network "
                         "answers when you release the button. The arrows under the canvas undo and redo a "
                         "stroke.",
                         "마우스(또는 손가락)로 MNIST 숫자처럼 검은 바탕에 흰색으로 그리세요. 버튼에서 손을 떼면 "
                         "신경망이 답합니다. 캔버스 아래 화살표로 획을 되돌리거나 다시 할 수 있습니다."),
    "draw.sketch_help": ("This model was trained on Fashion-MNIST photos of clothes, so a sketch is a hard test: "
                         "draw a filled shape (a T-shirt, trousers, a bag) in white on black. Release the button "
                         "to get an answer.",
                         "이 모델은 패션 MNIST의 의류 사진으로 훈련되었기 때문에 스케치는 어려운 시험입니다. "
                         "티셔츠, 바지, 가방처럼 속을 채운 모양을 검은 바탕에 흰색으로 그려 보세요. 버튼에서 "
                         "손을 떼면 답이 나옵니다."),
    "draw.brush": ("Brush width (pixels)", "붓 굵기(픽셀)"),
    "draw.brush_help": ("MNIST strokes are about 2–3 pixels wide in the 28×28 image; on this 280-pixel canvas "
                        "that is a brush of 20–25.",
                        "MNIST 숫자의 획은 28×28 이미지에서 2~3픽셀 굵기입니다. 280픽셀 캔버스에서는 붓 굵기 "
                        "20~25 정도에 해당합니다."),
    "draw.clear": ("Clear the canvas", "캔버스 지우기"),
    "draw.empty": ("The canvas is empty: draw something and the network will answer.",
                   "캔버스가 비어 있습니다. 무언가 그리면 신경망이 답합니다."),
    # prediction
    "draw.prediction_heading": ("What the network says", "신경망의 답"),
    "draw.verdict": ("The network says **{name}** with a probability of **{p}**.",
                     "신경망의 답: **{name}** (확률 **{p}**)"),
    "draw.unsure": ("The network is unsure: its best guess has {p}, and {second} comes next with {p2}.",
                    "신경망이 확신하지 못합니다. 가장 높은 답의 확률은 {p}이고, 그다음 답인 {second}의 "
                    "확률은 {p2}입니다."),
    "draw.unsure_tip": ("Try writing the digit larger, with a thicker brush, the way it is usually written.",
                        "숫자를 더 크게, 더 굵은 붓으로, 흔히 쓰는 모양대로 써 보세요."),
    "draw.unsure_tip_fashion": ("A sketch is far from the gray photos this model learned from: try a filled "
                                "outline of one simple item, such as trousers or a bag.",
                                "스케치는 이 모델이 배운 회색 사진과 많이 다릅니다. 바지나 가방처럼 단순한 물건 하나의 "
                                "윤곽을 속까지 채워 그려 보세요."),
    "draw.probability": ("probability", "확률"),
    "draw.probs_caption": ("The softmax output: one probability per class, adding up to 100%. The orange bar "
                           "is the answer.",
                           "소프트맥스 출력입니다. 클래스마다 확률이 하나씩 있고 모두 더하면 100%입니다. 주황색 "
                           "막대가 신경망의 답입니다."),
    # preprocessing
    "draw.steps_heading": ("What the network sees", "신경망이 보는 것"),
    "draw.steps_text": ("The network was trained on 28×28 images in which each digit was cropped to its ink, "
                        "scaled to fit a 20×20 box and centred by its centre of mass. Your input goes through "
                        "the same steps, so it looks like the training data:",
                        "신경망은 숫자를 잉크 부분만 잘라 20×20 상자에 맞게 줄이고, 무게중심이 가운데 오도록 "
                        "놓은 28×28 이미지로 훈련되었습니다. 입력도 같은 단계를 거쳐 훈련 데이터와 비슷한 "
                        "모양이 됩니다:"),
    "draw.steps_text_fashion": ("Fashion-MNIST pictures were trimmed to the object, scaled so the longest side "
                                "is 28 pixels and padded to a square. Your input goes through the same steps:",
                                "패션 MNIST 이미지는 물체만 남기고 잘라, 긴 변이 28픽셀이 되게 줄인 다음 정사각형이 "
                                "되도록 여백을 채워 만들었습니다. 입력도 같은 단계를 거칩니다:"),
    "draw.step.raw": ("1 · your drawing", "1 · 그린 그림"),
    "draw.step.raw_upload": ("1 · your picture", "1 · 올린 사진"),
    "draw.step.gray": ("2 · gray", "2 · 흑백"),
    "draw.step.clean": ("3 · white on black", "3 · 검은 바탕에 흰색"),
    "draw.step.crop": ("cropped to the ink", "잉크 부분만 자르기"),
    "draw.step.fit20": ("fitted into 20×20", "20×20에 맞추기"),
    "draw.step.centre": ("centred in 28×28", "28×28 가운데 놓기"),
    "draw.step.fit28": ("fitted and padded to 28×28", "28×28에 맞추고 여백 채우기"),
    "draw.step_size": ("{w}×{h} pixels", "{w}×{h} 픽셀"),
    "draw.input_heading": ("The 28×28 input", "28×28 입력"),
    "draw.pixel_value": ("pixel", "픽셀"),
    "draw.input_caption": ("Exactly the 784 numbers the network receives, 0 (black) to 1 (white). Hover over a "
                           "pixel to read its value.",
                           "신경망이 받는 784개의 숫자 그대로입니다. 0(검은색)부터 1(흰색)까지이며, 픽셀 위에 "
                           "마우스를 올리면 값을 볼 수 있습니다."),
    # Grad-CAM
    "draw.cam_heading": ("Where the network looked (Grad-CAM)", "신경망이 주목한 곳(Grad-CAM)"),
    "draw.cam_strength": ("importance", "중요도"),
    "draw.cam_caption": ("Yellow and red mark the parts of the image that raised the score of **{name}** the "
                         "most, measured on the feature maps of the last convolution layer (`{layer}`) with the "
                         "gradient of the class score before the softmax. The map is coarse because that layer "
                         "is small.",
                         "노란색과 빨간색은 **{name}**의 점수를 가장 많이 올린 부분입니다. 마지막 합성곱 층"
                         "(`{layer}`)의 특성 맵에서, 소프트맥스 전 클래스 점수의 그레이디언트로 계산했습니다. "
                         "이 층의 크기가 작아서 지도가 거칩니다."),
    "draw.cam_hires_toggle": ("Pixel by pixel (HiResCAM)", "픽셀 단위로 보기(HiResCAM)"),
    "draw.cam_hires_help": ("Grad-CAM averages each feature map's gradients into one weight. When Flatten and Dense "
                            "follow the convolutions those averages often cancel out and the map lights up empty "
                            "corners; HiResCAM multiplies maps and gradients pixel by pixel instead, which shows "
                            "faithfully what raised the score.",
                            "Grad-CAM은 특성 맵마다 그레이디언트를 평균해 가중치 하나로 만듭니다. 합성곱 뒤에 "
                            "Flatten과 Dense가 오면 이 평균이 서로 상쇄되어 빈 구석이 밝게 나오기도 합니다. "
                            "HiResCAM은 특성 맵과 그레이디언트를 픽셀마다 곱해서, 무엇이 점수를 올렸는지 더 "
                            "정확하게 보여 줍니다."),
    "draw.cam_off_ink": ("Most of this map lies off the drawing: Grad-CAM's averaged gradients have partly "
                         "cancelled out. Switch on “pixel by pixel” above for a faithful map.",
                         "이 지도는 대부분 그림 바깥에 있습니다. Grad-CAM이 평균한 그레이디언트가 일부 상쇄되었기 "
                         "때문입니다. 위의 ‘픽셀 단위로 보기’를 켜면 더 정확한 지도를 볼 수 있습니다."),
    "draw.cam_hires": ("Plain Grad-CAM came out empty here (its averaged gradients cancel out, which often "
                       "happens when Flatten and Dense follow the convolutions), so this is its pixel-by-pixel "
                       "variant, HiResCAM.",
                       "여기서는 기본 Grad-CAM이 비어 있어서(평균한 그레이디언트가 서로 상쇄되는 경우로, 합성곱 "
                       "뒤에 Flatten과 Dense가 오면 자주 생깁니다) 픽셀 단위로 계산하는 변형인 HiResCAM을 "
                       "보여 줍니다."),
    "draw.cam_after_softmax": ("This model has no separate logits layer, so the map uses the probability after "
                               "the softmax, which has little gradient left when the model is confident.",
                               "이 모델에는 별도의 로짓 층이 없어서 소프트맥스 뒤의 확률로 계산했습니다. 모델이 "
                               "확신할수록 그레이디언트가 작아져 지도가 흐려집니다."),
    "draw.cam_none": ("This model has no convolution layer, so there is no Grad-CAM map to show.",
                      "이 모델에는 합성곱 층이 없어서 Grad-CAM 지도를 보여 줄 수 없습니다."),
    "draw.cam_empty": ("Nothing in this input raised the score of the predicted class: the map is empty.",
                       "이 입력에서 예측한 클래스의 점수를 올린 부분이 없어 지도가 비어 있습니다."),
    "draw.cam_failed": ("Grad-CAM could not be computed for this model: {error}",
                        "이 모델에서는 Grad-CAM을 계산할 수 없습니다: {error}"),
    "draw.to_feature_maps": ("Open this input on the Feature maps page", "이 입력을 특성 맵 페이지에서 보기"),
    "draw.fm_caption_canvas": ("Your drawing (Draw page)", "그린 그림(그려서 예측 페이지)"),
    "draw.fm_caption_upload": ("Your picture {name} (Draw page)", "올린 사진 {name}(그려서 예측 페이지)"),
    # upload
    "draw.upload_label": ("A photo or scan of a digit (PNG, JPEG, WebP, BMP or GIF, up to {mb} MB)",
                          "숫자 사진이나 스캔 이미지(PNG, JPEG, WebP, BMP, GIF, 최대 {mb}MB)"),
    "draw.upload_label_fashion": ("A photo of one piece of clothing, a bag or a shoe (PNG, JPEG, WebP, BMP or GIF, "
                                  "up to {mb} MB)",
                                  "옷, 가방, 신발 하나를 찍은 사진(PNG, JPEG, WebP, BMP, GIF, 최대 {mb}MB)"),
    "draw.upload_hint": ("Choose a picture: a digit written in dark ink on light paper works well. It is inverted, "
                         "made gray and reduced to 28×28 step by step below.",
                         "사진을 골라 보세요. 밝은 종이에 진한 펜으로 쓴 숫자가 잘 됩니다. 아래에서 색을 뒤집고, "
                         "흑백으로 바꾸고, 28×28로 줄이는 과정을 단계별로 보여 줍니다."),
    "draw.upload_empty": ("No ink or object could be told apart from the background of this picture: try one "
                          "with more contrast.",
                          "이 사진에서는 배경과 구별되는 글씨나 물체를 찾지 못했습니다. 대비가 더 뚜렷한 사진을 "
                          "써 보세요."),
    "draw.note.inverted": ("Dark ink on a light background: the picture was inverted to white on black, like the "
                           "training data.",
                           "밝은 바탕에 진한 글씨라서 훈련 데이터처럼 검은 바탕에 흰색이 되도록 색을 뒤집었습니다."),
    "draw.note.first_frame": ("An animated GIF: only its first frame is used.",
                              "움직이는 GIF라서 첫 번째 프레임만 사용합니다."),
    "draw.note.exif_rotated": ("The photo was turned upright as its camera's orientation tag (EXIF) says.",
                               "카메라의 방향 정보(EXIF)에 따라 사진을 바로 세웠습니다."),
    "draw.note.16bit": ("A 16-bit image: its values were scaled to 0…1 keeping their full range.",
                        "16비트 이미지라서 값의 범위를 그대로 살려 0…1로 바꿨습니다."),
    "draw.note.cmyk": ("A CMYK (print) image: converted to RGB first.", "CMYK(인쇄용) 이미지라서 먼저 RGB로 바꿨습니다."),
    "draw.note.palette": ("A palette image: its colours were looked up before making it gray.",
                          "팔레트 이미지라서 색을 실제 값으로 바꾼 다음 흑백으로 만들었습니다."),
    "draw.note.transparent": ("See-through parts were filled with the colour that contrasts with the picture.",
                              "투명한 부분은 그림과 대비되는 색으로 채웠습니다."),
    "draw.note.reduced": ("A very large photo: it was decoded at a reduced size, which is plenty for 28×28.",
                          "아주 큰 사진이라서 줄인 크기로 읽었습니다. 28×28에는 충분합니다."),
    "draw.error.too_big": ("This file is {size_mb} MB; the limit is {limit_mb} MB. Please upload a smaller one.",
                           "파일 크기가 {size_mb}MB입니다. 최대 {limit_mb}MB까지 올릴 수 있으니 더 작은 파일을 "
                           "써 주세요."),
    "draw.error.too_many_pixels": ("This image is {width}×{height} pixels ({megapixels} megapixels); images over "
                                   "{limit} megapixels are refused, since decoding them could exhaust the "
                                   "server's memory. Please shrink it first.",
                                   "이 이미지는 {width}×{height}픽셀({megapixels}메가픽셀)입니다. 서버 메모리를 "
                                   "다 쓸 수 있어 {limit}메가픽셀이 넘는 이미지는 받지 않습니다. 먼저 크기를 "
                                   "줄여 주세요."),
    "draw.error.bomb": ("This file claims to hold a gigantic image (a “decompression bomb” that would fill the "
                        "server's memory when opened), so it was not opened.",
                        "이 파일은 엄청나게 큰 이미지라고 주장합니다(열면 서버 메모리를 가득 채우는 "
                        "‘압축 폭탄’). 그래서 열지 않았습니다."),
    "draw.error.not_image": ("This file is not an image that can be read. Please upload a PNG, JPEG, WebP, BMP or "
                             "GIF file.",
                             "읽을 수 있는 이미지 파일이 아닙니다. PNG, JPEG, WebP, BMP, GIF 파일을 올려 주세요."),
    "draw.error.format": ("{format} images are not supported here. Please upload a PNG, JPEG, WebP, BMP or GIF "
                          "file.",
                          "{format} 이미지는 지원하지 않습니다. PNG, JPEG, WebP, BMP, GIF 파일을 올려 주세요."),
    "draw.error.corrupt": ("This image is damaged or cut short and cannot be decoded ({error}).",
                           "이미지가 손상되었거나 잘려서 읽을 수 없습니다({error})."),
    # stretch / pad / crop
    "draw.squares_heading": ("Three ways to make a picture 28×28", "사진을 28×28로 만드는 세 가지 방법"),
    "draw.squares_text": ("Does squashing a long picture into a square damage it? Here is the whole cleaned picture "
                          "made 28×28 three ways, each with the network's answer. Stretching changes the shape, "
                          "cropping may cut the object off, padding keeps everything but makes the object "
                          "smaller. The procedure above (crop to the ink first) usually beats all three.",
                          "긴 사진을 정사각형으로 찌그러뜨리면 데이터가 망가질까요? 정리한 사진 전체를 세 가지 "
                          "방법으로 28×28로 만들고 각각의 예측을 보여 줍니다. 늘리기는 모양을 바꾸고, 자르기는 "
                          "물체를 잘라 낼 수 있으며, 여백 채우기는 모두 남기지만 물체가 작아집니다. 위의 방법"
                          "(먼저 잉크 부분만 자르기)이 보통 세 가지보다 낫습니다."),
    "draw.square.stretch": ("Stretch: resize to 28×28, ignoring the aspect ratio",
                            "늘리기: 가로세로 비율을 무시하고 28×28로 바꾸기"),
    "draw.square.pad": ("Pad: fit the longest side, fill the rest with black",
                        "여백 채우기: 긴 변을 맞추고 나머지는 검은색으로 채우기"),
    "draw.square.crop": ("Crop: keep the middle square, cut the rest",
                         "자르기: 가운데 정사각형만 남기고 나머지 잘라 내기"),
    "draw.square_answer": ("**{name}** · {p}", "**{name}** · {p}"),
}
