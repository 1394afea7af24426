"""The session's runs: this workspace's runs, the active one, and the sidebar's model switcher.

A workspace id lives in the address (`?ws=...`, see `ui_state`), so a reload or a bookmarked link
finds the same runs again, and two students on one server each see their own runs (plus shared ones).
"""
from __future__ import annotations

import streamlit as st

from cnnviz import runs, ui, ui_state


def workspace_runs() -> list[runs.Run]:
    """This workspace's runs and the shared ones, newest first (damaged ones included)."""
    return runs.list_runs(workspace=ui_state.workspace())


def active_run() -> runs.Run | None:
    """The run the session chose, else the newest usable run of the sidebar's dataset; None if none."""
    usable = [r for r in workspace_runs() if r.usable and r.dataset == ui_state.dataset_name()]
    chosen = ui_state.active_run_id()
    return next((r for r in usable if r.id == chosen), usable[0] if usable else None)


def require_active_run() -> runs.Run:
    """The active run, or a pointer to the Train page and a stopped page."""
    run = active_run()
    if run is None:
        st.info(ui.tr("train.need_run", dataset=ui.dataset_label(ui_state.dataset_name())))
        ui.page_link("train", "train.go_train")
        st.stop()
    return run


def import_run(model, dataset: str, name: str, photo_fit=None, class_names=None) -> runs.Run:
    """Keep an uploaded model as a run of this workspace and make it the active one (from a callback)."""
    run = runs.create_imported_run(model, dataset, name, workspace=ui_state.workspace(), photo_fit=photo_fit,
                                   class_names=class_names)
    ui_state.activate(run)
    return run


def accuracy_text(run: runs.Run) -> str:
    """Test accuracy if known, else best validation accuracy, as a percentage; '—' if neither."""
    if run.test_metrics and "accuracy" in run.test_metrics:
        return ui.tr("train.acc_test", acc=f"{run.test_metrics['accuracy']:.1%}")
    best = run.best_val_accuracy()
    return ui.tr("train.acc_val", acc=f"{best:.1%}") if best is not None else "—"


def run_label(run: runs.Run) -> str:
    return f"{run.name} · {ui.dataset_label(run.dataset, short=True)} · {accuracy_text(run)}"


SIDEBAR_RUN = "sidebar_run"  # the switcher widget's own key


def _choose(options: dict[str, runs.Run]) -> None:
    run = options.get(st.session_state.get(SIDEBAR_RUN))
    if run is not None:
        ui_state.activate(run)


def sidebar_status() -> None:
    """Sidebar: the active model (name, dataset, accuracy), a switcher, and the workspace link note."""
    ws = ui_state.workspace()
    options = {r.id: r for r in workspace_runs() if r.usable}
    active = active_run()
    with st.sidebar:
        st.subheader(ui.tr("train.sidebar_model"))
        if not options:
            st.caption(ui.tr("train.sidebar_none"))
        else:
            if active is not None:
                st.session_state[SIDEBAR_RUN] = active.id
            elif st.session_state.get(SIDEBAR_RUN) not in options:
                st.session_state[SIDEBAR_RUN] = None
            st.selectbox(ui.tr("train.sidebar_active"), list(options), key=SIDEBAR_RUN,
                         format_func={rid: run_label(run) for rid, run in options.items()}.get,
                         on_change=_choose, args=(options,),
                         placeholder=ui.tr("train.sidebar_pick"))
            if active is None:
                st.caption(ui.tr("train.sidebar_other_dataset"))
            elif active.imported:
                st.caption(ui.tr("train.sidebar_imported"))
        st.caption(ui.tr("train.sidebar_workspace", ws=ws))
