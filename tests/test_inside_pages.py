"""The Filters and Feature maps pages under AppTest with a real trained run."""
import numpy as np
import pytest

from cnnviz import datasets, inside, ui_state
from tests.conftest import run_page


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at) -> list[str]:
    return [c.proto.id for c in at.get("plotly_chart")]


@pytest.mark.parametrize("page", ["app_pages/filters.py", "app_pages/feature_maps.py"])
@pytest.mark.parametrize("lang,text", [("en", "Use your own model file"), ("ko", "내 모델 파일")])
def test_without_a_run_the_pages_offer_import_and_training(page, lang, text):
    at = ok(run_page(page, lang))
    assert any(text in e.label for e in at.expander)
    assert len(at.info) == 1 and not charts(at)


@pytest.mark.parametrize("lang,mean_label", [("en", "mean (trained)"), ("ko", "평균 (훈련 후)")])
def test_filters_page_shows_the_runs_kernels_and_their_statistics(trained_run, lang, mean_label):
    at = ok(run_page("app_pages/filters.py", lang))
    kernel, _ = inside.kernel_and_bias(trained_run.model().get_layer(at.selectbox(key="filters_layer").value))
    metric = next(m for m in at.metric if m.label == mean_label)
    assert metric.value == f"{inside.weight_stats(kernel).mean:+.3f}"
    # trained + untrained kernels, biases, histogram, epoch grid, one kernel, top 9, and what filter 0 and class 0
    # want to see in the trained and the untrained network
    assert len(charts(at)) == 11


def test_filters_deeper_layer_channel_mean_and_fitted_scale(trained_run):
    at = ok(run_page("app_pages/filters.py"))
    second = at.selectbox(key="filters_layer").options[1]
    at.selectbox(key="filters_layer").select_index(1).run()
    ok(at)
    channel = at.selectbox(key=f"filters_channel_{at.selectbox(key='filters_layer').value}")
    assert channel.value is None and "mean over all 8 channels" in second + channel.format_func(None)
    at.radio(key="filters_scale").set_value("layer").run()
    ok(at)
    assert any("±" in c.value and "fitted to this layer" in c.value for c in at.caption)


def test_feature_maps_page_predicts_like_the_model(trained_run):
    at = ok(run_page("app_pages/feature_maps.py"))
    ds = datasets.load("mnist")
    probs = trained_run.model()(ds.x_test[:1].reshape(1, 28, 28, 1) / 255.0).numpy()[0]
    assert any(f"**{int(np.argmax(probs))}** ({probs.max():.1%})" in m.value for m in at.markdown)
    assert any("(1, 28, 28, 8)" in m.value for m in at.markdown)  # the tiny preset's first conv output


def test_choosing_a_class_shows_an_image_of_that_class(trained_run):
    at = ok(run_page("app_pages/feature_maps.py"))
    y_test = datasets.load("mnist").y_test
    for wanted in (7, 3):
        at.selectbox(key="fm_class").set_value(wanted).run()
        ok(at)
        assert y_test[at.number_input(key="fm_index").value] == wanted
        at.button[[b.label for b in at.button].index("Random image")].click().run()
        assert y_test[at.number_input(key="fm_index").value] == wanted


def test_a_class_missing_from_the_test_set_says_so(trained_run, mnist_without_test_threes):
    at = ok(run_page("app_pages/feature_maps.py", "ko"))
    at.selectbox(key="fm_class").set_value(3).run()
    ok(at)
    assert at.number_input(key="fm_index").value == 0
    assert any("3" in w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_feature_maps_modes_and_comparison_switch(trained_run, lang):
    at = ok(run_page("app_pages/feature_maps.py", lang))
    with_untrained = len(charts(at))
    at.radio(key="fm_norm").set_value("global").run()
    at.toggle(key="fm_compare").set_value(False).run()
    ok(at)
    assert len(charts(at)) < with_untrained
    at.number_input(key="fm_index").set_value(999).run()
    ok(at)


def test_an_image_sent_from_another_page_is_the_input(trained_run):
    pixels = np.zeros((28, 28), np.float32)
    pixels[6:22, 13:15] = 1.0  # a drawn "1"
    at = ok(run_page("app_pages/feature_maps.py", fm_input=ui_state.FeatureMapsInput(pixels, "drawn by hand")))
    assert at.radio(key="fm_source").value == "sent"
    assert any("drawn by hand" in c.value for c in at.caption)


def test_a_broken_sent_image_falls_back_to_the_test_set(trained_run):
    at = ok(run_page("app_pages/feature_maps.py", fm_input=ui_state.FeatureMapsInput(np.zeros((5, 5)), "bad")))
    assert len(at.warning) == 1 and at.radio(key="fm_source").value == "dataset"


def test_closer_look_follows_the_map_number(trained_run):
    at = ok(run_page("app_pages/feature_maps.py"))
    first_layer = at.session_state["fm_focus"] if "fm_focus" in at.session_state else None
    key = next(n.key for n in at.number_input if n.key.startswith("fm_closer_"))
    at.number_input(key=key).set_value(5).run()
    ok(at)
    assert first_layer is None or first_layer in key
    assert any("Map 5 of" in m.value for m in at.markdown)


def test_pixel_hover_text_is_in_korean(trained_run):
    import json

    at = ok(run_page("app_pages/feature_maps.py", "ko"))
    templates = [trace.get("hovertemplate") or "" for c in at.get("plotly_chart")
                 for trace in json.loads(c.proto.spec)["data"]]
    pixel = [t for t in templates if "%{y}, " in t]
    assert pixel and all(t.startswith("행 %{y}, 열 %{x}") for t in pixel)  # the input and the large maps
    assert any("픽셀 값" in t for t in pixel)


def test_an_imported_textbook_model_on_both_pages(tmp_path):
    import keras

    from cnnviz import importing, runs
    from tests.test_importing import textbook_cnn

    textbook_cnn().save(tmp_path / "best-cnn-model.keras")
    model = importing.load_upload((tmp_path / "best-cnn-model.keras").read_bytes())
    runs.create_imported_run(model, "fashion_mnist", "best-cnn-model")
    at = ok(run_page("app_pages/filters.py", "en", "fashion_mnist"))
    assert any("imported from a file" in m.value for m in at.markdown)
    assert at.slider(key="filters_epoch").max == 1  # snapshots: re-initialised twin, imported weights
    at = ok(run_page("app_pages/feature_maps.py", "ko", "fashion_mnist"))
    assert any("(1, 14, 14, 64)" in m.value for m in at.markdown)
    flat = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(16, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])
    runs.create_imported_run(flat, "mnist", "flat")
    assert len(ok(run_page("app_pages/filters.py", "en", "mnist")).info) == 1  # no conv layer, no filters
    shown = [m.value for m in ok(run_page("app_pages/feature_maps.py", "en", "mnist")).markdown]
    assert any("Output (1, 16): 16 numbers" in m for m in shown) and any("softmax turns" in m for m in shown)
