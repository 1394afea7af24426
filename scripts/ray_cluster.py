"""A real one-machine Ray cluster on 127.0.0.1 for the tests and the benchmarks, stopped without leftovers.

    with local_cluster(num_cpus=2) as address:      # "127.0.0.1:<port>", for CNNVIZ_RAY_ADDRESS
        ...

It runs `ray start --head --block` in its own session with the dashboard and usage statistics off; stopping it
(SIGTERM to that command, which takes its raylet, GCS and workers down) leaves no process behind, and whatever
survives is killed. Unlike `ray stop`, it ends only this cluster, not every Ray process on the machine.
`RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0` makes Ray bind and advertise 127.0.0.1 (Ray otherwise swaps a loopback
address for the machine's own); it must be in the environment before `import ray` in the driver too.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOOPBACK_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_USAGE_STATS_ENABLED": "0"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_of(marker: str) -> list[int]:
    """Pids whose command line names `marker` (this cluster's temporary folder)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if marker in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


@contextlib.contextmanager
def local_cluster(num_cpus: int = 2, start_timeout_s: float = 120):
    """Start a head node on 127.0.0.1 with `num_cpus` CPUs; yield its address; stop it and everything it ran."""
    os.environ.update(LOOPBACK_ENV)
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="cnnviz-ray-") as tmp:
        log = Path(tmp) / "head.log"
        with open(log, "w") as out:
            head = subprocess.Popen(
                [sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block", "--num-cpus", str(num_cpus),
                 "--port", str(port), "--ray-client-server-port", str(_free_port()), "--include-dashboard=false",
                 "--disable-usage-stats", "--temp-dir", tmp],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **LOOPBACK_ENV})
        try:
            deadline = time.monotonic() + start_timeout_s
            while "Ray runtime started" not in log.read_text(errors="replace"):
                if head.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("ray start failed:\n" + log.read_text(errors="replace")[-3000:])
                time.sleep(0.2)
            yield f"127.0.0.1:{port}"
        finally:
            head.terminate()
            try:
                head.wait(60)
            except subprocess.TimeoutExpired:
                head.kill()
            for pid in _processes_of(tmp):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
