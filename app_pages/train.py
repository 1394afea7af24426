import streamlit as st

from cnnviz import architecture, executors, training, ui, ui_build, ui_recipe, ui_runs, ui_state, ui_train
from cnnviz.architecture import ArchitectureError

ui.page_header("train.title", "train.lead")
ds = ui.dataset()
ui.source_notice(ds)
my_runs = ui_runs.workspace_runs()
executor = executors.get_executor()
busy = executor.jobs({r.id for r in my_runs if r.workspace == ui_state.workspace()})  # not a shared run's


def start(spec, config, name="", data=ds):
    try:
        job = executor.submit(spec, data, {**config, "workspace": ui_state.workspace()}, name)
    except training.ConfigError as exc:
        st.error(ui_train.config_error(exc))
    except ArchitectureError as exc:
        st.error(ui.tr("train.err.architecture", error=ui_build.message(exc)))
    else:
        ui_state.started(job.run)
        st.rerun()


# --- quick start --------------------------------------------------------------------------------------------
st.header(ui.tr("train.quick_heading"))
quick_fit = training.quick_start_fit(ds.name)
quick_ds = ui.dataset(ds.name, quick_fit) if quick_fit else ds
quick_spec, quick = training.quick_start(quick_ds)
left, right = st.columns([1, 3], vertical_alignment="center")
if left.button(ui.tr("train.quick_button"), type="primary", icon=":material/bolt:", disabled=bool(busy),
               key="quick_start", width="stretch"):
    start(quick_spec, quick, ui.tr("train.quick_name", label=architecture.label(quick_spec)), quick_ds)
quick_params = f"{architecture.summarize(quick_spec, quick_ds.input_shape, quick_ds.n_classes).total_params:,}"
if quick_fit:
    right.markdown(ui.tr("train.quick_text_photos", label=architecture.label(quick_spec), params=quick_params,
                         n=f"{quick['train_size']:,}", epochs=quick["epochs"], dataset=ui.dataset_label(ds.name)))
    right.caption(ui.tr("train.quick_photos", size=quick_fit.size))
else:
    right.markdown(ui.tr("train.quick_text", label=architecture.label(quick_spec), params=quick_params,
                         n=f"{quick['train_size']:,}", epochs=quick["epochs"], dataset=ui.dataset_label(ds.name),
                         batch=quick["batch_size"], lr=f"{quick['learning_rate']:g}")
                   + " " + ui.tr(f"train.quick_goal_{ds.name}"))

# --- live progress ------------------------------------------------------------------------------------------
if busy:
    ui_train.live_progress([j.run.id for j in busy])
else:
    ui_train.last_training_notice(my_runs)

# --- settings -----------------------------------------------------------------------------------------------
st.header(ui.tr("train.settings_heading"))
config, spec, name = ui_train.settings_form(ds)
if spec is not None and config is not None:
    if st.button(ui.tr("train.start"), type="primary", icon=":material/play_arrow:", key="start_training"):
        start(spec, config, name)
    ui_recipe.training_code_export(spec, config, ds)
if busy:
    st.caption(ui.tr("queue.own_line"))

# --- runs ---------------------------------------------------------------------------------------------------
st.header(ui.tr("train.runs_heading"))
ui_train.runs_section(ui_runs.workspace_runs())
