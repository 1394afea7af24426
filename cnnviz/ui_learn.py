"""The Learn page's own widgets: a step-through control (slider, previous/next, play/pause) and a grid editor.

Only the stepper's fragment reruns when the step changes or the animation ticks; the page's
controls and other charts are not rebuilt. Play/pause reruns the page once, since the
fragment's timer is fixed when the page defines it.
"""
from __future__ import annotations

import time
from typing import Callable

import numpy as np
import pandas as pd
import streamlit as st

from cnnviz import convolution as cv
from cnnviz import ui

PLAY_INTERVAL_S = 0.8


def stepper(key: str, n_steps: int, draw: Callable[[int], None]) -> None:
    """Draw step `draw(i)` of `n_steps`, with the controls to move through them."""
    step_key, playing_key, tick_key = f"{key}_step", f"{key}_playing", f"{key}_tick"
    if n_steps <= 1:
        st.session_state[playing_key] = False  # nothing to animate
    playing = st.session_state.get(playing_key, False)

    def move(delta: int) -> None:
        st.session_state[step_key] = min(max(st.session_state.get(step_key, 1) + delta, 1), n_steps)

    def toggle_play() -> None:
        now_playing = not st.session_state.get(playing_key, False)
        st.session_state[playing_key] = now_playing
        if now_playing and st.session_state.get(step_key, 1) >= n_steps:
            st.session_state[step_key] = 1  # play again from the start
        st.session_state[tick_key] = time.monotonic()

    @st.fragment(run_every=PLAY_INTERVAL_S if playing else None)
    def body() -> None:
        step = min(max(st.session_state.get(step_key, 1), 1), n_steps)
        now = time.monotonic()
        # Advance on the timer's runs only, not when the user clicks inside the fragment meanwhile.
        if playing and now - st.session_state.get(tick_key, 0.0) >= 0.9 * PLAY_INTERVAL_S:
            step = min(step + 1, n_steps)
            st.session_state[tick_key] = now
        st.session_state[step_key] = step
        controls = st.columns([1.2, 1.2, 1.2, 5], vertical_alignment="bottom")
        controls[0].button(ui.tr("learn.previous"), key=f"{key}_prev", icon=":material/skip_previous:",
                           on_click=move, args=(-1,), disabled=step <= 1, width="stretch")
        controls[1].button(ui.tr("learn.next"), key=f"{key}_next", icon=":material/skip_next:",
                           on_click=move, args=(1,), disabled=step >= n_steps, width="stretch")
        controls[2].button(ui.tr("learn.pause" if playing else "learn.play"), key=f"{key}_play",
                           icon=":material/pause:" if playing else ":material/play_arrow:",
                           on_click=toggle_play, disabled=n_steps <= 1, width="stretch")
        if n_steps > 1:
            controls[3].slider(ui.tr("learn.step", n=n_steps), 1, n_steps, key=step_key)
        if st.session_state.get(playing_key, False) != playing:
            st.rerun()  # play/pause changed: redefine the fragment with (or without) its timer
        if playing and step >= n_steps:
            st.session_state[playing_key] = False
            st.rerun()  # the animation is over: stop the timer
        draw(st.session_state[step_key] - 1)

    body()


def grid_editor(key: str, initial: np.ndarray) -> np.ndarray | None:
    """An editable grid of numbers; None (with a clear message) while a cell is not a number."""
    table = pd.DataFrame([[cv.format_number(v) for v in row] for row in initial],
                         columns=[str(c + 1) for c in range(initial.shape[1])],
                         index=[str(r + 1) for r in range(initial.shape[0])])
    edited = st.data_editor(table, key=key, num_rows="fixed", width="content",
                            column_config={c: st.column_config.TextColumn(c, width=52) for c in table.columns})
    try:
        return cv.parse_grid(edited.to_numpy().tolist())
    except cv.GridError as error:
        st.error(ui.tr(f"learn.grid_{error.kind}", row=error.row + 1, col=error.col + 1,
                       value="" if error.value is None else error.value))
        return None
