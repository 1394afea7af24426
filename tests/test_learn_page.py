"""The Learn page under AppTest: right answers on screen, stepping, playing, and bad grids."""
import re
import time

import numpy as np
import pytest

from cnnviz import convolution as cv
from tests.conftest import run_page

PAGE = "app_pages/learn.py"


def texts(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error])


def conv_equation(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith(("Output row", "출력")) and "→" in m.value)


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_worked_example_steps_through_the_right_answer():
    at = ok(run_page(PAGE, "en"))
    assert "⌊(5 + 2·0 − 3) / 1⌋ + 1 = **3**" in texts(at)
    assert conv_equation(at).endswith("= 4; plus bias 0 → **4**")
    values = []
    for step in range(1, 10):
        at.slider(key="conv_step").set_value(step).run()
        ok(at)
        values.append(float(re.search(r"\*\*(-?[\d.]+)\*\*$", conv_equation(at)).group(1)))
    np.testing.assert_array_equal(np.reshape(values, (3, 3)), [[4, 3, 4], [2, 4, 3], [2, 3, 4]])


def test_previous_next_and_bias():
    at = ok(run_page(PAGE, "en"))
    at.button(key="conv_next").click().run()
    assert at.slider(key="conv_step").value == 2
    at.number_input(key="learn_bias").set_value(-1.5).run()
    ok(at)
    assert conv_equation(at).startswith("Output row 1, column 2:")
    assert conv_equation(at).endswith("= 3; plus bias -1.5 → **1.5**")
    at.button(key="conv_prev").click().run()
    assert at.slider(key="conv_step").value == 1


def test_play_advances_on_the_timer_and_stops_at_the_end():
    at = ok(run_page(PAGE, "en"))
    at.button(key="conv_play").click().run()
    assert at.session_state["conv_playing"] is True
    time.sleep(0.8)
    at.run()
    assert at.slider(key="conv_step").value == 2
    at.slider(key="conv_step").set_value(9).run()  # the last step: playing stops
    time.sleep(0.8)
    at.run()
    assert at.session_state["conv_playing"] is False and at.slider(key="conv_step").value == 9
    at.button(key="conv_play").click().run()  # play again starts over
    assert at.slider(key="conv_step").value == 1 and at.session_state["conv_playing"] is True


def test_playing_into_a_single_step_grid_just_stops():
    at = ok(run_page(PAGE, "en", conv_playing=True, learn_source="custom", learn_rows=3, learn_cols=3))
    assert at.session_state["conv_playing"] is False
    assert conv_equation(at).startswith("Output row 1, column 1:")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pooling_shows_the_textbook_answers(lang):
    at = ok(run_page(PAGE, lang))
    assert "`[[20, 30], [112, 37]]`" in texts(at)
    at.radio(key="learn_pool_mode").set_value("avg").run()
    assert "`[[13, 8], [79, 19.5]]`" in texts(ok(at))
    at.slider(key="pool_step").set_value(4).run()
    assert "(37 + 7 + 22 + 12) / 4 = 78 / 4 = **19.5**" in texts(at)


def test_same_padding_with_stride_2_pads_bottom_right_like_keras():
    at = ok(run_page(PAGE, "en", learn_source="crop", learn_crop_size=6, learn_padding="same", learn_stride=2))
    assert "⌊(6 + 0 + 1 − 3) / 2⌋ + 1 = **3**" in texts(at)
    assert any("bottom or right" in box.value for box in at.info)
    assert 'padding="same"' in at.code[0].value and "(3, 3)" in at.code[0].value


def test_padding_counts_are_4_to_1_and_9_to_4():
    at = ok(run_page(PAGE, "ko"))
    captions = [c.value for c in at.caption if c.value.startswith("모서리")]
    assert captions == ["모서리 픽셀: 창 1개, 가장 많이 쓰인 픽셀: 창 4개, 전체 창 4개.",
                        "모서리 픽셀: 창 4개, 가장 많이 쓰인 픽셀: 창 9개, 전체 창 16개."]


def test_a_kernel_larger_than_the_input_still_shows_the_same_padding_counts():
    at = ok(run_page(PAGE, "en", learn_part_n=3, learn_part_k=5))
    assert [box.value for box in at.info if "does not fit" in box.value] == [
        "A 5×5 window does not fit in a 3×3 input without padding."]
    assert "Corner pixel: in 9 windows; busiest pixel: in 9; 9 windows in all." in texts(at)


@pytest.mark.parametrize("cell,message", [("abc", "holds “abc”, which is not a number"), (None, "is empty"),
                                          ("1e99", "too large")])
def test_bad_cells_get_a_clear_message_and_the_page_goes_on(cell, message):
    at = ok(run_page(PAGE, "en", learn_source="custom"))
    at.session_state["learn_grid_5x5"] = {"edited_rows": {1: {"3": cell}}, "added_rows": [], "deleted_rows": []}
    at.run()
    ok(at)
    assert len(at.error) == 1 and at.error[0].value.startswith("Row 2, column 3") and message in at.error[0].value
    assert "`[[20, 30], [112, 37]]`" in texts(at)  # pooling below still works


