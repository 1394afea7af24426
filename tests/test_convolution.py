"""The Learn page's arithmetic: the textbook's worked examples (which some tutorials get wrong), and
Keras's own layers on the same numbers."""
import itertools

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnviz import convolution as cv


def test_worked_convolution_example():
    np.testing.assert_array_equal(cv.conv2d(cv.WORKED_IMAGE, cv.WORKED_KERNEL), [[4, 3, 4], [2, 4, 3], [2, 3, 4]])


def test_worked_pooling_examples():
    np.testing.assert_array_equal(cv.pool2d(cv.POOL_MAP, 2, mode="max"), [[20, 30], [112, 37]])
    np.testing.assert_array_equal(cv.pool2d(cv.POOL_MAP, 2, mode="avg"), [[13, 8], [79, 19.5]])


def test_first_step_shows_nine_products_and_their_sum():
    walk = cv.conv_walk(cv.WORKED_IMAGE, cv.WORKED_KERNEL, bias=0.5)
    first = walk.steps[0]
    assert len(walk.steps) == 9 and (first.row, first.col) == (0, 0)
    np.testing.assert_array_equal(first.products, [[1, 0, 1], [0, 1, 0], [0, 0, 1]])
    assert first.total == 4 and first.value == 4.5
    np.testing.assert_array_equal(walk.output, cv.WORKED_RESULT + 0.5)
    assert [s.value for s in walk.steps] == list(walk.output.ravel())


def test_stride_moves_the_window_by_stride_cells():
    walk = cv.conv_walk(np.arange(49.0).reshape(7, 7), np.ones((3, 3)), stride=2)
    assert walk.output.shape == (3, 3)
    assert [(s.top, s.left) for s in walk.steps[:4]] == [(0, 0), (0, 2), (0, 4), (2, 0)]
    np.testing.assert_array_equal(walk.steps[4].window, np.arange(49.0).reshape(7, 7)[2:5, 2:5])


@pytest.mark.parametrize("n,k,s,p,expected", [(28, 3, 1, 1, 28), (28, 3, 1, 0, 26), (5, 3, 2, 1, 3),
                                              (7, 3, 2, 0, 3), (4, 2, 2, 0, 2), (28, 5, 3, 0, 8)])
def test_output_size_formula(n, k, s, p, expected):
    assert cv.output_size(n, k, s, p) == expected


@pytest.mark.parametrize("n,s", itertools.product(range(3, 11), (1, 2, 3)))
def test_same_padding_keeps_ceil_n_over_s(n, s):
    top, bottom = cv.same_pads(n, 3, s)
    assert bottom - top in (0, 1)
    assert (n + top + bottom - 3) // s + 1 == -(-n // s)


def test_same_padding_pads_bottom_right_when_odd():
    assert cv.same_pads(4, 3, 2) == (0, 1)
    assert cv.same_pads(6, 2, 1) == (0, 1)
    assert cv.pads((6, 5), (3, 3), 2, "same") == (0, 1, 1, 1)


def test_padding_participation_is_the_textbooks_4_to_1_and_9_to_4():
    valid = cv.participation((4, 4), 3, padding="valid")
    same = cv.participation((4, 4), 3, padding="same")
    assert (valid[0, 0], valid[1, 1]) == (1, 4)
    assert (same[0, 0], same[1, 1]) == (4, 9)
    assert valid.sum() == 2 * 2 * 9  # four windows of nine pixels
    assert same.sum() == 10 * 10  # sixteen windows; per axis they cover 2 + 3 + 3 + 2 real pixels


def test_pooling_walk_same_padding_ignores_padding_cells():
    x = np.array([[-5.0, -1, -2], [-3, -4, -6], [-7, -8, -9]])
    walk = cv.pool_walk(x, 2, mode="max", padding="same")
    np.testing.assert_array_equal(walk.output, [[-1, -2], [-7, -9]])  # zeros in the padding would win
    assert np.isnan(walk.steps[-1].products).sum() == 3
    np.testing.assert_array_equal(cv.pool2d(x, 2, mode="avg", padding="same"), [[-3.25, -4], [-7.5, -9]])
    assert walk.mask.sum() == 7


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="does not fit"):
        cv.conv2d(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="padding"):
        cv.conv2d(np.ones((4, 4)), np.ones((3, 3)), padding="full")
    with pytest.raises(ValueError, match="mode"):
        cv.pool2d(np.ones((4, 4)), mode="median")


