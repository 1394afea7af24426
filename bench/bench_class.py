"""A class on one server: N students browse, K of them press Quick start at once; local vs Ray back-end.

    python bench/bench_class.py                    # N = 10 and 30, K = N / 3 (10 of 30), both back-ends
    python bench/bench_class.py --students 30 --trainers 10 --backends local
    python bench/bench_class.py --models           # memory of the cached model objects per preset (cache sizing)

Each simulated student is a real Streamlit session of a real `streamlit run dashboard.py` server: a websocket client
that speaks Streamlit's protocol as the browser does (a rerun request per page, widget triggers, the fragments'
automatic reruns every 1.5 s and 4 s while a training is shown, 5 s while it waits in line) but draws nothing, as a
student's own computer would. A page's time-to-idle is from the request to the server's "script finished". Students
browse Home, Data, Learn, Build, Train, Filters, Feature maps, Evaluate and Draw in turn (1-4 s between clicks) with
a shared trained run as their model. The caches are warmed first (every page once), unmeasured, as on a server that
has been up a while. Phase 1: nobody trains (120 s). Phase 2: K students press Quick start together and watch the
Train page until their training ends, while everybody else keeps browsing. Printed per back-end: time until the last
training finished, time-to-idle p50/p95 of the browsing pages in both phases, the server's peak memory (and its
worker processes'), memory per browsing student, the estimate's error (the wait a student was shown when it entered
the line, and every later one, against the time it really waited), exceptions, and students who saw another's runs
or were given another's workspace (in the address the server wrote). The Quick start is the app's own: offline,
MNIST is the bundled 5,000-digit sample (10 epochs of 4,500 images).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.app_server import start_server  # noqa: E402

PAGES = ["", "data", "learn", "build", "train", "filters", "feature_maps", "evaluate", "draw"]
THINK_S = (1.0, 4.0)
WAIT_RE = re.compile(r"about ([\d.]+) (s|min) to wait")


def load_avg() -> str:
    return "load average %.1f %.1f %.1f" % os.getloadavg()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# --- the server ------------------------------------------------------------------------------------------------

def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(proc.name))
            except (OSError, ValueError, IndexError):
                continue
    return out


def _ray_workers() -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if (proc / "cmdline").read_bytes().startswith(b"ray::"):
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


class Memory:
    """Peak RSS of the server process and of its training workers (its children, or Ray's `ray::` workers)."""

    def __init__(self, pid: int, ray: bool):
        self.pid, self.ray = pid, ray
        self.server = self.workers = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def now(self) -> float:
        return _rss_mb(self.pid)

    def _run(self):
        while not self._done.wait(0.5):
            self.server = max(self.server, _rss_mb(self.pid))
            workers = _ray_workers() if self.ray else _children(self.pid)
            self.workers = max(self.workers, sum(_rss_mb(p) for p in workers))

    def stop(self):
        self._done.set()
        self._thread.join()


# --- a student: Streamlit's protocol without a browser ---------------------------------------------------------

class Student:
    def __init__(self, number: int, port: int, rng: random.Random):
        self.ws_id = f"bench-student-{number:03d}"
        self.port, self.rng = port, rng
        self.page_times: list[tuple[float, str, float]] = []  # (when, page, seconds to idle)
        self.exceptions: list[str] = []
        self.hashes: dict[str, str] = {}  # url path -> page script hash
        self.buttons: dict[str, str] = {}  # widget key -> widget id of the latest run
        self.texts: list[str] = []  # alert and progress texts of the latest runs
        self.run_options: list[str] = []  # the runs the Train page lists
        self.other_workspaces: set[str] = set()  # any workspace but its own that the server put in its address
        self.fragments: dict[str, float] = {}  # fragment id -> interval (auto reruns)
        self._registered: dict[str, float] = {}  # ... registered by the script run under way
        self._finished = asyncio.Event()
        self._one_at_a_time = asyncio.Lock()  # a browser tab waits for one run before it asks for the next
        self.conn = None

    async def connect(self):
        from websockets.asyncio.client import connect

        self.conn = await connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, ping_interval=None, open_timeout=120)
        self._reader = asyncio.create_task(self._read())
        self._ticker = asyncio.create_task(self._auto_reruns())

    async def close(self):
        self._reader.cancel()
        self._ticker.cancel()
        await self.conn.close()

    async def _read(self):
        try:
            await self._messages()
        except asyncio.CancelledError:
            raise
        except Exception:  # a bench bug must show, not silently stop this student's page
            import traceback

            traceback.print_exc()
            raise

    async def _messages(self):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        async for data in self.conn:
            msg = ForwardMsg.FromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self._registered = {}
            elif kind == "navigation":
                self.hashes = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "page_info_changed":
                ws = dict(p.partition("=")[::2] for p in msg.page_info_changed.query_string.split("&")).get("ws")
                if ws not in (None, self.ws_id):
                    self.other_workspaces.add(ws)
            elif kind == "auto_rerun":
                self._registered[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element)
            elif kind == "script_finished" and msg.script_finished in (0, 1, 3):  # not "early for rerun"
                if msg.script_finished != 3:  # a whole run: its fragments replace those of the page before
                    self.fragments = self._registered
                self._finished.set()

    def _element(self, element):
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.exceptions.append(element.exception.message)
        elif kind == "button":
            self.buttons[element.button.id.rsplit("-", 1)[-1]] = element.button.id
        elif kind == "alert":
            self.texts.append(element.alert.body)
        elif kind == "progress":
            self.texts.append(element.progress.text)
        elif kind == "selectbox" and element.selectbox.id.endswith("-train_pick"):
            self.run_options = list(element.selectbox.options)

    async def _request(self, page: str, widgets=(), fragment: str = "") -> float:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = f"lang=en&dataset=mnist&ws={self.ws_id}"
        state.page_name = page
        state.page_script_hash = self.hashes.get(page, "")
        if fragment:
            state.fragment_id, state.is_auto_rerun = fragment, True
        for widget_id in widgets:
            state.widget_states.widgets.append(WidgetState(id=widget_id, trigger_value=True))
        async with self._one_at_a_time:
            if not fragment:
                self.texts.clear()
            self._finished.clear()
            start = time.perf_counter()
            await self.conn.send(msg.SerializeToString())
            await asyncio.wait_for(self._finished.wait(), 300)
            return time.perf_counter() - start

    async def visit(self, page: str) -> float:
        seconds = await self._request(page)
        self.page_times.append((time.monotonic(), page, seconds))
        return seconds

    async def click(self, page: str, key: str) -> None:
        await self._request(page, [self.buttons[key]])

    async def _auto_reruns(self):
        """What the browser does for `st.fragment(run_every=...)`: rerun the fragment on a timer."""
        due: dict[str, float] = {}
        while True:
            await asyncio.sleep(0.25)
            now = time.monotonic()
            for fragment, interval in list(self.fragments.items()):
                due.setdefault(fragment, now + interval)
                if now >= due[fragment] and not self._one_at_a_time.locked():
                    due[fragment] = now + interval
                    await self._request("train", fragment=fragment)
            for gone in set(due) - set(self.fragments):
                del due[gone]

    async def browse(self, until: asyncio.Event, start_at: int):
        i = start_at
        while not until.is_set():
            await self.visit(PAGES[i % len(PAGES)])
            i += 1
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(until.wait(), self.rng.uniform(*THINK_S))

    def shown_state(self) -> tuple[str, float | None]:
        """("waiting", predicted seconds) / ("started", None) / ("", None) from the latest Train page texts."""
        for text in reversed(self.texts):  # the latest redraw first
            match = WAIT_RE.search(text)
            if match:
                value = float(match.group(1))
                return "waiting", value * 60 if match.group(2) == "min" else value
            if text.startswith(("Starting:", "Epoch ")):
                return "started", None
        return "", None


