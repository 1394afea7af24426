"""The session's workspace and active run, cached models, and the sidebar model status.

A workspace id lives in the URL (`?ws=...`), so a reload or a bookmarked link finds the
same runs again, and two students on one server each see their own runs (plus shared ones).
"""
from __future__ import annotations

import re
import secrets

import streamlit as st

from cnnviz import runs, ui

_WS = re.compile(r"^[0-9A-Za-z_-]{4,32}$")


def workspace() -> str:
    """This browser's workspace id, taken from `?ws=` or made up once, and kept in the URL."""
    if "ws" not in st.session_state:
        asked = st.query_params.get("ws", "")
        st.session_state["ws"] = asked if _WS.match(asked) else secrets.token_urlsafe(6).replace("-", "x")
    st.query_params["ws"] = st.session_state["ws"]
    return st.session_state["ws"]


def workspace_runs() -> list[runs.Run]:
    """This workspace's runs and the shared ones, newest first (damaged ones included)."""
    return runs.list_runs(workspace=workspace())


def set_active_run(run: runs.Run) -> None:
    st.session_state["active_run"] = run.id


def active_run() -> runs.Run | None:
    """The run the session chose, else the newest usable run of the sidebar's dataset; None if none."""
    usable = [r for r in workspace_runs() if r.usable and r.dataset == ui.dataset_name()]
    chosen = st.session_state.get("active_run")
    return next((r for r in usable if r.id == chosen), usable[0] if usable else None)


def require_active_run() -> runs.Run:
    """The active run, or a pointer to the Train page and a stopped page."""
    run = active_run()
    if run is None:
        st.info(ui.tr("train.need_run", dataset=ui.tr(f"dataset.{ui.dataset_name()}")))
        st.page_link("pages/train.py", label=ui.tr("train.go_train"), icon=":material/model_training:")
        st.stop()
    return run


@st.cache_resource(show_spinner=False, max_entries=6)
def _load(path: str, which: str, mtime: float):
    run = runs.load_run(path.rsplit("/", 1)[-1], path.rsplit("/", 1)[0])
    return run.initial_model() if which == "initial" else run.model()


def cached_model(run: runs.Run):
    """The run's model, loaded once per saved file (a new epoch's file gives a new cache entry)."""
    return _load(str(run.path), "final", run.model_mtime())


def cached_initial_model(run: runs.Run):
    return _load(str(run.path), "initial", 0.0)


def import_run(model, dataset: str, name: str) -> runs.Run:
    """Keep an uploaded model as a run of this workspace and make it the active one."""
    run = runs.create_imported_run(model, dataset, name, workspace=workspace())
    set_active_run(run)
    return run


def accuracy_text(run: runs.Run) -> str:
    """Test accuracy if known, else best validation accuracy, as a percentage; '—' if neither."""
    if run.test_metrics and "accuracy" in run.test_metrics:
        return ui.tr("train.acc_test", acc=f"{run.test_metrics['accuracy']:.1%}")
    best = run.best_val_accuracy()
    return ui.tr("train.acc_val", acc=f"{best:.1%}") if best is not None else "—"


def run_label(run: runs.Run) -> str:
    return f"{run.name} · {ui.tr(f'train.short.{run.dataset}')} · {accuracy_text(run)}"


def _choose(options: dict[str, runs.Run]) -> None:
    run = options.get(st.session_state.get("sidebar_run"))
    if run is not None:
        set_active_run(run)
        st.session_state["dataset"] = run.dataset  # the sidebar's dataset follows the chosen model


def sidebar_status() -> None:
    """Sidebar: the active model (name, dataset, accuracy), a switcher, and the workspace link note."""
    ws = workspace()
    options = {r.id: r for r in workspace_runs() if r.usable}
    active = active_run()
    with st.sidebar:
        st.subheader(ui.tr("train.sidebar_model"))
        if not options:
            st.caption(ui.tr("train.sidebar_none"))
        else:
            if active is not None:
                st.session_state["sidebar_run"] = active.id
            elif st.session_state.get("sidebar_run") not in options:
                st.session_state["sidebar_run"] = None
            st.selectbox(ui.tr("train.sidebar_active"), list(options), key="sidebar_run",
                         format_func=lambda rid: run_label(options[rid]), on_change=_choose, args=(options,),
                         placeholder=ui.tr("train.sidebar_pick"))
            if active is None:
                st.caption(ui.tr("train.sidebar_other_dataset"))
            elif active.imported:
                st.caption(ui.tr("train.sidebar_imported"))
        st.caption(ui.tr("train.sidebar_workspace", ws=ws))
