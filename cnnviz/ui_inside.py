"""Streamlit side of the Filters and Feature maps pages: the model line, filter scores, what a filter or class
wants to see, and model import."""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz import datasets, importing, maximise, photos, runs, ui, ui_models, ui_runs, ui_state
from cnnviz.plots import inside as plots

UPLOAD_KEY = "inside_upload"


def filter_scores(run: runs.Run, layer: str, ds: datasets.Dataset) -> np.ndarray:
    """(test images, filters) mean responses of `layer`, with a spinner the first time."""
    with st.spinner(ui.tr("inside.scoring", n=f"{len(ds.x_test):,}")):
        return ui_models.filter_scores(run, layer, ds)


def ascent_pair(run: runs.Run, target: maximise.Target, ds: datasets.Dataset, key: str) -> None:
    """What `target` wants to see in the trained network, next to the untrained one's as the control: each an
    animation of its gradient ascent from gray (a filter's cut to the patch it sees)."""
    background = maximise.background(ds.x_train)
    with st.spinner(ui.tr("ascent.computing")):
        ascents = [ui_models.ascent(run, which, target, background) for which in (ui_models.TRAINED, ui_models.INITIAL)]
    top, bottom, left, right = ascents[0].box
    for col, ascent, label, which in zip(st.columns(2, gap="large"), ascents,
                                         (ui.tr("ascent.trained"), ui.tr("ascent.control")), ("trained", "untrained")):
        with col:
            st.markdown(f"**{label}**")
            frames = ascent.frames if target.is_class else ascent.patch()
            st.plotly_chart(plots.ascent_animation(frames, [ui.tr("ascent.step", step=s) for s in ascent.frame_steps],
                                                   ui.tr("ascent.play"), ui.tr("common.pixel_value"), ui.hover_axes()),
                            key=f"{key}_{which}", width="stretch")
            st.caption(ui.tr("ascent.score", start=f"{ascent.start_score:.2f}", end=f"{ascent.score:.2f}",
                             steps=ascent.frame_steps[-1]))
    if not target.is_class:
        st.caption(ui.tr("ascent.patch_caption", h=bottom - top, w=right - left, f=target.index))
    st.caption(ui.tr("ascent.control_caption_class" if target.is_class else "ascent.control_caption_filter",
                     f=target.index))


def run_line(run: runs.Run) -> None:
    """Which model the page shows: name, dataset and epochs trained (or that it was imported)."""
    dataset = ui.dataset_label(run.dataset)
    st.markdown(ui.tr("inside.run_line_imported", name=run.name, dataset=dataset) if run.imported
                else ui.tr("inside.run_line", name=run.name, dataset=dataset, count=run.epochs_done))


def _do_import() -> None:
    """Button callback: runs before the page, so it may also switch the sidebar's dataset."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        st.session_state["inside_import_result"] = ("warning", ui.tr("inside.import_none"))
        return
    dataset = st.session_state.get("inside_import_dataset", ui_state.dataset_name())
    photo = datasets.is_photo_name(dataset)
    try:
        names = datasets.class_names(dataset, "en", ui_state.workspace())
        needs = importing.photo_needs(len(names)) if photo else importing.DIGITS
        model = importing.load_upload(upload.getvalue(), needs)
    except (datasets.DatasetError, photos.PhotoError) as exc:
        st.session_state["inside_import_result"] = ("error", ui.dataset_error(exc))
        return
    except importing.ImportFailed as exc:
        message = ui.tr(f"inside.import_error.{exc.reason}", **exc.details)
        st.session_state["inside_import_result"] = ("error", ui.tr("inside.import_refused", why=message))
        return
    name = (st.session_state.get("inside_import_name") or upload.name.removesuffix(".keras")).strip()
    try:
        run = ui_runs.import_run(model, dataset, name, importing.photo_fit_of(model) if photo else None, names)
    except Exception as exc:  # noqa: BLE001 - cloning or saving an unforeseen model, or a full disk
        st.session_state["inside_import_result"] = ("error", ui.tr("inside.import_save_failed", error=str(exc)[:300]))
        return
    st.session_state["inside_import_result"] = (
        "success", ui.tr("inside.import_done", name=run.name, params=f"{model.count_params():,}",
                         dataset=ui.dataset_label(dataset)))


def import_section(expanded: bool = False) -> None:
    """Upload a `.keras` file trained elsewhere; it is checked, loaded safely and kept as a run."""
    tr = ui.translator()
    with st.expander(ui.tr("inside.import_heading"), expanded=expanded, icon=":material/upload_file:"):
        st.markdown(ui.tr("inside.import_text", limit=importing.MAX_FILE_BYTES // 2**20))
        st.file_uploader(ui.tr("inside.import_file"), type=["keras"], key=UPLOAD_KEY,
                         max_upload_size=importing.MAX_FILE_BYTES // 2**20)
        cols = st.columns(2)
        names = datasets.available(ui_state.workspace())
        cols[0].selectbox(ui.tr("inside.import_dataset"), names, key="inside_import_dataset",
                          index=names.index(ui.dataset_name()) if ui.dataset_name() in names else 0,
                          format_func=lambda d: tr(f"dataset.{d}") if d in datasets.BUILT_IN else d)
        cols[1].text_input(ui.tr("inside.import_name"), key="inside_import_name", max_chars=60,
                           placeholder=ui.tr("inside.import_name_placeholder"))
        st.button(ui.tr("inside.import_button"), on_click=_do_import, icon=":material/upload:")
        result = st.session_state.pop("inside_import_result", None)
        if result:
            getattr(st, result[0])(result[1])


def run_or_import() -> runs.Run:
    """The active run; without one, the import box opened and the pointer to training."""
    if ui_runs.active_run() is None:
        import_section(expanded=True)
    else:
        import_section()
    return ui_runs.require_active_run()
