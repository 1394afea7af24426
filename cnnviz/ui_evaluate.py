"""Streamlit side of the Evaluate page: test-set predictions cached per saved model, the confusion
matrix click that filters the gallery, and image galleries that can send an image to Feature maps."""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz import datasets, evaluation as ev, runs, snapshots, ui, ui_models, ui_state
from cnnviz.plots import evaluation as plots

FILTERS = ("ev_true", "ev_pred")  # gallery filters: a class index or None (all)


def evaluation(run: runs.Run, ds: datasets.Dataset, epoch: int | None = None) -> ev.Evaluation:
    """The run's predictions on the whole test set, by its model file or with the weights of `epoch` (computed
    once per saved model or epoch), or an error and a stop.

    The test loss and accuracy of the model file are saved with a finished run, so other pages can show them.
    """
    final = epoch is None or epoch == snapshots.final_epoch(run)  # the model file holds that epoch's weights
    try:
        with st.spinner(ui.tr("evaluate.computing", n=f"{len(ds.x_test):,}")):
            probs = ui_models.test_probabilities(run, ds) if final else ui_models.test_probabilities_at(run, ds, epoch)
    except Exception as exc:  # noqa: BLE001 - a damaged file or a model that does not fit the data
        st.error(ui.tr("evaluate.model_error", dataset=ui.dataset_label(ds.name), error=str(exc)))
        st.stop()
    result = ev.Evaluation(ds.y_test.astype(np.int64), probs)
    if final and run.status != "running" and run.test_metrics != result.metrics:
        try:
            runs.save_test_metrics(run, result.metrics)
        except (OSError, ValueError):
            pass  # a read-only or vanished run folder: the figures are still shown, just not kept
    return result


def matrix_key() -> str:
    """The matrix chart's key; a new one (after a filter change) mounts it with no cell selected."""
    return f"ev_matrix_{st.session_state.get('ev_matrix_gen', 0)}"


def forget_matrix_click() -> None:
    """on_change of the filters: the user chose classes by hand, so drop the cell selection."""
    st.session_state["ev_matrix_gen"] = st.session_state.get("ev_matrix_gen", 0) + 1
    st.session_state.pop("ev_cell", None)


def apply_matrix_click() -> None:
    """Turn a newly clicked matrix cell into the gallery's true/predicted filters.

    Read from the chart's state before the chart and the filter widgets are drawn, so this run
    already shows the new cell outlined and the gallery filtered.
    """
    state = st.session_state.get(matrix_key())
    points = state["selection"]["points"] if state else []
    if not points:
        return
    cell = (int(round(points[-1]["y"])), int(round(points[-1]["x"])))
    if st.session_state.get("ev_cell") != cell:
        st.session_state["ev_cell"] = cell
        st.session_state["ev_true"], st.session_state["ev_pred"] = cell


def apply_sent_filter() -> None:
    """Classes another page sent (the Map's outliers) become the gallery's filters; before the widgets are drawn."""
    sent = ui_state.take_evaluate_filter()
    if sent is not None:
        forget_matrix_click()
        st.session_state[FILTERS[0]], st.session_state[FILTERS[1]] = sent


def clear_filters() -> None:
    forget_matrix_click()
    for key in FILTERS:
        st.session_state[key] = None


def gallery(images: np.ndarray, indices: np.ndarray, captions: list[str], fm_captions: list[str], key: str,
            cols: int = 6) -> None:
    """Test images in a grid, each captioned, each with a button that opens it on Feature maps."""
    for start in range(0, len(indices), cols):
        for col, i in zip(st.columns(cols), range(start, min(start + cols, len(indices)))):
            with col:
                st.image(plots.thumbnail(images[indices[i]]), caption=captions[i], width=112)
                if st.button(ui.tr("evaluate.send"), key=f"{key}_{indices[i]}", icon=":material/layers:",
                             help=ui.tr("evaluate.send_help")):
                    ui_state.send_to_feature_maps(datasets.unit_pixels(images[indices[i]]), fm_captions[i])
