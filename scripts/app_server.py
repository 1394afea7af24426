"""The dashboard as a user's server runs it (`streamlit run dashboard.py`), on a free port of 127.0.0.1: for the
browser tests and the class benchmark."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, env: dict | None = None, timeout_s: float = 120) -> tuple[subprocess.Popen, str]:
    """Start the app with `home` as CNNVIZ_HOME; return (process, base url) once it answers its health check.

    Its output goes to `home`/server.log (a pipe nobody reads would stall the server once full)."""
    port = free_port()
    log = open(Path(home) / "server.log", "ab")  # noqa: SIM115 - the server writes to it for as long as it runs
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.headless",
         "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "CNNVIZ_HOME": str(home), **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the app did not start: " + (Path(home) / "server.log").read_text(errors="replace")[-2000:])
