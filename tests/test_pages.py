"""Every page runs under Streamlit's AppTest in both languages without an exception.

An untranslated key raises KeyError inside the page, so it fails here too. Pages that need
a trained model are run with none (they must explain, not crash); their own test files run
them with a trained run.
"""
import pytest
from cnnviz import ui
from cnnviz.i18n import t
from tests.conftest import run_page

PAGE_FILES = [page.path for page in ui.PAGES.values()]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", PAGE_FILES)
def test_page_runs_without_exception(path, lang):
    at = run_page(path, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title or at.info, "the page shows nothing"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_data_page_on_fashion_names_classes_in_the_language(lang):
    at = run_page("app_pages/data.py", lang, "fashion_mnist")
    assert not at.exception
    multiselect = at.multiselect[0]
    assert multiselect.options[6] == {"en": "Shirt", "ko": "셔츠"}[lang]
    assert any("5,000" in box.value for box in [*at.info, *at.warning])  # the size is stated


def test_pixel_inspector_toggle_and_index():
    at = run_page("app_pages/data.py", "en")
    at.number_input[0].set_value(3).run()
    at.toggle[0].set_value(True).run()
    assert not at.exception
    assert any(m.value.startswith("Image **#3**, label") for m in at.markdown)  # not "#30"


def chart(at, key: str) -> dict:
    import json
    return json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key)).proto.spec)


def test_pixel_table_shows_min_and_max_as_pixel_values():
    at = run_page("app_pages/data.py", "en")
    table = at.table[0].value
    assert list(table["max"]) == ["255", "255"] and list(table["min"]) == ["0", "0"]
    assert all(len(v.split(".")[1]) == 1 for v in table["mean"])


def test_pixel_inspector_speaks_the_language_and_shows_two_decimals():
    at = run_page("app_pages/data.py", "ko")
    for key in ("inspect_small", "inspect_pixels"):
        assert chart(at, key)["data"][0]["hovertemplate"].startswith("행 %{y}, 열 %{x}<br>픽셀 값 ")
    assert "<br>픽셀 값 %{z}<" in chart(at, "sample_grid")["data"][0]["hovertemplate"]  # 0–255 as whole numbers
    at.toggle[0].set_value(True).run()
    assert not at.exception
    heatmap = chart(at, "inspect_pixels")["data"][0]
    assert "픽셀 값 ÷ 255" in heatmap["hovertemplate"]
    cells = {cell for row in heatmap["text"] for cell in row if cell}
    assert cells and all(len(cell) == 4 and cell[1] == "." for cell in cells)  # 0.05, 0.50, 1.00
    assert any(help_text.startswith("원-핫") for help_text in (c.proto.help for c in at.caption))


def test_broken_dataset_file_shows_an_error_not_a_traceback(broken_mnist):
    at = run_page("app_pages/data.py", "ko")
    assert not at.exception
    assert "train-images-idx3-ubyte.gz" in at.error[0].value


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_sample_grid_of_a_class_the_split_lacks_says_so(mnist_without_test_threes, lang):
    at = run_page("app_pages/data.py", lang)
    at.radio(key="data_split").set_value(t("common.test", lang)).run()
    at.multiselect[0].select(3).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("sample_grid")]
    assert t("data.no_such_images", lang, split=t("common.test", lang)) in [box.value for box in at.info]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_home_names_a_broken_dataset_in_its_place_and_shows_the_rest(broken_mnist, lang):
    at = run_page("app_pages/home.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1 and "train-images-idx3-ubyte.gz" in at.error[0].value
    assert at.error[0].value.startswith(f"**{t('dataset.mnist', lang)}**")
    fashion = t("dataset.fashion_mnist", lang)
    assert any(box.value.startswith(f"**{fashion}**") for box in [*at.success, *at.warning])
    assert len(at.get("page_link")) == len(ui.PAGES) - 1
    assert at.markdown[-1].value == t("home.start", lang)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_int8_labels_are_a_translated_error_naming_the_file_on_data_and_home(own_mnist, lang):
    """Labels stored as int8 with a -1 once loaded and then crashed the Data page."""
    import numpy as np

    from cnnviz.datasets import FILES, write_idx

    for key, name in FILES.items():
        write_idx(own_mnist / name, np.zeros((4, 28, 28)) if key.startswith("x") else np.arange(4))
    labels = own_mnist / FILES["y_train"]
    labels.write_bytes(bytes([0, 0, 0x09, 1]) + (4).to_bytes(4, "big") + np.array([1, -1, 2, 3], "i1").tobytes())
    expected = t("common.dataset_error", lang, error=t("dataset_fault.not_bytes", lang, file=str(labels), dtype="int8"))
    for page in ("app_pages/data.py", "app_pages/home.py"):
        at = run_page(page, lang)
        assert not at.exception, [e.value for e in at.exception]
        assert any(box.value.endswith(expected) for box in at.error), [box.value for box in at.error]
