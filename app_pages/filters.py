import streamlit as st

from cnnviz import inside, maximise, runs, ui, ui_inside, ui_models
from cnnviz.plots import inside as plots
from cnnviz.plots import data as data_plots

tr = ui.translator()
ui.page_header("filters.title", "filters.lead")
run = ui_inside.run_or_import()
try:
    model, initial = ui_models.model(run), ui_models.model(run, ui_models.INITIAL)
except runs.RunError as exc:
    st.error(tr("inside.model_error", error=str(exc)))
    st.stop()
ui_inside.run_line(run)
convs = inside.conv_layers(model)
if not convs:
    st.info(tr("filters.no_conv"))
    st.stop()
trained_label, untrained_label = tr("inside.trained"), tr("inside.untrained")

controls = st.columns([2, 2, 2])
shapes = {layer.name: tuple(layer.kernel.shape) for layer in convs}
layer_name = controls[0].selectbox(
    tr("filters.layer"), list(shapes), key="filters_layer", help=ui.glossary("filter"),
    format_func=lambda n: tr("filters.layer_option", name=n, kh=shapes[n][0], kw=shapes[n][1],
                                cin=shapes[n][2], count=shapes[n][3]))
kernel, bias = inside.kernel_and_bias(model.get_layer(layer_name))
kernel0, bias0 = inside.kernel_and_bias(initial.get_layer(layer_name))
kh, kw, cin, cout = kernel.shape
channels = [0] if cin == 1 else [None, *range(cin)]
channel = controls[1].selectbox(
    tr("filters.channel"), channels, key=f"filters_channel_{layer_name}", disabled=cin == 1,
    help=tr("filters.channel_help"),
    format_func=lambda c: tr("filters.channel_mean", cin=cin) if c is None else tr("filters.channel_n", c=c))
scale_mode = controls[2].radio(tr("filters.scale"), ["fixed", "layer"], key="filters_scale", horizontal=True,
                               format_func=lambda m: tr(f"filters.scale_{m}"), help=tr("filters.scale_help"))
what = tr("filters.channel_mean", cin=cin) if channel is None else tr("filters.channel_n", c=channel)
tiles, tiles0 = inside.kernel_tiles(kernel, channel), inside.kernel_tiles(kernel0, channel)
scale = inside.kernel_scale(scale_mode, tiles, tiles0)
weight_title = tr("inside.weight")

st.header(tr("filters.kernels_heading"))
left, right = st.columns(2, gap="large")
with left:
    st.subheader(tr("filters.trained_heading"))
    st.plotly_chart(plots.kernel_grid(tiles, scale, weight_title), key="kernels_trained", width="stretch")
with right:
    st.subheader(tr("filters.untrained_heading"))
    st.plotly_chart(plots.kernel_grid(tiles0, scale, weight_title), key="kernels_untrained", width="stretch")
st.caption(tr("filters.kernels_caption", kh=kh, kw=kw, what=what, scale=f"{scale:.2f}",
                 scale_name=tr(f"filters.scale_{scale_mode}")))
clipped = inside.clipped(tiles, scale)
if clipped:
    st.caption(tr("filters.clipped", n=f"{clipped:,}"))
if cin == 3:  # the first layer on colour photos: each filter as the colour it looks for
    colour_scale = inside.kernel_scale(scale_mode, kernel, kernel0)
    left, right = st.columns(2, gap="large")
    for col, k, label, key in ((left, kernel, trained_label, "colour_trained"),
                               (right, kernel0, untrained_label, "colour_untrained")):
        col.markdown(f"*{label}*")
        col.plotly_chart(data_plots.sample_grid(inside.kernel_colours(k, colour_scale), [str(i) for i in range(cout)],
                                                tr("inside.weight"), cols=8, tile_px=48), key=key, width="stretch")
    st.caption(tr("filters.colour_caption", kh=kh, kw=kw, count=cout, scale=f"{colour_scale:.2f}"))

if bias is not None:
    st.subheader(tr("filters.bias_heading"))
    st.plotly_chart(plots.bias_bars({trained_label: bias, untrained_label: bias0}, tr("filters.filter"),
                                    tr("filters.bias")), key="biases", width="stretch")
    st.caption(tr("filters.bias_caption"))

