"""Streamlit side of the Map page (and of the maps on Compare): a projection job per run, epoch and method,
its progress while it runs, the map with its clicks, and the image clicked on it."""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz import datasets, projection, runs, ui, ui_epochs, ui_models, ui_state
from cnnviz.plots import data as data_plots
from cnnviz.plots import evaluation as ev_plots
from cnnviz.plots import projection as plots

SEED = 0  # the sample of test images: the same points at every epoch, for every run of a dataset
PICKED = "proj_picked"  # the test-set index of the image clicked on a map
POLL_S = 2.5  # every fragment run ends in Streamlit's keras.backend.clear_session(): a gc.collect() and an emptied
# TensorFlow kernel cache, which slowed the job's own layer outputs several times over when polled every second


def sample(ds: datasets.Dataset) -> np.ndarray:
    """The test images every map shows: a class-balanced seeded sample of up to `projection.SAMPLE`."""
    return projection.balanced_sample(ds.y_test, projection.SAMPLE, SEED)


def job(run: runs.Run, ds: datasets.Dataset, epoch: int, method: str) -> projection.Job:
    """The map of the run at `epoch` by `method`: made once per server (in the background), then kept."""
    indices = sample(ds)
    epoch_model = ui_models.epoch_model(run)

    def features_of(progress):
        with epoch_model.at(epoch):
            return projection.features(epoch_model.model, ds.x_test[indices], progress)

    key = (str(run.path), epoch, method, ds.name, ds.location, len(ds.x_test), SEED)
    return projection.start(key, method, indices, ds.y_test[indices], features_of, SEED)


def _wait(job_: projection.Job, what: str) -> None:
    """The job's progress, redrawn every second; the whole page reruns once the map is ready."""
    @st.fragment(run_every=POLL_S)
    def progress() -> None:
        if job_.done:
            st.rerun(scope="app")
        text = ui.tr(f"projection.stage.{job_.stage}", what=what, seconds=f"{job_.elapsed:.0f}")
        st.progress(job_.fraction, text=text)

    progress()


def _pick(key: str) -> None:
    """Chart callback: the clicked point's image becomes the picked one."""
    points = st.session_state[key].selection.points
    if points:
        st.session_state[PICKED] = int(points[0]["customdata"])


def hover_texts(result: projection.Projection, names: list[str]) -> list[str]:
    return [ui.tr("projection.hover", index=i, label=names[t], pred=names[p])
            for i, t, p in zip(result.indices, result.labels, result.predicted)]


def show_map(run: runs.Run, ds: datasets.Dataset, epoch: int, method: str, key: str,
             height: int = 480) -> projection.Projection | None:
    """The map of `run` at `epoch`, with how long it took; its progress instead while it is made (None then)."""
    names = ui.class_names(ds)
    what = ui.tr(f"projection.method_{method}")
    current = job(run, ds, epoch, method)
    if current.stage == "failed":
        st.error(ui.tr("projection.failed", error=current.error))
        return None
    if not current.done:
        _wait(current, what)
        return None
    result = current.result
    st.plotly_chart(plots.projection_map(result.coords, result.labels, result.indices, hover_texts(result, names), names,
                                         result.outlier, ui.tr("projection.outlier"), st.session_state.get(PICKED),
                                         height),
                    key=key, on_select=lambda: _pick(key), selection_mode="points", width="stretch")
    st.caption(ui.tr("projection.took", what=what, n=f"{len(result.indices):,}", seconds=f"{result.seconds:.1f}",
                     feature_seconds=f"{result.feature_seconds:.1f}",
                     own=f"{np.mean(result.neighbour_class == result.labels):.0%}"))
    return result


def picked_image(ds: datasets.Dataset, result: projection.Projection | None, epoch: int) -> None:
    """The image clicked on a map, what the network at `epoch` says of it, and the way to Feature maps and Evaluate."""
    index = st.session_state.get(PICKED)
    if result is None or index not in result.indices:
        st.caption(ui.tr("projection.pick_hint"))
        return
    names = ui.class_names(ds)
    i = int(np.flatnonzero(result.indices == index)[0])
    label, pred = names[result.labels[i]], names[result.predicted[i]]
    image_col, text_col = st.columns([1, 3], gap="large")
    with image_col:
        st.plotly_chart(data_plots.digit(ds.x_test[index], ui.tr("common.pixel_value"), ui.hover_axes()),
                        key="proj_picked_image", width="stretch")
    with text_col:
        st.markdown(ui.tr("projection.picked_line", index=index, label=label, model=ui_epochs.model_label(epoch),
                          pred=pred))
        if result.outlier[i]:
            st.markdown(ui.tr("projection.picked_outlier", other=names[result.neighbour_class[i]]))
        if st.button(ui.tr("projection.to_feature_maps"), icon=":material/layers:", key="proj_to_fm"):
            ui_state.send_to_feature_maps(datasets.unit_pixels(ds.x_test[index]),
                                          ui.tr("projection.fm_caption", index=index, label=label))
        if st.button(ui.tr("projection.to_evaluate"), icon=":material/fact_check:", key="proj_to_ev",
                     help=ui.tr("projection.to_evaluate_help", label=label, pred=pred)):
            ui_state.send_to_evaluate(int(result.labels[i]), int(result.predicted[i]))


def outlier_gallery(ds: datasets.Dataset, result: projection.Projection, most: int = 16, cols: int = 8) -> None:
    """The outliers of a map (wrongly answered first), each a click away from the picked-image panel."""
    names = ui.class_names(ds)
    found = np.flatnonzero(result.outlier)
    found = found[np.lexsort((result.indices[found], result.predicted[found] == result.labels[found]))][:most]
    if not len(found):
        st.info(ui.tr("projection.outliers_none"))
        return
    for start in range(0, len(found), cols):
        for col, i in zip(st.columns(cols), found[start:start + cols]):
            index = int(result.indices[i])
            col.image(ev_plots.thumbnail(ds.x_test[index]), width=96, caption=ui.tr(
                "projection.outlier_item", index=index, label=names[result.labels[i]],
                other=names[result.neighbour_class[i]], pred=names[result.predicted[i]]))
            col.button(ui.tr("projection.show"), key=f"proj_show_{index}", icon=":material/visibility:",
                       on_click=st.session_state.__setitem__, args=(PICKED, index))
