import streamlit as st

from cnnviz import architecture, lessons, ui, ui_models, ui_runs
from cnnviz import convolution as cv
from cnnviz.plots import learn as plots
from cnnviz.plots import lessons as lesson_plots
from cnnviz.plots import signed_map, symmetric_range
from cnnviz.ui_learn import grid_editor, stepper

fmt = cv.format_number
labels = ui.labels

ui.page_header("learn.title", "learn.lead")

# --- 1. convolution, one window at a time --------------------------------------------------------------------
st.header(ui.tr("learn.conv_heading"), help=ui.glossary("filter"))
st.markdown(ui.tr("learn.conv_text"))
setup, kernel_col = st.columns([3, 2])
with setup:
    source = st.radio(ui.tr("learn.input"), ["worked", "crop", "custom"], horizontal=True, key="learn_source",
                      format_func=labels("learn.input_"))
    if source == "worked":
        grid = cv.WORKED_IMAGE
        st.caption(ui.tr("learn.worked_caption"))
    elif source == "crop":
        ds = ui.dataset()
        c = st.columns(4)
        index = c[0].number_input(ui.tr("learn.image_index", last=len(ds.x_train) - 1), 0, len(ds.x_train) - 1, 0,
                                  key="learn_crop_image")
        size = c[1].slider(ui.tr("learn.crop_size"), 4, 10, 7, key="learn_crop_size")
        height, width = ds.x_train.shape[1:3]
        top = c[2].slider(ui.tr("learn.crop_top"), 0, height - size, min(10, height - size), key="learn_crop_top")
        left = c[3].slider(ui.tr("learn.crop_left"), 0, width - size, min(10, width - size), key="learn_crop_left")
        channel = None
        if ds.x_train.ndim == 4:  # a colour photo: the stepper takes one channel at a time
            channel = st.radio(ui.tr("data.channel"), range(3), horizontal=True, key="learn_crop_channel",
                               format_func=lambda c: ui.tr(f"data.channel_{'RGB'[c]}"))
            st.info(ui.tr("learn.rgb_note"))
        grid = cv.crop(ds.x_train[index] if channel is None else ds.x_train[index][..., channel], top, left, size)
        thumb, note = st.columns([1, 3])
        thumb.plotly_chart(plots.digit(ds.x_train[index], ui.tr("common.pixel_value"), ui.hover_axes(),
                                       (top, left, size, size), height=160),
                           key="learn_crop_thumb", width="stretch")
        note.caption(ui.tr("learn.crop_caption", label=ui.class_names(ds)[ds.y_train[index]]))
    else:
        c = st.columns(2)
        rows = c[0].number_input(ui.tr("learn.rows"), 2, cv.MAX_GRID, 5, key="learn_rows")
        cols = c[1].number_input(ui.tr("learn.cols"), 2, cv.MAX_GRID, 5, key="learn_cols")
        grid = grid_editor(f"learn_grid_{rows}x{cols}", cv.fit_grid(cv.WORKED_IMAGE, rows, cols))
    c = st.columns(3)
    padding = c[0].radio(ui.tr("learn.padding"), cv.PADDINGS, horizontal=True, key="learn_padding",
                         help=ui.glossary("padding"))
    stride = c[1].slider(ui.tr("learn.stride"), 1, 3, 1, key="learn_stride", help=ui.glossary("stride"))
    bias = c[2].number_input(ui.tr("learn.bias"), -100.0, 100.0, 0.0, 0.5, key="learn_bias",
                             help=ui.tr("learn.bias_help"))
with kernel_col:
    kernel_name = st.selectbox(ui.tr("learn.kernel"), [*cv.KERNELS, "custom"], key="learn_kernel",
                               format_func=labels("learn.kernel_"), help=ui.glossary("kernel"))
    if kernel_name == "custom":
        k = st.select_slider(ui.tr("learn.kernel_size"), [1, 2, 3, 4, 5], 3, key="learn_kernel_size")
        kernel = grid_editor(f"learn_kernel_{k}x{k}", cv.fit_grid(cv.KERNELS["vertical"], k, k))
    else:
        kernel = cv.KERNELS[kernel_name]
        st.plotly_chart(plots.kernel(kernel, ui.tr("learn.kernel_title")), key="learn_kernel_fig", width="stretch")
    st.caption(ui.tr(f"learn.kernel_about_{kernel_name}"))