def test_bad_custom_kernel_is_reported_in_korean_and_the_demo_says_so():
    at = ok(run_page(PAGE, "ko", learn_kernel="custom", learn_real_kernel="above"))
    at.session_state["learn_kernel_3x3"] = {"edited_rows": {0: {"1": "x"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    ok(at)
    assert at.error[0].value.startswith("1행 1열의 “x”은(는) 숫자가 아닙니다")
    assert any("잘못된 칸" in box.value for box in at.info)


def test_edited_grid_is_used():
    at = ok(run_page(PAGE, "en", learn_source="custom"))
    at.session_state["learn_grid_5x5"] = {"edited_rows": {0: {"1": "-2.5"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert conv_equation(ok(at)).startswith("Output row 1, column 1: -2.5×1 + 1×0")


def test_window_that_does_not_fit_is_a_warning():
    at = ok(run_page(PAGE, "en", learn_source="custom", learn_rows=2, learn_cols=2))
    assert any("does not fit in a 2×2 grid" in w.value for w in at.warning)
    at.radio(key="learn_padding").set_value("same").run()
    assert not ok(at).warning


def test_real_image_relu_toggle_changes_the_caption():
    at = ok(run_page(PAGE, "en"))
    assert any(c.value.startswith("Feature map (28, 28) after ReLU") for c in at.caption)
    at.toggle(key="learn_relu").set_value(False).run()
    caption = next(c.value for c in ok(at).caption if c.value.startswith("Feature map (28, 28) without ReLU"))
    assert int(re.search(r"(\d+)% of its values are negative", caption).group(1)) > 0  # an edge kernel has both signs
    at.selectbox(key="learn_real_kernel").set_value("above").run()
    assert any(c.value.startswith("Feature map (26, 26)") for c in ok(at).caption)  # worked settings: valid, 3×3


def test_pooling_the_convolution_output():
    at = ok(run_page(PAGE, "en"))
    at.radio(key="learn_pool_source").set_value("conv").run()
    ok(at)
    expected = cv.pool2d(cv.WORKED_RESULT, 2, 2, "max")  # 3×3 valid with 2×2 stride 2: one window
    assert f"`[[{cv.format_number(expected[0, 0])}]]`" in texts(at)


def test_broken_dataset_stops_only_the_real_image_part(tmp_path, monkeypatch):
    from cnnviz import ui
    from cnnviz.datasets import FILES
    (tmp_path / "mnist").mkdir()
    for name in FILES.values():
        (tmp_path / "mnist" / name).write_bytes(b"\x1f\x8b garbage")
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path))
    ui._load_dataset.clear()
    try:
        at = ok(run_page(PAGE, "en"))
    finally:
        ui._load_dataset.clear()
    assert "train-images-idx3-ubyte.gz" in at.error[0].value
    assert "`[[20, 30], [112, 37]]`" in texts(at) and conv_equation(at).endswith("→ **4**")


@pytest.mark.parametrize("lang,why", [("en", "Why ReLU trains faster"), ("ko", "ReLU로 훈련이 빠른 이유")])
def test_activations_show_value_slope_and_the_vanishing_gradient(lang, why):
    at = ok(run_page(PAGE, lang))
    assert why in texts(at)
    at.radio(key="learn_act").set_value("sigmoid").run()
    at.slider(key="learn_act_x").set_value(0.0).run()
    assert "f(x) = **0.5000**, f′(x) = **0.2500**" in texts(ok(at))
    assert "**9.5e-07**" in texts(at)  # 0.25 ** 10 layers
    at.radio(key="learn_act").set_value("relu").run()
    at.slider(key="learn_act_x").set_value(2.5).run()
    assert "f(x) = **2.5000**, f′(x) = **1.0000**" in texts(ok(at))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_cross_entropy_of_example_logits_without_a_model(lang):
    from cnnviz import lessons

    at = ok(run_page(PAGE, lang))
    ce = lessons.cross_entropy(lessons.EXAMPLE_LOGITS)
    assert f"= **{ce.loss(3):.4f}**" in texts(at)  # the true class (3) by default
    at.selectbox(key="learn_ce_wrong").set_value(5).run()
    assert f"= **{ce.loss(5):.4f}**" in texts(ok(at))
    table = next(d.value for d in at.dataframe if "−log p" in d.value.columns)  # class, logit, shifted, exp, p, −log p
    np.testing.assert_allclose(table.iloc[:, 4], ce.probabilities, rtol=1e-6)


def test_cross_entropy_of_a_test_image_uses_the_active_models_logits(trained_run):
    import keras

    from cnnviz import datasets, lessons

    at = ok(run_page(PAGE, "en"))
    at.number_input(key="learn_ce_image").set_value(7).run()
    ds = datasets.load("mnist")
    model = trained_run.model()
    logits = keras.Model(model.inputs[0], model.get_layer("logits").output)(ds.x_test[7:8].reshape(1, 28, 28, 1) / 255.0)
    expected = lessons.cross_entropy(np.asarray(logits)[0])
    label = int(ds.y_test[7])
    assert f"True class **{label}**: p = {expected.probabilities[label]:.4f}" in texts(ok(at))
    assert trained_run.name in texts(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_optimizers_race_with_a_learning_rate_slider(lang):
    at = ok(run_page(PAGE, lang))
    table = at.dataframe[-1].value
    assert len(table) == 4 and list(table.iloc[:, 2]) == ["—", "40", "49", "57"]  # steps to a loss below 0.01, lr 0.1
    at.select_slider(key="learn_opt_lr").set_value(1.0).run()
    table = ok(at).dataframe[-1].value
    assert table.iloc[0, 1] == ("diverged" if lang == "en" else "발산")
