"""The line's arithmetic: fair order, one training per workspace, waits, predicted durations, a server's caps."""
import pytest

from cnnviz import architecture, scheduling, training
from cnnviz.scheduling import CostModel, CpuLoad, Entry


def _line(*entries):
    return [Entry(key, ws, seconds, running) for key, ws, seconds, running in entries]


def test_a_workspaces_second_training_waits_behind_every_other_workspaces_first():
    entries = _line(("a1", "a", 10, True), ("a2", "a", 10, False), ("b1", "b", 10, False), ("c1", "c", 10, False),
                    ("b2", "b", 10, False))
    assert [e.key for e in scheduling.line_order(entries)] == ["b1", "c1", "a2", "b2"]


def test_only_one_training_per_workspace_runs_and_no_more_than_the_slots():
    entries = _line(("a1", "a", 10, True), ("a2", "a", 10, False), ("b1", "b", 10, False), ("c1", "c", 10, False))
    assert [e.key for e in scheduling.to_start(entries, slots=3)] == ["b1", "c1"]
    assert [e.key for e in scheduling.to_start(entries, slots=2)] == ["b1"]
    assert scheduling.to_start(entries, slots=1) == []
    assert scheduling.to_start(_line(("a1", "a", 10, True), ("a2", "a", 10, False)), slots=4) == []


def test_waits_play_the_line_forward_one_slot():
    # one slot: a1 has 20 s to go, then b1 (30 s), then a2 (40 s), then c1
    entries = _line(("a1", "a", 20, True), ("a2", "a", 40, False), ("b1", "b", 30, False), ("c1", "c", 5, False))
    assert scheduling.waits(entries, slots=1) == {"b1": (1, 20.0), "c1": (2, 50.0), "a2": (3, 55.0)}


def test_waits_with_two_slots_and_a_workspace_that_must_wait_for_itself():
    # a1 runs 50 s more and b1 10 s; a2 cannot start before a1 ends even though b1 frees a slot at 10 s
    entries = _line(("a1", "a", 50, True), ("b1", "b", 10, True), ("a2", "a", 20, False), ("c1", "c", 30, False))
    assert scheduling.waits(entries, slots=2) == {"c1": (2, 10.0), "a2": (3, 50.0)}


def test_nothing_waits_in_an_empty_line():
    assert scheduling.waits(_line(("a1", "a", 10, False)), slots=1) == {"a1": (0, 0.0)}
    assert scheduling.waits([], slots=1) == {}


def test_per_image_counts_each_weight_once_per_position_and_every_layer_output_but_flatten():
    # tiny: conv 3x3x1x8 (+8) on 28x28, pool, conv 3x3x8x8 (+8) on 14x14, pool, flatten 392, dense 392x10 (+10)
    cost = scheduling.per_image(architecture.PRESETS["tiny"], (28, 28, 1), 10)
    assert cost.macs == 80 * 28 * 28 + 584 * 14 * 14 + 3930
    # conv, pool, conv, pool outputs; the logits and their softmax
    assert cost.elements == 28 * 28 * 8 + 14 * 14 * 8 + 14 * 14 * 8 + 7 * 7 * 8 + 10 + 10


def test_passes_count_training_validation_and_test_images_and_batches():
    cfg = training.check_config({"train_size": 1000, "val_fraction": 0.2, "epochs": 3, "batch_size": 64},
                                4000)  # 800 fit, 200 val
    assert scheduling.passes(cfg, 1000) == pytest.approx((3 * (800 + 200 / 3) + 1000 / 3, 3 * (13 + 4) + 2, 3))
    on_test = training.check_config({"train_size": 1000, "validation": "test", "epochs": 2, "batch_size": 100},
                                    4000)  # val = test set
    assert scheduling.passes(on_test, 500) == pytest.approx((2 * (1000 + 500 / 3) + 500 / 3, 2 * (10 + 5) + 1, 2))


def test_a_bigger_training_or_model_is_predicted_to_take_longer():
    costs, small = CostModel(), scheduling.PerImage(macs=1_000_000, elements=10_000)
    size = scheduling.Passes(images=10_000, steps=200, epochs=2)
    base = costs.predict(size, small)
    assert base == pytest.approx(CostModel.START_S + 10_000 * (1e6 * CostModel.SECONDS_PER_MAC + 1e4 *
                                                               CostModel.SECONDS_PER_ELEMENT)
                                 + 200 * CostModel.SECONDS_PER_STEP + 2 * CostModel.SECONDS_PER_EPOCH)
    assert costs.predict(size, small._replace(macs=2_000_000)) > base
    assert costs.predict(size, small._replace(elements=20_000)) > base
    assert costs.predict(size._replace(steps=400), small) > base  # the same images in smaller batches
    assert costs.predict(size._replace(epochs=4), small) > base