walk = None
if grid is not None and kernel is not None:
    try:
        walk = cv.conv_walk(grid, kernel, bias, stride, padding)
    except ValueError:
        st.warning(ui.tr("learn.too_small", rows=grid.shape[0], cols=grid.shape[1], k=kernel.shape[0]))
if walk is not None:
    top, bottom, left, right = walk.pads
    k = kernel.shape[0]
    rows_text, cols_text = cv.size_formulas(walk, grid.shape)
    lines = ([ui.tr("learn.formula_both", text=rows_text)] if rows_text == cols_text else
             [ui.tr("learn.formula_rows", text=rows_text), ui.tr("learn.formula_cols", text=cols_text)])
    st.markdown(ui.tr("learn.formula_intro") + "  \n" + "  \n".join(lines))
    if top != bottom or left != right:
        st.info(ui.tr("learn.asymmetric"))

    def draw_conv(i: int) -> None:
        step = walk.steps[i]
        a, b, c = st.columns([walk.padded.shape[1], max(k, 3), walk.output.shape[1] + 1])
        a.plotly_chart(plots.window_on_input(walk, step, ui.tr("learn.input_title")), key="conv_in", width="stretch")
        b.plotly_chart(plots.products(step, kernel, ui.tr("learn.products_title")), key="conv_prod", width="stretch")
        c.plotly_chart(plots.output_so_far(walk, i, ui.tr("learn.output_title")), key="conv_out", width="stretch")
        st.markdown(ui.tr("learn.equation", row=step.row + 1, col=step.col + 1, terms=cv.products_text(step, kernel),
                          total=fmt(step.total),
                          bias=fmt(bias), value=fmt(step.value)))

    stepper("conv", len(walk.steps), draw_conv)
    st.caption(ui.tr("learn.stepper_caption"))
    st.code(f'keras.layers.Conv2D(filters=1, kernel_size={k}, strides={stride}, padding="{padding}")\n'
            f"# {ui.tr('learn.keras_output', shape=walk.output.shape)}", language="python")

# --- 2. padding: who takes part how often ---------------------------------------------------------------------
st.header(ui.tr("learn.padding_heading"), help=ui.glossary("padding"))
st.markdown(ui.tr("learn.padding_text"))
c = st.columns(4)
n = c[0].slider(ui.tr("learn.grid_size"), 3, 8, 4, key="learn_part_n")
pk = c[1].slider(ui.tr("learn.kernel_size"), 2, 5, 3, key="learn_part_k", help=ui.glossary("kernel"))
charts = st.columns(2)
same_counts = cv.participation((n, n), pk, 1, "same")
zmax = float(same_counts.max())
for chart, mode in zip(charts, cv.PADDINGS):
    with chart:
        if n < pk and mode == "valid":  # "same" pads the input until the window fits
            st.info(ui.tr("learn.no_window", n=n, k=pk))
            continue
        counts = cv.participation((n, n), pk, 1, mode)
        st.plotly_chart(plots.counts(counts, ui.tr(f"learn.counts_{mode}"), zmax), key=f"learn_counts_{mode}",
                        width="stretch")
        st.caption(ui.tr("learn.counts_caption", count=int(counts[0, 0]), most=int(counts.max()),
                         windows=cv.window_count(n, pk, mode)))

# --- 3. pooling -----------------------------------------------------------------------------------------------
st.header(ui.tr("learn.pool_heading"), help=ui.glossary("pooling"))
st.markdown(ui.tr("learn.pool_text"))
c = st.columns(5)
sources = {"textbook": cv.POOL_MAP} | ({"conv": walk.output} if walk is not None else {})
pool_source = c[0].radio(ui.tr("learn.pool_input"), list(sources), key="learn_pool_source",
                         format_func=labels("learn.pool_input_"))
