"""The Train page's widgets: training settings, live progress, the runs list and the curves."""
from __future__ import annotations

import time
from datetime import datetime

import streamlit as st

from cnnviz import architecture, executors, runs, scheduling, training, ui, ui_build, ui_recipe, ui_state
from cnnviz.plots import training as plots
from cnnviz.ui_runs import active_run

NUMBERS_EVERY_S, CURVES_EVERY_S = 1.5, 4  # redraws take server time that other students' pages need
IN_LINE_EVERY_S = 5  # the place in the line, while waiting
SIZES = (500, 1000, 2000, 5000, 10000, 20000, 30000)
BATCHES = (16, 32, 64, 100, 128, 256, 512)
PICK, PICK_FOLLOWS = "train_pick", "train_pick_follows"  # the run shown under the runs table; the active run it last followed


def _labels(metric: str) -> dict:
    return {"title": ui.tr(f"train.chart_{metric}"), "train": ui.tr("train.curve_train"),
            "val": ui.tr("train.curve_val"), "gap": ui.tr("train.curve_gap"), "best": ui.tr("train.curve_best"),
            "live": ui.tr("train.curve_live"), "epoch": ui.tr("train.epoch")}


def curves(history: dict, key: str, live: list | None = None, epochs: int | None = None,
           config: dict | None = None) -> None:
    """Loss and accuracy side by side, with the caption that explains them; the learning rate under them."""
    best = runs.best_epoch(history)
    for col, metric in zip(st.columns(2), ("loss", "accuracy")):
        col.plotly_chart(plots.learning_curve(history, metric, _labels(metric), best, live, epochs),
                         key=f"{key}_{metric}", width="stretch")
    st.caption(ui.tr("train.curves_caption"))
    ui_recipe.recorded_learning_rate(history, config or {}, key)


def _stop_button(job: executors.Job, help_key: str = "train.stop_help") -> None:
    if job.progress.stop.is_set():
        st.caption(ui.tr("train.stopping"))
    else:
        st.button(ui.tr("train.stop"), icon=":material/stop_circle:", key=f"stop_{job.run.id}", on_click=job.stop,
                  help=ui.tr(help_key), width="stretch")


def _job_status(job: executors.Job) -> None:
    p, run = job.progress, job.run
    st.subheader(ui.tr("train.live_heading", name=run.name))
    if job.waiting:  # in line behind other trainings: it can still be called off
        info, stop = st.columns([4, 1], vertical_alignment="center")
        info.info(ui.tr("queue.waiting", count=job.ahead, wait=ui.duration(scheduling.rounded_wait(job.wait_s))))
        with stop:
            _stop_button(job, "train.cancel_help")
        return
    if p.state == "waiting":  # handed to a worker that is loading the data and building the model
        st.info(ui.tr("queue.starting"))
        return
    steps = max(p.steps, 1)
    elapsed = time.time() - p.started
    left = elapsed / p.fraction * (1 - p.fraction) if p.fraction > 0.02 else None
    st.progress(min(p.batch / steps, 1.0), text=ui.tr("train.epoch_progress", epoch=min(p.epoch + 1, p.epochs),
                                                    epochs=p.epochs, batch=p.batch, steps=steps))
    st.progress(p.fraction, text=ui.tr("train.overall_progress", pct=f"{p.fraction:.0%}",
                                       elapsed=ui.duration(elapsed),
                                       left=ui.duration(left) if left is not None else "…"))
    history, live = p.history, dict(p.live)
    cols = st.columns(5)
    cols[0].metric(ui.tr("train.m_loss"), f"{live['loss']:.4f}" if "loss" in live else "—")
    cols[1].metric(ui.tr("train.m_acc"), f"{live['accuracy']:.1%}" if "accuracy" in live else "—")
    cols[2].metric(ui.tr("train.m_val_loss"), f"{history['val_loss'][-1]:.4f}" if history.get("val_loss") else "—")
    cols[3].metric(ui.tr("train.m_val_acc"),
                   f"{history['val_accuracy'][-1]:.1%}" if history.get("val_accuracy") else "—")
    with cols[4]:
        _stop_button(job)


