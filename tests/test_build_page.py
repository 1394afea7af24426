"""The Build page under AppTest: presets, sliders, reordering, errors on the layer at fault, the URL."""
import pytest

from cnnviz import architecture as arch
from cnnviz.i18n import t
from tests.conftest import run_page
from tests.test_architecture import INVALID

PAGE = "app_pages/build.py"


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def total(at) -> str:
    return at.metric[0].value


def open_build(lang="en", arch_param=None):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = lang
    if arch_param is not None:
        at.query_params["arch"] = arch_param
    at.switch_page(PAGE)
    return ok(at.run())


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_default_is_the_textbook_model_with_keras_numbers(lang):
    at = ok(run_page(PAGE, lang))
    assert total(at) == "333,526"
    assert at.metric[3].value == "1.27 MB"  # as Keras's model.summary() prints it
    table = at.dataframe[0].value
    assert list(table["layer"])[:2] == ["input (InputLayer)", "conv2d_1 (Conv2D)"]
    assert list(table["params"]) == ["0", "320", "0", "18,496", "0", "0", "313,700", "0", "1,010", "0"]
    assert "floor((28 + 2·1 − 3)/1) + 1 = 28" in list(table["shape_formula"])
    assert at.query_params["arch"] == arch.encode(arch.PRESETS["fashion_cnn"])
    assert 'name="logits"' in at.code[0].value
    output = next(m for m in at.markdown if "softmax" in m.value or "소프트맥스" in m.value)
    assert output.proto.help == t("glossary.softmax", lang)


def test_presets_load_in_one_click():
    at = ok(run_page(PAGE))
    for name, expected in [("mnist_slides", "1,199,882"), ("keras_simple", "34,826"), ("mnist_cnn", "421,642"),
                           ("tiny", f"{arch.summarize(arch.PRESETS['tiny']).total_params:,}")]:
        ok(at.button(key=f"build_preset_{name}").click().run())
        assert total(at) == expected
        assert at.query_params["arch"] == arch.encode(arch.PRESETS[name])


def test_a_slider_changes_table_and_totals():
    at = ok(run_page(PAGE))
    ok(at.select_slider(key="build_0_filters").set_value(64).run())
    spec = arch.PRESETS["fashion_cnn"].copy()
    spec[0] = {**spec[0], "filters": 64}
    assert total(at) == f"{arch.summarize(spec).total_params:,}"
    assert "3·3·1·64 + 64 = 640" in list(at.dataframe[0].value["params_formula"])
    ok(at.radio(key="build_0_padding").set_value("valid").run())
    assert at.dataframe[0].value["shape"][1] == "(26, 26, 64)"
    assert at.query_params["arch"].startswith("C64-3-1-v-r_")


def test_reorder_duplicate_remove_and_add():
    at = ok(run_page(PAGE))
    # Flatten (uid 4) up above the second pooling: the pooling now gets a flat vector
    ok(at.button(key="build_build.move_up_4").click().run())
    assert not at.dataframe
    assert "Layer 5 (MaxPooling2D) needs an image volume" in at.error[0].value
    assert "layer 4 already made it a flat vector of 12,544 numbers" in at.error[0].value  # 14·14·64
    ok(at.button(key="build_build.move_down_4").click().run())
    assert total(at) == "333,526"
    ok(at.button(key="build_build.duplicate_5").click().run())  # a second Dense 100
    assert total(at) == f"{333_526 + 100 * 100 + 100:,}"
    ok(at.button(key="build_build.remove_5").click().run())
    assert total(at) == f"{333_526 - 313_700 + 3136 * 100 + 100 - 100 * 10 - 10 + 100 * 10 + 10:,}"
    at.selectbox(key="build_add_kind_en").set_value("Dense — fully connected")
    ok(at.button(key="build_add").click().run())
    assert arch.label([layer for _, layer in at.session_state["build_stack"]]).endswith("Drop0.4·Dense128")
    at.selectbox(key="build_add_kind_en").set_value("Conv2D — convolution")
    at.selectbox(key="build_add_where_en_8").set_value("after layer 3 (Conv2D)")
    ok(at.button(key="build_add").click().run())
    assert arch.label([layer for _, layer in at.session_state["build_stack"]]).startswith("Conv32·Pool·Conv64·Conv32")


def test_too_small_output_is_marked_on_its_layer_in_korean():
    at = ok(run_page(PAGE, "ko"))
    ok(at.slider(key="build_1_pool_size").set_value(5).run())
    ok(at.slider(key="build_1_strides").set_value(5).run())  # 28 → 5
    ok(at.radio(key="build_2_padding").set_value("valid").run())
    ok(at.slider(key="build_2_kernel_size").set_value(7).run())  # a 7×7 window on 5×5
    assert len(at.error) == 2  # on the card and above the (now missing) summary
    assert "3번 층(Conv2D): 7×7 창이 5픽셀짜리 입력에 들어가지 않아" in at.error[0].value
    assert any("(5, 5, 32)" in c.value for c in at.caption)  # layers before the fault still show their shapes
    assert not at.dataframe


