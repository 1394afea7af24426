"""Everything a session remembers across pages, in one table, and how it maps to the page address.

Like TensorFlow Playground's `state.ts`: pages never spell a `st.session_state` key of another
page; they read and write the app's shared state through the names and functions here. Each
`Setting` says where a value lives in the session, whether it is kept in the address (`?lang=ko`),
and which values an address may set. Widget-local state (a slider's position on one page) stays
with its page's widgets.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Callable

import numpy as np
import streamlit as st

from cnnviz import architecture, datasets
from cnnviz.i18n import LANGUAGES


@dataclass(frozen=True)
class Setting:
    key: str  # the session_state key, and the query parameter's name when in_url
    default: object
    in_url: bool = False
    valid: Callable[[str], bool] = lambda value: True  # which values an address may set


_WORKSPACE_ID = re.compile(r"[0-9A-Za-z_-]{4,32}")

LANG = Setting("lang", "en", in_url=True, valid=lambda v: v in LANGUAGES)
DATASET = Setting("dataset", "mnist", in_url=True, valid=lambda v: datasets.is_known(v, get(WORKSPACE)))
WORKSPACE = Setting("ws", None, in_url=True, valid=lambda v: bool(_WORKSPACE_ID.fullmatch(v)))
PHOTO_SIZE = Setting("size", datasets.PhotoFit.size, in_url=True, valid=lambda v: v in map(str, datasets.PHOTO_SIZES))
RESIZE_MODE = Setting("fit", datasets.PhotoFit.mode, in_url=True, valid=lambda v: v in datasets.RESIZE_MODES)
COLOR = Setting("color", "rgb" if datasets.PhotoFit.color else "gray", in_url=True, valid=lambda v: v in ("rgb", "gray"))
PHOTO_SETTINGS = (PHOTO_SIZE, RESIZE_MODE, COLOR)
ARCH = Setting("arch", None, in_url=True)  # the Build page's stack (cnnviz.architecture.encode); read by ui_build
ACTIVE_RUN = Setting("active_run", None)  # the run id the other pages look at
LAST_STARTED = Setting("last_started", None)  # the run id of this session's latest training
BUILD_STACK = Setting("build_stack", None)  # [[uid, layer], ...] the Build page edits
BUILD_OUTPUT = Setting("build_output", "softmax")  # its output layer for two classes: "softmax" or "sigmoid"
FEATURE_MAPS_INPUT = Setting("fm_input", None)  # a FeatureMapsInput sent by Evaluate or Draw
EPOCHS = Setting("epochs", None)  # {run id: the epoch Feature maps, Draw, Evaluate, Map and Compare show} (ui_epochs)
EVALUATE_FILTER = Setting("ev_sent", None)  # (true class, predicted class) for Evaluate's gallery, sent by the Map
SETTINGS = (LANG, WORKSPACE, DATASET, PHOTO_SIZE, RESIZE_MODE, COLOR, ARCH, ACTIVE_RUN, LAST_STARTED, BUILD_STACK,
            BUILD_OUTPUT, FEATURE_MAPS_INPUT, EPOCHS, EVALUATE_FILTER)


@dataclass(frozen=True)
class Page:
    path: str
    title_key: str
    icon: str


PAGES = {  # the first is the default page
    "home": Page("app_pages/home.py", "nav.home", ":material/home:"),
    "data": Page("app_pages/data.py", "nav.data", ":material/dataset:"),
    "learn": Page("app_pages/learn.py", "nav.learn", ":material/school:"),
    "build": Page("app_pages/build.py", "nav.build", ":material/stacks:"),
    "train": Page("app_pages/train.py", "nav.train", ":material/model_training:"),
    "filters": Page("app_pages/filters.py", "nav.filters", ":material/grid_on:"),
    "feature_maps": Page("app_pages/feature_maps.py", "nav.feature_maps", ":material/layers:"),
    "evaluate": Page("app_pages/evaluate.py", "nav.evaluate", ":material/fact_check:"),
    "draw": Page("app_pages/draw.py", "nav.draw", ":material/draw:"),
    "projection": Page("app_pages/projection.py", "nav.projection", ":material/scatter_plot:"),
    "compare": Page("app_pages/compare.py", "nav.compare", ":material/compare:"),
}


def get(setting: Setting):
    return st.session_state.get(setting.key, setting.default)


def put(setting: Setting, value) -> None:
    st.session_state[setting.key] = value


def widget(setting: Setting) -> dict:
    """Keyword arguments tying a widget to a setting that must outlive it: Streamlit forgets a keyed widget's
    value on a run that does not draw it (another page, another dataset), so the widget gets a key of its own,
    filled from the setting before it is drawn and copied back when the user changes it."""
    key = f"widget_{setting.key}"
    st.session_state[key] = get(setting)
    return dict(key=key, on_change=lambda: put(setting, st.session_state[key]))


# --- the address -------------------------------------------------------------------------------------------

def read_url() -> None:
    """On a session's first run, take every valid setting from the address (a reload or a shared link)."""
    for setting in SETTINGS:
        if setting.in_url and setting.key not in st.session_state:
            value = st.query_params.get(setting.key)
            if value is not None and setting.key != ARCH.key and setting.valid(value):
                put(setting, int(value) if setting is PHOTO_SIZE else value)