mode = c[1].radio(ui.tr("learn.pool_mode"), ["max", "avg"], horizontal=True, key="learn_pool_mode",
                  format_func=labels("learn.pool_"), help=ui.glossary("pooling"))
size = c[2].select_slider(ui.tr("learn.pool_size"), [2, 3], 2, key="learn_pool_size")
pool_stride = c[3].slider(ui.tr("learn.stride"), 1, 3, 2, key="learn_pool_stride", help=ui.glossary("stride"))
pool_padding = c[4].radio(ui.tr("learn.padding"), cv.PADDINGS, horizontal=True, key="learn_pool_padding",
                          help=ui.glossary("padding"))
pool_map = sources.get(pool_source, cv.POOL_MAP)
try:
    pool = cv.pool_walk(pool_map, size, pool_stride, mode, pool_padding)
except ValueError:
    pool = None
    st.warning(ui.tr("learn.too_small", rows=pool_map.shape[0], cols=pool_map.shape[1], k=size))
if pool is not None:
    def draw_pool(i: int) -> None:
        step = pool.steps[i]
        a, b = st.columns([pool.padded.shape[1], pool.output.shape[1] + 1])
        a.plotly_chart(plots.pool_window(pool, step, ui.tr("learn.pool_map_title")), key="pool_in", width="stretch")
        b.plotly_chart(plots.output_so_far(pool, i, ui.tr("learn.output_title")), key="pool_out", width="stretch")
        st.markdown(ui.tr("learn.pool_equation", row=step.row + 1, col=step.col + 1, text=cv.pool_text(step, mode)))

    stepper("pool", len(pool.steps), draw_pool)
    st.markdown(ui.tr("learn.pool_result", result=cv.grid_text(pool.output)))
    layer = "MaxPooling2D" if mode == "max" else "AveragePooling2D"
    st.code(f'keras.layers.{layer}(pool_size={size}, strides={pool_stride}, padding="{pool_padding}")',
            language="python")
    st.caption(ui.tr("learn.pool_caption"))

# --- 4. a kernel on a real image ------------------------------------------------------------------------------
st.header(ui.tr("learn.real_heading"), help=ui.glossary("feature_map"))
ds = ui.dataset()  # a broken dataset file stops the page here, after the sections that need no data
st.markdown(ui.tr("learn.real_text", h=ds.input_shape[0], w=ds.input_shape[1]))
c = st.columns([1, 1, 1, 2])
real_kernel = c[0].selectbox(ui.tr("learn.kernel"), [*cv.KERNELS, "above"], index=list(cv.KERNELS).index("vertical"),
                             key="learn_real_kernel", format_func=labels("learn.kernel_"),
                             help=ui.glossary("kernel"))
index = c[1].number_input(ui.tr("learn.image_index", last=len(ds.x_train) - 1), 0, len(ds.x_train) - 1, 0,
                          key="learn_real_image")
relu = c[2].toggle(ui.tr("learn.relu"), True, key="learn_relu", help=ui.tr("learn.relu_help"))
if real_kernel != "above":
    settings = cv.KERNELS[real_kernel], 0.0, 1, "same"  # like the textbook's Conv2D(32, 3, padding="same")
elif kernel is not None:
    settings = kernel, bias, stride, padding
else:
    settings = None
    st.info(ui.tr("learn.fix_kernel"))
if settings is not None:
    weights, real_bias, real_stride, real_padding = settings
    c[3].markdown(ui.tr("learn.real_settings", padding=real_padding, stride=real_stride, bias=fmt(real_bias)))
    fmap, shown = cv.feature_map(ds.x_train[index], weights, real_bias, real_stride, real_padding, relu)
    left, middle, right = st.columns([2, 1, 2])
    left.plotly_chart(plots.digit(ds.x_train[index], ui.tr("common.pixel_value"), ui.hover_axes()),
                      key="learn_real_input", width="stretch")
    left.caption(ui.tr("learn.real_input_caption", label=ui.class_names(ds)[ds.y_train[index]])
                 + (" " + ui.tr("learn.real_gray_note") if ds.x_train.ndim == 4 else ""))
    middle.plotly_chart(plots.kernel(weights, ui.tr("learn.kernel_title")), key="learn_real_kernel_fig",
                        width="stretch")
    right.plotly_chart(signed_map(shown, symmetric_range(fmap), ui.tr("learn.value"), ui.hover_axes(), height=300),
                       key="learn_real_map", width="stretch")
    right.caption(ui.tr("learn.real_map_caption_relu" if relu else "learn.real_map_caption",
                        shape=f"({fmap.shape[0]}, {fmap.shape[1]})", negative=f"{float((fmap < 0).mean()):.0%}"))

