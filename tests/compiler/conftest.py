"""Fixtures shared by the build tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.compiler.test_build import INTENT
from tests.compiler.traps import trap as trap  # the fixture, for the hostile-code tests


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A two-function project. One call in flight at a time: the scripted backends answer in the order asked
    (tests/compiler/test_concurrency.py builds with several in flight); no extra samples, so a function costs
    at most `samples` candidates (tests/compiler/test_pool.py sets them)."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\n[tool.aic]\noutput = "pkg"\nsamples = 2\nagree = 1\nmax_repairs = 1\n'
        "max_concurrency = 1\nextra_samples = 0\n"
        '[tool.aic.limits]\ntimeout_seconds = 5.0\ncpu_seconds = 2\n[tool.pytest.ini_options]\npythonpath = ["."]\n'
    )
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "arith.py").write_text(INTENT)
    return tmp_path


def copy_example(target: Path, *extra: str) -> Path:
    """A copy of the example project's committed inputs (config, lock, intents, and `extra` files) in `target`,
    as a fresh clone would have them: nothing built yet."""
    from tests.conftest import CORPUS

    target.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "aic.lock", *extra):
        shutil.copy(CORPUS / "example" / name, target / name)
    shutil.copytree(CORPUS / "example" / "intents", target / "intents")
    return target