st.header(tr("filters.hist_heading"))
stats1, stats0 = inside.weight_stats(kernel), inside.weight_stats(kernel0)
legend = {tr("filters.hist_legend", model=label, mean=f"{s.mean:+.3f}", std=f"{s.std:.3f}"): (values, s)
          for label, values, s in ((trained_label, kernel, stats1), (untrained_label, kernel0, stats0))}
hist_col, stat_col = st.columns([3, 1], gap="large")
with hist_col:
    st.plotly_chart(plots.weight_histograms({k: v for k, (v, _) in legend.items()},
                                            {k: s for k, (_, s) in legend.items()},
                                            inside.common_bins(kernel, kernel0), weight_title,
                                            tr("filters.count")), key="weight_hist", width="stretch")
with stat_col:
    for key, value, value0, fmt in (("mean", stats1.mean, stats0.mean, "{:+.3f}"),
                                    ("std", stats1.std, stats0.std, "{:.3f}")):
        st.metric(tr(f"filters.stat_{key}") + f" ({trained_label})", fmt.format(value),
                  delta=f"{value - value0:+.3f}", delta_color="off", help=tr("filters.delta_help"))
change, ratio = inside.weight_change(stats0, stats1)
st.markdown(tr(f"filters.change_{change}", std0=f"{stats0.std:.3f}", std1=f"{stats1.std:.3f}",
                  ratio=f"{ratio:.1f}"))
st.caption(tr("filters.hist_caption", n=f"{kernel.size:,}"))

st.header(tr("filters.epochs_heading"))
try:
    snapshots = run.kernel_snapshots().get(layer_name)
except runs.RunError as exc:
    st.warning(str(exc))
    snapshots = None
if snapshots is None or len(snapshots) < 2:
    st.info(tr("filters.no_snapshots"))
else:
    epoch = st.slider(tr("filters.epoch"), 0, len(snapshots) - 1, len(snapshots) - 1, key="filters_epoch",
                      help=ui.glossary("epoch"))
    all_tiles = inside.kernel_tiles_over_epochs(snapshots, channel)
    epoch_scale = inside.kernel_scale(scale_mode, all_tiles)
    st.plotly_chart(plots.kernel_grid(all_tiles[epoch], epoch_scale, weight_title, cols=16), key="kernels_epoch",
                    width="stretch")
    s = inside.weight_stats(snapshots[epoch])
    st.caption(tr("filters.epoch_caption", scale=f"{epoch_scale:.2f}", mean=f"{s.mean:+.3f}", std=f"{s.std:.3f}"))

st.header(tr("filters.top_heading"))
st.markdown(tr("filters.top_text"))
ds = ui.run_dataset(run)
names = ui.class_names(ds)
pick_col, kernel_col = st.columns([1, 2])
f = pick_col.number_input(tr("filters.which_filter"), 0, cout - 1, 0, key=f"filters_top_{layer_name}")
with kernel_col:
    st.plotly_chart(plots.one_kernel(tiles[f], scale, weight_title, ui.hover_axes()), key="one_kernel",
                    width="stretch")
    st.caption(tr("filters.one_kernel_caption", f=f, what=what))
scores = ui_inside.filter_scores(run, layer_name, ds)[:, f]
if inside.is_silent(scores):
    st.info(tr("filters.dead", f=f))
else:
    top = inside.top_samples(scores, 9)
    captions = [f"{names[ds.y_test[i]]} {scores[i]:.3g}" for i in top]
    st.plotly_chart(data_plots.sample_grid(ds.x_test[top], captions, tr("common.pixel_value"), cols=9), key="top9",
                    width="stretch")
    st.caption(tr("filters.top_caption", n=f"{len(scores):,}", f=f))

st.subheader(tr("ascent.filter_heading", f=f))
st.markdown(tr("ascent.filter_text", f=f))
ui_inside.ascent_pair(run, maximise.Target(int(f), layer_name), ds, "ascent_filter")

st.header(tr("ascent.class_heading"))
st.markdown(tr("ascent.class_text"))
classes = list(range(len(names)))
if len(classes) <= 12:  # one click per class; a long list of photo classes gets a drop-down
    wanted = st.segmented_control(tr("ascent.class_pick"), classes, format_func=names.__getitem__, key="ascent_class",
                                  default=0, required=True)
else:
    wanted = st.selectbox(tr("ascent.class_pick"), classes, format_func=names.__getitem__, key="ascent_class")
ui_inside.ascent_pair(run, maximise.Target(int(wanted)), ds, "ascent_class")
st.info(tr("ascent.why"), icon=":material/help:")
