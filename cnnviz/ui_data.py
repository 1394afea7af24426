"""Streamlit side of the Data page for photos: how a photo becomes a square, the photos' own sizes, where the
test set came from, files left out, and uploading a zip of class folders as this workspace's own dataset."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from cnnviz import datasets, photos, ui, ui_state
from cnnviz.plots import data as plots
from cnnviz.plots.draw import enlarged

UPLOAD_KEY, RESULT_KEY = "data_zip", "data_zip_result"


def resize_comparison(ds: datasets.Dataset, seed: int, count: int = 4) -> None:
    """A few training photos as they are and stretched, padded and cropped to the input square."""
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(ds.train_files), size=min(count, len(ds.train_files)), replace=False)
    names = ds.class_names(ui.lang())
    tiles, captions = [], []
    for i in picked:
        photo = photos.open_photo(Path(ds.location) / ds.train_files[i])
        fitted = photos.fit_all_modes(photo, ds.fit.size, ds.fit.color)
        width, height = photo.size
        tiles.append(enlarged(photos.eight_bit(photo, True), side=150))
        captions.append(ui.tr("data.resize_original", w=width, h=height, label=names[ds.y_train[i]]))
        for mode in datasets.RESIZE_MODES:
            tiles.append(enlarged(fitted[mode], side=150))
            captions.append(ui.tr(f"common.resize_{mode}") + (" ✓" if mode == ds.fit.mode else ""))
    st.plotly_chart(plots.sample_grid(np.stack(tiles), captions, ui.tr("common.pixel_value"), cols=4, tile_px=150),
                    key="data_resize", width="stretch")
    st.caption(ui.tr("data.resize_caption", size=ds.fit.size, mode=ui.tr(f"common.resize_{ds.fit.mode}")))


@st.cache_data(show_spinner=False, max_entries=16)
def _original_sizes(location: str, files: tuple[str, ...]) -> np.ndarray:
    return photos.original_sizes(Path(location), files)


def original_sizes(ds: datasets.Dataset) -> None:
    """Histograms of the photos' own widths, heights and aspect ratios, read from the file headers."""
    sizes = _original_sizes(ds.location, ds.train_files)
    summary = photos.size_summary(sizes)
    st.plotly_chart(plots.size_histograms(sizes, ui.tr("data.width"), ui.tr("data.height"), ui.tr("data.aspect"),
                                          ui.tr("common.count")), key="data_sizes", width="stretch")
    st.caption(ui.tr("data.sizes_caption", n=f"{summary['count']:,}", w=summary["median_width"],
                     h=summary["median_height"], square=f"{summary['square_share']:.0%}",
                     stretched=f"{summary['stretched_share']:.0%}"))


def split_note(ds: datasets.Dataset) -> None:
    """Where the test images came from, and what was left out."""
    if ds.test_from == "split":
        st.caption(ui.tr("data.split_seeded", pct=f"{ds.test_fraction:.0%}", seed=ds.split_seed))
    else:
        st.caption(ui.tr("data.split_given"))
    if ds.skipped:
        with st.expander(ui.tr("data.skipped", count=len(ds.skipped)), icon=":material/warning:"):
            st.dataframe([{ui.tr("data.skipped_file"): path, ui.tr("data.skipped_why"): ui.tr(f"data.why.{why}")}
                          for path, why in ds.skipped], hide_index=True, width="stretch")


def _do_upload() -> None:
    """Button callback: runs before the page, so the new dataset can become the sidebar's at once."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        st.session_state[RESULT_KEY] = ("warning", ui.tr("data.upload_none"))
        return
    name = (st.session_state.get("data_zip_name") or Path(upload.name).stem).strip()
    try:
        report = datasets.import_upload(upload.getvalue(), photos.safe_name(name), ui_state.workspace(),
                                        ui_state.photo_fit())
    except photos.PhotoError as exc:
        st.session_state[RESULT_KEY] = ("error", ui.tr("data.upload_refused",
                                                      why=ui.tr(f"data.photo_error.{exc.code}", **exc.values)))
        return
    ui_state.put(ui_state.DATASET, report.name)
    counts = ", ".join(f"{c} ({a:,} + {b:,})" for c, a, b in zip(report.classes, *report.counts.values()))
    text = ui.tr("data.upload_done", name=report.name, classes=counts)
    if report.skipped:
        text += " " + ui.tr("data.upload_skipped", count=len(report.skipped))
    st.session_state[RESULT_KEY] = ("success", text)


def _delete(name: str) -> None:
    datasets.delete_upload(name, ui_state.workspace())
    if ui_state.dataset_name() == name:
        ui_state.put(ui_state.DATASET, ui_state.DATASET.default)


def upload_section() -> None:
    """Upload a zip of class folders; it becomes a dataset of this workspace only. Own uploads can be deleted."""
    with st.expander(ui.tr("data.upload_heading"), icon=":material/folder_zip:",
                     expanded=RESULT_KEY in st.session_state):
        st.markdown(ui.tr("data.upload_text", mb=photos.ZipLimits.max_zip_bytes // 2**20,
                          files=f"{photos.ZipLimits.max_entries:,}", minimum=photos.MIN_PER_CLASS))
        st.file_uploader(ui.tr("data.upload_file"), type=["zip"], key=UPLOAD_KEY,
                         max_upload_size=photos.ZipLimits.max_zip_bytes // 2**20)
        st.text_input(ui.tr("data.upload_name"), key="data_zip_name", max_chars=40,
                      placeholder=ui.tr("data.upload_name_placeholder"))
        st.button(ui.tr("data.upload_button"), on_click=_do_upload, icon=":material/upload:")
        result = st.session_state.pop(RESULT_KEY, None)
        if result:
            getattr(st, result[0])(result[1])
        own = [name for name in datasets.available(ui_state.workspace()) if name not in datasets.available()]
        for name in own:
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.markdown(ui.tr("data.upload_own", name=name))
            right.button(ui.tr("data.upload_delete"), key=f"data_delete_{name}", on_click=_delete, args=(name,),
                         icon=":material/delete:")
