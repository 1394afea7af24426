"""The Compare page under AppTest with two real runs of MNIST: both networks at one epoch, for one image."""

import pytest

from cnnviz import architecture, datasets, evaluation, snapshots, training
from tests.conftest import run_page, run_page_until_settled
from tests.fixtures import copy_run_into

PAGE = "app_pages/compare.py"


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def second_run_dir(tmp_path_factory):
    """Another tiny MNIST run: another seed, two epochs (so the two runs share epochs 0 and 1 only)."""
    ds = datasets.load("mnist")
    spec = architecture.PRESETS["tiny"]
    config = {"train_size": 600, "epochs": 2, "batch_size": 32, "learning_rate": 0.01, "seed": 11}
    run = training.start_run(spec, ds, config, name="tiny seed 11", home=tmp_path_factory.mktemp("second_run"))
    training.train(spec, ds, run=run)
    assert run.status == "finished", run.error
    return run.path


@pytest.fixture
def two_runs(trained_run, second_run_dir, cnnviz_home):
    return trained_run, copy_run_into(cnnviz_home, second_run_dir)


def _settled(lang: str = "en", **state):
    return run_page_until_settled(PAGE, lang, **state)


@pytest.mark.parametrize("lang,says", [("en", "needs two trained models"), ("ko", "모델이 두 개 필요합니다")])
def test_one_run_is_not_enough(trained_run, lang, says):
    at = ok(run_page(PAGE, lang))
    assert any(says in i.value for i in at.info)


@pytest.mark.parametrize("lang,said", [("en", "It says **{label}**"), ("ko", "**{label}**(")])
def test_two_runs_side_by_side_at_the_epoch_both_kept(two_runs, lang, said):
    first, second = two_runs
    at = _settled(lang, cmp_run_a=first.id, cmp_run_b=second.id, cmp_index=5)
    assert at.select_slider(key="cmp_epoch").options == ["0 · untrained" if lang == "en" else "0 · 훈련 전", "1"]
    assert at.select_slider(key="cmp_epoch").value == 1
    # kernels, maps, Grad-CAM and the map of what each learned, for each run
    assert len(at.get("plotly_chart")) == 8
    ds = datasets.load("mnist")
    names = [str(c) for c in range(10)]
    for run, epoch in ((first, 1), (second, 1)):
        with snapshots.EpochModel(run).at(epoch) as m:
            label = names[int(evaluation.predict(m.model, ds.x_test[5:6]).argmax())]
        assert any(said.format(label=label) in md.value for md in at.markdown)


def test_epoch_0_shows_both_untrained_networks(two_runs):
    first, second = two_runs
    at = _settled(cmp_run_a=first.id, cmp_run_b=second.id, cmp_index=5)
    at.select_slider(key="cmp_epoch").set_value(0).run()
    ok(at)
    columns = [md.value for md in at.markdown if md.value.startswith("**tiny")]
    assert columns and all(c.endswith("untrained (epoch 0)") for c in columns)
    ds = datasets.load("mnist")
    for run in (first, second):
        label = int(evaluation.predict(run.initial_model(), ds.x_test[5:6]).argmax())
        assert any(f"It says **{label}**" in md.value for md in at.markdown)


def test_the_same_run_on_both_sides_is_refused(two_runs):
    first, _ = two_runs
    at = ok(run_page(PAGE, cmp_run_a=first.id, cmp_run_b=first.id))
    assert any("the same run" in i.value for i in at.info)
