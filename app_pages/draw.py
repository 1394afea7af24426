import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from cnnviz import architecture, datasets, gradcam, photos, preprocess, runs, ui, ui_epochs, ui_models, ui_runs, ui_state
from cnnviz.plots import draw as plots

CANVAS_SIDE = 280

ui.page_header("draw.title", "draw.lead")
run = ui_runs.require_active_run()
fashion = run.dataset == "fashion_mnist"
ds = ui.run_dataset(run)
names = ui.class_names(ds)
st.caption(ui.tr("draw.model_line", name=run.name, dataset=ui.dataset_label(run.dataset)))
try:
    epoch_model = ui_models.epoch_model(run)
except runs.RunError as exc:
    st.error(ui.tr("draw.model_error", error=str(exc)))
    st.stop()
epoch = ui_epochs.epoch_control(run)
explainer = epoch_model.pinned(epoch, epoch_model.explainer)  # predictions and Grad-CAM after the chosen epoch


def percent(p: float) -> str:
    return f"{p:.1%}"


def show_prediction(probs: np.ndarray, key: str) -> None:
    top, second = gradcam.top_classes(probs, 2)
    st.markdown(ui.tr("draw.verdict", name=names[top], p=percent(probs[top])))
    if gradcam.is_unsure(probs):
        st.warning(ui.tr("draw.unsure", p=percent(probs[top]), second=names[second], p2=percent(probs[second]))
                   + " " + ui.tr("draw.unsure_tip_photo" if ds.is_photo else
                                 "draw.unsure_tip_fashion" if fashion else "draw.unsure_tip"))
    st.plotly_chart(plots.probabilities(probs, names, ui.tr("draw.probability")), key=f"{key}_probs",
                    width="stretch")
    sigmoid = run.spec is not None and architecture.output_of(run.spec) == "sigmoid"
    st.caption(ui.tr("draw.probs_caption_sigmoid", a=names[0], b=names[1]) if sigmoid else ui.tr("draw.probs_caption"))


def show_steps(steps: list[preprocess.Step], raw_key: str) -> None:
    st.markdown(ui.tr("draw.steps_text_fashion" if fashion else "draw.steps_text"))
    cols = st.columns(len(steps))
    for i, (col, step) in enumerate(zip(cols, steps)):
        label = ui.tr(raw_key if step.key == "raw" else f"draw.step.{step.key}")
        if step.key in ("crop", "fit20", "centre", "fit28"):
            label = f"{i + 1} · {label}"
        size = ui.tr("draw.step_size", w=step.image.shape[1], h=step.image.shape[0])
        col.image(plots.enlarged(step.image), caption=f"{label} ({size})", width="stretch")


def show_inside(pixels: np.ndarray, probs: np.ndarray, fm_caption: str, key: str) -> None:
    """The 28×28 input, the Grad-CAM map, and the way to the Feature maps page."""
    top = int(probs.argmax())
    left, right = st.columns(2)
    with left:
        h, w, c = ds.input_shape
        st.subheader(ui.tr("draw.input_heading", h=h, w=w))
        st.plotly_chart(plots.network_input(pixels, ui.tr("draw.pixel_value"), ui.hover_axes()), key=f"{key}_input",
                        width="stretch")
        st.caption(ui.tr("draw.input_caption_photo" if c == 3 else "draw.input_caption", n=f"{h * w * c:,}"))
        if st.button(ui.tr("draw.to_feature_maps"), icon=":material/layers:", key=f"{key}_to_fm"):
            ui_state.send_to_feature_maps(pixels, fm_caption)
    with right:
        st.subheader(ui.tr("draw.cam_heading"))
        hires = st.toggle(ui.tr("draw.cam_hires_toggle"), key=f"{key}_hires", help=ui.tr("draw.cam_hires_help"))
        try:
            cam = gradcam.explain(explainer, pixels, top, hires)
        except gradcam.GradCamError:
            st.info(ui.tr("draw.cam_none"))
            return
        except Exception as exc:  # noqa: BLE001 - an imported model of an unforeseen shape
            st.warning(ui.tr("draw.cam_failed", error=str(exc)))
            return
        st.plotly_chart(plots.gradcam_overlay(pixels, cam.heat, ui.tr("draw.cam_strength"), ui.hover_axes()),
                        key=f"{key}_cam", width="stretch")
        notes = [ui.tr("draw.cam_caption", name=names[top], layer=explainer.layer_name)]
        st.caption(" ".join(notes + [ui.tr(f"draw.cam_{note}") for note in cam.notes]))


