"""The layer builder's session state and widgets: the stack the user is editing, kept in the URL too.

The stack is a list of `[uid, layer]` pairs in `st.session_state`; each layer's widgets are keyed
by its uid, so reordering or deleting layers never hands one layer's slider values to another.
Every edit goes through a widget callback, so the stack is current before the page script runs
and the summary, errors and diagram drawn on that run all describe the same stack.
"""
from __future__ import annotations

import re
import tempfile
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from cnnviz import architecture, datasets, ui_state
from cnnviz.architecture import ArchitectureError, Notice, Summary
from cnnviz.architecture import label as spec_label  # also names runs on the Train page
from cnnviz.ui import dataset_name, glossary, lang, tr, translator

DEFAULT_PRESET = {False: "fashion_cnn", True: "photo_small"}  # the textbook's model first; for photos a fast one
STACK = ui_state.BUILD_STACK.key
NEXT_UID = "build_next_uid"
URL_ERROR = "build_url_error"
ADD_KIND = "build_add_kind"

FILTER_CHOICES = [1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
UNIT_CHOICES = [1, 2, 4, 8, 10, 16, 32, 50, 64, 100, 128, 200, 256, 512, 1024, 2048, 4096]
HELP = {"filters": "filter", "kernel_size": "kernel", "strides": "stride", "padding": "padding",
        "pool_size": "pooling", "rate": "dropout"}


# --- the stack --------------------------------------------------------------------------------------------

def _new_uid() -> int:
    uid = st.session_state.get(NEXT_UID, 0)
    st.session_state[NEXT_UID] = uid + 1
    return uid


def set_spec(spec: list[dict]) -> None:
    """Replace the whole stack (fresh uids, so every widget starts from the new values) and its output choice."""
    layers, output = architecture.split_output(architecture.normalise(spec))
    st.session_state[STACK] = [[_new_uid(), dict(layer)] for layer in layers]
    ui_state.put(ui_state.BUILD_OUTPUT, output)


def _stack() -> list[list]:
    if STACK not in st.session_state:
        text = ui_state.url_arch()
        photo = datasets.is_photo_name(ui_state.dataset_name())
        spec = (architecture.PHOTO_PRESETS if photo else architecture.PRESETS)[DEFAULT_PRESET[photo]]
        if text:
            try:
                spec = architecture.decode(text)
            except ArchitectureError as exc:
                st.session_state[URL_ERROR] = exc
        set_spec(spec)
    return st.session_state[STACK]


def current_spec(classes: int = architecture.CLASSES) -> list[dict]:
    """The spec the user is editing (from this session, else the URL's `arch`, else the textbook model),
    with its sigmoid output where the data has two classes.

    It may be invalid while the user is mid-edit: call `architecture.summarize` and show its error.
    """
    layers = [dict(layer) for _, layer in _stack()]  # first: a new session's stack sets the output choice too
    sigmoid = classes == 2 and ui_state.get(ui_state.BUILD_OUTPUT) == "sigmoid"
    return layers + ([dict(architecture.SIGMOID)] if sigmoid else [])


def check(spec: list[dict], input_shape=architecture.INPUT_SHAPE,
          classes: int = architecture.CLASSES) -> tuple[Summary | None, ArchitectureError | None]:
    try:
        return architecture.summarize(spec, input_shape, classes), None
    except ArchitectureError as exc:
        return None, exc


_MARKDOWN = re.compile(r"([\\`*_\[\]<>$~|])")


def message(problem: ArchitectureError | Notice) -> str:
    """An error or warning in the session's language.

    Its values may quote a share link that anyone can send, so their Markdown is escaped: they show
    as typed, never as a link, a picture or a formula.
    """
    prefix = "build.warn." if isinstance(problem, Notice) else "build.error."
    return tr(prefix + problem.code, **{name: _MARKDOWN.sub(r"\\\1", value) if isinstance(value, str) else value
                                        for name, value in problem.values.items()})


# --- callbacks (run before the script, so the stack is current when the page draws) -----------------------

def _find(uid: int) -> int:
    return next(i for i, (u, _) in enumerate(_stack()) if u == uid)


def _move(uid: int, delta: int) -> None:
    stack, i = _stack(), _find(uid)
    j = i + delta
    if 0 <= j < len(stack):
        stack[i], stack[j] = stack[j], stack[i]


def _duplicate(uid: int) -> None:
    stack, i = _stack(), _find(uid)
    stack.insert(i + 1, [_new_uid(), dict(stack[i][1])])


def _remove(uid: int) -> None:
    del _stack()[_find(uid)]


def _kind_labels() -> dict[str, str]:
    return {tr(f"build.kind.{kind}"): kind for kind in architecture.KINDS}


def _add_key() -> str:
    return f"{ADD_KIND}_{lang()}"  # its options are labels in the session's language


def _where_key() -> str:
    return f"build_add_where_{lang()}_{len(_stack())}"  # back to "at the end" whenever the stack changes length


def _where_labels() -> list[str]:
    """Insert positions 0..n as labels in the session's language."""
    return [tr("build.at_start")] + [tr("build.after", n=n, kind=architecture.KINDS[layer["kind"]][0])
                                     for n, (_, layer) in enumerate(_stack(), start=1)]


def _add() -> None:
    kind = _kind_labels()[st.session_state[_add_key()]]
    labels = _where_labels()
    position = labels.index(st.session_state.get(_where_key(), labels[-1]))
    _stack().insert(position, [_new_uid(), architecture.normalise([{"kind": kind}])[0]])


def _set_param(uid: int, param: str) -> None:
    _stack()[_find(uid)][1][param] = st.session_state[_key(uid, param)]


def _key(uid: int, param: str) -> str:
    return f"build_{uid}_{param}"


# --- widgets ------------------------------------------------------------------------------------------------

def url_notice() -> None:
    _stack()  # reads the URL on a fresh session
    if URL_ERROR in st.session_state:
        st.warning(tr("build.url_error", error=message(st.session_state.pop(URL_ERROR))))


def preset_buttons(input_shape=architecture.INPUT_SHAPE, classes: int = architecture.CLASSES,
                   photo: bool = False) -> None:
    st.markdown(f"**{tr('build.presets')}**")
    presets = architecture.presets(photo, classes)
    per_row = 4  # seven presets in one row would cut their labels short
    columns = [col for _ in range(-(-len(presets) // per_row)) for col in st.columns(per_row)]
    for col, (name, spec) in zip(columns, presets.items()):
        summary, error = check(spec, input_shape, classes)
        params = f"{summary.total_params:,}" if summary else "—"
        col.button(tr(f"build.preset.{name}"), key=f"build_preset_{name}", on_click=set_spec, args=(spec,),
                   help=tr("build.preset_help", params=params, label=spec_label(spec)), width="stretch")


def _param_widget(uid: int, layer: dict, param: str) -> None:
    key = _key(uid, param)
    if key not in st.session_state:
        st.session_state[key] = layer[param]
    common = dict(key=key, on_change=_set_param, args=(uid, param), label=tr(f"build.param.{param}"),
                  help=glossary(HELP[param]) if param in HELP else tr(f"build.{param}_help"))
    value = layer[param]
    if param in ("filters", "units"):
        choices = FILTER_CHOICES if param == "filters" else UNIT_CHOICES
        st.select_slider(options=sorted(set(choices) | {value}), **common)
    elif param == "rate":
        st.slider(min_value=0.0, max_value=0.95, step=0.05, **common)
    elif param == "padding":
        st.radio(options=architecture.PADDINGS, horizontal=True, **common)
    elif param == "activation":
        st.selectbox(options=architecture.ACTIVATIONS, **common)
    elif param == "mode":
        fixed = translator()
        st.selectbox(options=architecture.FLIP_MODES, format_func=lambda m: fixed(f"build.mode.{m}"), **common)
    elif param in ("factor", "height_factor", "width_factor"):
        low, high = architecture.KINDS[layer["kind"]][1][param][1:]
        st.slider(min_value=low, max_value=high, step=0.05, **common)
    else:
        low, high = architecture.KINDS[layer["kind"]][1][param][1:]
        st.slider(min_value=low, max_value=high, step=1, **common)


def _layer_card(position: int, uid: int, layer: dict, row, error, warnings: list[Notice], last: int,
                full: bool) -> None:
    kind = layer["kind"]
    with st.container(border=True, key=f"build_card_{uid}"):
        head, *buttons = st.columns([8, 1, 1, 1, 1], vertical_alignment="center")
        head.markdown(f"**{position + 1} · {tr(f'build.kind.{kind}')}**")
        for col, (icon, text, callback, args, disabled) in zip(buttons, [
            (":material/arrow_upward:", "build.move_up", _move, (uid, -1), position == 0),
            (":material/arrow_downward:", "build.move_down", _move, (uid, 1), position == last),
            (":material/content_copy:", "build.duplicate", _duplicate, (uid,), full),
            (":material/delete:", "build.remove", _remove, (uid,), False),
        ]):
            col.button(icon, key=f"build_{text}_{uid}", help=tr(text), on_click=callback, args=args,
                       disabled=disabled, type="tertiary")
        params = list(architecture.KINDS[kind][1])
        if params:
            for col, param in zip(st.columns(min(3, len(params))) * 2, params):
                with col:
                    _param_widget(uid, layer, param)
        else:
            st.caption(tr(f"build.about.{kind}"), help=glossary("flatten") if kind == "flatten" else None)
        if row:
            st.caption(tr("build.card_shape", shape=row.output_shape,
                          formula=row.shape_formula or tr("build.unchanged")))
            st.caption(tr("build.card_params", params=f"{row.params:,}", formula=row.params_formula)
                       if row.params else tr("build.card_no_params"))
            if kind == "batchnorm":
                channels = row.params // 4
                st.caption(tr("build.batchnorm_params", channels=f"{channels:,}", trained=f"{row.trainable:,}",
                              moving=f"{row.params - row.trainable:,}"))
        if error is not None and error.layer_index == position:
            st.error(message(error), icon=":material/error:")
        for notice in warnings:
            st.warning(message(notice), icon=":material/warning:")


def layer_editor(summary: Summary | None, error: ArchitectureError | None, input_shape=architecture.INPUT_SHAPE,
                 classes: int = architecture.CLASSES, names: list[str] | None = None) -> None:
    """The stack as cards with sliders, the layer at fault marked, then the output layers and "add layer"."""
    h, w, c = input_shape
    st.markdown(tr("build.input_color" if c == 3 else "build.input", h=h, w=w, c=c))
    stack = _stack()
    rows = {row.index: row for row in (summary.rows if summary else error.rows)}
    warnings = summary.warnings if summary else []
    full = len(stack) >= architecture.MAX_LAYERS
    for position, (uid, layer) in enumerate(stack):
        _layer_card(position, uid, layer, rows.get(position), error,
                    [n for n in warnings if n.layer_index == position], len(stack) - 1, full)
    output_choice(summary, input_shape, classes, names or [str(c) for c in range(classes)])
    if error is not None and error.layer_index is None:
        st.error(message(error), icon=":material/error:")
    kind_col, where_col = st.columns(2)
    kind_col.selectbox(tr("build.add_kind"), list(_kind_labels()), key=_add_key())
    where_col.selectbox(tr("build.add_where"), _where_labels(), index=len(stack), key=_where_key())
    st.button(tr("build.add"), icon=":material/add:", on_click=_add, width="stretch", key="build_add",
              disabled=full)


def output_choice(summary: Summary | None, input_shape, classes: int, names: list[str]) -> None:
    """The output layer: softmax over the classes, or for two classes the notebook's one sigmoid unit."""
    if classes != 2:
        st.markdown(tr("build.output", classes=classes), help=glossary("softmax"))
        return
    fixed = translator()
    st.radio(tr("build.output_choice"), architecture.OUTPUTS, **ui_state.widget(ui_state.BUILD_OUTPUT), horizontal=True,
             format_func=lambda o: fixed(f"build.output_{o}"), help=tr("build.output_choice_help"))
    hidden = [layer for _, layer in _stack()]
    counts = {o: check(hidden + ([dict(architecture.SIGMOID)] if o == "sigmoid" else []), input_shape, classes)[0]
              for o in architecture.OUTPUTS}
    if None not in counts.values():
        st.caption(tr("build.output_compare", softmax=f"{counts['softmax'].rows[-2].params:,}",
                      sigmoid=f"{counts['sigmoid'].rows[-2].params:,}",
                      features=f"{counts['softmax'].rows[-3].output_shape[0]:,}", a=names[0], b=names[1]))


def totals(summary: Summary) -> None:
    cols = st.columns(4)
    cols[0].metric(tr("build.total"), f"{summary.total_params:,}")
    cols[1].metric(tr("build.trainable"), f"{summary.trainable_params:,}")
    cols[2].metric(tr("build.non_trainable"), f"{summary.total_params - summary.trainable_params:,}",
                   help=tr("build.non_trainable_help"))
    cols[3].metric(tr("build.memory"), architecture.readable_bytes(summary.weight_bytes),
                   help=tr("build.memory_help"))


def summary_table(summary: Summary) -> None:
    rows = architecture.table(summary)
    unchanged = tr("build.unchanged")
    for row in rows[1:]:
        row["shape_formula"] = row["shape_formula"] or unchanged
        row["share"] *= 100
    widths = {"layer": 215, "shape": 90, "shape_formula": 195, "params": 75, "params_formula": 175, "memory": 80}
    columns = {key: st.column_config.TextColumn(tr(f"build.col.{key}"), width=width) for key, width in widths.items()}
    columns["share"] = st.column_config.ProgressColumn(tr("build.col.share"), format="%.1f%%", min_value=0,
                                                       max_value=100, width=100)
    st.dataframe(rows, column_config=columns, hide_index=True, width="stretch", key="build_table",
                 column_order=["layer", "shape", "shape_formula", "params", "params_formula", "share", "memory"])


def _keras_bytes(spec: list[dict], input_shape, classes: int) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.keras"
        architecture.keras_file(spec, path, input_shape, classes)
        return path.read_bytes()


def export(spec: list[dict], input_shape=architecture.INPUT_SHAPE, classes: int = architecture.CLASSES) -> None:
    """The runnable Keras code, and downloads of it and of the untrained `.keras` model."""
    code = architecture.keras_code(spec, input_shape, classes)
    st.markdown(tr("build.export_text"))
    st.code(code, language="python")
    name = architecture.label(spec).replace("·", "_").replace(".", "")
    left, right = st.columns(2)
    left.download_button(tr("build.download_code"), code, file_name=f"cnnviz_{name}.py", mime="text/x-python",
                         icon=":material/code:", on_click="ignore", width="stretch")
    right.download_button(tr("build.download_keras"), partial(_keras_bytes, spec, input_shape, classes), file_name=f"cnnviz_{name}.keras",
                          mime="application/octet-stream", icon=":material/download:", on_click="ignore",
                          help=tr("build.download_keras_help"), width="stretch")
    st.markdown(tr("build.link"))
    st.code(share_link(spec), language=None, wrap_lines=True)


def share_link(spec: list[dict]) -> str:
    """A link to this page with the architecture, language and dataset, but never the workspace id (`ws`):
    whoever opened the address bar's link would see, rename and delete the sharer's runs."""
    query = {ui_state.ARCH.key: architecture.encode(spec), ui_state.LANG.key: lang(),
             ui_state.DATASET.key: dataset_name()}
    if datasets.is_photo_name(dataset_name()):  # the same input shape for whoever opens it
        query |= {setting.key: ui_state.get(setting) for setting in ui_state.PHOTO_SETTINGS}
    query = urlencode(query)
    return f"{st.context.url or ''}?{query}"