async def train_and_watch(student: Student, home: Path, result: dict):
    """Press Quick start, note the wait shown and when the page shows the training start, until its run ends."""
    from cnnviz import runs

    await student.visit("train")
    pressed = time.monotonic()
    await student.click("train", "quick_start")
    result.update(pressed=pressed, shown=None, started=None, seen=[], errors=[])
    while True:
        mine = [r for r in runs.list_runs(home / "runs", workspace=student.ws_id) if r.workspace == student.ws_id]
        if not mine and not student.fragments and time.monotonic() - pressed > 180:  # no training: say why
            result.update(errors=[t for t in student.texts], finished=time.monotonic(), status="not started",
                          ws=student.ws_id)
            result["started"] = result["finished"]
            break
        state, seconds = student.shown_state()
        if state == "waiting":
            result["seen"].append((time.monotonic(), seconds))
            result["shown"] = seconds if result["shown"] is None else result["shown"]
        if state == "started" and result["started"] is None:
            result["started"] = time.monotonic()
        if mine and mine[0].status != "running":
            result.update(finished=time.monotonic(), status=mine[0].status)
            result["started"] = result["started"] or result["finished"]  # ended between two redraws
            break
        await asyncio.sleep(0.5)
    await student.visit("train")
    result["sees"] = list(student.run_options) if result["status"] != "not started" else ["Quick start"]


