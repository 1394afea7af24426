"""The Train page's recipe widgets: the learning-rate schedule (its settings, the planned schedule before training,
the recorded rates after) and the training code export."""
from __future__ import annotations

import streamlit as st

from cnnviz import architecture, schedules, training_code, ui
from cnnviz.plots import training as plots


def schedule_settings() -> dict:
    """The schedule choice and its own settings, as config entries."""
    tr = ui.translator()
    kind = st.selectbox(ui.tr("train.schedule"), schedules.SCHEDULES, key="train_schedule",
                        format_func=lambda s: tr(f"train.schedule_{s}"), help=ui.tr("train.schedule_help"))
    settings = {"schedule": kind}
    defaults = schedules.DEFAULTS
    if kind == "step":
        left, right = st.columns(2)
        settings["step_every"] = int(left.number_input(ui.tr("train.step_every"), 1, 200, defaults["step_every"],
                                                       key="train_step_every"))
        settings["step_factor"] = right.slider(ui.tr("train.step_factor"), 0.05, 0.95, defaults["step_factor"], 0.05,
                                               key="train_step_factor", format="%.2f")
    elif kind == "warmup_cosine":
        settings["warmup_epochs"] = st.number_input(ui.tr("train.warmup"), 0.0, 200.0, defaults["warmup_epochs"], 0.1,
                                                    key="train_warmup", format="%.1f", help=ui.tr("train.warmup_help"))
    return settings


def _labels(title_key: str) -> dict:
    return {"title": ui.tr(title_key), "planned": ui.tr("train.lr_planned"), "recorded": ui.tr("train.lr_recorded"),
            "epoch": ui.tr("train.epoch")}


def planned_schedule(cfg: dict) -> None:
    """The learning rate every step of the training about to start will use (cfg from `training.check_config`)."""
    st.plotly_chart(plots.learning_rate(schedules.drawn(cfg), None, _labels("train.lr_planned_title"), height=200),
                    key="train_planned_lr", width="stretch")
    st.caption(ui.tr(f"train.lr_caption_{cfg['schedule']}", lr=f"{cfg['learning_rate']:g}",
                     steps=f"{cfg['steps_per_epoch'] * cfg['epochs']:,}"))


def recorded_learning_rate(history: dict, config: dict, key: str) -> None:
    """Under a run's curves: its schedule and the rate `history["learning_rate"]` recorded at each epoch's end."""
    if not history.get("learning_rate") or "steps_per_epoch" not in config:
        return  # trained before schedules were recorded, or not trained here
    st.plotly_chart(plots.learning_rate(schedules.drawn(config), history["learning_rate"], _labels("train.lr_title")),
                    key=f"{key}_learning_rate", width="stretch")
    st.caption(ui.tr("train.lr_recorded_caption"))


def schedule_text(config: dict) -> str:
    """The schedule in words, for a run's details line."""
    return ui.tr(f"train.schedule_{config.get('schedule', 'constant')}")


def training_code_export(spec: list[dict], config: dict, ds) -> None:
    """The settings above as a runnable Keras script, shown and downloadable."""
    code = training_code.keras_training_code(spec, config, ds)
    with st.expander(ui.tr("train.code_heading"), icon=":material/code:"):
        st.markdown(ui.tr("train.code_text"))
        st.code(code, language="python")
        name = architecture.label(spec).replace("·", "_").replace(".", "")
        st.download_button(ui.tr("train.code_download"), code, file_name=f"cnnviz_train_{name}.py",
                           mime="text/x-python", icon=":material/download:", on_click="ignore", key="train_code_download")