def live_progress(run_ids: list[str]) -> None:
    """Progress of this workspace's trainings while they run or wait; the page stays usable meanwhile.

    Two fragments: the cheap numbers often, the curves every few seconds. They read what the executor
    heard from the workers; every redraw takes a little of the server's time from other students' pages, so
    while all of them wait in line (only the place and the wait change) the numbers come slowly and no curves.
    """
    executor = executors.get_executor()
    in_line = all(job.waiting for job in executor.jobs(set(run_ids)))

    @st.fragment(run_every=IN_LINE_EVERY_S if in_line else NUMBERS_EVERY_S)
    def numbers():
        live = executor.jobs(set(run_ids))
        if not live or in_line and not all(job.waiting for job in live):
            st.rerun(scope="app")  # it has finished or started: redraw the whole page (run list, buttons, pace)
        for job in live:
            _job_status(job)

    @st.fragment(run_every=None if in_line else CURVES_EVERY_S)
    def charts():
        for job in executor.jobs(set(run_ids)):
            p = job.progress
            if p.state == "waiting":
                continue
            curves({k: list(v) for k, v in p.history.items()}, f"live_{job.run.id}", list(p.curve), p.epochs,
                   job.run.config)
        st.caption(ui.tr("train.keeps_going"))

    numbers()
    charts()


def config_error(exc: training.ConfigError) -> str:
    """The translated reason, whole numbers with thousands separators."""
    return ui.tr(f"train.err.{exc.key}", **{k: f"{v:,}" if isinstance(v, int) else v for k, v in exc.values.items()})


def _model_choice(ds):
    """The spec to train: the Build page's, or a preset that fits the data; None (with the error shown) if it
    cannot work."""
    presets = architecture.presets(ds.is_photo, ds.n_classes)
    options = ["build", *presets]
    source = st.selectbox(ui.tr("train.model_source"), options, key="train_model",
                          format_func={o: ui.tr("train.model_build") if o == "build" else ui.tr(
                              "train.model_preset", name=ui.tr(f"build.preset.{o}"), label=architecture.label(presets[o]))
                              for o in options}.get)
    spec = ui_build.current_spec(ds.n_classes) if source == "build" else presets[source]
    summary, error = ui_build.check(spec, ds.input_shape, ds.n_classes)
    if error is not None:
        st.error(ui.tr("train.err.architecture", error=ui_build.message(error)))
        return None
    st.markdown(ui.tr("train.model_line", label=architecture.label(architecture.split_output(spec)[0]),
                      units=summary.rows[-1].output_shape[0], output=summary.rows[-1].kind,
                      params=f"{summary.total_params:,}"))
    return spec


def settings_form(ds) -> tuple[dict | None, list | None, str]:
    """Every training setting; returns (config, spec, run name), config None if the settings cannot work."""
    spec = _model_choice(ds)
    tr = ui.translator()
    n = len(ds.x_train)
    c1, c2, c3 = st.columns(3)
    with c1:
        sizes = [s for s in SIZES if s < n] + [n]
        size = st.select_slider(ui.tr("train.train_size"), sizes, value=n if n <= 10000 else 10000,
                                key="train_size", format_func={s: tr("train.all", n=f"{n:,}") if s == n
                                                                 else f"{s:,}" for s in sizes}.get, help=ui.tr("train.train_size_help"))
        validation = st.radio(ui.tr("train.validation"), training.VALIDATIONS, key="train_validation",
                              format_func=lambda v: tr(f"train.validation_{v}"), horizontal=True)
        fraction = 0.2
        if validation == "split":
            fraction = st.slider(ui.tr("train.val_fraction"), 0.05, 0.5, 0.2, 0.05, key="train_val_fraction",
                                 format="%.2f")
        else:
            st.caption(ui.tr("train.validation_test_note"))
    with c2:
        batch = st.number_input(ui.tr("train.batch"), 0, 100000, 64, key="train_batch", help=ui.glossary("batch"))
        epochs = st.number_input(ui.tr("train.epochs"), 0, 200, 5, key="train_epochs", help=ui.glossary("epoch"))
        seed = st.number_input(ui.tr("train.seed"), 0, 2**31 - 1, 42, key="train_seed",
                               help=ui.tr("train.seed_help"))
    with c3:
        optimizer = st.selectbox(ui.tr("train.optimizer"), training.OPTIMIZERS, key="train_optimizer",
                                 format_func=lambda o: tr(f"train.opt_{o}"))
        lr = st.number_input(ui.tr("train.lr"), value=0.001 if optimizer != "sgd" else 0.01, step=0.0005,
                             format="%.4f", key=f"train_lr_{optimizer}", help=ui.tr("train.lr_help"))
        momentum = 0.9
        if optimizer == "sgd":
            momentum = st.slider(ui.tr("train.momentum"), 0.0, 0.99, 0.9, 0.01, key="train_momentum")
        schedule = ui_recipe.schedule_settings()
        early = st.toggle(ui.tr("train.early"), key="train_early", help=ui.tr("train.early_help"))
        patience, restore = 2, True
        if early:
            patience = st.number_input(ui.tr("train.patience"), 0, 50, 2, key="train_patience")
            restore = st.checkbox(ui.tr("train.restore"), True, key="train_restore")
    name = st.text_input(ui.tr("train.name"), key="train_name", max_chars=100,
                         placeholder=architecture.label(spec) if spec else "")
    config = {"train_size": size, "validation": validation, "val_fraction": fraction, "batch_size": int(batch),
              "epochs": int(epochs), "optimizer": optimizer, "learning_rate": float(lr), "momentum": momentum,
              "early_stopping": early, "patience": int(patience), "restore_best": restore, "seed": int(seed), **schedule}
    try:
        cfg = training.check_config(config, n)
    except training.ConfigError as exc:
        st.error(config_error(exc))
        return None, spec, name
    st.markdown(ui.tr("train.steps", n=f"{cfg['n_fit']:,}", batch=cfg["batch_size"],
                      steps=f"{cfg['steps_per_epoch']:,}", total=f"{cfg['steps_per_epoch'] * cfg['epochs']:,}"))
    ui_recipe.planned_schedule(cfg)
    st.caption(ui.tr("train.determinism"))
    return config, spec, name


