"""The shared epoch slider under AppTest: chosen on one page, shown by Feature maps, Evaluate and Draw."""
import shutil

import numpy as np
import pytest

from cnnviz import datasets, evaluation as ev, runs, snapshots
from tests.conftest import run_page


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang,untrained,accuracy", [("en", "The untrained network says", "test accuracy"),
                                                     ("ko", "훈련 전 네트워크의 예측", "테스트 정확도")])
def test_the_epoch_chosen_on_feature_maps_moves_evaluate_and_draw(trained_run, lang, untrained, accuracy):
    at = ok(run_page("app_pages/feature_maps.py", lang))
    assert at.select_slider(key="epoch_slider").value == 1  # the trained model, as before there was a choice
    at.select_slider(key="epoch_slider").set_value(0).run()
    ok(at)
    ds = datasets.load("mnist")
    probs = ev.predict(trained_run.initial_model(), ds.x_test[:1])[0]
    assert any(f"{untrained}" in m.value and f"**{int(np.argmax(probs))}** ({probs.max():.1%})" in m.value
               for m in at.markdown)

    at.switch_page("app_pages/evaluate.py").run()
    ok(at)
    assert at.select_slider(key="epoch_slider").value == 0
    at_zero = ev.evaluate(trained_run.initial_model(), ds.x_test, ds.y_test)
    assert _metric(at, accuracy) == f"{at_zero.accuracy:.1%}"
    saved = runs.load_run(trained_run.id, trained_run.path.parent).test_metrics
    assert saved["accuracy"] != pytest.approx(at_zero.accuracy)  # epoch 0's score is not kept as the run's

    at.switch_page("app_pages/draw.py").run()
    ok(at)
    assert at.select_slider(key="epoch_slider").value == 0
    at.select_slider(key="epoch_slider").set_value(1).run()
    at.switch_page("app_pages/evaluate.py").run()
    ok(at)
    trained = ev.evaluate(trained_run.model(), ds.x_test, ds.y_test)
    assert _metric(at, accuracy) == f"{trained.accuracy:.1%}"


def test_play_starts_from_the_untrained_network_at_the_last_epoch_and_pause_stops(trained_run):
    at = ok(run_page("app_pages/evaluate.py"))
    play = next(b for b in at.button if b.key == "epochs_play")
    assert play.label == "Play"
    play.click().run()
    ok(at)
    assert at.select_slider(key="epoch_slider").value == 0
    pause = next(b for b in at.button if b.key == "epochs_play")
    assert pause.label == "Pause"
    pause.click().run()
    assert next(b for b in at.button if b.key == "epochs_play").label == "Play"


def test_feature_maps_show_the_chosen_map_over_the_epochs(trained_run):
    at = ok(run_page("app_pages/feature_maps.py"))
    assert any(m.value == "**Map 0 of conv2d_1 over the epochs**" for m in at.markdown)
    assert any("one symmetric scale" in c.value for c in at.caption)


@pytest.mark.parametrize("lang,note", [("en", "trained before cnnviz kept every epoch's weights"),
                                       ("ko", "에포크마다 가중치를 남기기 전에")])
def test_a_run_without_weight_files_says_it_offers_only_untrained_and_final(trained_run, lang, note):
    shutil.rmtree(trained_run.path / snapshots.WEIGHTS_DIR)
    at = ok(run_page("app_pages/draw.py", lang))
    assert at.select_slider(key="epoch_slider").options == [at.select_slider(key="epoch_slider").format_func(0), "1"]
    assert any(note in c.value for c in at.caption)


def test_a_thinned_run_says_which_epochs_it_kept(trained_run):
    for epoch in (2, 3, 4):  # as if the run had trained 4 epochs and kept 0, 2 and 4
        snapshots.write(trained_run, epoch, snapshots.weights_at(trained_run, 1))
    (trained_run.path / snapshots.WEIGHTS_DIR / "0003.npz").unlink()
    (trained_run.path / snapshots.WEIGHTS_DIR / "0001.npz").unlink()
    trained_run.history = {k: v * 4 for k, v in trained_run.history.items()}
    runs.save(trained_run)
    at = ok(run_page("app_pages/evaluate.py"))
    assert any("kept the weights of 3 of its 4 epochs: every epoch that is a multiple of 2" in c.value
               for c in at.caption)