# --- 5. activation functions ----------------------------------------------------------------------------------
st.header(ui.tr("learn.act_heading"))
st.markdown(ui.tr("learn.act_text"))
c = st.columns([3, 3, 2])
act = c[0].radio(ui.tr("learn.act_pick"), lessons.ACTIVATIONS, key="learn_act", horizontal=True,
                 format_func=labels("learn.act_"))
act_x = c[1].slider(ui.tr("learn.act_x"), -6.0, 6.0, 1.0, 0.1, key="learn_act_x")
depth = c[2].slider(ui.tr("learn.act_layers"), 1, 20, 10, key="learn_act_layers")
value, slope = (float(v) for v in lessons.activation(act, act_x))
chart, numbers = st.columns([3, 2])
chart.plotly_chart(lesson_plots.activation(act, act_x, {
    "title": ui.tr(f"learn.act_{act}"), "value": ui.tr("learn.act_value"), "slope": ui.tr("learn.act_slope"),
    "input": ui.tr("learn.act_input")}), key="learn_act_fig", width="stretch")
with numbers:
    st.markdown(ui.tr(f"learn.act_formula_{act}"))
    st.markdown(ui.tr("learn.act_at", x=f"{act_x:g}", value=f"{value:.4f}", slope=f"{slope:.4f}"))
    st.markdown(ui.tr("learn.act_depth", count=depth, relu=f"{lessons.gradient_left('relu', depth):g}",
                      sigmoid=f"{lessons.gradient_left('sigmoid', depth):.2g}"))
st.caption(ui.tr("learn.act_caption"))

# --- 6. softmax and cross-entropy for one image ---------------------------------------------------------------
st.header(ui.tr("learn.ce_heading"))
st.markdown(ui.tr("learn.ce_text"))
names = ui.class_names()
run = ui_runs.active_run()
maps = ui_models.feature_maps(run) if run is not None else None
logits = None
c = st.columns(3)
if maps is not None and "logits" in {info.name for info in maps.layers} and maps.takes(ds.x_test[0]):
    ce_index = c[0].number_input(ui.tr("learn.ce_image", last=len(ds.x_test) - 1), 0, len(ds.x_test) - 1, 0,
                                 key="learn_ce_image")
    true = int(ds.y_test[ce_index])
    logits = lessons.class_logits(maps(ds.x_test[ce_index])["logits"][0])
    c[1].plotly_chart(plots.digit(ds.x_test[ce_index], ui.tr("common.pixel_value"), ui.hover_axes(), height=150),
                      key="learn_ce_digit", width="stretch")
    c[2].caption(ui.tr("learn.ce_from_run", name=run.name, label=names[true])
                 + (" " + ui.tr("learn.ce_sigmoid_note") if maps.classes == 2 and maps.layers[-2].shape[-1] == 1 else ""))
else:
    true = c[0].selectbox(ui.tr("learn.ce_true"), range(len(names)), 3, key="learn_ce_true", format_func=names.__getitem__)
    c[1].caption(ui.tr("learn.ce_no_run"))
    edited = grid_editor("learn_ce_logits", lessons.EXAMPLE_LOGITS[None, :])
    logits = edited[0] if edited is not None else None