def _created(run: runs.Run) -> str:
    try:
        return datetime.fromisoformat(run.created).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return run.created


def _arch(run: runs.Run) -> str:
    if run.spec is None:
        return ui.tr("train.imported") if run.status != "damaged" else "—"
    try:
        return architecture.label(run.spec)
    except architecture.ArchitectureError:
        return "?"


def _pct(value) -> str:
    return f"{value:.1%}" if value is not None else "—"


def _details(run: runs.Run) -> str | None:
    """The training settings in one sentence; None when the record lacks one of them (`runs.load_run` has
    checked the types of those it has), so a hand-made record shows its curves without the sentence."""
    c = run.config
    if run.imported or "n_fit" not in c:
        return ui.tr("train.details_imported")
    needed = ["validation", "batch_size", "steps_per_epoch", "learning_rate", "seed", "epochs"]
    if c.get("validation") == "split":
        needed += ["n_val", "val_fraction"]
    if any(c.get(key) is None for key in needed) or c.get("optimizer") not in training.OPTIMIZERS:
        return None
    val = (ui.tr("train.details_val_split", n=f"{c['n_val']:,}", pct=f"{c['val_fraction']:.0%}")
           if c["validation"] == "split" else ui.tr("train.details_val_test"))
    text = ui.tr("train.details", n=f"{c['n_fit']:,}", val=val, batch=c["batch_size"],
                 steps=f"{c['steps_per_epoch']:,}", optimizer=ui.tr(f"train.opt_{c['optimizer']}"),
                 lr=f"{c['learning_rate']:g}", schedule=ui_recipe.schedule_text(c), seed=c["seed"],
                 epochs=run.epochs_done, count=c["epochs"],
                 time=ui.tr("train.details_time", seconds=ui.duration(c["seconds"])) if c.get("seconds") else "")
    fit = c.get("fit")
    if fit:
        text += " " + ui.tr("train.details_photos", size=fit["size"], color=ui.tr(
            f"common.color_{'rgb' if fit['color'] else 'gray'}"), mode=ui.tr(f"common.resize_{fit['mode']}"),
            classes=", ".join(c.get("class_names", [])))
    return text


def _ended_badly(run: runs.Run) -> tuple:
    """(st.error or st.warning, the text) saying why a failed or diverged run stopped and whether a model was kept."""
    if run.status == "failed":
        return st.error, ui.tr("train.failed", error=run.error)
    return st.warning, ui.tr("train.diverged" if run.usable else "train.diverged_no_model")


def last_training_notice(all_runs: list[runs.Run]) -> None:
    """If the session's latest training diverged or failed, say so at the top of the page.

    A run without a model never becomes the active run, so otherwise it would only show in the runs list.
    """
    run = next((r for r in all_runs if r.id == ui_state.last_started()), None)
    if run is not None and run.status in ("diverged", "failed"):
        show, text = _ended_badly(run)
        show(f"{ui.tr('train.last_ended_badly', name=run.name)} {text}")


def _follow_the_active_run(by_id: dict, active: runs.Run | None) -> None:
    """The run shown under the table is the active one whenever that changes (a training of this session has
    just finished, another run was made active); in between, the learner may look at any run."""
    follows = active.id if active is not None and active.id in by_id else next(iter(by_id))
    if st.session_state.get(PICK_FOLLOWS) != follows or st.session_state.get(PICK) not in by_id:
        st.session_state[PICK_FOLLOWS] = st.session_state[PICK] = follows


