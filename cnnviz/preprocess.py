"""From a canvas drawing or an uploaded picture to the 28×28 input the network sees.

MNIST digits were made this way: white ink on black, cropped to the ink, scaled so the
longest side is 20 pixels (keeping the aspect ratio), then placed in a 28×28 frame so
that the centre of mass sits in the middle. A drawing that skips these steps looks
nothing like the training data, and the network guesses badly. Every step's image is
kept so the page can show what happened. Fashion-MNIST photos were instead trimmed and
fitted into the whole 28×28 frame with padding.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageOps

SIZE = 28
DIGIT_BOX = 20
INK = 0.1  # a pixel brighter than this (on 0..1) counts as ink
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 30_000_000  # after JPEG draft decoding; a 50-megapixel PNG is refused before decoding
FORMATS = {"PNG", "JPEG", "WEBP", "BMP", "GIF", "MPO"}  # MPO: the JPEG some phone cameras write
SQUARE_METHODS = ("stretch", "pad", "crop")
EXIF_TURNS = range(2, 9)  # the EXIF orientations that mirror or rotate the picture


class PreprocessError(ValueError):
    """An upload that cannot be used; `code` names the reason for the page's message."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.details = details


@dataclass
class Step:
    key: str  # names the step for the page ("raw", "gray", "crop", ...)
    image: np.ndarray  # (h, w) float 0..1, white ink on black; (h, w, 3) uint8 for a colour original


@dataclass
class Prepared:
    pixels: np.ndarray | None  # (28, 28) float32 in 0..1: the network's input; None when there is no ink
    steps: list[Step]
    notes: list[str] = field(default_factory=list)  # what was done to an upload: "inverted", "exif_rotated", ...

    @property
    def empty(self) -> bool:
        return self.pixels is None


# --- the MNIST procedure -------------------------------------------------------------------

def ink_box(gray: np.ndarray, threshold: float = INK) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right), end-exclusive, of the pixels brighter than `threshold`."""
    rows = np.flatnonzero((gray > threshold).any(axis=1))
    cols = np.flatnonzero((gray > threshold).any(axis=0))
    if rows.size == 0:
        return None
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def resize(gray: np.ndarray, height: int, width: int) -> np.ndarray:
    """Area-averaging resize (no aliasing when shrinking a thin stroke)."""
    img = Image.fromarray(gray.astype(np.float32), mode="F")
    return np.asarray(img.resize((width, height), Image.Resampling.BOX if gray.shape[0] >= height
                                 else Image.Resampling.BILINEAR), dtype=np.float32)


def fit(gray: np.ndarray, box: int) -> np.ndarray:
    """Scale so the longest side is `box` pixels, keeping the aspect ratio."""
    h, w = gray.shape
    scale = box / max(h, w)
    return np.clip(resize(gray, max(1, round(h * scale)), max(1, round(w * scale))), 0, 1)


def centre_of_mass(gray: np.ndarray) -> tuple[float, float]:
    """(row, col) of the brightness-weighted mean pixel position."""
    total = gray.sum()
    rows, cols = np.indices(gray.shape)
    return float((rows * gray).sum() / total), float((cols * gray).sum() / total)


def place_by_mass(gray: np.ndarray, size: int = SIZE) -> np.ndarray:
    """Put `gray` into a size×size black frame with its centre of mass in the middle."""
    h, w = gray.shape
    cy, cx = centre_of_mass(gray)
    middle = (size - 1) / 2
    top = int(np.clip(round(middle - cy), 0, size - h))
    left = int(np.clip(round(middle - cx), 0, size - w))
    out = np.zeros((size, size), np.float32)
    out[top:top + h, left:left + w] = gray
    return out


def place_centred(gray: np.ndarray, size: int = SIZE) -> np.ndarray:
    """Put `gray` in the middle of a size×size black frame (padding the short side)."""
    h, w = gray.shape
    out = np.zeros((size, size), np.float32)
    top, left = (size - h) // 2, (size - w) // 2
    out[top:top + h, left:left + w] = gray
    return out


def crop_to_ink(gray: np.ndarray) -> np.ndarray | None:
    """The smallest rectangle holding all the ink; None for an empty image."""
    box = ink_box(gray)
    if box is None:
        return None
    top, bottom, left, right = box
    return gray[top:bottom, left:right]


def digit_steps(gray: np.ndarray) -> tuple[np.ndarray | None, list[Step]]:
    """MNIST procedure on a white-on-black image: crop to the ink, fit 20×20, centre by mass."""
    cropped = crop_to_ink(gray)
    if cropped is None:
        return None, []
    fitted = fit(cropped, DIGIT_BOX)
    final = place_by_mass(fitted)
    return final, [Step("crop", cropped), Step("fit20", fitted), Step("centre", final)]


def object_steps(gray: np.ndarray) -> tuple[np.ndarray | None, list[Step]]:
    """Fashion-MNIST procedure: trim to the object, fit its longest side to 28, pad to a square."""
    cropped = crop_to_ink(gray)
    if cropped is None:
        return None, []
    final = place_centred(fit(cropped, SIZE))
    return final, [Step("crop", cropped), Step("fit28", final)]


def procedure(dataset: str):
    return object_steps if dataset == "fashion_mnist" else digit_steps


# --- the canvas ------------------------------------------------------------------------------

def canvas_gray(rgba: np.ndarray) -> np.ndarray:
    """Canvas RGBA (white ink, any background) → 0..1 brightness, transparent counting as black."""
    rgba = np.asarray(rgba)
    if rgba.ndim != 3 or rgba.shape[2] not in (3, 4):
        raise PreprocessError("not_image", f"canvas data must be (h, w, 3 or 4), got {rgba.shape}")
    rgb = rgba[..., :3].astype(np.float32) / 255.0
    alpha = rgba[..., 3:4].astype(np.float32) / 255.0 if rgba.shape[2] == 4 else 1.0
    return (rgb * alpha) @ np.array([0.299, 0.587, 0.114], np.float32)


def from_canvas(rgba: np.ndarray | None, dataset: str = "mnist") -> Prepared:
    """The canvas drawing as the network's input, with every step; no ink → `empty`."""
    if rgba is None:
        return Prepared(None, [])
    rgba = np.asarray(rgba)
    gray = canvas_gray(rgba)
    final, steps = procedure(dataset)(gray)
    raw = Step("raw", rgba[..., :3].astype(np.uint8))
    return Prepared(None if final is None else final.astype(np.float32), [raw, Step("gray", gray), *steps])


