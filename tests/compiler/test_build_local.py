"""The real embedded model, end to end, on two small intents (one model load; kept short).

It runs wherever the weights are installed (`make test` installs them, CI included); set
AIC_SKIP_MODEL_TESTS=1 to leave it out on a machine without them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aic.cli import main
from tests.compiler.scripted import run_emitted_tests

pytestmark = pytest.mark.skipif(os.environ.get("AIC_SKIP_MODEL_TESTS") == "1", reason="AIC_SKIP_MODEL_TESTS=1")

INTENT = '''"""Tiny helpers."""


def add(a: int, b: int) -> int:
    """The sum of a and b.

    >>> add(2, 3)
    5
    """
    ...


def is_even(n: int) -> bool:
    """True when n is even.

    >>> is_even(4)
    True
    >>> is_even(7)
    False
    """
    ...
'''


def test_embedded_model_builds_small_intents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "tiny"\nversion = "0"\n[tool.aic]\noutput = "tiny"\nsamples = 2\nmax_repairs = 1\n'
        '[tool.pytest.ini_options]\npythonpath = ["."]\n'
    )
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "helpers.py").write_text(INTENT)
    assert main(["build", str(tmp_path)]) == 0, capsys.readouterr().out
    module = (tmp_path / "tiny" / "helpers.py").read_text()
    assert "def add(a: int, b: int) -> int:" in module
    assert "def is_even(n: int) -> bool:" in module
    assert main(["check", str(tmp_path / "tiny" / "helpers.py")]) == 0
    result = run_emitted_tests(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