async def class_session(port: int, home: Path, n: int, k: int, seed: int, memory: Memory, baseline_s: float) -> dict:
    rng = random.Random(seed)
    students = [Student(i, port, random.Random(rng.random())) for i in range(n)]
    for s in students:
        await s.connect()
    await students[0].visit("")  # load data and caches once
    rss_idle = memory.now()
    for s in students:
        await s.visit("")
    for page in PAGES:  # the shared caches warm, as on a server that has been up for a while: not measured
        await students[0].visit(page)
    await asyncio.gather(*(s.visit(PAGES[i % len(PAGES)]) for i, s in enumerate(students)))
    for s in students:
        s.page_times.clear()
    baseline_done = asyncio.Event()
    browsing = [asyncio.create_task(s.browse(baseline_done, i)) for i, s in enumerate(students)]
    await asyncio.sleep(baseline_s)
    baseline_done.set()
    await asyncio.gather(*browsing)
    rss_browsed = memory.now()
    cut = time.monotonic()
    print(f"    nobody training: {sum(len(s.page_times) for s in students)} pages", file=sys.stderr, flush=True)

    trainers, others = students[:k], students[k:]
    results = [dict() for _ in trainers]
    others_done = asyncio.Event()
    browsing = [asyncio.create_task(s.browse(others_done, i)) for i, s in enumerate(others)]
    t0 = time.monotonic()
    await asyncio.gather(*(train_and_watch(s, home, r) for s, r in zip(trainers, results)))
    last_finished = max(r["finished"] for r in results) - t0
    print(f"    the last of {k} trainings finished after {last_finished:.0f} s", file=sys.stderr, flush=True)
    others_done.set()
    await asyncio.gather(*browsing)
    for s in students:
        await s.close()

    def times(before: bool, who=students) -> list[float]:
        return [sec for s in who for when, page, sec in s.page_times if (when < cut) == before]

    errors = [abs(r["shown"] - (r["started"] - r["pressed"])) / (r["started"] - r["pressed"])
              for r in results if r["shown"] is not None and r["started"] - r["pressed"] >= 10]
    later = [abs(shown - (r["started"] - when)) / (r["started"] - when)  # every wait shown, against what was left
             for r in results for when, shown in r["seen"] if r["started"] - when >= 10]
    for r in results:
        if r["errors"]:
            print(f"    {r['ws']}'s Quick start did not start: {r['errors']}", file=sys.stderr, flush=True)
            print(server_log(home, r["ws"]), file=sys.stderr, flush=True)
    leaks = [r["sees"] for s, r in zip(trainers, results)
             if sum("Quick start" in option for option in r["sees"]) != 1]
    for s in students:
        if s.other_workspaces:
            print(f"    {s.ws_id}'s address held another workspace: {sorted(s.other_workspaces)}", file=sys.stderr)
    return {
        "last_finished": last_finished, "statuses": sorted({r.get("status") for r in results}),
        "base": times(True), "train": times(False, others), "exceptions": sum(len(s.exceptions) for s in students),
        "per_student_mb": (rss_browsed - rss_idle) / max(n - 1, 1), "errors": errors, "later": later,
        "exception_texts": sorted({e.splitlines()[0][:200] for s in students for e in s.exceptions}),
        "waits": [(r["shown"], r["started"] - r["pressed"]) for r in results], "leaks": len(leaks),
        "other_ws": sum(bool(s.other_workspaces) for s in students),
    }