@pytest.mark.parametrize("cell,kind", [(None, "empty"), ("", "empty"), ("  ", "empty"), (float("nan"), "empty"),
                                       ("abc", "not_a_number"), ("1..2", "not_a_number"), ("inf", "too_big"),
                                       ("1e9", "too_big")])
def test_parse_grid_names_the_bad_cell(cell, kind):
    with pytest.raises(cv.GridError) as info:
        cv.parse_grid([["1", "2"], ["3", cell]])
    assert (info.value.kind, info.value.row, info.value.col) == (kind, 1, 1)


def test_parse_grid_reads_numbers_and_strings():
    grid = cv.parse_grid([[1, "2.5"], ["−3", " 0,5 "]])
    np.testing.assert_array_equal(grid, [[1, 2.5], [-3, 0.5]])


@pytest.mark.parametrize("value,text", [(3.0, "3"), (19.5, "19.5"), (-1 / 3, "-0.33"), (-0.001, "0"), (1e4, "10000")])
def test_format_number(value, text):
    assert cv.format_number(value) == text


# --- against Keras's own layers, same weights, every padding/stride the page offers ---------------------------

def _keras_conv(x, kernel, bias, stride, padding):
    layer = keras.layers.Conv2D(1, kernel.shape, strides=stride, padding=padding)
    layer.build((1, *x.shape, 1))
    layer.set_weights([kernel[:, :, None, None].astype("float32"), np.array([bias], "float32")])
    return np.asarray(layer(x[None, :, :, None].astype("float32")))[0, :, :, 0]


@pytest.mark.parametrize("padding,stride", itertools.product(cv.PADDINGS, (1, 2, 3)))
@pytest.mark.parametrize("shape,k", [((5, 5), 3), ((6, 7), 3), ((8, 8), 2), ((9, 6), 5), ((28, 28), 3)])
def test_conv2d_matches_keras(shape, k, padding, stride):
    rng = np.random.default_rng(k * 100 + stride)
    x = rng.integers(-9, 10, shape).astype(np.float64)
    kernel = rng.normal(size=(k, k))
    ours = cv.conv2d(x, kernel, 0.25, stride, padding)
    np.testing.assert_allclose(ours, _keras_conv(x, kernel, 0.25, stride, padding), rtol=1e-5, atol=1e-4)
    if padding == "same":
        assert ours.shape == (-(-shape[0] // stride), -(-shape[1] // stride))
    else:
        assert ours.shape == (cv.output_size(shape[0], k, stride), cv.output_size(shape[1], k, stride))


def test_conv2d_is_cross_correlation_like_keras():
    x = np.arange(25.0).reshape(5, 5)
    kernel = np.array([[1.0, 0, 0], [0, 0, 0], [0, 0, 0]])  # picks the window's top-left, flipped would pick bottom-right
    np.testing.assert_array_equal(cv.conv2d(x, kernel), x[:3, :3])
    np.testing.assert_allclose(_keras_conv(x, kernel, 0.0, 1, "valid"), x[:3, :3])


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("padding,stride,size", [(p, s, k) for p in cv.PADDINGS for s in (1, 2, 3) for k in (2, 3)])
def test_pooling_matches_keras(mode, padding, stride, size):
    rng = np.random.default_rng(stride * 10 + size)
    for shape in [(4, 4), (5, 7), (28, 28)]:
        x = rng.normal(size=shape) - 2  # negative values: padding must not act as zeros
        layer = (keras.layers.MaxPooling2D if mode == "max" else keras.layers.AveragePooling2D)(
            size, strides=stride, padding=padding)
        expected = np.asarray(layer(x[None, :, :, None].astype("float32")))[0, :, :, 0]
        np.testing.assert_allclose(cv.pool2d(x, size, stride, mode, padding), expected, rtol=1e-5, atol=1e-5)


def test_keras_agrees_with_the_worked_examples():
    np.testing.assert_array_equal(_keras_conv(cv.WORKED_IMAGE, cv.WORKED_KERNEL, 0.0, 1, "valid"), cv.WORKED_RESULT)
    for mode, layer in (("max", keras.layers.MaxPooling2D(2)), ("avg", keras.layers.AveragePooling2D(2))):
        got = np.asarray(layer(cv.POOL_MAP[None, :, :, None].astype("float32")))[0, :, :, 0]
        np.testing.assert_array_equal(got, cv.POOL_RESULTS[mode])


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 12), m=st.integers(1, 12), k=st.integers(1, 4), stride=st.integers(1, 3),
       padding=st.sampled_from(cv.PADDINGS))
