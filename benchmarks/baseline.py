"""aic as it was at another commit, runnable side by side with this checkout in one benchmark run.

`tree(rev, into)` extracts the four source folders of `rev` (`git archive`) and lays them out as setuptools'
package-dir maps them (aic = compiler/, aic.passes = passes/, aic.verifiers = verifiers/, aic.ir = ir/);
`command(tree)` and `environment(tree)` run `python -m aic` from that tree, first on PYTHONPATH, so it wins over
the editable install while sharing the venv's third-party packages (the gate tools' pinned versions).
"""

from __future__ import annotations

import compileall
import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = (("compiler", "aic"), ("passes", "aic/passes"), ("verifiers", "aic/verifiers"), ("ir", "aic/ir"))


def tree(rev: str, into: Path) -> Path:
    """The package tree of aic at `rev` under `into` (created); the folder to put on PYTHONPATH."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, *(folder for folder, _ in LAYOUT)],
        capture_output=True,
        check=True,
    ).stdout
    source = into / "source"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(source, filter="data")
    packages = into / "packages"
    for folder, target in LAYOUT:
        shutil.copytree(source / folder, packages / target, dirs_exist_ok=True)
    # Compiled up front, as `make setup` compiles the install: neither side pays for compiling in the timings.
    compileall.compile_dir(packages, quiet=1, workers=0)
    return packages


def environment(packages: Path | None) -> dict[str, str]:
    """The environment for a subprocess running aic from `packages` (None: this checkout's install)."""
    env = dict(os.environ)
    if packages is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(packages), env.get("PYTHONPATH", "")) if p)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "aic", *args]


def revision(rev: str) -> str:
    """`rev` as a short commit id, for the printout."""
    found = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev], capture_output=True, text=True)
    if found.returncode != 0:
        raise SystemExit(f"baseline: unknown revision {rev!r}")
    return found.stdout.strip()