def server_log(home: Path, ws: str) -> str:
    """What the server's log says of a workspace's trainings (their lines, and those naming their runs)."""
    lines = (home / "server.log").read_text(errors="replace").splitlines()
    run_ids = set(re.findall(r"training (\S+) of workspace '" + re.escape(ws) + "'", "\n".join(lines)))
    return "\n".join(f"      {line}" for line in lines if ws in line or any(r in line for r in run_ids))


def shared_run(home: Path) -> None:
    """One trained run without a workspace: every student's model for Filters, Feature maps, Evaluate, Draw."""
    os.environ.update(CNNVIZ_HOME=str(home), CNNVIZ_OFFLINE="1")
    from cnnviz import datasets, training

    ds = datasets.load("mnist")
    spec, config = training.quick_start(ds)
    run = training.start_run(spec, ds, {**config, "epochs": 1, "schedule": "constant"}, "shared", home / "runs")
    training.train(spec, ds, run=run)


def one_backend(name: str, n: int, k: int, seed: int, baseline_s: float) -> dict:
    from scripts.ray_cluster import local_cluster

    with tempfile.TemporaryDirectory(prefix="cnnviz-bench-") as tmp, contextlib.ExitStack() as stack:
        home = Path(tmp)
        shared_run(home)
        env = {}
        if name == "ray":
            env["CNNVIZ_RAY_ADDRESS"] = stack.enter_context(local_cluster(num_cpus=os.cpu_count() or 2))
        proc, url = start_server(home, {"CNNVIZ_OFFLINE": "1", **env})
        port = int(url.rsplit(":", 1)[1])
        memory = Memory(proc.pid, name == "ray")
        try:
            result = asyncio.run(class_session(port, home, n, k, seed, memory, baseline_s))
        finally:
            memory.stop()
            proc.terminate()
            proc.wait(30)
            kept = Path(tempfile.gettempdir()) / f"cnnviz-bench-class-{name}-server.log"
            shutil.copyfile(home / "server.log", kept)
            print(f"    the server's log: {kept}", file=sys.stderr, flush=True)
        result.update(server_mb=memory.server, workers_mb=memory.workers)
        return result


