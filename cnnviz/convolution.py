"""The arithmetic of Conv2D and pooling on small grids, one window at a time.

Everything here matches Keras (`Conv2D`, `MaxPooling2D`, `AveragePooling2D`, channels last, one
channel): Conv2D is a cross-correlation (the kernel is not flipped), and "same" padding with a
stride above 1 pads like TensorFlow, the extra row or column going to the bottom / right.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

PADDINGS = ("valid", "same")

WORKED_IMAGE = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]],
                        dtype=np.float64)
WORKED_KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float64)
WORKED_RESULT = np.array([[4, 3, 4], [2, 4, 3], [2, 3, 4]], dtype=np.float64)  # valid, stride 1
POOL_MAP = np.array([[12, 20, 30, 0], [8, 12, 2, 0], [34, 70, 37, 7], [112, 100, 22, 12]], dtype=np.float64)
POOL_RESULTS = {"max": np.array([[20, 30], [112, 37]], dtype=np.float64),  # 2×2 windows, stride 2
                "avg": np.array([[13, 8], [79, 19.5]], dtype=np.float64)}

KERNELS = {  # name -> 3×3 weights; names are locale keys "learn.kernel_<name>"
    "worked": WORKED_KERNEL,
    "vertical": np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=np.float64),
    "horizontal": np.array([[1, 1, 1], [0, 0, 0], [-1, -1, -1]], dtype=np.float64),
    "blur": np.full((3, 3), 1 / 9),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64),
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float64),
}

MAX_GRID = 12  # the largest editable grid: 144 steps are already a long animation
MAX_ABS = 1e6


class GridError(ValueError):
    """A grid cell that is not a usable number; `kind` is "empty", "not_a_number" or "too_big"."""

    def __init__(self, kind: str, row: int, col: int, value: object = None):
        super().__init__(f"{kind} at row {row + 1}, column {col + 1}: {value!r}")
        self.kind, self.row, self.col, self.value = kind, row, col, value


def parse_grid(rows) -> np.ndarray:
    """Cells typed by a user (numbers or strings, maybe empty) as a float grid, or a GridError."""
    grid = []
    for r, row in enumerate(rows):
        values = []
        for c, cell in enumerate(row):
            text = "" if cell is None else str(cell).strip().replace("−", "-").replace(",", ".")
            if text == "" or text.lower() in ("nan", "none"):
                raise GridError("empty", r, c, cell)
            try:
                value = float(text)
            except ValueError:
                raise GridError("not_a_number", r, c, cell) from None
            if not math.isfinite(value) or abs(value) > MAX_ABS:
                raise GridError("too_big", r, c, cell)
            values.append(value)
        grid.append(values)
    return np.array(grid, dtype=np.float64).reshape(len(grid), -1)


def format_number(value: float) -> str:
    """3, 19.5, -0.33: as short as the value allows (two decimals at most)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def output_size(n: int, k: int, stride: int = 1, pad: int = 0) -> int:
    """floor((n + 2p − k) / s) + 1, with `pad` zeros on each side; below 1 means no window fits."""
    return (n + 2 * pad - k) // stride + 1


