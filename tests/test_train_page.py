"""The Train page and the sidebar model status under AppTest: runs listed, settings checked, a real training."""
import dataclasses
import re

import pytest

from cnnviz import architecture, datasets, executors, runs, scheduling
from tests.conftest import run_page

PAGE = "app_pages/train.py"


def _texts(at) -> str:
    return " ".join(e.value for kind in ("markdown", "caption", "info", "error", "warning") for e in getattr(at, kind))


@pytest.mark.parametrize("lang,empty", [("en", "No runs yet"), ("ko", "아직 실행 기록이 없습니다")])
def test_without_runs_the_page_offers_the_quick_start(lang, empty):
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert empty in _texts(at)
    assert at.button(key="quick_start").disabled is False
    assert re.search(r"4,000\D+64\D+63\D", _texts(at))  # 4,000 images / batch 64 = 63 steps per epoch
    assert at.session_state["ws"] and len(at.session_state["ws"]) >= 4


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_trained_run_is_listed_with_its_curves_and_is_the_active_model(trained_run, lang):
    at = run_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert table.iloc[0, 1] == trained_run.name and table.iloc[0, 0] == "★"
    charts = [c.key for c in at.get("plotly_chart")]  # the planned schedule, the run's loss, accuracy and learning
    assert len(charts) == 6 and f"run_{trained_run.id}_learning_rate" in charts  # rate, the comparison's two


def test_impossible_settings_are_refused_with_a_message():
    at = run_page(PAGE, "en")
    for widget, value, message in [
        ("train_epochs", 0, "at least 1 epoch"), ("train_epochs", 3, None),
        ("train_batch", 5000, "A batch of 5,000 is larger than the 4,000 training images"), ("train_batch", 64, None),
        ("train_lr_adam", 0.0, "must be a positive number"), ("train_lr_adam", -0.01, "must be a positive number"),
    ]:
        at.number_input(key=widget).set_value(value).run()
        assert not at.exception
        if message is None:
            assert not at.error and at.button(key="start_training")
        else:
            assert any(message in e.value for e in at.error), [e.value for e in at.error]
            assert not [b for b in at.button if b.key == "start_training"]


def test_an_impossible_architecture_is_refused_with_the_builders_message():
    at = run_page(PAGE, "ko", build_stack=[[0, {"kind": "conv2d", "filters": 8, "kernel_size": 9,
                                                "strides": 1, "padding": "valid", "activation": "relu"}]] * 4)
    assert not at.exception
    assert at.error and "훈련할 수 없습니다" in at.error[0].value


def test_start_trains_a_run_that_then_lists_as_finished_and_is_shown(trained_run):
    """Under the table, the shared run shows until the new run finishes; then the new one, the active run; a
    run the learner picks afterwards stays picked."""
    at = run_page(PAGE, "en")
    assert at.selectbox(key="train_pick").value == trained_run.id
    at.selectbox(key="train_model").set_value("tiny").run()
    at.select_slider(key="train_size").set_value(500).run()
    at.number_input(key="train_epochs").set_value(1).run()
    at.button(key="start_training").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert executors.get_executor().wait(at.session_state["active_run"], 120)
    run = runs.load_run(at.session_state["active_run"])
    assert run.status == "finished" and run.workspace == at.session_state["ws"]
    assert run.config["n_fit"] == 400
    at.run()
    assert at.dataframe[0].value.iloc[0, 1] == run.name
    assert at.selectbox(key="train_pick").value == run.id and "Trained on 400 images" in _texts(at)
    at.selectbox(key="train_pick").set_value(trained_run.id).run()
    at.run()
    assert at.selectbox(key="train_pick").value == trained_run.id and not at.exception


def test_other_workspaces_runs_are_hidden(trained_run):
    hidden = runs.create_run("someone else's", "mnist", [], {"workspace": "bobs-workspace"})
    at = run_page(PAGE, "en")
    names = list(at.dataframe[0].value.iloc[:, 1])
    assert trained_run.name in names and hidden.name not in names


def test_rename_and_delete(trained_run):
    trained_run.config["workspace"] = "my-workspace"
    runs.save(trained_run)
    at = run_page(PAGE, "en", ws="my-workspace")
    at.text_input(key=f"rename_{trained_run.id}").set_value("renamed run").run()
    assert runs.load_run(trained_run.id).name == "renamed run"
    at.button(key=f"delete_{trained_run.id}").click().run()
    assert not at.exception
    assert runs.list_runs() == []
    assert "No runs yet" in _texts(at)


@pytest.mark.parametrize("lang,why", [("en", "cannot be renamed or deleted"), ("ko", "이름을 바꾸거나 삭제할 수 없습니다")])
def test_shared_runs_cannot_be_renamed_or_deleted(trained_run, lang, why):
    at = run_page(PAGE, lang)  # the fixture's run has no workspace: trained elsewhere, listed for everybody
    assert not at.exception
    assert at.text_input(key=f"rename_{trained_run.id}").disabled
    assert at.get("popover")[0].proto.popover.disabled
    assert why in _texts(at)


