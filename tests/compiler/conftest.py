"""Fixtures shared by the build tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compiler.test_build import INTENT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\n[tool.aic]\noutput = "pkg"\nsamples = 2\nmax_repairs = 1\n'
        '[tool.aic.limits]\ntimeout_seconds = 5.0\ncpu_seconds = 2\n[tool.pytest.ini_options]\npythonpath = ["."]\n'
    )
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "arith.py").write_text(INTENT)
    return tmp_path