def canvas_mode() -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(ui.tr("draw.sketch_heading" if fashion else "draw.canvas_heading"))
        st.caption(ui.tr("draw.sketch_help" if fashion else "draw.canvas_help"))
        brush = st.slider(ui.tr("draw.brush"), 6, 40, 22, key="draw_brush", help=ui.tr("draw.brush_help"))
        if st.button(ui.tr("draw.clear"), icon=":material/delete:", key="draw_clear"):
            st.session_state["draw_canvas_n"] = st.session_state.get("draw_canvas_n", 0) + 1
        drawing = st_canvas(stroke_width=brush, stroke_color="#FFFFFF", background_color="#000000",
                            height=CANVAS_SIDE, width=CANVAS_SIDE, drawing_mode="freedraw", update_streamlit=True,
                            return_image_data=True, key=f"draw_canvas_{st.session_state.get('draw_canvas_n', 0)}")
        prepared = preprocess.from_canvas(drawing.image_data, run.dataset)
    with right:
        st.subheader(ui.tr("draw.prediction_heading"))
        if prepared.empty:
            st.info(ui.tr("draw.empty"))
            return
        probs = explainer.predict(prepared.pixels)
        show_prediction(probs, "canvas")
    st.header(ui.tr("draw.steps_heading"))
    show_steps(prepared.steps, "draw.step.raw")
    show_inside(prepared.pixels, probs, ui.tr("draw.fm_caption_canvas"), "canvas")


def upload_mode() -> None:
    mb = preprocess.MAX_UPLOAD_BYTES // 2**20
    file = st.file_uploader(ui.tr("draw.upload_label_fashion" if fashion else "draw.upload_label", mb=mb),
                            type=["png", "jpg", "jpeg", "webp", "bmp", "gif"], key="draw_upload", max_upload_size=mb)
    if file is None:
        st.info(ui.tr("draw.upload_hint"))
        return
    try:
        upload = preprocess.from_upload(file.getvalue(), run.dataset)
    except preprocess.PreprocessError as exc:
        st.error(ui.tr(f"draw.error.{exc.code}", **exc.details))
        return
    prepared = upload.prepared
    for note in prepared.notes:
        st.caption(ui.tr(f"draw.note.{note}"))
    st.header(ui.tr("draw.steps_heading"))
    show_steps(prepared.steps, "draw.step.raw_upload")
    if prepared.empty:
        st.warning(ui.tr("draw.upload_empty"))
        return
    probs = explainer.predict(prepared.pixels)
    st.subheader(ui.tr("draw.prediction_heading"))
    show_prediction(probs, "upload")
    show_inside(prepared.pixels, probs, ui.tr("draw.fm_caption_upload", name=file.name), "upload")

    st.header(ui.tr("draw.squares_heading"))
    st.markdown(ui.tr("draw.squares_text"))
    square_probs = explainer.predict(np.stack(list(upload.squares.values())))
    for col, (method, pixels), p in zip(st.columns(3), upload.squares.items(), square_probs):
        with col:
            st.image(plots.enlarged(pixels), caption=ui.tr(f"draw.square.{method}"), width="stretch")
            st.markdown(ui.tr("draw.square_answer", name=names[int(p.argmax())], p=percent(p.max())))


def photo_mode(fit: photos.PhotoFit) -> None:
    """A photo fitted the way the model was trained, and the other two ways for comparison."""
    mb = preprocess.MAX_UPLOAD_BYTES // 2**20
    file = st.file_uploader(ui.tr("draw.upload_label_photo", mb=mb), type=["png", "jpg", "jpeg", "webp", "bmp", "gif"],
                            key="draw_photo", max_upload_size=mb)
    if file is None:
        st.info(ui.tr("draw.upload_hint_photo", size=fit.size, mode=ui.tr(f"common.resize_{fit.mode}")))
        return
    try:
        original, fitted, notes = photos.upload_all_modes(file.getvalue(), fit.size, fit.color)
    except preprocess.PreprocessError as exc:
        st.error(ui.tr(f"draw.error.{exc.code}", **exc.details))
        return
    for note in notes:
        st.caption(ui.tr(f"draw.note.{note}"))
    pixels = datasets.unit_pixels(fitted[fit.mode])
    probs = explainer.predict(pixels)
    left, right = st.columns(2)
    with left:
        st.image(original, caption=ui.tr("draw.photo_original", w=original.shape[1], h=original.shape[0]),
                 width="stretch")
    with right:
        st.subheader(ui.tr("draw.prediction_heading"))
        show_prediction(probs, "photo")
    show_inside(pixels, probs, ui.tr("draw.fm_caption_upload", name=file.name), "photo")

    st.header(ui.tr("draw.photo_modes_heading"))
    st.markdown(ui.tr("draw.photo_modes_text", mode=ui.tr(f"common.resize_{fit.mode}")))
    mode_probs = explainer.predict(np.stack([datasets.unit_pixels(a) for a in fitted.values()]))
    for col, (mode, image), p in zip(st.columns(3), fitted.items(), mode_probs):
        with col:
            trained = " ✓" if mode == fit.mode else ""
            st.image(plots.enlarged(image), caption=ui.tr(f"common.resize_{mode}") + trained, width="stretch")
            st.markdown(ui.tr("draw.square_answer", name=names[int(p.argmax())], p=percent(p.max())))


if ds.is_photo:  # upload-first: there is nothing to draw
    photo_mode(ds.fit)
else:
    canvas_tab, upload_tab = st.tabs([ui.tr("draw.mode.canvas"), ui.tr("draw.mode.upload")])
    with canvas_tab:
        canvas_mode()
    with upload_tab:
        upload_mode()