@pytest.mark.parametrize("lang,message", [("en", "in the first epoch"), ("ko", "첫 에포크에서")])
def test_the_sessions_last_training_that_diverged_without_a_model_is_announced(lang, message):
    run = runs.create_run("too fast", "mnist", [], {"workspace": "my-workspace"}, status="diverged")
    at = run_page(PAGE, lang, ws="my-workspace", last_started=run.id)
    assert not at.exception
    assert "too fast" in at.warning[0].value and message in at.warning[0].value


def test_a_training_of_a_run_without_workspace_is_nobody_elses_to_show_or_stop():
    """A notebook's training (or a run folder still being written, which lists as damaged) has no workspace: every
    student sees the run, but its training is not theirs: no Stop button, and their Quick start stays free."""
    executor = executors.get_executor()
    shared = executor.submit(architecture.PRESETS["tiny"], datasets.load("mnist"),
                             {"train_size": 1000, "batch_size": 10, "epochs": 200, "workspace": ""})
    try:
        at = run_page(PAGE, "en", ws="a-student")
        assert not at.exception
        assert shared.run.id in [r.id for r in runs.list_runs(workspace="a-student")]
        assert at.button(key="quick_start").disabled is False
        assert not [b for b in at.button if b.key == f"stop_{shared.run.id}"] and "ahead of yours" not in _texts(at)
    finally:
        shared.stop()
        executor.wait(shared.run.id, 60)


@pytest.mark.parametrize("lang,line", [("en", r"1 training ahead of yours, about [\d.]+ (s|min) to wait"),
                                       ("ko", r"앞에 훈련 1개가 있어 약 [\d.]+(초|분) 기다려야")])
def test_a_training_waiting_behind_another_students_shows_its_place_and_wait_and_can_be_cancelled(lang, line):
    executor = executors.get_executor()
    other = executor.submit(architecture.PRESETS["tiny"], datasets.load("mnist"),
                            {"train_size": 1000, "batch_size": 10, "epochs": 200, "workspace": "another-student"})
    try:
        at = run_page(PAGE, lang)
        at.selectbox(key="train_model").set_value("tiny").run()
        at.button(key="start_training").click().run()
        job = executor.get(at.session_state["active_run"])
        assert job.waiting
        assert any(re.search(line, e.value) for e in at.info), [e.value for e in at.info]
        at.button(key=f"stop_{job.run.id}").click().run()
        assert executor.get(job.run.id) is None
    finally:
        other.stop()
        assert executor.wait(other.run.id, 60)
    assert not at.exception and runs.load_run(job.run.id).status == "stopped"


@pytest.mark.parametrize("lang,message", [("en", "is more than this server allows (1,000)"),
                                          ("ko", "이 서버의 한도(1,000)를 넘습니다")])
def test_a_training_over_the_class_servers_cap_is_refused_with_a_message(lang, message, monkeypatch):
    executor = executors.get_executor()
    monkeypatch.setattr(executor, "settings", dataclasses.replace(
        executor.settings, limits=scheduling.Limits(images_x_epochs=1000)))
    at = run_page(PAGE, lang)
    at.button(key="start_training").click().run()
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert runs.list_runs() == [] and not executor.jobs()


def test_damaged_run_is_listed_and_explained(trained_run):
    broken = runs.runs_home() / "broken"
    broken.mkdir()
    (broken / "run.json").write_text("{")
    at = run_page(PAGE, "en")
    assert not at.exception
    at.selectbox(key="train_pick").set_value("broken").run()
    assert any("damaged" in e.value for e in at.error)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_hostile_run_records_are_listed_and_shown_without_a_traceback(trained_run, lang):
    """Records the runs table once raised on: a non-numeric n_fit, a few-hundred-digit history value, JSON
    nested past the recursion limit, a pid of 0 (read as running forever), and settings it cannot name."""
    import json

    record = json.loads((trained_run.path / runs.RUN_FILE).read_text())
    hostile = {
        "text_n_fit": json.dumps({**record, "config": {**record["config"], "n_fit": "many"}}),
        "huge_loss": json.dumps(record).replace('"loss": [', '"loss": [' + "9" * 400 + ", ", 1),
        "deep": "[" * 100_000 + "]" * 100_000,
        "pid_zero": json.dumps({**record, "status": "running", "pid": 0, "process": "gone"}),
        "odd_settings": json.dumps({**record, "config": {**record["config"], "optimizer": "lion", "n_val": None}}),
    }
    for name, text in hostile.items():
        (runs.runs_home() / name).mkdir()
        (runs.runs_home() / name / runs.RUN_FILE).write_text(text)
    at = run_page(PAGE, lang)
    statuses = {r.id: r.status for r in runs.list_runs()}
    assert statuses == {trained_run.id: "finished", "text_n_fit": "damaged", "huge_loss": "damaged",
                        "deep": "damaged", "pid_zero": "stopped", "odd_settings": "finished"}
    for name in hostile:
        at.selectbox(key="train_pick").set_value(name).run()
        assert not at.exception, (name, [e.value for e in at.exception])
    assert len(at.get("plotly_chart")) >= 2  # odd_settings: its curves, without the sentence of settings


