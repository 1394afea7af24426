"""The Map page under AppTest with a real trained run: maps made in the background, a click, the outliers."""

import numpy as np
import pytest

from cnnviz import datasets, projection, ui_projection
from tests.conftest import run_page_until_settled

PAGE = "app_pages/projection.py"


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def _settled(lang: str = "en", **state):
    return run_page_until_settled(PAGE, lang, **state)


@pytest.mark.parametrize("lang,untrained,took", [("en", "untrained (epoch 0)", "PCA of {n} images took"),
                                                 ("ko", "훈련 전 (에포크 0)", "이미지 {n}개의 PCA에")])
def test_the_map_shows_untrained_next_to_the_chosen_epoch(trained_run, lang, untrained, took):
    at = _settled(lang)
    took = took.format(n=f"{len(ui_projection.sample(datasets.load('mnist'))):,}")
    assert [s.value for s in at.subheader][:2] == [untrained, "after epoch 1" if lang == "en" else "에포크 1 후"]
    assert len([c for c in at.caption if took in c.value]) == 2
    assert len(at.get("plotly_chart")) == 2


def test_a_clicked_point_shows_its_image_and_opens_it_on_feature_maps(trained_run):
    at = _settled()
    ds = datasets.load("mnist")
    index = int(ui_projection.sample(ds)[7])
    at.session_state[ui_projection.PICKED] = index
    at.run()
    ok(at)
    assert any(f"Test image #{index}: a **{ds.y_test[index]}**" in m.value for m in at.markdown)
    next(b for b in at.button if b.key == "proj_to_fm").click().run()
    ok(at)
    assert at.session_state["fm_input"].caption == f"test #{index} · {ds.y_test[index]} (from the Map)"


def test_evaluate_opens_filtered_to_the_picked_images_classes(trained_run):
    at = _settled()
    index = int(ui_projection.sample(datasets.load("mnist"))[3])
    at.session_state[ui_projection.PICKED] = index
    at.run()
    next(b for b in at.button if b.key == "proj_to_ev").click().run()
    ok(at)
    result = projection.get(next(k for k in projection._jobs if k[0] == str(trained_run.path) and k[1] == 1)).result
    i = int(np.flatnonzero(result.indices == index)[0])
    assert (at.selectbox(key="ev_true").value, at.selectbox(key="ev_pred").value) == (result.labels[i],
                                                                                       result.predicted[i])


def test_t_sne_and_the_untrained_only_map_at_epoch_0(trained_run):
    at = _settled(proj_method="tsne", epochs={trained_run.id: 0})
    assert [s.value for s in at.subheader][:1] == ["untrained (epoch 0)"] and len(at.get("plotly_chart")) == 1
    n = len(ui_projection.sample(datasets.load("mnist")))
    assert any(f"t-SNE of {n:,} images took" in c.value for c in at.caption)
