"""The example project is rebuilt from its committed aic.lock: no model, no weights, byte-identical output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.compiler.conftest import copy_example
from tests.compiler.scripted import run_emitted_tests
from tests.conftest import CORPUS

EXAMPLE = CORPUS / "example"


def fresh_copy(target: Path) -> Path:
    return copy_example(target)


def outputs(project: Path) -> dict[str, bytes]:
    files = [p for p in sorted(project.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in files if ".aic" not in p.parts}


def test_two_locked_builds_in_fresh_copies_are_identical_and_pass(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "no-models")}  # nowhere to find weights
    env.pop("ANTHROPIC_API_KEY", None)
    trees = []
    for name in ("first", "second"):
        project = fresh_copy(tmp_path / name)
        result = subprocess.run(
            [sys.executable, "-m", "aic", "build", str(project), "--locked"],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 model call(s)" in result.stdout and "10 function(s) from aic.lock" in result.stdout
        trees.append(outputs(project))
        tests = run_emitted_tests(project)
        assert tests.returncode == 0, tests.stdout + tests.stderr
    assert trees[0] == trees[1]
    assert {"ledger/money.py", "ledger/identifiers.py", "tests/test_money.py", "aic.lock"} <= set(trees[0])
    assert trees[0]["aic.lock"] == (EXAMPLE / "aic.lock").read_bytes()  # a replay never rewrites the lock
    assert not (tmp_path / "no-models" / "aic" / "models").exists()  # no weights were looked for or assembled


@pytest.mark.parametrize("edit", ["intent", "lock"])
def test_locked_refuses_a_changed_intent_or_an_edited_lock(tmp_path: Path, edit: str) -> None:
    project = fresh_copy(tmp_path / "copy")
    if edit == "intent":
        money = project / "intents" / "money.py"
        money.write_text(money.read_text().replace("Parse a decimal amount", "Parse a signed decimal amount"))
    else:
        lock = project / "aic.lock"
        lock.write_text(lock.read_text().replace('"version": 1', '"version": 7'))
    result = subprocess.run(
        [sys.executable, "-m", "aic", "build", str(project), "--locked"], capture_output=True, text=True, check=False
    )
    assert result.returncode == (1 if edit == "intent" else 2), result.stderr
    assert "Traceback" not in result.stderr
    needle = "money.to_cents: the intent changed since aic.lock" if edit == "intent" else "written by a newer aic"
    assert needle in result.stderr
