"""Page scaffolding shared by every page: the session's language, cached datasets, headers, sidebar, navigation.

The Streamlit side of cnnviz is the `cnnviz/ui*.py` modules (this one, `ui_state` for what a session
remembers, `ui_models` for cached models, and one per page family); the rest of the engine never
imports Streamlit, so it runs in a notebook.
"""
from __future__ import annotations

import gc
import logging

import keras  # noqa: F401 - imported before the freeze below
import plotly.graph_objects  # noqa: F401

# Streamlit imports pandas and pyarrow lazily, in whichever session first shows a table. On a fresh server
# two sessions doing that at once can each find pandas half-initialised ("partially initialized module
# 'pandas' has no attribute 'Series'", seen by 8 of 30 simulated students in bench/bench_class.py). Imported
# here, by the first script run while it holds this module's import lock, they are whole for every session.
import pandas  # noqa: F401
import pyarrow  # noqa: F401
import streamlit as st

from cnnviz import datasets, photos, ui_state
from cnnviz.i18n import LANGUAGES, t
from cnnviz.ui_state import PAGES, dataset_name, lang  # noqa: F401 - pages read them from here

# After every script run of every session (each fragment rerun too), Streamlit calls Keras's `clear_session()`,
# which collects garbage fully (Streamlit's own `gc.collect(2)` did too: off in .streamlit/config.toml), holding
# the GIL: over TensorFlow's 400,000 objects that took 0.3 s, during which no other session ran, and a class
# queued behind it. The imported modules live as long as the server: their objects leave collection here, once.
gc.collect()
gc.freeze()

# The server's log says when each student's training enters the line, starts and ends (cnnviz.executors).
if not logging.getLogger("cnnviz").handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("cnnviz").addHandler(_handler)
    logging.getLogger("cnnviz").setLevel(logging.INFO)


def tr(key: str, /, count: int | None = None, **values) -> str:
    """`cnnviz.i18n.t` in the session's language."""
    return t(key, lang(), count=count, **values)


def duration(seconds: float) -> str:
    """A duration in the session's language: whole seconds under a minute and a half, else minutes."""
    if seconds < 90:
        return tr("common.seconds", n=f"{seconds:.0f}")
    return tr("common.minutes", n=f"{seconds / 60:.1f}")


def translator():
    """`tr` with the language fixed now. Widgets call `format_func` outside the script run under
    AppTest, where the session's language cannot be read: give them this instead of `tr`."""
    language = lang()
    return lambda key, /, count=None, **values: t(key, language, count=count, **values)


def labels(prefix: str):
    """Option labels `prefix + option` in the session's language, fixed now (see `translator`)."""
    fixed = translator()
    return lambda option: fixed(f"{prefix}{option}")


def glossary(term: str) -> str:
    """Tooltip text for a glossary term (kernel, stride, ...), for widgets' `help=`."""
    return tr(f"glossary.{term}")


def hover_axes() -> tuple[str, str]:
    """The words for row and column in a heatmap's hover text (`cnnviz.plots.image`)."""
    return tr("common.row"), tr("common.col")


def dataset_label(name: str, short: bool = False) -> str:
    """A dataset's name for people: the built-in ones translated (`short` for tables), others as named."""
    if name not in datasets.BUILT_IN:
        return name
    return tr(f"train.short.{name}" if short else f"dataset.{name}")


@st.cache_resource(show_spinner=False, max_entries=8)  # a 150×150 colour set of 2,000 photos is 135 MB
def _load_dataset(name: str, fit: datasets.PhotoFit | None, workspace: str | None) -> datasets.Dataset:
    # cache_resource, not cache_data: the arrays are read-only and shared, never copied per rerun.
    return datasets.load(name, fit, workspace)


def load_dataset(name: str | None = None, fit: datasets.PhotoFit | None = None) -> datasets.Dataset:
    """The loaded dataset (photos fitted as `fit`, else as the sidebar says), raising DatasetError if its files
    are broken: for a page that goes on without it."""
    name = name or dataset_name()
    photo = datasets.is_photo_name(name)
    with st.spinner(tr("common.loading_data")):
        return _load_dataset(name, (fit or ui_state.photo_fit()) if photo else None,
                             ui_state.workspace() if photo else None)


