"""Who trains next, how long the wait is, and what a class server allows: the arithmetic of the line.

Pure functions and small classes, with no processes in them, so the rules can be tested exactly:

- a fair order: a workspace's second training waits behind every other workspace's first (`line_order`);
- one running training per workspace, at most `slots` at once (`can_start`);
- the wait of each training in line, by playing the line forward with predicted durations (`waits`);
- predicted durations from a training's size (image passes, batches, epochs) and its model's (multiply-adds and
  layer outputs per image), scaled by what the trainings on this server really took (`CostModel`), or before
  any has shown its speed by the CPU the pages leave them (`CpuLoad`);
- the class server's caps on one training's size (`check_limits`).
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import NamedTuple

from cnnviz import architecture
from cnnviz.training import TEST_BATCH, ConfigError

LINE_PER_WORKSPACE = 3  # trainings one workspace may have running and waiting together


@dataclass
class Entry:
    """A training as the line sees it."""
    key: str  # the run id
    workspace: str
    seconds: float  # predicted duration, or for a running one the predicted time still to go
    running: bool = False


def line_order(entries: list[Entry]) -> list[Entry]:
    """Waiting entries (in the order they came) sorted fairly: a workspace's n-th training in line comes after
    every workspace's (n-1)-th, counting its running one; among equals, first come first served."""
    ahead_of_own: dict[str, int] = {}
    for e in entries:
        if e.running:
            ahead_of_own[e.workspace] = ahead_of_own.get(e.workspace, 0) + 1
    rounds = []
    for i, e in enumerate(x for x in entries if not x.running):
        rounds.append((ahead_of_own.get(e.workspace, 0), i, e))
        ahead_of_own[e.workspace] = ahead_of_own.get(e.workspace, 0) + 1
    return [e for *_, e in sorted(rounds, key=lambda r: r[:2])]


def can_start(entry: Entry, running: list[Entry], slots: int) -> bool:
    """A free slot, and nothing of the same workspace running."""
    return len(running) < slots and all(r.workspace != entry.workspace for r in running)


def to_start(entries: list[Entry], slots: int) -> list[Entry]:
    """The waiting entries to start now, in line order."""
    running = [e for e in entries if e.running]
    started = []
    for e in line_order(entries):
        if can_start(e, running, slots):
            running.append(e)
            started.append(e)
    return started


def waits(entries: list[Entry], slots: int) -> dict[str, tuple[int, float]]:
    """For each waiting entry: (trainings ahead of it, predicted seconds until it starts).

    Plays the line forward: whenever a slot frees, the first entry in line order that may start, starts.
    "Ahead" counts the running trainings and those that start before it.
    """
    assert slots >= 1, slots
    running = {e.key: (e.workspace, max(e.seconds, 0.0)) for e in entries if e.running}
    line = deque(line_order(entries))
    now, started, out = 0.0, len(running), {}
    while line:
        busy = [Entry(k, ws, end, True) for k, (ws, end) in running.items()]
        for e in list(line):
            if can_start(e, busy, slots):
                out[e.key] = (started, now)
                started += 1
                line.remove(e)
                running[e.key] = (e.workspace, now + e.seconds)
                busy.append(Entry(e.key, e.workspace, now + e.seconds, True))
        if not line:
            break
        first = min(running, key=lambda k: running[k][1])
        now = running.pop(first)[1]
    return out


class PerImage(NamedTuple):
    """What one image's forward pass costs: the layers' multiply-adds and the numbers they output."""
    macs: int
    elements: int


def per_image(spec: list[dict], input_shape, classes: int) -> PerImage:
    """Each layer's weights times the positions they are applied at; each layer's output size (a Flatten's is
    a view of its input, not new numbers)."""
    rows = architecture.summarize(spec, input_shape, classes).rows
    return PerImage(sum(r.params * (math.prod(r.output_shape[:2]) if len(r.output_shape) == 3 else 1) for r in rows),
                    sum(math.prod(r.output_shape) for r in rows if r.kind != "flatten"))


class Passes(NamedTuple):
    """How much a training runs: image passes (a training step's image counted as one, a forward pass as
    FORWARD_SHARE of one), batches of either kind, and epochs."""
    images: float
    steps: int
    epochs: int


