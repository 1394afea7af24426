"""The one epoch control that Feature maps, Draw, Evaluate, Map and Compare share, and the map-over-epochs strip.

The chosen epoch is a `ui_state` setting per run: moving the slider on one page moves every page that shows
that run. Play steps through the kept epochs by rerunning the whole page on a timer (a small fragment whose
only job is the timer), since every chart on the page follows the epoch.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from cnnviz import runs, snapshots, ui, ui_models, ui_state
from cnnviz.plots import inside as plots

PLAY_INTERVAL_S = 1.5  # a page with a dozen charts redraws in about a second on two busy cores
SLIDER, PLAYING, PAGE_RUN = "epoch_slider", "epochs_playing", "epochs_page_run"  # this control's session keys


def default_epoch(run: runs.Run, kept: list[int]) -> int:
    """The epoch the run's model file holds (what the pages showed before there was a choice), else the last."""
    final = snapshots.final_epoch(run)
    return final if final in kept else kept[-1]


def column_label(epoch: int) -> str:
    """What a column showing the network at `epoch` is called: "after epoch 3", or "untrained (epoch 0)"."""
    return ui.tr("epochs.column_after", epoch=epoch) if epoch else ui.tr("epochs.column_untrained")


def model_label(epoch: int) -> str:
    """The network at `epoch`, as the subject of a sentence."""
    return ui.tr("epochs.model_after", epoch=epoch) if epoch else ui.tr("epochs.model_untrained")


def _kept_note(run: runs.Run, kept: list[int]) -> str | None:
    """Why the slider offers only some epochs, if it does."""
    if run.imported:
        return ui.tr("epochs.imported")
    if not snapshots.has_weight_files(run):
        return ui.tr("epochs.old_run", last=kept[-1])
    total = max(kept[-1], run.epochs_done)
    if len(kept) < total + 1:
        return ui.tr("epochs.thinned", n=len(kept), total=total, stride=kept[1] - kept[0])
    return None


def epoch_control(run: runs.Run) -> int:
    """The epoch slider with Play, and a line saying what it shows; returns the chosen epoch.

    The chosen epoch's weights are swapped in here, so a damaged weight file stops the page with a message
    instead of failing inside a chart.
    """
    kept = snapshots.epochs(run)
    epoch = ui_state.epoch_shown(run.id, kept, default_epoch(run, kept))
    playing = st.session_state.get(PLAYING) == run.id

    def toggle_play() -> None:
        if st.session_state.get(PLAYING) == run.id:
            st.session_state[PLAYING] = None
            return
        st.session_state[PLAYING] = run.id
        if ui_state.epoch_shown(run.id, kept, epoch) == kept[-1]:
            ui_state.show_epoch(run.id, kept[0])  # play again from the start

    play, slider = st.columns([1, 7], vertical_alignment="bottom")
    play.button(ui.tr("epochs.pause" if playing else "epochs.play"), key="epochs_play", width="stretch",
                icon=":material/pause:" if playing else ":material/play_arrow:", on_click=toggle_play,
                disabled=len(kept) < 2, help=ui.tr("epochs.play_help"))
    st.session_state[SLIDER] = epoch
    fixed = ui.translator()
    slider.select_slider(ui.tr("epochs.label"), kept, key=SLIDER, help=ui.tr("epochs.help"),
                         format_func=lambda e: fixed("epochs.option_untrained") if e == 0 else str(e),
                         on_change=lambda: ui_state.show_epoch(run.id, st.session_state[SLIDER]),
                         disabled=len(kept) < 2)
    val_acc = run.history.get("val_accuracy") or []
    if epoch == 0:
        line = ui.tr("epochs.shown_untrained")
    elif 1 <= epoch <= len(val_acc):
        line = ui.tr("epochs.shown_val", epoch=epoch, last=kept[-1], acc=f"{val_acc[epoch - 1]:.1%}")
    else:
        line = ui.tr("epochs.shown", epoch=epoch, last=kept[-1])
    note = _kept_note(run, kept)
    st.caption(line + (" " + note if note else ""))
    try:
        with ui_models.epoch_model(run).at(epoch):
            pass
    except runs.RunError as exc:
        st.error(ui.tr("inside.model_error", error=str(exc)))
        st.stop()

    st.session_state[PAGE_RUN] = True

    @st.fragment(run_every=PLAY_INTERVAL_S if playing else None)
    def play_timer() -> None:
        """While playing, move to the next kept epoch on each timer run (not on the page's own run) and redraw."""
        if st.session_state.pop(PAGE_RUN, False) or not playing:
            return
        later = [e for e in kept if e > ui_state.epoch_shown(run.id, kept, epoch)]
        if later:
            ui_state.show_epoch(run.id, later[0])
        if len(later) <= 1:
            st.session_state[PLAYING] = None  # that was the last epoch
        st.rerun(scope="app")

    play_timer()
    return epoch


def map_over_epochs(run: runs.Run, pixels: np.ndarray, layer: str, index: int) -> None:
    """One feature map of one image at every kept epoch, side by side on one symmetric scale."""
    kept = snapshots.epochs(run)
    strip = ui_models.epoch_model(run).one_map(kept, pixels, layer, index)
    peak = float(np.max(np.abs(strip), initial=0.0)) or 1.0
    st.markdown("**" + ui.tr("epochs.strip_heading", i=index, layer=layer) + "**")
    labels = [ui.tr("epochs.option_untrained") if e == 0 else str(e) for e in kept]
    st.plotly_chart(plots.epoch_strip(strip, labels, peak, ui.tr("inside.value")), key=f"epochs_strip_{layer}",
                    width="stretch")
    st.caption(ui.tr("epochs.strip_caption", peak=f"{peak:.3g}"))