if logits is not None:
    ce = lessons.cross_entropy(logits)
    wrong = st.selectbox(ui.tr("learn.ce_wrong"), [k for k in range(len(names)) if k != true], key="learn_ce_wrong",
                         format_func=names.__getitem__)
    table, bars = st.columns([3, 2])
    table.dataframe({ui.tr("learn.ce_col_class"): names, ui.tr("learn.ce_col_logit"): ce.logits,
                     ui.tr("learn.ce_col_shifted"): ce.shifted, ui.tr("learn.ce_col_exp"): ce.exps,
                     ui.tr("learn.ce_col_p"): ce.probabilities, ui.tr("learn.ce_col_loss"): ce.losses},
                    hide_index=True, key="learn_ce_table", column_config={
                        ui.tr("learn.ce_col_p"): st.column_config.NumberColumn(format="%.4f"),
                        ui.tr("learn.ce_col_exp"): st.column_config.NumberColumn(format="%.4g"),
                        ui.tr("learn.ce_col_logit"): st.column_config.NumberColumn(format="%.3f"),
                        ui.tr("learn.ce_col_shifted"): st.column_config.NumberColumn(format="%.3f"),
                        ui.tr("learn.ce_col_loss"): st.column_config.NumberColumn(format="%.4f")})
    bars.plotly_chart(lesson_plots.probabilities(ce, names, true, wrong, {
        "title": ui.tr("learn.ce_chart"), "class": ui.tr("learn.ce_col_class"),
        "probability": ui.tr("learn.ce_col_p")}), key="learn_ce_fig", width="stretch")
    st.markdown(ui.tr("learn.ce_sum", total=f"{ce.exps.sum():.4f}"))
    for label_index, key in ((true, "learn.ce_loss_true"), (wrong, "learn.ce_loss_wrong")):
        st.markdown(ui.tr(key, label=names[label_index], p=f"{ce.probabilities[label_index]:.4f}",
                          loss=f"{ce.loss(label_index):.4f}"))
    st.caption(ui.tr("learn.ce_caption"))
    st.code(f"keras.losses.sparse_categorical_crossentropy([{true}], [logits], from_logits=True)\n"
            f"# → [{ce.loss(true):.4f}]", language="python")

# --- 7. optimizers racing down a valley -----------------------------------------------------------------------
st.header(ui.tr("learn.opt_heading"))
st.markdown(ui.tr("learn.opt_text"))
c = st.columns(2)
race_lr = c[0].select_slider(ui.tr("learn.opt_lr"), lessons.RACE_RATES, 0.1, key="learn_opt_lr")
race_steps = c[1].slider(ui.tr("learn.opt_steps"), 5, 200, 100, 5, key="learn_opt_steps")
paths = lessons.race(race_lr, race_steps)
opt_names = {kind: ui.tr(f"learn.opt_{kind}") for kind in lessons.OPTIMIZERS}
figure_col, table_col = st.columns([3, 2])
figure_col.plotly_chart(lesson_plots.race(paths, opt_names, lessons.VALLEY, {
    "title": ui.tr("learn.opt_chart"), "start": ui.tr("learn.opt_start"), "minimum": ui.tr("learn.opt_minimum"),
    "play": ui.tr("learn.play")}), key="learn_opt_fig", width="stretch")
arrived = {kind: lessons.steps_to(path) for kind, path in paths.items()}
with table_col:
    st.dataframe([{ui.tr("learn.opt_col_name"): opt_names[kind],
                   ui.tr("learn.opt_col_loss"): ui.tr("learn.opt_diverged") if path.diverged else f"{path.losses[-1]:.4f}",
                   ui.tr("learn.opt_col_reached"): "—" if arrived[kind] is None else str(arrived[kind])}
                  for kind, path in paths.items()], hide_index=True, key="learn_opt_table")
    st.markdown(ui.tr("learn.opt_rules"))
st.caption(ui.tr("learn.opt_caption", close=f"{lessons.CLOSE_ENOUGH:g}"))

# --- 8. MLP against CNN ---------------------------------------------------------------------------------------
st.header(ui.tr("learn.mlp_heading"))
mlp, cnn = (architecture.summarize(architecture.PRESETS[name]).total_params for name in ("mlp_slides", "fashion_cnn"))
st.markdown(ui.tr("learn.mlp_text", mlp=f"{mlp:,}", cnn=f"{cnn:,}"))
ui.page_link("build", "learn.mlp_build")
