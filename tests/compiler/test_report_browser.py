"""The HTML compliance report of the example project in headless Chromium (Debian's `chromium`, installed by
`make test`): it renders with no console message, its sections are in the DOM, and a screenshot is drawn."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from aic.cli import main
from tests.compiler.conftest import copy_example

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"]


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium")
    assert binary is not None, "chromium is not installed: run `make setup-browser`"
    return subprocess.run([binary, *FLAGS, *args], capture_output=True, text=True, check=False, timeout=120)


def console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_the_html_report_renders_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_example(tmp_path / "example")
    assert main(["build", str(project), "--locked"]) == 0
    page = tmp_path / "report.html"
    assert main(["report", str(project), "--format", "html", "--output", str(page)]) == 0

    dom = chromium("--virtual-time-budget=2000", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-500:]
    assert console(dom.stderr) == []
    for section in ('id="summary"', 'id="module-money"', 'id="module-identifiers"', "<svg", "percent_of"):
        assert section in dom.stdout, section
    shot = tmp_path / "report.png"
    drawn = chromium("--window-size=1280,1800", f"--screenshot={shot}", page.as_uri())
    assert drawn.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

    # The check itself can see a console message: a page that logs one is caught.
    noisy = tmp_path / "noisy.html"
    noisy.write_text("<html><body><script>console.error('broken')</script></body></html>")
    assert console(chromium("--dump-dom", noisy.as_uri()).stderr)
    capsys.readouterr()
