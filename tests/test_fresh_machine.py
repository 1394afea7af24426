"""The README's test command on a machine without Debian's chromium: browser tests skip with one line,
unless CI=true, where a missing browser must fail them."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_browser_tests(ci: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "CNNVIZ_CHROMIUM": "/nonexistent/chromium", "CI": "true" if ci else ""}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/e2e/test_home_data.py",
                           "tests/e2e/test_build.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_without_chromium_browser_tests_skip_with_one_line():
    result = run_browser_tests(ci=False)
    assert result.returncode == 0, result.stdout[-2000:]
    skipped = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skipped) == 1, skipped
    assert "apt-get install chromium" in skipped[0] and "passed" not in result.stdout.splitlines()[-1]


def test_without_chromium_under_ci_the_browser_tests_fail():
    result = run_browser_tests(ci=True)
    assert result.returncode != 0 and "browser tests cannot run" in result.stdout, result.stdout[-2000:]
