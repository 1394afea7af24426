"""The Evaluate page under AppTest with real trained runs: scores, matrix click, gallery, comparison."""
import shutil

import numpy as np
import pytest

from cnnviz import datasets, evaluation as ev, runs
from tests.conftest import run_page


def _expected(run):
    ds = datasets.load(run.dataset)
    return ds, ev.evaluate(run.model(), ds.x_test, ds.y_test)


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang,label", [("en", "test accuracy"), ("ko", "테스트 정확도")])
def test_scores_match_the_model_and_are_saved_with_the_run(trained_run, lang, label):
    at = run_page("app_pages/evaluate.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    _, expected = _expected(trained_run)
    assert _metric(at, label) == f"{expected.accuracy:.1%}"
    saved = runs.load_run(trained_run.id, trained_run.path.parent).test_metrics
    assert saved["accuracy"] == pytest.approx(expected.accuracy)
    assert saved["loss"] == pytest.approx(expected.loss, rel=1e-4)
    assert saved["n"] == 10000  # the MNIST sample tests on the canonical test set


def test_a_matrix_click_filters_the_gallery_to_that_cell(trained_run):
    _, expected = _expected(trained_run)
    off_diagonal = expected.matrix - np.diag(np.diag(expected.matrix))
    true, pred = np.unravel_index(off_diagonal.argmax(), off_diagonal.shape)
    at = run_page("app_pages/evaluate.py", "en", ev_matrix_0={"selection": {"points": [{"x": int(pred), "y": int(true)}]}})
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="ev_true").value == true and at.selectbox(key="ev_pred").value == pred
    assert any(f"{off_diagonal[true, pred]:,} test images" in m.value for m in at.markdown)
    sent = [b for b in at.button if b.key and b.key.startswith("ev_send_")]
    indices = [int(b.key.rsplit("_", 1)[1]) for b in sent]
    assert len(indices) == min(24, off_diagonal[true, pred])
    assert all(expected.y_true[i] == true and expected.y_pred[i] == pred for i in indices)
    confidences = expected.confidence[indices]
    assert np.all(np.diff(confidences) <= 0)  # most confidently wrong first

    # choosing a class by hand drops the cell: every mistake of that true class is listed
    at.selectbox(key="ev_pred").set_value(None).run()
    assert not at.exception
    n_wrong = int(off_diagonal[true].sum())
    assert any(f"{n_wrong:,} mistakes match" in m.value for m in at.markdown)


def test_every_mistake_can_be_paged_to(trained_run):
    _, expected = _expected(trained_run)
    mistakes = ev.examples(expected.y_true, expected.y_pred, expected.confidence)
    assert len(mistakes) > 12, "the trained fixture should make more mistakes than one page holds"
    at = run_page("app_pages/evaluate.py", "en")
    at.select_slider(key="ev_how_many").set_value(12).run()
    pager = next(n for n in at.number_input if n.key.startswith("ev_page_"))
    pages = -(-len(mistakes) // 12)
    assert pager.max == pages
    seen = []
    for page in range(1, pages + 1):
        pager.set_value(page).run()
        assert not at.exception, [e.value for e in at.exception]
        seen += [int(b.key.rsplit("_", 1)[1]) for b in at.button if b.key and b.key.startswith("ev_send_")]
        pager = next(n for n in at.number_input if n.key.startswith("ev_page_"))
    assert seen == [int(i) for i in mistakes]  # every mistake once, in the gallery's order
    assert any(f"Showing {(pages - 1) * 12 + 1:,}–{len(mistakes):,}." in m.value for m in at.markdown)


def test_feature_maps_button_sends_the_image(trained_run):
    ds, expected = _expected(trained_run)
    at = run_page("app_pages/evaluate.py", "en")
    first = next(b for b in at.button if b.key and b.key.startswith("ev_send_"))
    index = int(first.key.rsplit("_", 1)[1])
    assert index == ev.examples(expected.y_true, expected.y_pred, expected.confidence)[0]
    first.click().run()
    sent = at.session_state["fm_input"]
    assert sent.pixels.dtype == np.float32 and sent.pixels.shape == (28, 28)
    np.testing.assert_allclose(sent.pixels, ds.x_test[index] / 255.0, atol=1e-6)
    assert f"#{index}" in sent.caption


def test_fashion_classes_in_korean(trained_fashion_run):
    at = run_page("app_pages/evaluate.py", "ko", "fashion_mnist")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="ev_true").options[7] == "셔츠"  # options[0] is "전체" (all)
    assert at.selectbox(key="ev_true").options[0] == "전체"


def test_two_runs_compared_image_by_image(trained_run):
    # a second real run: the same network with its untrained initial weights
    untrained_dir = trained_run.path.with_name(trained_run.id + "-untrained")
    shutil.copytree(trained_run.path, untrained_dir)
    untrained = runs.load_run(untrained_dir.name, untrained_dir.parent)
    runs.rename_run(untrained, "untrained")
    runs.save_model(untrained, untrained.initial_model())
    at = run_page("app_pages/evaluate.py", "en", active_run=trained_run.id)
    assert not at.exception, [e.value for e in at.exception]
    ds, a = _expected(trained_run)
    b = ev.evaluate(untrained.model(), ds.x_test, ds.y_test)
    groups = ev.compare(a.y_true, a.y_pred, b.y_pred)
    for group in ("both_right", "only_a", "only_b", "both_wrong"):
        assert _metric(at, {"both_right": "both right", "only_a": "only A right", "only_b": "only B right",
                            "both_wrong": "both wrong"}[group]) == f"{len(groups[group]):,}"
    shown = [int(b.key.rsplit("_", 1)[1]) for b in at.button if b.key and b.key.startswith("ev_cmp_send_")]
    assert shown and set(shown) <= set(groups["only_a"].tolist())


def test_a_damaged_model_file_gives_a_message_not_a_traceback(trained_run):
    (trained_run.path / runs.MODEL_FILE).write_bytes(b"PK\x03\x04 not really a keras file")
    at = run_page("app_pages/evaluate.py", "ko")
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "model.keras" in at.error[0].value