def runs_section(all_runs: list[runs.Run]) -> None:
    """The runs table, the chosen run's curves and actions, and the comparison of several runs."""
    if not all_runs:
        st.info(ui.tr("train.no_runs"))
        return
    active = active_run()
    st.dataframe([{
        ui.tr("train.col_active"): "★" if active is not None and r.id == active.id else "",
        ui.tr("train.col_name"): r.name, ui.tr("train.col_created"): _created(r),
        ui.tr("train.col_dataset"): ui.dataset_label(r.dataset, short=True) if r.dataset else "—",
        ui.tr("train.col_arch"): _arch(r), ui.tr("train.col_epochs"): r.epochs_done,
        ui.tr("train.col_status"): ui.tr(f"train.status.{r.status}"),
        ui.tr("train.col_best_val"): _pct(r.best_val_accuracy()),
        ui.tr("train.col_test"): _pct((r.test_metrics or {}).get("accuracy")),
    } for r in all_runs], hide_index=True, width="stretch", key="runs_table", column_config={
        ui.tr("train.col_active"): st.column_config.TextColumn(width=50),
        ui.tr("train.col_epochs"): st.column_config.NumberColumn(width=60),
        ui.tr("train.col_dataset"): st.column_config.TextColumn(width=90),
        ui.tr("train.col_created"): st.column_config.TextColumn(width=140)})
    st.caption(ui.tr("train.runs_caption"))

    by_id = {r.id: r for r in all_runs}
    _follow_the_active_run(by_id, active)
    chosen = st.selectbox(ui.tr("train.pick_run"), list(by_id), key=PICK,
                          format_func={rid: f"{r.name} · {_created(r)} · {ui.tr(f'train.status.{r.status}')}"
                                       for rid, r in by_id.items()}.get)
    run = by_id[chosen]
    training_now = bool(executors.get_executor().jobs({run.id}))
    if run.status == "damaged":
        st.error(ui.tr("train.damaged", error=run.error))
    elif run.config.get("interrupted"):
        st.warning(ui.tr("train.interrupted"))
    elif run.status in ("diverged", "failed"):
        show, text = _ended_badly(run)
        show(text)
    shared = not run.workspace and run.status != "damaged"  # a damaged record's owner is unknown: anyone may clear it
    renamable = run.status != "damaged" and not shared
    a, b, c = st.columns([1, 2, 1], vertical_alignment="bottom")
    a.button(ui.tr("train.make_active"), icon=":material/check_circle:", key="make_active",
             disabled=not run.usable or (active is not None and active.id == run.id), width="stretch",
             on_click=ui_state.activate, args=(run,))
    new_name = b.text_input(ui.tr("train.rename"), run.name if run.status != "damaged" else "", max_chars=100,
                            key=f"rename_{run.id}", disabled=not renamable)
    if renamable and new_name.strip() and new_name.strip() != run.name:
        runs.rename_run(run, new_name)
        st.rerun()
    with c.popover(ui.tr("train.delete"), icon=":material/delete:", disabled=training_now or shared,
                   width="stretch"):
        st.markdown(ui.tr("train.delete_confirm", name=run.name))
        if st.button(ui.tr("train.delete_yes"), type="primary", key=f"delete_{run.id}"):
            runs.delete_run(run)
            st.rerun()
    if shared:
        st.caption(ui.tr("train.shared_read_only"))
    if run.history:
        details = _details(run)
        if details:
            st.markdown(details)
        curves(run.history, f"run_{run.id}", config=run.config)
    elif run.status not in ("damaged", "running"):
        st.caption(ui.tr("train.no_history"))

    st.subheader(ui.tr("train.compare_heading"))
    with_history = [r.id for r in all_runs if r.history]
    picked = st.multiselect(ui.tr("train.compare_pick"), with_history, default=with_history[:2], key="train_compare",
                            format_func=lambda rid: f"{by_id[rid].name} · {_created(by_id[rid])}")
    if picked:
        histories = {f"{by_id[rid].name} ({i + 1})": by_id[rid].history for i, rid in enumerate(picked)}
        for col, metric in zip(st.columns(2), ("accuracy", "loss")):
            col.plotly_chart(plots.compare_curves(histories, metric, _labels(metric)), key=f"compare_{metric}",
                             width="stretch")
        st.caption(ui.tr("train.compare_caption"))
