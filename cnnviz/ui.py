"""Page scaffolding shared by every page: the session's language, cached datasets, headers, sidebar, navigation.

The Streamlit side of cnnviz is the `cnnviz/ui*.py` modules (this one, `ui_state` for what a session
remembers, `ui_models` for cached models, and one per page family); the rest of the engine never
imports Streamlit, so it runs in a notebook.
"""
from __future__ import annotations

import streamlit as st

from cnnviz import datasets, ui_state
from cnnviz.i18n import LANGUAGES, t
from cnnviz.ui_state import PAGES, dataset_name, lang  # noqa: F401 - pages read them from here


def tr(key: str, /, count: int | None = None, **values) -> str:
    """`cnnviz.i18n.t` in the session's language."""
    return t(key, lang(), count=count, **values)


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


def class_names(name: str | None = None) -> list[str]:
    return datasets.class_names(name or dataset_name(), lang())


@st.cache_resource(show_spinner=False)
def _load_dataset(name: str) -> datasets.Dataset:
    # cache_resource, not cache_data: the arrays are read-only and shared, never copied per rerun.
    return datasets.load(name)


def load_dataset(name: str | None = None) -> datasets.Dataset:
    """The loaded dataset, raising DatasetError if its files are broken: for a page that goes on without it."""
    with st.spinner(tr("common.loading_data")):
        return _load_dataset(name or dataset_name())


def dataset(name: str | None = None) -> datasets.Dataset:
    """The loaded dataset, or an error box and a stopped page if its files are broken."""
    try:
        return load_dataset(name)
    except datasets.DatasetError as exc:
        st.error(tr("common.dataset_error", error=str(exc)))
        st.stop()


@st.cache_data(show_spinner=False)
def pixel_summary(name: str):
    """Per-split pixel statistics and the training intensity histogram: one pass over up to 47 M pixels, once."""
    return datasets.pixel_summary(load_dataset(name))


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
        st.radio(tr("common.language"), list(LANGUAGES), format_func=LANGUAGES.get, key=ui_state.LANG.key,
                 horizontal=True)
        st.selectbox(tr("common.dataset"), datasets.DATASETS, format_func=lambda d: fixed(f"dataset.{d}"),
                     key=ui_state.DATASET.key)


def navigation() -> None:
    st.navigation([st.Page(page.path, title=tr(page.title_key), icon=page.icon, default=i == 0)
                   for i, page in enumerate(PAGES.values())]).run()