def test_uneven_stride_warns_on_the_layer():
    at = ok(run_page(PAGE))
    ok(at.slider(key="build_1_pool_size").set_value(3).run())
    assert any("not a multiple of the stride" in w.value for w in at.warning)


def test_the_url_reproduces_an_architecture():
    at = open_build("en", "C8-5-1-v-r_A2-2_G_D16-t")
    spec = arch.decode("C8-5-1-v-r_A2-2_G_D16-t")
    assert total(at) == f"{arch.summarize(spec).total_params:,}"
    assert [layer for _, layer in at.session_state["build_stack"]] == spec


@pytest.mark.parametrize("lang,text", [("en", "could not be read"), ("ko", "읽을 수 없어")])
def test_a_broken_url_falls_back_to_the_textbook_model_with_a_warning(lang, text):
    at = open_build(lang, "C8-5-1-v-r_Q12_F")
    assert any(text in w.value for w in at.warning)
    assert total(at) == "333,526"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("text,shown", [
    ("D" + "9" * 400 + "-r", "9" * 23 + "…"),  # was an OverflowError traceback
    ("D" + "9" * 5000 + "-r", "5,003"),  # was Python's integer-string limit ValueError
    ("Q" * 400_000, "400,000"),  # the warning once repeated all of it (Streamlit drops queries over 512 KiB)
    ("X[prize](//ev.il)", "X\\[prize\\](//ev.il)"),  # shown as typed, not as a link
], ids=["400 digits", "5000 digits", "long token", "markdown"])
def test_a_hostile_link_is_a_short_translated_warning(lang, text, shown):
    at = open_build(lang, text)
    (warning,) = at.warning
    assert t("build.url_error", lang, error="").split("(")[0] in warning.value and shown in warning.value
    assert len(warning.value) < 300 and total(at) == "333,526"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_engine_error_has_a_translation(lang):
    for spec, code, _ in INVALID:
        with pytest.raises(arch.ArchitectureError) as caught:
            arch.summarize(spec)
        assert "{" not in t(f"build.error.{code}", lang, **caught.value.values)
    with pytest.raises(arch.ArchitectureError) as caught:
        arch.decode("C8-3-1-s-r_Q12")
    assert "Q12" in t(f"build.error.{caught.value.code}", lang, **caught.value.values)
    notice = arch.summarize([{"kind": "flatten"}, {"kind": "flatten"}]).warnings[0]
    assert "2" in t(f"build.warn.{notice.code}", lang, **notice.values)


def test_the_layer_limit_disables_add_and_duplicate_and_a_longer_stack_is_a_message():
    full = [{"kind": "dropout", "rate": 0.1}] * (arch.MAX_LAYERS - 1) + [{"kind": "flatten"}]
    at = open_build("en", arch.encode(full))
    assert len(at.session_state["build_stack"]) == arch.MAX_LAYERS
    assert at.button(key="build_add").disabled and at.button(key="build_build.duplicate_0").disabled
    # a stack past the limit (as the old Duplicate button made) explains itself and keeps the last good URL
    at.session_state["build_stack"] = [*at.session_state["build_stack"], [999, {"kind": "dropout", "rate": 0.1}]]
    ok(at.run())
    assert any(f"At most {arch.MAX_LAYERS} layers, this stack has {arch.MAX_LAYERS + 1}." in e.value
               for e in at.error)
    assert at.query_params["arch"] == arch.encode(full)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_share_link_holds_the_architecture_but_never_the_workspace(lang):
    from urllib.parse import parse_qs, urlsplit

    at = open_build(lang, "C8-5-1-v-r_A2-2_G_D16-t")
    assert at.query_params["ws"]  # the address bar carries the workspace...
    link = next(c.value for c in at.code if "arch=" in c.value)
    assert parse_qs(urlsplit(link).query) == {"arch": ["C8-5-1-v-r_A2-2_G_D16-t"], "lang": [lang],
                                              "dataset": ["mnist"]}  # ...the share link does not
    assert "ws=" not in link


@pytest.mark.parametrize("lang,text", [("en", "γ (scale) and β (shift), 64 trained"), ("ko", "γ(배율)와 β(이동) 64개")])
def test_a_batchnorm_card_explains_its_four_numbers_per_channel(lang, text):
    at = ok(run_page(PAGE, lang))
    at.button(key="build_preset_quick_bn").click().run()
    captions = [c.value for c in ok(at).caption]
    assert any(text in c for c in captions), captions  # after Conv2D(32): 128 parameters, 64 of them not trained
    assert any("64" in c and "model.summary()" in c for c in captions)
