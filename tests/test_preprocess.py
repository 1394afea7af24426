"""MNIST-style preprocessing on synthetic strokes, and uploads of every awkward kind, made here with Pillow."""
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw

from cnnviz import preprocess as pp

SIDE = 280


def canvas(strokes, width, side=SIDE) -> np.ndarray:
    """Canvas RGBA like st_canvas returns: white strokes on an opaque black background."""
    img = Image.new("RGBA", (side, side), (0, 0, 0, 255))
    draw = ImageDraw.Draw(img)
    for stroke in strokes:
        draw.line(stroke, fill=(255, 255, 255, 255), width=width, joint="curve")
    return np.asarray(img)


def one(x, y, h):
    return [[(x + h * 0.15, y + h * 0.15), (x + h * 0.3, y), (x + h * 0.3, y + h)]]


def seven(x, y, h):
    return [[(x, y), (x + h * 0.6, y), (x + h * 0.2, y + h)]]


CASES = {  # name -> (strokes, brush width): off-centre, small, thick, thin
    "1 off-centre": (one(20, 20, 120), 18),
    "1 small": (one(200, 150, 40), 6),
    "1 thick": (one(100, 40, 200), 40),
    "1 thin": (one(120, 60, 160), 3),
    "7 off-centre": (seven(150, 140, 120), 18),
    "7 small": (seven(30, 200, 45), 6),
    "7 thick": (seven(50, 30, 220), 40),
    "7 thin": (seven(60, 50, 170), 3),
}


@pytest.mark.parametrize("name", CASES)
def test_strokes_end_up_centred_and_the_right_size(name):
    strokes, width = CASES[name]
    prepared = pp.from_canvas(canvas(strokes, width))
    x = prepared.pixels
    assert x.shape == (28, 28) and x.dtype == np.float32
    assert 0 <= x.min() and x.max() <= 1 and x.max() > 0.5
    cy, cx = pp.centre_of_mass(x)
    assert abs(cy - 13.5) <= 1 and abs(cx - 13.5) <= 1, (cy, cx)
    top, bottom, left, right = pp.ink_box(x, 0.0)
    assert bottom - top <= 20 and right - left <= 20
    assert max(bottom - top, right - left) >= 19  # the longest side fills the 20×20 box
    assert [s.key for s in prepared.steps] == ["raw", "gray", "crop", "fit20", "centre"]
    assert max(prepared.steps[3].image.shape) == 20


def test_aspect_ratio_is_kept():
    wide = canvas([[(40, 140), (240, 140)], [(40, 100), (240, 100)]], 20)  # about 200 wide, 60 high
    steps = pp.from_canvas(wide).steps
    (crop_h, crop_w), fitted = steps[2].image.shape, steps[3].image
    assert crop_w > 3 * crop_h
    assert fitted.shape == (round(20 * crop_h / crop_w), 20)


def test_empty_canvas_predicts_nothing():
    assert pp.from_canvas(np.zeros((SIDE, SIDE, 4), np.uint8)).empty
    assert pp.from_canvas(canvas([], 10)).empty
    assert pp.from_canvas(None).empty


def test_transparent_canvas_counts_as_black():
    rgba = np.zeros((SIDE, SIDE, 4), np.uint8)
    rgba[100:180, 130:150] = 255  # opaque white bar on a see-through canvas
    assert not pp.from_canvas(rgba).empty


def test_fashion_procedure_fills_the_frame_with_padding():
    rgba = canvas([[(60, 100), (220, 100)]], 60)  # a wide bar, like trousers lying down
    prepared = pp.from_canvas(rgba, "fashion_mnist")
    top, bottom, left, right = pp.ink_box(prepared.pixels, 0.0)
    assert right - left == 28  # longest side fills the frame
    assert abs((top + bottom) / 2 - 14) <= 1  # padded evenly above and below
    assert [s.key for s in prepared.steps] == ["raw", "gray", "crop", "fit28"]


# --- uploads --------------------------------------------------------------------------------

def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def paper_digit(size=(200, 300)) -> Image.Image:
    """A dark "7" written on light paper, off-centre, in colour."""
    img = Image.new("RGB", size, (235, 230, 220))
    w, h = size[0] / 200, size[1] / 300
    ImageDraw.Draw(img).line([(30 * w, 40 * h), (150 * w, 40 * h), (70 * w, 260 * h)], fill=(20, 20, 60),
                             width=round(18 * w))
    return img


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP", "GIF"])
def test_upload_formats_are_inverted_and_centred(fmt):
    upload = pp.from_upload(encode(paper_digit(), fmt))
    prepared = upload.prepared
    assert "inverted" in prepared.notes
    x = prepared.pixels
    assert x.shape == (28, 28) and x[0].max() < 0.05 and x.max() > 0.8  # black background, white ink
    cy, cx = pp.centre_of_mass(x)
    assert abs(cy - 13.5) <= 1 and abs(cx - 13.5) <= 1
    assert set(upload.squares) == {"stretch", "pad", "crop"}
    assert all(s.shape == (28, 28) for s in upload.squares.values())


def test_a_shadow_across_the_paper_is_not_taken_for_ink():
    light = np.linspace(250, 110, 400)[None, :].repeat(300, axis=0)  # bright on the left, in shadow on the right
    photo = Image.fromarray(light.astype(np.uint8)).convert("RGB")
    ImageDraw.Draw(photo).line([(60, 60), (180, 60), (100, 250)], fill=(30, 30, 30), width=16)  # a "7" on the left
    upload = pp.from_upload(encode(photo, "JPEG"))
    clean, crop = upload.prepared.steps[2].image, upload.prepared.steps[3].image
    assert clean[:, 250:].max() < 0.1  # the shaded paper is background
    assert crop.shape[1] < 160  # cropped to the digit (about 136 pixels wide), not to the shadow


