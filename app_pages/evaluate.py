import streamlit as st

from cnnviz import evaluation as ev, ui, ui_epochs, ui_evaluate, ui_runs
from cnnviz.plots import evaluation as plots

ui.page_header("evaluate.title", "evaluate.lead")
run = ui_runs.require_active_run()
ds = ui.run_dataset(run)
names = ui.class_names(ds)
st.markdown(ui.tr("evaluate.run_line", name=run.name, dataset=ui.dataset_label(run.dataset),
                  epochs=run.epochs_done))
ui.source_notice(ds)
if run.status == "running":
    st.warning(ui.tr("evaluate.running_note", epoch=run.epochs_done))
epoch = ui_epochs.epoch_control(run)
result = ui_evaluate.evaluation(run, ds, epoch)
y_true, y_pred, confidence = result.y_true, result.y_pred, result.confidence
matrix = result.matrix
n_test = f"{len(y_true):,}"

st.header(ui.tr("evaluate.scores_heading"))
scores = st.columns(4)
scores[0].metric(ui.tr("evaluate.test_accuracy"), f"{result.accuracy:.1%}")
scores[1].metric(ui.tr("evaluate.test_loss"), f"{result.loss:.4f}")
val_acc, val_loss = ev.validation_at(run.history, epoch)
scores[2].metric(ui.tr("evaluate.val_accuracy", epoch=epoch), f"{val_acc:.1%}" if val_acc is not None else "—",
                 help=None if val_acc is not None else ui.tr("evaluate.no_val"))
scores[3].metric(ui.tr("evaluate.val_loss", epoch=epoch), f"{val_loss:.4f}" if val_loss is not None else "—")
st.caption(ui.tr("evaluate.scores_caption_test_val" if run.config.get("validation") == "test"
                 else "evaluate.scores_caption", n=n_test, loss=ev.loss_name(run.spec)))

st.header(ui.tr("evaluate.matrix_heading"))
st.markdown(ui.tr("evaluate.matrix_text"))
ui_evaluate.apply_sent_filter()
ui_evaluate.apply_matrix_click()
true_class, pred_class = (st.session_state.get(key) for key in ui_evaluate.FILTERS)
left, right = st.columns([2, 1], gap="large")
with left:
    percent = st.toggle(ui.tr("evaluate.percent"), key="ev_percent", help=ui.tr("evaluate.percent_help"))
    outline = (true_class, pred_class) if None not in (true_class, pred_class) else None
    st.plotly_chart(plots.confusion_matrix(
        matrix, names, percent, true_title=ui.tr("evaluate.true_axis"), pred_title=ui.tr("evaluate.pred_axis"),
        colorbar_title=ui.tr("evaluate.colorbar"), hover=lambda **cell: ui.tr("evaluate.hover", **cell), outline=outline),
        key=ui_evaluate.matrix_key(), on_select="rerun", selection_mode="points", width="stretch")
    st.caption(ui.tr("evaluate.matrix_caption"))
with right:
    st.subheader(ui.tr("evaluate.confused_heading"))
    pairs = ev.most_confused(matrix)
    for a, b, ab, ba in pairs:
        st.markdown("- " + ui.tr("evaluate.confused_line", a=names[a], b=names[b], count=ab + ba,
                                 ab=f"{ab:,}", ba=f"{ba:,}"))
    if not pairs:
        st.success(ui.tr("evaluate.confused_none"))
    st.caption(ui.tr("evaluate.confused_caption"))

st.header(ui.tr("evaluate.gallery_heading"))
st.markdown(ui.tr("evaluate.gallery_text"))
class_options = [None, *range(len(names))]
tr = ui.translator()  # format_func labels in the language of this run (AppTest calls them afterwards)
class_label = lambda c: tr("evaluate.all") if c is None else names[c]  # noqa: E731
controls = st.columns([2, 2, 2, 2])
controls[0].selectbox(ui.tr("evaluate.filter_true"), class_options, format_func=class_label, key="ev_true",
                      on_change=ui_evaluate.forget_matrix_click)
controls[1].selectbox(ui.tr("evaluate.filter_pred"), class_options, format_func=class_label, key="ev_pred",
                      on_change=ui_evaluate.forget_matrix_click)
confident_first = controls[2].radio(ui.tr("evaluate.order"), [True, False], key="ev_order", format_func=lambda v:
                                    tr("evaluate.order_confident" if v else "evaluate.order_unsure"))