def dataset_error(exc: Exception) -> str:
    """Why a dataset could not be loaded, in the session's language."""
    if isinstance(exc, photos.PhotoError):
        return tr("common.dataset_error", error=tr(f"data.photo_error.{exc.code}", **exc.values))
    return tr("common.dataset_error", error=tr(f"dataset_fault.{exc.code}", **exc.values))


def dataset(name: str | None = None, fit: datasets.PhotoFit | None = None) -> datasets.Dataset:
    """The loaded dataset, or an error box and a stopped page if its files are broken."""
    try:
        return load_dataset(name, fit)
    except (datasets.DatasetError, photos.PhotoError) as exc:
        st.error(dataset_error(exc))
        st.stop()


def run_dataset(run) -> datasets.Dataset:
    """The data a run was trained on, photos fitted the way it saw them."""
    fit = run.config.get("fit")
    return dataset(run.dataset, datasets.PhotoFit(**fit) if fit else None)


def class_names(ds: datasets.Dataset | None = None) -> list[str]:
    return (ds or dataset()).class_names(lang())


@st.cache_data(show_spinner=False, max_entries=24)
def _pixel_summary(name: str, fit: datasets.PhotoFit | None, workspace: str | None):
    return datasets.pixel_summary(_load_dataset(name, fit, workspace))


def pixel_summary(ds: datasets.Dataset):
    """Per-split pixel statistics and the training intensity histogram: one pass over up to 47 M pixels, once."""
    return _pixel_summary(ds.name, ds.fit, ui_state.workspace() if ds.is_photo else None)


def source_line(ds: datasets.Dataset) -> str:
    """One sentence saying where the data came from and how much of it there is."""
    return tr(f"source.{ds.source}", location=ds.location, train=f"{len(ds.x_train):,}", test=f"{len(ds.x_test):,}")


def source_notice(ds: datasets.Dataset) -> None:
    """The source sentence, as a warning for the small bundled sample."""
    (st.warning if ds.is_sample else st.info)(source_line(ds))


def page_header(title_key: str, lead_key: str) -> None:
    """Title and the one-sentence lead under it, as every page has."""
    st.title(tr(title_key))
    st.markdown(tr(lead_key))


def page_link(name: str, label_key: str | None = None) -> None:
    page = PAGES[name]
    st.page_link(page.path, label=tr(label_key or page.title_key), icon=page.icon)


def sidebar() -> None:
    """Language and dataset choices, shown on every page; the address follows them."""
    ui_state.read_url()
    fixed = translator()
    with st.sidebar:
        # through ui_state.widget: a page switched to from a button (st.switch_page mid-run) drops the state of
        # widgets keyed by the setting itself, and the next page came up in English on the default dataset
        st.radio(tr("common.language"), list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True,
                 **ui_state.widget(ui_state.LANG))
        names = datasets.available(ui_state.workspace())
        if ui_state.dataset_name() not in names:  # an upload deleted meanwhile
            ui_state.put(ui_state.DATASET, ui_state.DATASET.default)
        st.selectbox(tr("common.dataset"), names, **ui_state.widget(ui_state.DATASET),
                     format_func=lambda d: fixed(f"dataset.{d}") if d in datasets.BUILT_IN else d)
        if datasets.is_photo_name(ui_state.dataset_name()):
            photo_fit_controls()


def photo_fit_controls() -> None:
    """How photos become the network's input: square side, stretch / pad / crop, colour or gray."""
    fixed = translator()
    st.selectbox(tr("common.photo_size"), datasets.PHOTO_SIZES, **ui_state.widget(ui_state.PHOTO_SIZE),
                 format_func=lambda s: f"{s}×{s}", help=tr("common.photo_size_help"))
    st.segmented_control(tr("common.photo_color"), ["rgb", "gray"], **ui_state.widget(ui_state.COLOR),
                         format_func=lambda c: fixed(f"common.color_{c}"), required=True)
    st.segmented_control(tr("common.photo_mode"), datasets.RESIZE_MODES, **ui_state.widget(ui_state.RESIZE_MODE),
                         format_func=lambda m: fixed(f"common.resize_{m}"), required=True,
                         help=tr("common.photo_mode_help"))


def navigation() -> None:
    st.navigation([st.Page(page.path, title=tr(page.title_key), icon=page.icon, default=i == 0)
                   for i, page in enumerate(PAGES.values())]).run()
