import streamlit as st

from cnnviz import architecture, jobs, training, ui, ui_build, ui_runs
from cnnviz.architecture import ArchitectureError

ui.page_header("train.title", "train.lead")
ds = ui.dataset()
(st.warning if ds.is_sample else st.info)(ui.source_line(ds))
my_runs = ui_runs.workspace_runs()
busy = jobs.running({r.id for r in my_runs})


def start(spec, config, name=""):
    try:
        job = jobs.start(spec, ds, {**config, "workspace": ui_runs.workspace()}, name)
    except training.ConfigError as exc:
        st.error(ui_runs.config_error(exc))
    except ArchitectureError as exc:
        st.error(ui.tr("train.err.architecture", error=ui_build.message(exc)))
    else:
        st.session_state["active_run"] = st.session_state["last_started"] = job.run.id
        st.rerun()


# --- quick start --------------------------------------------------------------------------------------------
st.header(ui.tr("train.quick_heading"))
preset, quick = training.QUICK_START[ds.name]
quick_spec = architecture.PRESETS[preset]
left, right = st.columns([1, 3], vertical_alignment="center")
if left.button(ui.tr("train.quick_button"), type="primary", icon=":material/bolt:", disabled=bool(busy),
               key="quick_start", width="stretch"):
    start(quick_spec, {**quick, "train_size": min(quick["train_size"], len(ds.x_train))},
          ui.tr("train.quick_name", label=architecture.label(quick_spec)))
right.markdown(ui.tr("train.quick_text", label=architecture.label(quick_spec),
                     params=f"{architecture.summarize(quick_spec).total_params:,}",
                     n=f"{min(quick['train_size'], len(ds.x_train)):,}", epochs=quick["epochs"],
                     dataset=ui.tr(f"dataset.{ds.name}")))

# --- live progress ------------------------------------------------------------------------------------------
if busy:
    ui_runs.live_progress([j.run.id for j in busy])
else:
    ui_runs.last_training_notice(my_runs)

# --- settings -----------------------------------------------------------------------------------------------
st.header(ui.tr("train.settings_heading"))
config, spec, name = ui_runs.settings_form(ds)
if spec is not None and config is not None:
    if st.button(ui.tr("train.start"), type="primary", icon=":material/play_arrow:", disabled=bool(busy),
                 key="start_training"):
        start(spec, config, name)
if busy:
    st.caption(ui.tr("train.one_at_a_time"))

# --- runs ---------------------------------------------------------------------------------------------------
st.header(ui.tr("train.runs_heading"))
ui_runs.runs_section(ui_runs.workspace_runs())
