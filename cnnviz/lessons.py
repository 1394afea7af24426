"""The maths of the Learn page's basics, the tables the lecture puts before the CNN:

- activation functions and their derivatives (why ReLU trains faster than sigmoid);
- softmax and cross-entropy for one image, number by number, as Keras computes them;
- SGD, SGD with momentum, RMSprop and Adam racing on a 2-D loss surface, with Keras 3's own update
  rules (where epsilon sits, Adam's bias correction folded into the step size, momentum as a velocity).

Plain numpy in float64, so every number can be shown and checked against Keras in a test.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# --- activations --------------------------------------------------------------------------------------------

ACTIVATIONS = ("relu", "sigmoid", "tanh", "softmax")
SOFTMAX_OTHERS = (1.0, 0.0)  # softmax as a curve: the first probability of [x, 1, 0] as its logit x moves
MAX_SLOPE = {"relu": 1.0, "sigmoid": 0.25, "tanh": 1.0, "softmax": 0.25}  # the largest derivative anywhere


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # = 1 / (1 + e^-x), without overflow for large negative x


def activation(name: str, x) -> tuple[np.ndarray, np.ndarray]:
    """(f(x), f'(x)) for each x. Softmax's curve is p₁ of softmax([x, 1, 0]), whose derivative is p₁(1 − p₁).

    ReLU's derivative at exactly 0 is taken as 0, as TensorFlow's gradient of `relu` gives it.
    """
    x = np.asarray(x, dtype=np.float64)
    if name == "relu":
        return np.maximum(x, 0.0), (x > 0).astype(np.float64)
    if name == "sigmoid":
        s = _sigmoid(x)
        return s, s * (1 - s)
    if name == "tanh":
        t = np.tanh(x)
        return t, 1 - t ** 2
    if name == "softmax":
        logits = np.stack([x, *np.broadcast_arrays(*(np.full_like(x, o) for o in SOFTMAX_OTHERS))], axis=-1)
        p = softmax(logits)[..., 0]
        return p, p * (1 - p)
    raise ValueError(f"unknown activation {name!r}")


def gradient_left(name: str, layers: int) -> float:
    """The most of a gradient that survives `layers` layers of this activation: each multiplies it by f'(x),
    at best MAX_SLOPE (ReLU: 1, so nothing is lost; sigmoid: 0.25, so 10 layers leave less than a millionth)."""
    return MAX_SLOPE[name] ** layers


# --- softmax and cross-entropy ------------------------------------------------------------------------------

EXAMPLE_LOGITS = np.array([-1.2, 0.3, 0.8, 3.1, -2.0, 1.9, -0.5, 0.1, 1.2, -0.7])  # a network fairly sure of class 3

def class_logits(logits) -> np.ndarray:
    """One logit per class: a sigmoid model's single logit z becomes (0, z), whose softmax is exactly
    (1 − σ(z), σ(z)), so its binary cross-entropy is this vector's categorical one."""
    z = np.asarray(logits, dtype=np.float64).reshape(-1)
    return np.array([0.0, z[0]]) if z.size == 1 else z


def softmax(logits) -> np.ndarray:
    """Probabilities along the last axis; the largest logit is subtracted first, as Keras does, so exp never
    overflows (the result is the same)."""
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class CrossEntropy:
    """One image's way from logits to the loss, every intermediate number kept for the page."""
    logits: np.ndarray
    shifted: np.ndarray  # logits minus the largest one
    exps: np.ndarray  # exp of the shifted logits
    probabilities: np.ndarray  # exps / their sum
    losses: np.ndarray  # −log p for every class: the loss if that class were the true one

    def loss(self, label: int) -> float:
        return float(self.losses[label])


def cross_entropy(logits) -> CrossEntropy:
    """Softmax and −log p of every class for one vector of logits. `losses` is computed from the logits
    (log-sum-exp), not from rounded probabilities, as `sparse_categorical_crossentropy(from_logits=True)` does."""
    z = np.asarray(logits, dtype=np.float64)
    shifted = z - z.max()
    exps = np.exp(shifted)
    return CrossEntropy(z, shifted, exps, exps / exps.sum(), np.log(exps.sum()) - shifted)


# --- optimizers on a 2-D loss surface -----------------------------------------------------------------------

OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
MOMENTUM, RHO, BETA_1, BETA_2, EPSILON = 0.9, 0.9, 0.9, 0.999, 1e-7  # Keras's defaults


class Optimizer:
    """One optimizer's state and its update, written as Keras 3 writes it (keras/src/optimizers/*.py):

    SGD           w ← w − lr·g
    momentum      v ← 0.9·v − lr·g;  w ← w + v
    RMSprop       s ← ρ·s + (1 − ρ)·g²;  w ← w − lr·g / √(s + ε)         (ε inside the root)
    Adam          t ← t + 1;  m ← m + (g − m)(1 − β₁);  s ← s + (g² − s)(1 − β₂)
                  w ← w − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√s + ε)          (bias correction in the step size)
    """

    def __init__(self, kind: str, lr: float):
        if kind not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {kind!r}")
        self.kind, self.lr, self.t = kind, float(lr), 0
        self.m = self.s = None

    def update(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The weights after one step with gradient `g`."""
        w, g = np.asarray(w, np.float64), np.asarray(g, np.float64)
        if self.m is None:
            self.m, self.s = np.zeros_like(w), np.zeros_like(w)
        self.t += 1
        if self.kind == "sgd":
            return w - self.lr * g
        if self.kind == "momentum":
            self.m = MOMENTUM * self.m - self.lr * g
            return w + self.m
        if self.kind == "rmsprop":
            self.s = RHO * self.s + (1 - RHO) * g ** 2
            return w - self.lr * g / np.sqrt(self.s + EPSILON)
        self.m = self.m + (g - self.m) * (1 - BETA_1)
        self.s = self.s + (g ** 2 - self.s) * (1 - BETA_2)
        alpha = self.lr * np.sqrt(1 - BETA_2 ** self.t) / (1 - BETA_1 ** self.t)
        return w - alpha * self.m / (np.sqrt(self.s) + EPSILON)


@dataclass(frozen=True)
class Surface:
    """A narrow valley, f(x, y) = a·x² + b·y²: steep across (y), nearly flat along (x), lowest at (0, 0).

    The shape that makes plain SGD zigzag across the valley while it crawls along it."""
    a: float = 0.1
    b: float = 2.0
    start: tuple[float, float] = (-4.5, 2.0)
    x_range: tuple[float, float] = (-5.0, 5.0)
    y_range: tuple[float, float] = (-3.0, 3.0)

    def loss(self, x, y):
        return self.a * np.asarray(x) ** 2 + self.b * np.asarray(y) ** 2

    def gradient(self, w: np.ndarray) -> np.ndarray:
        return np.array([2 * self.a * w[0], 2 * self.b * w[1]])

    def level_set(self, loss: float, points: int = 120) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) around the ellipse where the loss equals `loss`: one contour line of the surface."""
        t = np.linspace(0, 2 * np.pi, points)
        return np.sqrt(loss / self.a) * np.cos(t), np.sqrt(loss / self.b) * np.sin(t)


VALLEY = Surface()
RACE_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0)  # the page's learning-rate slider
CLOSE_ENOUGH = 0.01  # a loss this low counts as arrived at the minimum
BLOWN_UP = 1e6  # a path this far from the minimum has diverged: stop it there


@dataclass(frozen=True)
class Path:
    points: np.ndarray  # (steps + 1, 2): the start, then the weights after each step (fewer if it diverged)
    losses: np.ndarray
    diverged: bool


def descend(kind: str, lr: float, steps: int, surface: Surface = VALLEY) -> Path:
    """Where `kind` takes the weights from the surface's start in `steps` steps with learning rate `lr`."""
    optimizer = Optimizer(kind, lr)
    w = np.array(surface.start, dtype=np.float64)
    points = [w]
    for _ in range(steps):
        w = optimizer.update(w, surface.gradient(w))
        if not np.all(np.isfinite(w)) or np.abs(w).max() > BLOWN_UP:
            return Path(np.array(points), surface.loss(*np.array(points).T), True)
        points.append(w)
    points = np.array(points)
    return Path(points, surface.loss(points[:, 0], points[:, 1]), False)


def race(lr: float, steps: int, kinds=OPTIMIZERS, surface: Surface = VALLEY) -> dict[str, Path]:
    """Every optimizer from the same start with the same learning rate."""
    return {kind: descend(kind, lr, steps, surface) for kind in kinds}


def steps_to(path: Path, loss: float = None) -> int | None:
    """The first step after which the loss is below `loss` (default CLOSE_ENOUGH); None if it never gets there."""
    below = np.flatnonzero(path.losses < (CLOSE_ENOUGH if loss is None else loss))
    return int(below[0]) if below.size else None
