"""What each page costs the server: time-to-idle of every page for one student on an otherwise idle server.

    python bench/bench_pages.py [--visits 3]

A real `streamlit run dashboard.py` and one Streamlit session (bench_class's client, which draws nothing) with
a trained run as its model. Each page is visited once to warm the caches, then `--visits` more times; printed
per page: the first visit, and the median and max of the later ones. Whatever one page costs, thirty students
wait for in turn: this is the figure that bench_class's time-to-idle multiplies.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_class import PAGES, Student, load_avg, shared_run  # noqa: E402
from scripts.app_server import start_server  # noqa: E402


async def visit_all(port: int, visits: int) -> dict[str, list[float]]:
    student = Student(0, port, random.Random(0))
    await student.connect()
    times = {page: [] for page in PAGES}
    for _ in range(visits + 1):
        for page in PAGES:
            times[page].append(await student.visit(page))
    await student.close()
    return times


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnnviz-bench-") as tmp:
        home = Path(tmp)
        shared_run(home)
        proc, url = start_server(home, {"CNNVIZ_OFFLINE": "1"})
        try:
            times = asyncio.run(visit_all(int(url.rsplit(":", 1)[1]), args.visits))
        finally:
            proc.terminate()
            proc.wait(30)
    print(f"page time-to-idle, one student, MNIST ({load_avg()})")
    print(f"    {'page':14s} {'first':>8s} {'median':>8s} {'max':>8s}")
    for page, seconds in times.items():
        print(f"    {page or 'home':14s} {seconds[0]:7.2f}s {statistics.median(seconds[1:]):7.2f}s {max(seconds[1:]):7.2f}s")
    later = [s for seconds in times.values() for s in seconds[1:]]
    print(f"    {'all pages':14s} {'':8s} {statistics.median(later):7.2f}s {max(later):7.2f}s")