def passes(cfg: dict, n_test: int) -> Passes:
    """Every epoch trains on n_fit images and evaluates the validation images in batches of the same size; then
    the test set is evaluated once, `training.TEST_BATCH` at a time."""
    n_val = cfg["n_val"] if cfg.get("n_val") is not None else n_test
    batch, share = cfg["batch_size"], CostModel.FORWARD_SHARE
    return Passes(cfg["epochs"] * (cfg["n_fit"] + n_val * share) + n_test * share,
                  cfg["epochs"] * (cfg["steps_per_epoch"] + math.ceil(n_val / batch)) + math.ceil(n_test / TEST_BATCH),
                  cfg["epochs"])


class CostModel:
    """Predicted seconds of a training from its size and its model's, × a learned correction.

    On a CPU an image's training step costs its multiply-adds and, more, the numbers its layers write (memory
    traffic: activations and their gradients; BatchNormalization and pooling weigh as much as the arithmetic);
    every batch and every epoch adds a fixed cost, and a training a second of building and tracing. The
    constants are fitted on two idle cores with two TensorFlow threads (`bench/bench_cost_model.py`). The
    correction is the median ratio of real to predicted duration over the last few finished trainings and the
    running ones past a tenth of their epochs: the load of the machine, or a faster cluster, is learned within
    one training.
    """
    START_S = 1.0
    SECONDS_PER_MAC = 5.2e-11
    SECONDS_PER_ELEMENT = 9.6e-9
    SECONDS_PER_STEP = 3.3e-3  # launching a batch's kernels, the callbacks, the optimizer's bookkeeping
    SECONDS_PER_EPOCH = 0.68  # the validation's start, the history, the run's save
    FORWARD_SHARE = 1 / 3
    KEEP = 5  # finished trainings remembered
    MIN_FRACTION = 0.1  # a running training's speed corrects the others' predictions once past this share
    OWN_SPEED_FRACTION = 0.02  # ... and predicts its own end once past this one (as the page's "to go" does)

    def __init__(self):
        self._finished: deque[float] = deque(maxlen=self.KEEP)

    def predict(self, size: Passes, cost: PerImage) -> float:
        """Seconds, before any correction."""
        per_image = cost.macs * self.SECONDS_PER_MAC + cost.elements * self.SECONDS_PER_ELEMENT
        return (self.START_S + size.images * per_image + size.steps * self.SECONDS_PER_STEP
                + size.epochs * self.SECONDS_PER_EPOCH)

    def learn(self, predicted: float, seconds: float) -> None:
        """A training that ran to its end took `seconds` where `predicted` (uncorrected) was expected."""
        if predicted > 0 and seconds > 0:
            self._finished.append(seconds / predicted)

    def correction(self, running: list[tuple[float, float]] = (), before_any: float = 1.0) -> float:
        """The factor to apply now: the median ratio of real to predicted duration over the last finished
        trainings and the running ones, given as (predicted, `projected`) pairs; `before_any` before any."""
        ratios = sorted([*self._finished, *(seconds / predicted for predicted, seconds in running if predicted > 0)])
        if not ratios:
            return before_any
        mid = len(ratios) // 2
        return ratios[mid] if len(ratios) % 2 else (ratios[mid - 1] + ratios[mid]) / 2

    @classmethod
    def remaining(cls, predicted: float, elapsed: float, fraction: float,
                  mark: tuple[float, float] | None = None) -> float:
        """Seconds still to go for a running training `elapsed` seconds after its first batch, `fraction` done.

        From its own speed once it has shown it: since `mark` (elapsed, fraction when it passed MIN_FRACTION)
        once it has gone MIN_FRACTION further, before that since its first batch; and until it is
        OWN_SPEED_FRACTION done, what the prediction leaves.
        """
        if mark is not None and fraction - mark[1] >= cls.MIN_FRACTION:
            return (elapsed - mark[0]) / (fraction - mark[1]) * (1 - fraction)
        if fraction >= cls.OWN_SPEED_FRACTION:
            return elapsed / fraction * (1 - fraction)
        return max(predicted - cls.START_S - elapsed, 0.0)

    @classmethod
    def projected(cls, elapsed: float, fraction: float, mark: tuple[float, float] | None = None) -> float | None:
        """A running training's whole duration judged from its speed so far; None until it is MIN_FRACTION done."""
        if fraction < cls.MIN_FRACTION:
            return None
        return cls.START_S + elapsed + cls.remaining(0.0, elapsed, fraction, mark)