@pytest.mark.parametrize("lang,took", [("en", r"epochs? in \d+ s\."), ("ko", r"에포크, \d+초 걸림\.")])
def test_the_settings_sentence_gives_the_duration_only_when_the_record_has_one(trained_run, lang, took):
    """A run interrupted before its end (the server stopped) has no duration: no "0 s" for it."""
    import json

    record = json.loads((trained_run.path / runs.RUN_FILE).read_text())
    del record["config"]["seconds"]
    (runs.runs_home() / "interrupted").mkdir()
    (runs.runs_home() / "interrupted" / runs.RUN_FILE).write_text(json.dumps({**record, "status": "stopped"}))
    at = run_page(PAGE, lang)
    at.selectbox(key="train_pick").set_value(trained_run.id).run()
    assert re.search(took, _texts(at))
    at.selectbox(key="train_pick").set_value("interrupted").run()
    assert not at.exception and not re.search(took, _texts(at))
    assert re.search(r"(epochs?|에포크)\.", _texts(at))  # the sentence is there, ending at the epochs


def _sidebar_app():
    import streamlit as st

    from cnnviz import ui, ui_runs

    ui.sidebar()
    ui_runs.sidebar_status()
    run = ui_runs.active_run()
    st.write(f"active: {run.id if run else None}")


def test_sidebar_switching_to_a_fashion_run_switches_the_dataset(trained_run, trained_fashion_run):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_sidebar_app, default_timeout=60)
    at.query_params["ws"] = "my-workspace"
    at.run()
    box = at.sidebar.selectbox(key="sidebar_run")
    assert box.value == trained_run.id and len(box.options) == 2
    assert at.markdown[-1].value == f"active: {trained_run.id}"
    box.set_value(trained_fashion_run.id).run()
    assert not at.exception
    assert at.session_state["dataset"] == "fashion_mnist" and at.session_state["ws"] == "my-workspace"
    assert at.markdown[-1].value == f"active: {trained_fashion_run.id}"
    assert "my-workspace" in at.sidebar.caption[-1].value


def test_require_active_run_points_to_the_train_page():
    at = run_page("app_pages/evaluate.py", "ko")
    assert not at.exception
    assert at.info and "훈련 페이지" in at.info[0].value


@pytest.mark.parametrize("lang,why", [("en", "shorter than the 5 epochs"), ("ko", "5 에포크보다 짧아야")])
def test_a_schedule_is_a_setting_drawn_before_training_and_in_the_training_code(lang, why):
    at = run_page(PAGE, lang)
    at.selectbox(key="train_schedule").set_value("warmup_cosine").run()
    assert not at.exception and "train_planned_lr" in [c.key for c in at.get("plotly_chart")]
    assert at.number_input(key="train_warmup").value == 0.5
    code = next(c.value for c in at.code if "model.fit(" in c.value)
    assert "warmup_steps = round(0.5 * steps_per_epoch)" in code and "CosineDecay(" in code
    at.number_input(key="train_warmup").set_value(5.0).run()
    assert any(why in e.value for e in at.error), [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "start_training"]
    at.selectbox(key="train_schedule").set_value("step").run()
    assert not at.error and at.slider(key="train_step_factor").value == 0.5
    assert "ExponentialDecay(" in next(c.value for c in at.code if "model.fit(" in c.value)


def test_a_run_with_a_schedule_draws_its_recorded_learning_rate():
    at = run_page(PAGE, "en")
    at.selectbox(key="train_model").set_value("tiny").run()
    at.select_slider(key="train_size").set_value(500).run()
    at.number_input(key="train_epochs").set_value(2).run()
    at.selectbox(key="train_schedule").set_value("step").run()
    at.number_input(key="train_lr_adam").set_value(0.004).run()
    at.button(key="start_training").click().run()
    assert executors.get_executor().wait(at.session_state["active_run"], 120)
    run = runs.load_run(at.session_state["active_run"])
    assert run.history["learning_rate"] == pytest.approx([0.002, 0.001])  # halved at the end of each epoch
    at.run()
    assert not at.exception
    assert f"run_{run.id}_learning_rate" in [c.key for c in at.get("plotly_chart")]
    assert "learning rate 0.004 (step decay)" in _texts(at)
