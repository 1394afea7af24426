"""Strings of the Learn page (convolution, padding, stride and pooling, step by step)."""

STRINGS = {
    "learn.title": ("Learn: convolution, padding, stride, pooling", "개념 배우기: 합성곱, 패딩, 스트라이드, 풀링"),
    "learn.lead": ("What does Conv2D actually do? Slide a small kernel over a grid of numbers one step at a time, "
                   "see how padding and stride change the output size, how pooling shrinks a map, and what a "
                   "kernel makes of a real image.",
                   "Conv2D는 실제로 무슨 일을 할까요? 작은 커널을 숫자 격자 위에서 한 칸씩 움직여 보고, 패딩과 "
                   "스트라이드가 출력 크기를 어떻게 바꾸는지, 풀링이 맵을 어떻게 줄이는지, 커널이 실제 이미지에서 "
                   "무엇을 찾아내는지 살펴봅니다."),
    # --- convolution stepper
    "learn.conv_heading": ("Convolution, one window at a time", "합성곱, 창 하나씩"),
    "learn.conv_text": ("At each position the kernel lies over a patch of the input of the same size. Multiply each "
                        "pixel by the weight on top of it, add the products up and add the bias: that is one output "
                        "number. Then the window moves *stride* cells to the right (at the end of a row, down) and "
                        "does it again. Keras's `Conv2D` does exactly this **without flipping the kernel**; "
                        "mathematicians call that cross-correlation (a true convolution would flip the kernel "
                        "first). In a real layer the weights are learned; here you choose them.",
                        "커널은 각 위치에서 같은 크기의 입력 조각 위에 놓입니다. 각 픽셀에 그 위에 겹친 가중치를 "
                        "곱하고, 곱을 모두 더한 뒤 절편을 더하면 출력 숫자 하나가 됩니다. 그다음 창이 *스트라이드*만큼 "
                        "오른쪽으로(행 끝에서는 아래로) 이동해 같은 계산을 반복합니다. Keras의 `Conv2D`는 바로 이 "
                        "계산을 **커널을 뒤집지 않고** 합니다. 수학에서는 이것을 교차 상관(cross-correlation)이라고 "
                        "부릅니다(엄밀한 합성곱은 커널을 먼저 뒤집습니다). 실제 층에서는 가중치를 학습하지만 여기서는 "
                        "직접 고릅니다."),
    "learn.input": ("Input", "입력"),
    "learn.input_worked": ("Worked example (5×5)", "예제 (5×5)"),
    "learn.input_crop": ("Crop of a dataset image", "데이터셋 이미지의 일부"),
    "learn.input_custom": ("Type your own", "직접 입력"),
    "learn.worked_caption": ("The classic worked example: a 5×5 image of 0s and 1s and the X-shaped kernel. With "
                             "valid padding and stride 1 the right answer is [[4, 3, 4], [2, 4, 3], [2, 3, 4]].",
                             "널리 쓰이는 예제입니다. 0과 1로 된 5×5 이미지에 X 모양 커널을 적용합니다. 밸리드 패딩, "
                             "스트라이드 1이면 정답은 [[4, 3, 4], [2, 4, 3], [2, 3, 4]]입니다."),
    "learn.image_index": ("Training image (0–{last})", "훈련 이미지 (0–{last})"),
    "learn.crop_size": ("Crop size", "잘라낼 크기"),
    "learn.crop_top": ("Top row", "위쪽 행"),
    "learn.crop_left": ("Left column", "왼쪽 열"),
    "learn.crop_caption": ("A crop of a training image ({label}), divided by 255 as the network sees it: 0 is "
                           "background, 1 is full ink. The orange box shows where it was cut.",
                           "훈련 이미지({label})의 일부를 신경망이 받는 것처럼 255로 나눈 값입니다. 0은 바탕, 1은 "
                           "가장 진한 잉크입니다. 주황색 상자가 잘라낸 위치입니다."),
    "learn.rows": ("Rows", "행 수"),
    "learn.cols": ("Columns", "열 수"),
    "learn.grid_empty": ("Row {row}, column {col} is empty. Type a number in every cell.",
                         "{row}행 {col}열이 비어 있습니다. 모든 칸에 숫자를 입력하세요."),
    "learn.grid_not_a_number": ("Row {row}, column {col} holds “{value}”, which is not a number. Use digits, a minus "
                                "sign and a decimal point, for example -1.5.",
                                "{row}행 {col}열의 “{value}”은(는) 숫자가 아닙니다. 숫자와 빼기 기호, 소수점만 "
                                "쓰세요(예: -1.5)."),
    "learn.grid_too_big": ("Row {row}, column {col} holds “{value}”, which is too large. Keep numbers between "
                           "−1,000,000 and 1,000,000.",
                           "{row}행 {col}열의 “{value}”은(는) 너무 큽니다. −1,000,000에서 1,000,000 사이의 숫자를 "
                           "쓰세요."),
    "learn.padding": ("Padding", "패딩"),
    "learn.stride": ("Stride", "스트라이드"),
    "learn.bias": ("Bias", "절편"),
    "learn.bias_help": ("Added to every sum; a real Conv2D layer learns one bias per filter.",
                        "모든 합에 더하는 값입니다. 실제 Conv2D 층은 필터마다 절편을 하나씩 학습합니다."),
    "learn.kernel": ("Kernel", "커널"),
    "learn.kernel_size": ("Kernel size", "커널 크기"),
    "learn.kernel_title": ("Kernel weights", "커널 가중치"),
    "learn.kernel_worked": ("X pattern (worked example)", "X 패턴 (예제)"),
    "learn.kernel_vertical": ("Vertical edge", "세로 경계"),
    "learn.kernel_horizontal": ("Horizontal edge", "가로 경계"),
    "learn.kernel_blur": ("Blur (mean of 9)", "흐리게 (9개 평균)"),
    "learn.kernel_sharpen": ("Sharpen", "선명하게"),
    "learn.kernel_identity": ("Identity", "항등 (그대로)"),
    "learn.kernel_custom": ("Type your own", "직접 입력"),
    "learn.kernel_about_worked": ("Adds up the four corners and the centre of each window: the answer is high where "
                                  "the input has an X-shaped pattern of ones.",
                                  "각 창의 네 모서리와 가운데를 더합니다. 입력에 1이 X 모양으로 놓인 곳에서 값이 "
                                  "커집니다."),
    "learn.kernel_about_vertical": ("Left column minus right column: positive where the window is brighter on the "
                                    "left (the right-hand edge of a stroke), negative on the left-hand edge, 0 on "
                                    "flat areas.",
                                    "왼쪽 열에서 오른쪽 열을 뺍니다. 창의 왼쪽이 더 밝은 곳(획의 오른쪽 경계)에서 "
                                    "양수, 획의 왼쪽 경계에서 음수, 평평한 곳에서 0이 됩니다."),
    "learn.kernel_about_horizontal": ("Top row minus bottom row: positive where the window is brighter at the top "
                                      "(the bottom edge of a stroke), negative at the top edge.",
                                      "위 행에서 아래 행을 뺍니다. 창의 위쪽이 더 밝은 곳(획의 아래쪽 경계)에서 "
                                      "양수, 획의 위쪽 경계에서 음수가 됩니다."),
    "learn.kernel_about_blur": ("Every weight is 1/9, so each output is the mean of its window: a softer image.",
                                "가중치가 모두 1/9이라 각 출력은 창의 평균이 됩니다. 이미지가 부드러워집니다."),
    "learn.kernel_about_sharpen": ("Five times the centre minus its four neighbours: differences get larger, edges "
                                   "crisper.",
                                   "가운데 값의 5배에서 위아래 양옆 네 값을 뺍니다. 차이가 커져 경계가 또렷해집니다."),
    "learn.kernel_about_identity": ("Only the centre weight is 1, so the output copies the input (with 'same' "
                                    "padding and stride 1, exactly).",
                                    "가운데 가중치만 1이라 출력이 입력을 그대로 옮깁니다('same' 패딩, 스트라이드 "
                                    "1이면 정확히 같습니다)."),
    "learn.kernel_about_custom": ("Type any weights. Keras starts from small random ones and training changes them.",
                                  "아무 가중치나 입력해 보세요. Keras는 작은 무작위 값에서 시작해 훈련하면서 "
                                  "가중치를 바꿉니다."),
    "learn.too_small": ("A {k}×{k} window does not fit in a {rows}×{cols} grid without padding. Choose 'same' "
                        "padding, a smaller kernel or a bigger grid.",
                        "{k}×{k} 창은 패딩 없이 {rows}×{cols} 격자에 들어가지 않습니다. 'same' 패딩을 고르거나 "
                        "커널을 작게, 격자를 크게 하세요."),
    "learn.formula_intro": ("**Output size** = ⌊(n + 2p − k) / s⌋ + 1, where n is the input size, p the zeros "
                            "added on each side, k the kernel size, s the stride, and ⌊ ⌋ rounds down:",
                            "**출력 크기** = ⌊(n + 2p − k) / s⌋ + 1. n은 입력 크기, p는 한쪽에 덧붙인 0의 줄 수, "
                            "k는 커널 크기, s는 스트라이드이고 ⌊ ⌋는 내림입니다:"),
    "learn.formula_both": ("rows and columns: {text}", "행과 열: {text}"),
    "learn.formula_rows": ("rows: {text}", "행: {text}"),
    "learn.formula_cols": ("columns: {text}", "열: {text}"),
    "learn.asymmetric": ("With 'same' padding and a stride above 1, Keras sometimes needs an odd number of zeros. "
                         "It then puts the extra row or column at the bottom or right, so the two sides differ "
                         "(written “a + b” instead of 2·p). The output size is always n / s rounded up.",
                         "'same' 패딩에 스트라이드가 1보다 크면 Keras가 덧붙일 0의 줄 수가 홀수일 때가 있습니다. "
                         "그러면 남는 한 줄을 아래쪽이나 오른쪽에 붙이므로 양쪽이 달라집니다(2·p 대신 “a + b”로 "
                         "적었습니다). 출력 크기는 언제나 n / s를 올림한 값입니다."),
    "learn.input_title": ("Input and window", "입력과 창"),
    "learn.products_title": ("Pixel × weight", "픽셀 × 가중치"),
    "learn.output_title": ("Output (feature map)", "출력 (특성 맵)"),
    "learn.equation": ("Output row {row}, column {col}: {terms} = {total}; plus bias {bias} → **{value}**",
                       "출력 {row}행 {col}열: {terms} = {total}, 절편 {bias}을(를) 더하면 → **{value}**"),
    "learn.stepper_caption": ("Left: the input with the window outlined; grey cells are the zeros of the padding. "
                              "Middle: each pixel times the weight on top of it (hover to see both; red positive, "
                              "blue negative). Right: the output filling in, one cell per step, on one colour scale "
                              "centred at 0.",
                              "왼쪽: 창을 표시한 입력입니다. 회색 칸은 패딩으로 덧붙인 0입니다. 가운데: 각 픽셀에 그 "
                              "위 가중치를 곱한 값입니다(마우스를 올리면 두 값이 보입니다. 빨강은 양수, 파랑은 "
                              "음수). 오른쪽: 한 단계에 한 칸씩 채워지는 출력이며, 0을 가운데로 하는 색 척도 하나를 "
                              "씁니다."),
    "learn.keras_output": ("Keras computes the same numbers; output shape {shape}",
                           "Keras도 같은 숫자를 계산합니다. 출력 크기 {shape}"),
    "learn.previous": ("Back", "이전"),
    "learn.next": ("Next", "다음"),
    "learn.play": ("Play", "재생"),
    "learn.pause": ("Pause", "멈춤"),
    "learn.step": ("Step (of {n})", "단계 (전체 {n})"),
    # --- padding view
    "learn.padding_heading": ("Padding gives the edges a fair share", "패딩은 가장자리에도 공평한 몫을 줍니다"),
    "learn.padding_text": ("Without padding the window never hangs over the edge, so edge pixels fall inside fewer "
                           "windows than centre pixels and count for less in the output. 'Same' padding adds zeros "
                           "around the input so the window can centre on every pixel: the output keeps the input's "
                           "size and the edges take part more often. Each number below says in how many windows "
                           "that pixel takes part (stride 1). For a 4×4 input and a 3×3 kernel that is 1 (corner) "
                           "against 4 (centre) without padding, and 4 against 9 with it.",
                           "패딩이 없으면 창이 가장자리 밖으로 나가지 않으므로 가장자리 픽셀은 가운데 픽셀보다 적은 "
                           "창에 들어가고 출력에 덜 반영됩니다. 'same' 패딩은 입력 둘레에 0을 채워 모든 픽셀 위에 "
                           "창의 가운데가 올 수 있게 합니다. 그래서 출력이 입력과 같은 크기를 유지하고 가장자리 픽셀도 "
                           "더 자주 계산에 참여합니다. 아래 숫자는 각 픽셀이 몇 개의 창에 들어가는지 나타냅니다"
                           "(스트라이드 1). 4×4 입력과 3×3 커널이면 패딩이 없을 때 모서리 1번 대 가운데 4번, 패딩이 "
                           "있으면 4번 대 9번입니다."),
    "learn.grid_size": ("Input size n", "입력 크기 n"),
    "learn.counts_valid": ("valid: no padding", "valid: 패딩 없음"),
    "learn.counts_same": ("same: zeros around the input", "same: 입력 둘레에 0"),
    "learn.counts_caption": ("Corner pixel: in {corner} window(s); busiest pixel: in {most}; {windows} windows in all.",
                             "모서리 픽셀: 창 {corner}개, 가장 많이 쓰인 픽셀: 창 {most}개, 전체 창 {windows}개."),
    "learn.no_window": ("A {k}×{k} window does not fit in a {n}×{n} input without padding.",
                        "{k}×{k} 창은 패딩 없이 {n}×{n} 입력에 들어가지 않습니다."),
    # --- pooling stepper
    "learn.pool_heading": ("Pooling shrinks a map", "풀링으로 맵 줄이기"),
    "learn.pool_text": ("Pooling slides a window too, but it has no weights: max pooling keeps the largest number in "
                        "each window, average pooling their mean. With 2×2 windows and stride 2 (Keras's default: the "
                        "stride equals the pool size) the windows do not overlap and each side is halved. The "
                        "textbook's 4×4 map gives [[20, 30], [112, 37]] with max pooling and [[13, 8], [79, 19.5]] "
                        "with average pooling.",
                        "풀링도 창을 움직이지만 가중치가 없습니다. 최대 풀링은 창에서 가장 큰 값을, 평균 풀링은 "
                        "평균을 남깁니다. 2×2 창에 스트라이드 2(Keras의 기본값: 스트라이드가 풀링 크기와 같음)이면 "
                        "창이 겹치지 않고 가로세로가 절반이 됩니다. 교재의 4×4 맵은 최대 풀링으로 [[20, 30], "
                        "[112, 37]], 평균 풀링으로 [[13, 8], [79, 19.5]]가 됩니다."),
    "learn.pool_input": ("Map to pool", "풀링할 맵"),
    "learn.pool_input_textbook": ("Textbook 4×4 map", "교재의 4×4 맵"),
    "learn.pool_input_conv": ("Output of the convolution above", "위 합성곱의 출력"),
    "learn.pool_mode": ("Pooling", "풀링 방식"),
    "learn.pool_max": ("max", "최대"),
    "learn.pool_avg": ("average", "평균"),
    "learn.pool_size": ("Pool size", "풀링 크기"),
    "learn.pool_map_title": ("Map and window", "맵과 창"),
    "learn.pool_equation": ("Output row {row}, column {col}: {text}", "출력 {row}행 {col}열: {text}"),
    "learn.pool_result": ("Whole result: `{result}`", "전체 결과: `{result}`"),
    "learn.pool_caption": ("Grey cells marked − are 'same' padding. Keras leaves them out, so they never win a max "
                           "and do not count in an average.",
                           "−로 표시한 회색 칸은 'same' 패딩입니다. Keras는 이 칸을 빼고 계산하므로 최댓값으로 "
                           "뽑히지 않고 평균에도 들어가지 않습니다."),
    # --- real image
    "learn.real_heading": ("The kernel on a real image", "실제 이미지에 커널 적용하기"),
    "learn.real_text": ("A kernel slid over a whole 28×28 training image (pixels ÷ 255). The result "
                        "is a feature map: large positive values (red) where the image matches the kernel's pattern, "
                        "negative ones (blue) where it matches the opposite. In a CNN, Conv2D is usually followed by "
                        "ReLU, which keeps the positive values and sets every negative one to 0.",
                        "커널을 28×28 훈련 이미지 전체(픽셀 ÷ 255)에 적용합니다. 결과는 특성 맵입니다. "
                        "이미지가 커널의 패턴과 맞는 곳은 큰 양수(빨강), 반대 패턴인 곳은 음수(파랑)가 됩니다. "
                        "CNN에서 Conv2D 뒤에는 보통 ReLU가 오며, 양수는 그대로 두고 음수는 모두 0으로 만듭니다."),
    "learn.relu": ("ReLU", "ReLU"),
    "learn.relu_help": ("ReLU(x) = max(0, x): negative values become 0, positive values stay.",
                        "ReLU(x) = max(0, x): 음수는 0이 되고 양수는 그대로 남습니다."),
    "learn.real_settings": ("Padding **{padding}**, stride **{stride}**, bias **{bias}**. The presets use 'same' "
                            "padding and stride 1, like the textbook's `Conv2D(32, 3, padding='same')`; choose "
                            "“the kernel above” to use your own settings.",
                            "패딩 **{padding}**, 스트라이드 **{stride}**, 절편 **{bias}**. 미리 정한 커널은 교재의 "
                            "`Conv2D(32, 3, padding='same')`처럼 'same' 패딩과 스트라이드 1을 씁니다. 직접 정한 "
                            "설정을 쓰려면 “위에서 고른 커널”을 선택하세요."),
    "learn.kernel_above": ("The kernel above (with its settings)", "위에서 고른 커널 (설정 포함)"),
    "learn.real_input_caption": ("Input image ({label}), pixel values 0–255 in gray.",
                                 "입력 이미지({label}). 픽셀 값 0–255를 회색으로 그렸습니다."),
    "learn.real_map_caption": ("Feature map {shape} without ReLU, on a colour scale centred at 0 (white). {negative} "
                               "of its values are negative.",
                               "ReLU를 적용하지 않은 특성 맵 {shape}입니다. 0(흰색)을 가운데로 하는 색 척도로 "
                               "그렸습니다. 값의 {negative}가 음수입니다."),
    "learn.real_map_caption_relu": ("Feature map {shape} after ReLU: its negative values ({negative} of them) became "
                                    "0 (white). The colour scale is the same as with ReLU off.",
                                    "ReLU를 적용한 특성 맵 {shape}입니다. 음수였던 값({negative})이 0(흰색)이 "
                                    "되었습니다. 색 척도는 ReLU를 껐을 때와 같습니다."),
    "learn.value": ("value", "값"),
    "learn.fix_kernel": ("To apply the kernel above to a real image, first fix its invalid cells.",
                         "위에서 고른 커널을 실제 이미지에 적용하려면 먼저 커널의 잘못된 칸을 고치세요."),
}