def test_walk_covers_every_output_cell_once(n, m, k, stride, padding):
    x = np.arange(n * m, dtype=np.float64).reshape(n, m)
    top, bottom, left, right = cv.pads((n, m), (k, k), stride, padding)
    if n + top + bottom < k or m + left + right < k:
        with pytest.raises(ValueError):
            cv.conv_walk(x, np.ones((k, k)), stride=stride, padding=padding)
        return
    walk = cv.conv_walk(x, np.ones((k, k)), stride=stride, padding=padding)
    assert walk.output.shape == (cv.output_size(n + top + bottom, k, stride), cv.output_size(m + left + right, k, stride))
    assert len(walk.steps) == walk.output.size
    assert all(s.top + k <= walk.padded.shape[0] and s.left + k <= walk.padded.shape[1] for s in walk.steps)
    counts = cv.participation((n, m), k, stride, padding)
    assert counts.sum() == sum(
        int((~walk.mask[s.top:s.top + k, s.left:s.left + k]).sum()) for s in walk.steps)


def test_arithmetic_written_out_for_the_page():
    walk = cv.conv_walk(cv.WORKED_IMAGE, cv.KERNELS["vertical"], stride=2, padding="same")
    rows, cols = cv.size_formulas(walk, cv.WORKED_IMAGE.shape)
    assert rows == cols == "⌊(5 + 2·1 − 3) / 2⌋ + 1 = **3**"
    assert cv.size_formula(4, 3, 2, (0, 1)) == "⌊(4 + 0 + 1 − 3) / 2⌋ + 1 = **2**"
    step = cv.conv_walk(cv.WORKED_IMAGE, cv.KERNELS["vertical"]).steps[0]
    assert cv.products_text(step, cv.KERNELS["vertical"]).startswith("1×1 + 1×0 + 1×(-1) + 0×1")
    pool = cv.pool_walk(cv.POOL_MAP, 2, 2, "avg")
    assert cv.pool_text(pool.steps[3], "avg") == "(37 + 7 + 22 + 12) / 4 = 78 / 4 = **19.5**"
    assert cv.pool_text(cv.pool_walk(cv.POOL_MAP).steps[0], "max") == "max(12, 20, 8, 12) = **20**"
    assert cv.grid_text(pool.output) == "[[13, 8], [79, 19.5]]"


@pytest.mark.parametrize("n,k,padding", [(4, 3, "same"), (4, 3, "valid"), (6, 2, "same"), (5, 5, "valid")])
def test_window_count_equals_the_steps_of_a_walk(n, k, padding):
    assert cv.window_count(n, k, padding) == len(cv.conv_walk(np.zeros((n, n)), np.zeros((k, k)),
                                                               padding=padding).steps)


def test_grids_crops_and_a_feature_map_of_a_real_image():
    assert cv.fit_grid(cv.WORKED_IMAGE, 2, 7).tolist() == [[1, 1, 1, 0, 0, 0, 0], [0, 1, 1, 1, 0, 0, 0]]
    image = np.arange(64, dtype=np.uint8).reshape(8, 8) * 4
    np.testing.assert_allclose(cv.crop(image, 1, 2, 3), np.round(image[1:4, 2:5] / 255.0, 2))
    raw, relu = cv.feature_map(image, cv.KERNELS["vertical"], bias=-0.1, padding="same")
    np.testing.assert_allclose(raw, cv.conv2d(image / 255.0, cv.KERNELS["vertical"], -0.1, 1, "same"))
    np.testing.assert_array_equal(relu, np.maximum(raw, 0))
    assert cv.feature_map(image, cv.KERNELS["vertical"], relu=False)[1] is not None