def test_the_cost_model_learns_the_real_speed_from_finished_and_running_trainings():
    costs = CostModel()
    predicted = costs.predict(scheduling.Passes(10_000, 200, 2), scheduling.PerImage(10**6, 10**4))
    assert costs.correction() == 1.0
    costs.learn(predicted, 2 * predicted)  # this server is twice as slow as the constants say
    assert costs.correction() == pytest.approx(2.0)
    # a running training 40% through after 12 s of batches is heading for START_S + 30 s
    projected = CostModel.projected(12.0, 0.4)
    assert CostModel.projected(12.0, 0.4, mark=(9.0, 0.1)) == pytest.approx(CostModel.START_S + 12.0 + 6.0)
    assert projected == pytest.approx(CostModel.START_S + 30.0)
    assert CostModel.projected(1.0, 0.05) is None  # too early to judge
    assert costs.correction([(projected / 3, projected)]) == pytest.approx(2.5)  # median of 2 and 3
    for _ in range(CostModel.KEEP):
        costs.learn(10.0, 5.0)  # only the last few are remembered
    assert costs.correction() == pytest.approx(0.5)


def stat(user: int, nice: int, system: int, idle: int) -> tuple[int, int]:
    return CpuLoad.parse(f"cpu  {user} {nice} {system} {idle} 0 0 0 0 0 0")


def test_before_any_training_shows_its_speed_the_estimate_allows_for_the_cpu_the_pages_take():
    load = CpuLoad()
    assert load.slowdown() == 1.0  # nothing measured yet: an idle machine
    load.sample(0.0, stat(user=100, nice=50, system=100, idle=1000))
    load.sample(0.5, stat(user=900, nice=50, system=100, idle=1000))  # too soon after the last: not kept
    load.sample(10.0, stat(user=500, nice=550, system=200, idle=1250))
    # over 10 s: 400 + 100 ticks busy at normal priority (pages), 500 niced (trainings), 250 idle
    assert load.busy() == pytest.approx(0.4) and load.slowdown() == pytest.approx(1 / 0.6)
    assert CostModel().correction(before_any=load.slowdown()) == pytest.approx(1 / 0.6)
    costs = CostModel()
    costs.learn(10.0, 30.0)  # once a training has really run, its speed counts, not the load's guess
    assert costs.correction(before_any=load.slowdown()) == pytest.approx(3.0)
    load.sample(50.0, stat(user=1500, nice=550, system=200, idle=1250))  # 40 s later, pages alone on the CPU
    assert load.busy() == pytest.approx(1.0) and load.slowdown() == pytest.approx(1 / CpuLoad.MIN_FREE)
    load.sample(60.0, stat(user=1500, nice=550, system=200, idle=2250))
    assert load.busy() == pytest.approx(0.5)  # since the sample at 10 s: at least WINDOW_S are kept
    load.sample(100.0, stat(user=1500, nice=550, system=200, idle=3250))
    assert load.busy() == pytest.approx(0.0)  # since the sample at 60 s: older ones are forgotten
    user, nice, system, idle, *_ = (int(v) for v in open("/proc/stat").readline().split()[1:])
    assert CpuLoad.parse(open("/proc/stat").readline())[1] >= user + nice + system + idle  # this machine's


def test_time_still_to_go_comes_from_the_trainings_own_speed_once_it_shows():
    assert CostModel.remaining(100.0, 12.0, 0.4) == pytest.approx(18.0)
    # slow first batches (tracing): 9 s for the first tenth, then 3 s per tenth
    assert CostModel.remaining(100.0, 12.0, 0.4, mark=(9.0, 0.1)) == pytest.approx(6.0)
    assert CostModel.remaining(100.0, 10.0, 0.15, mark=(9.0, 0.1)) == pytest.approx(10.0 / 0.15 * 0.85)
    assert CostModel.remaining(100.0, 2.0, 0.05) == pytest.approx(38.0)  # slower than predicted: its own speed
    assert CostModel.remaining(100.0, 2.0, 0.01) == pytest.approx(100.0 - CostModel.START_S - 2.0)
    assert CostModel.remaining(5.0, 60.0, 0.0) == 0.0


def test_a_class_servers_caps_are_refused_with_a_named_reason():
    cfg = training.check_config({"train_size": 4000, "epochs": 5}, 4000)  # 3,200 images x 5 epochs = 16,000
    scheduling.check_limits(cfg, 50_000, scheduling.Limits())
    scheduling.check_limits(cfg, 50_000, scheduling.Limits(images_x_epochs=16_000, params=50_000))
    with pytest.raises(training.ConfigError) as err:
        scheduling.check_limits(cfg, 50_000, scheduling.Limits(images_x_epochs=10_000))
    assert err.value.key == "over_images_epochs" and err.value.values["most"] == 3  # 3 x 3,200 <= 10,000
    with pytest.raises(training.ConfigError) as err:
        scheduling.check_limits(cfg, 50_001, scheduling.Limits(params=50_000))
    assert err.value.key == "over_params" and err.value.values["limit"] == 50_000


def test_a_workspace_may_have_only_a_few_trainings_in_line():
    entries = _line(*[(f"a{i}", "a", 1, i == 0) for i in range(scheduling.LINE_PER_WORKSPACE)])
    scheduling.check_line("b", entries)
    with pytest.raises(training.ConfigError) as err:
        scheduling.check_line("a", entries)
    assert err.value.key == "line_full"


@pytest.mark.parametrize("seconds,shown", [(0, 5), (3.2, 5), (37, 40), (119, 120), (121, 150), (600, 600)])
def test_waits_are_rounded_as_people_say_them(seconds, shown):
    assert scheduling.rounded_wait(seconds) == shown