# --- uploads ---------------------------------------------------------------------------------

def open_image(data: bytes, draft: tuple[str, tuple[int, int]] | None = None) -> tuple[Image.Image, list[str]]:
    """Open untrusted bytes as an upright Pillow image, refusing what is unsafe or unusable.

    Returns the image (first frame, EXIF orientation applied, JPEGs decoded at a reduced
    size when huge) and notes on what was done. Every failure is a PreprocessError.
    `draft` = (mode, (width, height)) lets a JPEG decode straight to "L" or "RGB" at the
    smallest 1/2…1/8 scale that still covers that size (before EXIF rotation): a photo
    dataset needs only a small picture, and decoding less is most of the speed.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise PreprocessError("too_big", f"the file is {len(data) / 2**20:.1f} MB; the limit is "
                              f"{MAX_UPLOAD_BYTES // 2**20} MB", size_mb=f"{len(data) / 2**20:.1f}",
                              limit_mb=MAX_UPLOAD_BYTES // 2**20)
    notes = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
            if img.format not in FORMATS:
                raise PreprocessError("format", f"{img.format} images are not supported", format=img.format)
            if getattr(img, "n_frames", 1) > 1:
                img.seek(0)
                notes.append("first_frame")
            if img.format in ("JPEG", "MPO"):
                mode, (want_w, want_h) = draft or ("RGB", img.size)
                if img.width * img.height > MAX_PIXELS:
                    want_w, want_h = min(want_w, img.width // 8 + 1), min(want_h, img.height // 8 + 1)
                    notes.append("reduced")
                if draft or "reduced" in notes:
                    img.draft(mode, (want_w, want_h))  # decode at 1/2…1/8 scale (Pillow allows one draft)
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise PreprocessError("too_many_pixels", f"the image is {width}×{height} pixels "
                                      f"({width * height / 1e6:.0f} megapixels); the limit is "
                                      f"{MAX_PIXELS / 1e6:.0f}", width=width, height=height,
                                      megapixels=f"{width * height / 1e6:.0f}", limit=f"{MAX_PIXELS / 1e6:.0f}")
            img.load()
            orientation = img.getexif().get(0x0112, 1)  # EXIF orientation: 1 is upright, 2–8 say how to turn it
            rotated = orientation in EXIF_TURNS
            upright = ImageOps.exif_transpose(img) if rotated else img
        except PreprocessError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PreprocessError("bomb", str(exc)) from None
        except Image.UnidentifiedImageError:
            raise PreprocessError("not_image", "the file is not an image Pillow can read") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise PreprocessError("corrupt", f"the image is damaged or truncated: {exc}", error=str(exc)) from None
    if rotated:
        notes.append("exif_rotated")
    elif orientation != 1:  # 0, 9 or garbage: EXIF defines no turn for it, so none is made
        notes.append("exif_invalid")
    return upright, notes


def image_gray(img: Image.Image) -> tuple[np.ndarray, list[str]]:
    """Any Pillow mode → 0..1 brightness; 16-bit keeps its range, CMYK and palettes become RGB."""
    notes = []
    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        values = np.asarray(img, dtype=np.float32)
        notes.append("16bit")
        top = 65535.0 if values.max() > 255 or img.mode.startswith("I;16") else 255.0
        return np.clip(values / top, 0, 1), notes
    if img.mode == "CMYK":
        notes.append("cmyk")
    if img.mode == "P":
        notes.append("palette")
    img = img.convert("RGBA")
    rgba = np.asarray(img, dtype=np.float32) / 255.0
    gray = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], np.float32)
    alpha = rgba[..., 3]
    if alpha.min() < 0.99:  # see-through parts: lay the picture on the colour that contrasts with it
        opaque = gray[alpha > 0.5]
        background = 0.0 if opaque.size and opaque.mean() > 0.5 else 1.0
        gray = gray * alpha + background * (1 - alpha)
        notes.append("transparent")
    return gray, notes


def uneven_light(gray: np.ndarray, grid: int = 32, window: int = 7) -> np.ndarray:
    """The slowly varying background of a white-on-black picture (a shadow across the paper).

    On a grid×grid thumbnail, the darkest value around each point drops the strokes (they are
    thinner than `window` cells) and keeps the light falling on the paper; smoothed, scaled back up.
    """
    small = np.asarray(Image.fromarray(gray.astype(np.float32), mode="F").resize((grid, grid), Image.Resampling.BOX))
    pad = window // 2
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(small, pad, mode="edge"), (window, window))
    darkest = windows.min(axis=(2, 3))
    smooth = np.lib.stride_tricks.sliding_window_view(np.pad(darkest, pad, mode="edge"), (window, window))
    light = Image.fromarray(smooth.mean(axis=(2, 3)).astype(np.float32), mode="F")
    return np.asarray(light.resize(gray.shape[::-1], Image.Resampling.BILINEAR))


def white_on_black(gray: np.ndarray, strokes: bool = True) -> tuple[np.ndarray, bool]:
    """Invert dark-on-light pictures, stretch so the background is 0 and ink near 1.

    The border decides the polarity: a scan or photo of paper has a light border. For `strokes`
    (handwriting) on paper, uneven light is removed too; a large filled object would be taken for light.
    """
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    inverted = bool(np.median(border) > 0.5)
    if inverted:
        gray = 1.0 - gray
        if strokes:
            gray = gray - uneven_light(gray)
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    background = float(np.median(border)) + 0.1
    peak = float(np.percentile(gray, 99.5))
    if peak <= background:
        return np.zeros_like(gray), inverted
    return np.clip((gray - background) / (peak - background), 0, 1).astype(np.float32), inverted


def square(gray: np.ndarray, method: str, size: int = SIZE) -> np.ndarray:
    """The naive ways to make any picture size×size: stretch it, pad it, or crop its middle."""
    h, w = gray.shape
    if method == "stretch":
        return np.clip(resize(gray, size, size), 0, 1)
    if method == "pad":
        return place_centred(fit(gray, size), size)
    if method == "crop":
        side = min(h, w)
        top, left = (h - side) // 2, (w - side) // 2
        return np.clip(resize(gray[top:top + side, left:left + side], size, size), 0, 1)
    raise ValueError(f"unknown method {method!r}; use one of {SQUARE_METHODS}")


@dataclass
class Upload:
    prepared: Prepared  # the dataset's own procedure, step by step
    squares: dict[str, np.ndarray]  # stretch, pad, crop of the whole cleaned picture


def from_upload(data: bytes, dataset: str = "mnist", work_side: int = 512) -> Upload:
    """An uploaded file as the network's input, plus the three naive squares for comparison."""
    img, notes = open_image(data)
    original = img.convert("RGB")
    if max(img.size) > work_side:  # all later steps work on a copy at most work_side pixels long
        img = img.copy()
        img.thumbnail((work_side, work_side), Image.Resampling.BOX if img.mode in ("RGB", "L", "RGBA")
                      else Image.Resampling.NEAREST)
        original.thumbnail((work_side, work_side))
    gray, mode_notes = image_gray(img)
    clean, inverted = white_on_black(gray, strokes=dataset != "fashion_mnist")
    notes += mode_notes + (["inverted"] if inverted else [])
    final, steps = procedure(dataset)(clean)
    steps = [Step("raw", np.asarray(original)), Step("gray", gray), Step("clean", clean), *steps]
    squares = {m: square(clean, m) for m in SQUARE_METHODS}
    return Upload(Prepared(None if final is None else final.astype(np.float32), steps, notes), squares)