def same_pads(n: int, k: int, stride: int) -> tuple[int, int]:
    """(before, after) zeros that Keras/TensorFlow "same" adds along one axis; the odd one goes after."""
    total = max((math.ceil(n / stride) - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


def pads(shape: tuple[int, int], kernel: tuple[int, int], stride: int, padding: str) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) padding for a grid of `shape`."""
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}, not {padding!r}")
    if padding == "valid":
        return 0, 0, 0, 0
    return (*same_pads(shape[0], kernel[0], stride), *same_pads(shape[1], kernel[1], stride))


def _windows(x: np.ndarray, kernel: tuple[int, int], stride: int, padding: str, fill: float):
    """The padded grid, its pads, and every window the kernel visits: (out_h, out_w, kh, kw)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D grid, got shape {x.shape}")
    if stride < 1:
        raise ValueError("stride must be at least 1")
    top, bottom, left, right = pads(x.shape, kernel, stride, padding)
    padded = np.pad(x, ((top, bottom), (left, right)), constant_values=fill)
    if padded.shape[0] < kernel[0] or padded.shape[1] < kernel[1]:
        raise ValueError(f"a {kernel[0]}×{kernel[1]} window does not fit in a {x.shape[0]}×{x.shape[1]} grid "
                         f"with {padding!r} padding")
    return padded, (top, bottom, left, right), sliding_window_view(padded, kernel)[::stride, ::stride]


def conv2d(x: np.ndarray, kernel: np.ndarray, bias: float = 0.0, stride: int = 1,
           padding: str = "valid") -> np.ndarray:
    """One-channel Conv2D as Keras computes it: sum of window × kernel (no flip) plus bias."""
    kernel = np.asarray(kernel, dtype=np.float64)
    _, _, windows = _windows(x, kernel.shape, stride, padding, 0.0)
    return np.einsum("ijkl,kl->ij", windows, kernel) + bias


def pool2d(x: np.ndarray, size: int = 2, stride: int | None = None, mode: str = "max",
           padding: str = "valid") -> np.ndarray:
    """Max or average pooling as Keras computes it; "same" padding cells are left out, not zeros."""
    _, _, windows = _windows(x, (size, size), stride or size, padding, np.nan)
    return _reduce(windows, mode)


def _reduce(windows: np.ndarray, mode: str) -> np.ndarray:
    if mode == "max":
        return np.nanmax(windows, axis=(-2, -1))
    if mode == "avg":
        return np.nanmean(windows, axis=(-2, -1))
    raise ValueError(f"mode must be 'max' or 'avg', not {mode!r}")


@dataclass(frozen=True)
class Step:
    """One position of the window: where it is and what it computes.

    `top`/`left` index the padded grid; `products` are window × kernel for a convolution and the
    window itself for pooling (NaN where the window covers pooling padding).
    """
    row: int
    col: int
    top: int
    left: int
    window: np.ndarray
    products: np.ndarray
    total: float
    value: float


@dataclass(frozen=True)
class Walk:
    """Every step of a convolution or pooling over one grid, and the grid it walks over."""
    padded: np.ndarray
    pads: tuple[int, int, int, int]
    window: tuple[int, int]
    stride: int
    output: np.ndarray
    steps: list[Step]

    @property
    def mask(self) -> np.ndarray:
        """True on the padded grid's padding cells."""
        top, bottom, left, right = self.pads
        mask = np.ones(self.padded.shape, dtype=bool)
        mask[top:self.padded.shape[0] - bottom, left:self.padded.shape[1] - right] = False
        return mask


def conv_walk(x: np.ndarray, kernel: np.ndarray, bias: float = 0.0, stride: int = 1,
              padding: str = "valid") -> Walk:
    """Every window of a convolution, row by row, with its products and sum plus bias."""
    kernel = np.asarray(kernel, dtype=np.float64)
    padded, pad, windows = _windows(x, kernel.shape, stride, padding, 0.0)
    output = np.einsum("ijkl,kl->ij", windows, kernel) + bias
    steps = [Step(i, j, i * stride, j * stride, windows[i, j], windows[i, j] * kernel,
                  float((windows[i, j] * kernel).sum()), float(output[i, j]))
             for i in range(output.shape[0]) for j in range(output.shape[1])]
    return Walk(padded, pad, kernel.shape, stride, output, steps)


def pool_walk(x: np.ndarray, size: int = 2, stride: int | None = None, mode: str = "max",
              padding: str = "valid") -> Walk:
    """Every window of a pooling, row by row; `total` is the sum of the window's real cells."""
    stride = stride or size
    padded, pad, windows = _windows(x, (size, size), stride, padding, np.nan)
    output = _reduce(windows, mode)
    steps = [Step(i, j, i * stride, j * stride, windows[i, j], windows[i, j], float(np.nansum(windows[i, j])),
                  float(output[i, j]))
             for i in range(output.shape[0]) for j in range(output.shape[1])]
    return Walk(np.nan_to_num(padded, nan=0.0), pad, (size, size), stride, output, steps)


def participation(shape: tuple[int, int], k: int, stride: int = 1, padding: str = "valid") -> np.ndarray:
    """How many windows each input pixel takes part in (padding raises the edges' share)."""
    walk = conv_walk(np.zeros(shape), np.zeros((k, k)), stride=stride, padding=padding)
    counts = np.zeros(walk.padded.shape, dtype=np.int64)
    for step in walk.steps:
        counts[step.top:step.top + k, step.left:step.left + k] += 1
    top, bottom, left, right = walk.pads
    return counts[top:counts.shape[0] - bottom, left:counts.shape[1] - right]


def window_count(n: int, k: int, padding: str) -> int:
    """How many windows a k×k kernel visits on an n×n grid at stride 1."""
    pad_total = sum(same_pads(n, k, 1)) if padding == "same" else 0
    return max(output_size(n + pad_total, k), 0) ** 2


def fit_grid(grid: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """`grid` cut or zero-padded at the bottom and right to rows × cols (the editable grid's new size)."""
    out = np.zeros((rows, cols))
    r, c = min(rows, grid.shape[0]), min(cols, grid.shape[1])
    out[:r, :c] = grid[:r, :c]
    return out


def crop(image: np.ndarray, top: int, left: int, size: int) -> np.ndarray:
    """A size×size crop of a uint8 image as the network sees it (÷255), to two decimals for the grid."""
    return np.round(np.asarray(image[top:top + size, left:left + size], dtype=np.float64) / 255.0, 2)


def feature_map(image: np.ndarray, kernel: np.ndarray, bias: float = 0.0, stride: int = 1, padding: str = "same",
                relu: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A uint8 image (÷255, as in training) through one kernel: (the raw map, the map after ReLU if `relu`).

    A colour photo goes through as its gray (the mean of its channels): the same kernel on each channel,
    summed and divided by three, as one Conv2D filter with three equal kernels of a third would do.
    """
    pixels = np.asarray(image, dtype=np.float64) / 255.0
    raw = conv2d(pixels.mean(axis=-1) if pixels.ndim == 3 else pixels, kernel, bias, stride, padding)
    return raw, np.maximum(raw, 0.0) if relu else raw


# --- the arithmetic written out, for the page to show next to the pictures ------------------------------

def size_formula(n: int, k: int, stride: int, pad: tuple[int, int]) -> str:
    """⌊(n + 2·p − k) / s⌋ + 1 = out with one axis's numbers (markdown, the result in bold)."""
    before, after = pad
    p = f"2·{before}" if before == after else f"{before} + {after}"
    return f"⌊({n} + {p} − {k}) / {stride}⌋ + 1 = **{output_size(n + before + after, k, stride)}**"


def size_formulas(walk: Walk, shape: tuple[int, int]) -> tuple[str, str]:
    """The output-size formula for the rows and for the columns of a walk over a grid of `shape`."""
    top, bottom, left, right = walk.pads
    kh, kw = walk.window
    return (size_formula(shape[0], kh, walk.stride, (top, bottom)),
            size_formula(shape[1], kw, walk.stride, (left, right)))


def _factor(value: float) -> str:
    return format_number(value) if value >= 0 else f"({format_number(value)})"


def products_text(step: Step, kernel: np.ndarray) -> str:
    """The window's sum written out: "1×1 + 1×0 + …" (negative weights in brackets)."""
    return " + ".join(f"{format_number(x)}×{_factor(w)}" for x, w in zip(step.window.ravel(), np.ravel(kernel)))


def pool_text(step: Step, mode: str) -> str:
    """One pooling window worked out: "max(12, 20, 8, 12) = **20**" or the mean with its sum and count."""
    values = [format_number(v) for v in step.window.ravel() if not np.isnan(v)]
    if mode == "max":
        return f"max({', '.join(values)}) = **{format_number(step.value)}**"
    return (f"({' + '.join(values)}) / {len(values)} = {format_number(step.total)} / {len(values)} = "
            f"**{format_number(step.value)}**")


def grid_text(grid: np.ndarray) -> str:
    """A grid as nested lists, the way a notebook prints it: [[13, 8], [79, 19.5]]."""
    return "[" + ", ".join("[" + ", ".join(format_number(v) for v in row) + "]" for row in grid) + "]"