def report(n: int, k: int, results: dict) -> None:
    print(f"\nN = {n} students, K = {k} press Quick start at once ({load_avg()})")
    rows = [
        ("time until the last training finished", lambda r: f"{r['last_finished']:.0f} s"),
        ("trainings ended as", lambda r: ", ".join(r["statuses"])),
        ("page time-to-idle p50, nobody training", lambda r: f"{pct(r['base'], .5):.2f} s"),
        ("page time-to-idle p50, K training", lambda r: f"{pct(r['train'], .5):.2f} s "
                                                        f"({pct(r['train'], .5) / pct(r['base'], .5):.2f}x)"),
        ("page time-to-idle p95, nobody training", lambda r: f"{pct(r['base'], .95):.2f} s"),
        ("page time-to-idle p95, K training", lambda r: f"{pct(r['train'], .95):.2f} s "
                                                        f"({pct(r['train'], .95) / pct(r['base'], .95):.2f}x)"),
        ("pages measured (nobody / K training)", lambda r: f"{len(r['base'])} / {len(r['train'])}"),
        ("server peak memory", lambda r: f"{r['server_mb']:.0f} MB"),
        ("training workers' peak memory", lambda r: f"{r['workers_mb']:.0f} MB"),
        ("server memory per browsing student", lambda r: f"{r['per_student_mb']:.1f} MB"),
        ("first wait shown: median / max error", lambda r: f"{pct(r['errors'], .5):.0%} / "
                                                                    f"{max(r['errors'], default=float('nan')):.0%} "
                                                                    f"of {len(r['errors'])}"),
        ("every wait shown: median / p90 error", lambda r: f"{pct(r['later'], .5):.0%} / {pct(r['later'], .9):.0%} "
                                                           f"of {len(r['later'])}"),
        ("exceptions on any page", lambda r: str(r["exceptions"])),
        ("students seeing another's runs", lambda r: str(r["leaks"])),
        ("sessions given another's workspace", lambda r: str(r["other_ws"])),
    ]
    names = list(results)
    print(f"    {'':46s}" + "".join(f"{name:>22s}" for name in names))
    for label, cell in rows:
        print(f"    {label:46s}" + "".join(f"{cell(results[name]):>22s}" for name in names))
    for name in names:
        for text in results[name]["exception_texts"]:
            print(f"    {name}: exception: {text}")
        print(f"    {name}: (first shown wait, real wait) s: " +
              ", ".join(f"({s if s is None else round(s)}, {w:.0f})" for s, w in results[name]["waits"]))


def model_memory(copies: int = 3) -> None:
    """RSS growth per cached object for each preset: what one entry of each `ui_models` cache costs (a model as
    loaded from its run, its feature-map extractor and its Grad-CAM explainer, each used once)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import gc

    import numpy as np

    from cnnviz import architecture, gradcam, inside

    def each(spec, shape, classes):
        models = []
        yield "model", lambda: models.append(architecture.build(spec, shape, classes)) or models[-1]
        yield "feature maps", lambda: inside.FeatureMaps(models[0])(np.zeros(shape[:2] + (shape[2],), np.float32))
        yield "explainer", lambda: gradcam.Explainer(models[0]).predict(np.zeros((1, *shape), np.float32))

    print(f"memory per cached object ({load_avg()})")
    presets = [(name, spec, (28, 28, 1), 10) for name, spec in architecture.PRESETS.items()]
    presets += [(name, spec, (64, 64, 3) if name == "photo_small" else (150, 150, 3), 2)
                for name, spec in architecture.presets(True, 2).items()]
    for name, spec, shape, classes in presets:
        params = architecture.summarize(spec, shape, classes).total_params
        cells = []
        for what, make in each(spec, shape, classes):
            kept = [make()]  # the first one traces what every later one reuses
            gc.collect()
            before = _rss_mb(os.getpid())
            kept += [make() for _ in range(copies)]
            gc.collect()
            cells.append(f"{what} {(_rss_mb(os.getpid()) - before) / copies:6.1f} MB")
        print(f"    {name:20s} {params:>10,} params ({params * 4 / 2**20:5.1f} MB of weights): " + ", ".join(cells))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, nargs="*", default=[10, 30])
    parser.add_argument("--trainers", type=int, nargs="*", help="K for each N (default N / 3)")
    parser.add_argument("--backends", nargs="*", default=["local", "ray"], choices=["local", "ray"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", type=float, default=120.0, help="seconds of browsing with nobody training")
    parser.add_argument("--models", action="store_true", help="only the memory of cached model objects")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores; other processes share them ({load_avg()}).", flush=True)
    if args.models:
        model_memory()
    else:
        for i, n in enumerate(args.students):
            k = args.trainers[i] if args.trainers else max(1, n // 3)
            results = {name: one_backend(name, n, k, args.seed, args.baseline) for name in args.backends}
            report(n, k, results)