def url_arch() -> str | None:
    """The architecture the address carries (read once, by the Build page's stack)."""
    return st.query_params.get(ARCH.key)


def sync_url() -> None:
    """Write language, dataset, workspace and architecture into the address, so a reload keeps them.

    Page navigation clears the address, so this runs on every script run. A stack that cannot be
    encoded (mid-edit, too many layers) leaves the last good one there.
    """
    st.query_params[LANG.key] = lang()
    st.query_params[DATASET.key] = dataset_name()
    st.query_params[WORKSPACE.key] = workspace()
    for setting in PHOTO_SETTINGS:  # only where they matter: a photo dataset
        if datasets.is_photo_name(dataset_name()):
            st.query_params[setting.key] = str(get(setting))
        else:
            st.query_params.pop(setting.key, None)
    stack = get(BUILD_STACK)
    if stack is not None:
        output = [architecture.SIGMOID] if get(BUILD_OUTPUT) == "sigmoid" else []
        try:
            st.query_params[ARCH.key] = architecture.encode([layer for _, layer in stack] + output)
        except architecture.ArchitectureError:
            pass


# --- shared values -----------------------------------------------------------------------------------------

def lang() -> str:
    return get(LANG)


def dataset_name() -> str:
    return get(DATASET)


def photo_fit() -> datasets.PhotoFit:
    """How this session fits photos to the network's input (the sidebar's size, resize mode and colour)."""
    return datasets.PhotoFit(int(get(PHOTO_SIZE)), get(RESIZE_MODE), get(COLOR) == "rgb")


def workspace() -> str:
    """This browser's workspace id: from the address, or made up once (it then goes into the address)."""
    if get(WORKSPACE) is None:
        put(WORKSPACE, secrets.token_urlsafe(6).replace("-", "x"))
    return get(WORKSPACE)


def active_run_id() -> str | None:
    return get(ACTIVE_RUN)


def activate(run) -> None:
    """Make `run` the model every page looks at; the sidebar's dataset follows it.

    Call it from a widget callback (`on_click=ui_state.activate, args=(run,)`): the dataset
    selector's value may only change before the sidebar draws it.
    """
    put(ACTIVE_RUN, run.id)
    put(DATASET, run.dataset)
    fit = run.config.get("fit")
    if fit:  # the sidebar shows the photos the way this model saw them
        put(PHOTO_SIZE, int(fit["size"]))
        put(RESIZE_MODE, fit["mode"])
        put(COLOR, "rgb" if fit["color"] else "gray")


def started(run) -> None:
    """A training this session just started: it becomes the active run, and the one the Train page reports on."""
    put(ACTIVE_RUN, run.id)
    put(LAST_STARTED, run.id)


def last_started() -> str | None:
    return get(LAST_STARTED)


@dataclass(frozen=True)
class FeatureMapsInput:
    """An image another page sends to Feature maps: the network's own input pixels (0..1) and what it is."""
    pixels: np.ndarray
    caption: str


def send_to_feature_maps(pixels: np.ndarray, caption: str) -> None:
    """Show this image on the Feature maps page (and go there)."""
    put(FEATURE_MAPS_INPUT, FeatureMapsInput(np.clip(np.asarray(pixels, np.float32), 0.0, 1.0), caption))
    st.switch_page(PAGES["feature_maps"].path)


def feature_maps_input() -> FeatureMapsInput | None:
    return get(FEATURE_MAPS_INPUT)


def epoch_shown(run_id: str, kept: list[int], default: int) -> int:
    """The epoch every epoch-aware page shows for this run: the one last chosen, if the run still keeps it."""
    chosen = (get(EPOCHS) or {}).get(run_id)
    return chosen if chosen in kept else default


def show_epoch(run_id: str, epoch: int) -> None:
    put(EPOCHS, {**(get(EPOCHS) or {}), run_id: int(epoch)})


def send_to_evaluate(true_class: int, pred_class: int) -> None:
    """Show Evaluate's gallery filtered to these true and predicted classes (and go there)."""
    put(EVALUATE_FILTER, (int(true_class), int(pred_class)))
    st.switch_page(PAGES["evaluate"].path)


def take_evaluate_filter() -> tuple[int, int] | None:
    """The classes another page sent to Evaluate, once (None if none)."""
    sent = get(EVALUATE_FILTER)
    put(EVALUATE_FILTER, None)
    return sent