class CpuLoad:
    """How much longer than on an idle machine a training takes now, from the CPU time counters of Linux's
    /proc/stat: trainings run niced and take what the page runs leave, so with a share `busy` of the machine's
    CPU busy at normal priority over the last WINDOW_S, a training that fills the machine takes 1 / (1 - busy)
    as long. This is the estimate's starting point on a busy class server, before any training has shown its
    own speed (the first wait shown assumed an idle machine and was off by a median 34% with 30 students)."""
    WINDOW_S = 30.0
    MIN_GAP_S = 1.0  # samples kept no closer together than this
    MIN_FREE = 0.2  # at most 5 times as long: page runs come in bursts that leave trainings some CPU

    def __init__(self):
        self._samples: deque[tuple[float, tuple[int, int]]] = deque()

    def sample(self, now: float, counters: tuple[int, int] | None) -> None:
        """Record (CPU time busy at normal priority, all CPU time) at `now` (seconds); None where unknown."""
        if counters is None or (self._samples and now - self._samples[-1][0] < self.MIN_GAP_S):
            return
        self._samples.append((now, counters))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self.WINDOW_S:
            self._samples.popleft()

    def busy(self) -> float | None:
        """The share of CPU time busy at normal priority between the oldest and the newest sample."""
        if len(self._samples) < 2:
            return None
        (_, (busy0, total0)), (_, (busy1, total1)) = self._samples[0], self._samples[-1]
        return (busy1 - busy0) / (total1 - total0) if total1 > total0 else None

    def slowdown(self) -> float:
        busy = self.busy()
        return 1.0 if busy is None else 1.0 / max(1.0 - busy, self.MIN_FREE)

    @staticmethod
    def parse(proc_stat: str) -> tuple[int, int]:
        """(busy at normal priority, total) in clock ticks from /proc/stat's first line: user, nice, system,
        idle, iowait, irq, softirq, steal (guest time is counted in user already)."""
        user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in proc_stat.split()[1:9])
        return user + system + irq + softirq + steal, user + nice + system + idle + iowait + irq + softirq + steal


@dataclass(frozen=True)
class Limits:
    """A class server's caps on one training (None: no cap beyond the architecture's own parameter budget)."""
    images_x_epochs: int | None = None
    params: int | None = None


def check_limits(cfg: dict, params: int, limits: Limits) -> None:
    """ConfigError (with a translated key) when a training is bigger than the server allows."""
    size = cfg["n_fit"] * cfg["epochs"]
    if limits.images_x_epochs is not None and size > limits.images_x_epochs:
        most = max(1, limits.images_x_epochs // cfg["n_fit"])
        raise ConfigError("over_images_epochs", f"{cfg['n_fit']} images x {cfg['epochs']} epochs = {size} is more "
                          f"than this server's {limits.images_x_epochs}", n=cfg["n_fit"], epochs=cfg["epochs"],
                          size=size, limit=limits.images_x_epochs, most=most)
    if limits.params is not None and params > limits.params:
        raise ConfigError("over_params", f"{params} parameters is more than this server's {limits.params}",
                          params=params, limit=limits.params)


def check_line(workspace: str, entries: list[Entry]) -> None:
    """ConfigError when a workspace already has LINE_PER_WORKSPACE trainings running or waiting."""
    if sum(e.workspace == workspace for e in entries) >= LINE_PER_WORKSPACE:
        raise ConfigError("line_full", f"{LINE_PER_WORKSPACE} trainings of this workspace are in line already",
                          n=LINE_PER_WORKSPACE)


def rounded_wait(seconds: float) -> float:
    """A wait as a person says it: to 5 s under two minutes, then to the half minute."""
    step = 5 if seconds < 120 else 30
    return max(step, math.ceil(seconds / step) * step)
