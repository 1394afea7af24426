"""The one Streamlit-aware module of cnnviz: session language, cached data, page scaffolding.

Pages import this and the engine; the engine never imports Streamlit.
"""
from __future__ import annotations

import streamlit as st

from cnnviz import datasets
from cnnviz.i18n import LANGUAGES, t

PAGES = [  # (file, nav title key, icon); the first is the default page
    ("app_pages/home.py", "nav.home", ":material/home:"),
    ("app_pages/data.py", "nav.data", ":material/dataset:"),
    ("app_pages/learn.py", "nav.learn", ":material/school:"),
    ("app_pages/build.py", "nav.build", ":material/stacks:"),
    ("app_pages/train.py", "nav.train", ":material/model_training:"),
    ("app_pages/filters.py", "nav.filters", ":material/grid_on:"),
    ("app_pages/feature_maps.py", "nav.feature_maps", ":material/layers:"),
    ("app_pages/evaluate.py", "nav.evaluate", ":material/fact_check:"),
    ("app_pages/draw.py", "nav.draw", ":material/draw:"),
]


def lang() -> str:
    return st.session_state.get("lang", "en")


def tr(key: str, /, **values) -> str:
    """`cnnviz.i18n.t` in the session's language."""
    return t(key, lang(), **values)


def translator():
    """`tr` with the language fixed now. Widgets call `format_func` outside the script run under
    AppTest, where the session's language cannot be read: give them this instead of `tr`."""
    language = lang()
    return lambda key, /, **values: t(key, language, **values)


def glossary(term: str) -> str:
    """Tooltip text for a glossary term (kernel, stride, ...), for widgets' `help=`."""
    return tr(f"glossary.{term}")


def hover_axes() -> tuple[str, str]:
    """The words for row and column in a heatmap's hover text (`cnnviz.plots.image`)."""
    return tr("common.row"), tr("common.col")


def dataset_name() -> str:
    return st.session_state.get("dataset", "mnist")


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
        st.error(dataset_error(exc))
        st.stop()


def dataset_error(exc: datasets.DatasetError) -> str:
    """Why the dataset could not be loaded, naming the file, in the session's language."""
    return tr("common.dataset_error", error=tr(f"dataset_fault.{exc.code}", **exc.values))


def source_line(ds: datasets.Dataset) -> str:
    """One sentence saying where the data came from and how much of it there is."""
    return tr(f"source.{ds.source}", location=ds.location, train=f"{len(ds.x_train):,}", test=f"{len(ds.x_test):,}")


def page_header(title_key: str, lead_key: str) -> None:
    """Title and the one-sentence lead under it, as every page has."""
    st.title(tr(title_key))
    st.markdown(tr(lead_key))


def _sync_query_param(key: str, allowed) -> None:
    """Keep a sidebar choice in the URL so a reload or a shared link keeps it."""
    if key not in st.session_state and st.query_params.get(key) in allowed:
        st.session_state[key] = st.query_params[key]


def sidebar() -> None:
    """Language and dataset choices, shown on every page."""
    _sync_query_param("lang", LANGUAGES)
    _sync_query_param("dataset", datasets.DATASETS)
    fixed = translator()
    with st.sidebar:
        st.radio(tr("common.language"), list(LANGUAGES), format_func=LANGUAGES.get,
                 key="lang", horizontal=True)
        st.selectbox(tr("common.dataset"), datasets.DATASETS, format_func=lambda d: fixed(f"dataset.{d}"),
                     key="dataset")
    st.query_params["lang"] = lang()
    st.query_params["dataset"] = dataset_name()


def navigation() -> None:
    st.navigation([st.Page(path, title=tr(title), icon=icon, default=i == 0)
                   for i, (path, title, icon) in enumerate(PAGES)]).run()