def test_stretch_pad_crop_differ_as_they_should():
    img = Image.new("L", (300, 100), 0)
    ImageDraw.Draw(img).rectangle([10, 30, 290, 70], fill=255)  # a long bar across the whole width
    squares = pp.from_upload(encode(img, "PNG")).squares
    rows = {m: np.flatnonzero(s.max(axis=1) > 0.5) for m, s in squares.items()}
    cols = {m: np.flatnonzero(s.max(axis=0) > 0.5) for m, s in squares.items()}
    assert len(rows["stretch"]) > 3 * len(rows["pad"])  # stretching makes the bar three times thicker
    assert len(cols["pad"]) >= 26  # padding keeps the whole length
    assert len(cols["crop"]) == 28 and len(rows["crop"]) > len(rows["pad"])  # cropping cut both ends off


def test_exif_rotation_is_honoured():
    img = Image.new("L", (60, 120), 255)
    ImageDraw.Draw(img).rectangle([0, 0, 59, 9], fill=0)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    opened, notes = pp.open_image(encode(img, "JPEG", exif=exif))
    assert opened.size == (120, 60) and "exif_rotated" in notes


@pytest.mark.parametrize("orientation", [1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 255])
def test_only_a_valid_exif_orientation_is_reported_as_a_turn(orientation):
    """Orientations 0 and 9+ mean nothing in EXIF: Pillow turns nothing, and the page once said "rotated"."""
    img = Image.new("L", (60, 120), 255)
    exif = Image.Exif()
    exif[0x0112] = orientation
    opened, notes = pp.open_image(encode(img, "JPEG", exif=exif))
    turned = orientation in range(2, 9)
    assert opened.size == ((120, 60) if orientation >= 5 and turned else (60, 120))
    assert ("exif_rotated" in notes) == turned and ("exif_invalid" in notes) == (orientation not in range(1, 9))


def test_sixteen_bit_keeps_its_range():
    values = np.full((100, 100), 60000, np.uint16)
    values[20:80, 45:55] = 1000  # dark ink on a light 16-bit background
    prepared = pp.from_upload(encode(Image.fromarray(values), "PNG")).prepared
    assert "16bit" in prepared.notes and "inverted" in prepared.notes
    assert prepared.pixels.max() > 0.8


def test_cmyk_and_palette_and_transparency_are_converted():
    cmyk = paper_digit().convert("CMYK")
    assert "cmyk" in pp.from_upload(encode(cmyk, "JPEG")).prepared.notes
    palette = paper_digit().convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    prepared = pp.from_upload(encode(palette, "PNG")).prepared
    assert "palette" in prepared.notes and not prepared.empty
    sticker = Image.new("RGBA", (100, 100), (0, 0, 0, 0))  # black ink on a see-through background
    ImageDraw.Draw(sticker).line([(50, 10), (50, 90)], fill=(0, 0, 0, 255), width=10)
    prepared = pp.from_upload(encode(sticker, "PNG")).prepared
    assert "transparent" in prepared.notes and prepared.pixels.max() > 0.8


def test_animated_gif_uses_the_first_frame():
    first = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(first).line([(40, 10), (40, 70)], fill=255, width=8)  # a "1"
    second = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(second).rectangle([10, 10, 70, 70], fill=255)
    data = encode(first, "GIF", save_all=True, append_images=[second], duration=100, loop=0)
    prepared = pp.from_upload(data).prepared
    assert "first_frame" in prepared.notes
    assert pp.ink_box(prepared.pixels, 0.5)[3] - pp.ink_box(prepared.pixels, 0.5)[2] < 8  # thin: the "1"


def with_png_size(data: bytes, width: int, height: int) -> bytes:
    """The same PNG claiming another size in its header (a decompression bomb needs no more)."""
    ihdr = struct.pack(">II", width, height) + data[24:29]
    return data[:16] + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) + data[33:]


def test_huge_and_bomb_images_are_refused_before_decoding():
    small = encode(Image.new("L", (10, 10)), "PNG")
    with pytest.raises(pp.PreprocessError) as err:
        pp.open_image(with_png_size(small, 8000, 6250))  # a 50-megapixel PNG
    assert err.value.code == "too_many_pixels" and err.value.details["megapixels"] == "50"
    with pytest.raises(pp.PreprocessError) as err:
        pp.open_image(with_png_size(small, 100_000, 100_000))  # beyond Pillow's own bomb limit
    assert err.value.code == "bomb"


def test_a_big_jpeg_photo_is_decoded_small():
    photo = paper_digit((4000, 8000))  # 32 megapixels: over the limit, but a JPEG can be decoded at 1/4
    upload = pp.from_upload(encode(photo, "JPEG", quality=50))
    assert "reduced" in upload.prepared.notes and not upload.prepared.empty


BAD_FILES = {  # name -> (make the bytes, expected error code)
    "text": (lambda: b"this is not a picture", "not_image"),
    "empty": (lambda: b"", "not_image"),
    "truncated png": (lambda: encode(paper_digit(), "PNG")[:400], "corrupt"),
    "truncated jpeg": (lambda: encode(paper_digit(), "JPEG")[:300], "corrupt"),
    "tiff": (lambda: encode(paper_digit(), "TIFF"), "format"),
    "too big": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(pp.MAX_UPLOAD_BYTES), "too_big"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_raise_a_clear_error(name):
    make, code = BAD_FILES[name]
    with pytest.raises(pp.PreprocessError) as err:
        pp.from_upload(make())
    assert err.value.code == code


def test_blank_upload_is_empty_not_an_error():
    assert pp.from_upload(encode(Image.new("RGB", (50, 50), "white"), "PNG")).prepared.empty