how_many = controls[3].select_slider(ui.tr("evaluate.how_many"), [12, 24, 48, 96], 24, key="ev_how_many")
true_class, pred_class = (st.session_state.get(key) for key in ui_evaluate.FILTERS)
shown = ev.examples(y_true, y_pred, confidence, true_class, pred_class, confident_first)
if None not in (true_class, pred_class):
    key = "evaluate.showing_correct" if true_class == pred_class else "evaluate.showing_cell"
    summary = ui.tr(key, true=names[true_class], pred=names[pred_class], n=f"{len(shown):,}")
else:
    summary = ui.tr("evaluate.showing", count=len(shown))
info, paging, clear = st.columns([3, 1, 1], vertical_alignment="center")
page = ev.page(shown, 1, how_many)
if page.count > 1:  # a page number per filter, so a new filter starts on page 1
    number = paging.number_input(ui.tr("evaluate.page", pages=page.count), 1, page.count, 1,
                                 key=f"ev_page_{true_class}_{pred_class}_{confident_first}_{how_many}")
    page = ev.page(shown, number, how_many)
    summary += " " + ui.tr("evaluate.showing_range", first=f"{page.first:,}", last=f"{page.last:,}")
shown = page.items
info.markdown(summary)
if true_class is not None or pred_class is not None:
    clear.button(ui.tr("evaluate.clear"), on_click=ui_evaluate.clear_filters, icon=":material/filter_alt_off:")
if len(shown) == 0:
    st.info(ui.tr("evaluate.none_match"))
conf_text = [f"{confidence[i]:.0%}" for i in shown]
ui_evaluate.gallery(
    ds.x_test, shown,
    [ui.tr("evaluate.item", index=i, true=names[y_true[i]], pred=names[y_pred[i]], conf=c)
     for i, c in zip(shown, conf_text)],
    [ui.tr("evaluate.fm_caption", index=i, true=names[y_true[i]], pred=names[y_pred[i]], conf=c)
     for i, c in zip(shown, conf_text)], key="ev_send")
st.caption(ui.tr("evaluate.gallery_caption"))

st.header(ui.tr("evaluate.per_class_heading"))
metrics = ev.per_class(matrix)
labels = {key: ui.tr(f"evaluate.{key}") for key in ("precision", "recall", "accuracy")}
st.plotly_chart(plots.per_class(metrics, names, labels), key="ev_per_class", width="stretch")
worst = ev.worst_class(metrics)
st.caption(ui.tr("evaluate.per_class_caption", worst=names[worst], recall=f"{metrics['recall'][worst]:.1%}"))

st.header(ui.tr("evaluate.compare_heading"))
others = {r.id: r for r in ui_runs.workspace_runs() if r.usable and r.dataset == run.dataset and r.id != run.id}
if not others:
    st.info(ui.tr("evaluate.compare_none", dataset=ui.dataset_label(run.dataset)))
    st.stop()
other_id = st.selectbox(ui.tr("evaluate.compare_with"), list(others), key="ev_other",
                        format_func={rid: ui_runs.run_label(r) for rid, r in others.items()}.get)
other = ui_evaluate.evaluation(others[other_id], ds)
groups = ev.compare(y_true, y_pred, other.y_pred)
st.markdown(ui.tr("evaluate.compare_text", a=run.name, b=others[other_id].name, n=n_test,
                  agree=f"{ev.agreement(y_pred, other.y_pred):.1%}"))
group_cols = st.columns(4)
for col, (group, indices) in zip(group_cols, groups.items()):
    col.metric(ui.tr(f"evaluate.{group}"), f"{len(indices):,}")
st.plotly_chart(plots.recall_side_by_side(
    {f"A · {run.name}": metrics["recall"], f"B · {others[other_id].name}": ev.per_class(other.matrix)["recall"]},
    names), key="ev_compare_recall", width="stretch")
st.caption(ui.tr("evaluate.recall_caption"))
group = st.radio(ui.tr("evaluate.show_group"), ["only_a", "only_b", "both_wrong"], horizontal=True,
                 key="ev_group", format_func=lambda g: tr(f"evaluate.{g}"))
wrong_model_confidence = other.confidence if group == "only_a" else confidence
picked = ev.by_confidence(groups[group], wrong_model_confidence)[:how_many]
pair_text = [dict(index=i, true=names[y_true[i]], pa=names[y_pred[i]], ca=f"{confidence[i]:.0%}",
                  pb=names[other.y_pred[i]], cb=f"{other.confidence[i]:.0%}") for i in picked]
ui_evaluate.gallery(ds.x_test, picked, [ui.tr("evaluate.cmp_item", **t) for t in pair_text],
                    [ui.tr("evaluate.fm_caption", index=t["index"], true=t["true"], pred=t["pa"], conf=t["ca"])
                     for t in pair_text], key="ev_cmp_send")
st.caption(ui.tr("evaluate.compare_caption"))
