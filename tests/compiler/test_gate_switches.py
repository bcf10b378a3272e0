"""`[tool.aic.gates]` is honoured by every command that judges code: check, build, gate, adopt and bench each
build their pipeline through `aic.passes.verify`, so a gate switched off is in none of the pipelines they run.
The pass manager is watched, not the commands' output: a switched-off gate that ran and found nothing would
otherwise go unseen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aic import backends
from aic.cli import main
from aic.passes import PassManager
from tests.compiler.conftest import copy_example
from tests.compiler.scripted import ScriptedBackend, fenced
from tests.compiler.test_build import CLAMP, DOUBLE

OFF = ("types", "examples")
WRONG_EXAMPLE = 'def double(x: int) -> int:\n    """Twice x.\n\n    >>> double(2)\n    5\n    """\n    return x\n'


@pytest.fixture
def pipelines(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, ...]]]:
    """Every pipeline any command constructs while the test runs, as its pass order."""
    seen: list[tuple[str, ...]] = []
    original = PassManager.__init__

    def watched(self: PassManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        seen.append(tuple(self.order))

    monkeypatch.setattr(PassManager, "__init__", watched)
    yield seen


def switch_off(pyproject: Path, gates: tuple[str, ...] = OFF) -> None:
    table = "[tool.aic.gates]\n" + "".join(f"{gate} = false\n" for gate in gates)
    pyproject.write_text(pyproject.read_text() + "\n" + table)


def ran(seen: list[tuple[str, ...]]) -> set[str]:
    assert seen, "the command built no pipeline at all"
    return {name for order in seen for name in order}


def test_check(project: Path, pipelines: list[tuple[str, ...]], capsys: pytest.CaptureFixture[str]) -> None:
    switch_off(project / "pyproject.toml")
    module = project / "m.py"
    module.write_text(WRONG_EXAMPLE)
    assert main(["check", str(module)]) == 0  # the wrong example is not run: its gate is off
    assert not ran(pipelines) & set(OFF) and "security" in ran(pipelines)
    capsys.readouterr()


def test_build_and_adopt(
    project: Path, pipelines: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    switch_off(project / "pyproject.toml")
    monkeypatch.setattr(backends, "make_backend", lambda settings: ScriptedBackend([fenced(DOUBLE), fenced(CLAMP)]))
    assert main(["build", str(project)]) == 0
    assert not ran(pipelines) & set(OFF) and "contracts" in ran(pipelines)
    pipelines.clear()
    module = project / "pkg" / "arith.py"
    edited = module.read_text().replace("return max(low, min(value, high))", "return min(max(value, low), high)")
    module.write_text(edited)
    assert main(["adopt", str(module)]) == 0
    assert not ran(pipelines) & set(OFF) and "lint" in ran(pipelines)
    capsys.readouterr()


def test_gate(tmp_path: Path, pipelines: list[tuple[str, ...]], capsys: pytest.CaptureFixture[str]) -> None:
    copy_example(tmp_path)
    assert main(["build", str(tmp_path), "--locked"]) == 0
    switch_off(tmp_path / "pyproject.toml", ("types",))
    pipelines.clear()
    modules = [str(p) for p in sorted((tmp_path / "ledger").glob("[!_]*.py"))]
    assert main(["gate", "--all-python", *modules, str(tmp_path / "intents" / "money.py")]) == 0
    assert "types" not in ran(pipelines) and "lint" in ran(pipelines)
    capsys.readouterr()


def test_bench(tmp_path: Path, pipelines: list[tuple[str, ...]], capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.aic]\n")
    switch_off(pyproject)
    samples = tmp_path / "s.jsonl"
    samples.write_text(json.dumps({"task_id": "HumanEval/0", "completion": "    return False\n"}) + "\n")
    args = ["bench", "--suite", "humaneval", "--samples", str(samples), "--limit", "1", "--format", "json"]
    assert main([*args, "--config", str(pyproject)]) == 0
    assert not ran(pipelines) & set(OFF) and "security" in ran(pipelines)
    pipelines.clear()
    assert main([*args, "--config", str(pyproject), "--gates", "types,lint"]) == 0  # asked for, still off
    assert ran(pipelines) & set(OFF) == set() and "lint" in ran(pipelines)
    capsys.readouterr()
