"""Session state of the layer builder: the stack the user is editing, kept in the URL too.

The stack is a list of `[uid, layer]` pairs in `st.session_state`; each layer's widgets are keyed
by its uid, so reordering or deleting layers never hands one layer's slider values to another.
"""
from __future__ import annotations

import streamlit as st

from cnnviz import architecture
from cnnviz.architecture import ArchitectureError
from cnnviz.architecture import label as spec_label  # noqa: F401  (the Train page's run labels)

DEFAULT_PRESET = "fashion_cnn"  # the textbook's model: what a learner of 8-2 expects to see first
URL_PARAM = "arch"
STACK = "build_stack"
NEXT_UID = "build_next_uid"
URL_ERROR = "build_url_error"


def _new_uid() -> int:
    uid = st.session_state.get(NEXT_UID, 0)
    st.session_state[NEXT_UID] = uid + 1
    return uid


def set_spec(spec: list[dict]) -> None:
    """Replace the whole stack (fresh uids, so every widget starts from the new values)."""
    st.session_state[STACK] = [[_new_uid(), dict(layer)] for layer in architecture.normalise(spec)]


def _stack() -> list[list]:
    if STACK not in st.session_state:
        text = st.query_params.get(URL_PARAM)
        spec = architecture.PRESETS[DEFAULT_PRESET]
        if text:
            try:
                spec = architecture.decode(text)
            except ArchitectureError as exc:
                st.session_state[URL_ERROR] = exc
        set_spec(spec)
    return st.session_state[STACK]


def current_spec() -> list[dict]:
    """The spec the user is editing (from this session, else the URL's `arch`, else the textbook model).

    It may be invalid while the user is mid-edit: call `architecture.summarize` and show its error.
    """
    return [dict(layer) for _, layer in _stack()]


def sync_url() -> None:
    """Write the stack into the URL (page navigation may clear query params)."""
    st.query_params[URL_PARAM] = architecture.encode(current_spec())
