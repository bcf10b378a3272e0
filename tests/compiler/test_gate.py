"""`aic gate`: generated modules pass only as verified and locked; other Python files only with --all-python."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from aic.cli import main
from aic.lock import LOCK_NAME
from tests.compiler.conftest import copy_example
from tests.conftest import CORPUS


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example project, built from its lock (no model)."""
    copy_example(tmp_path)
    assert main(["build", str(tmp_path), "--locked"]) == 0
    return tmp_path


def gate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["gate", "--format", "json", *args])
    diagnostics = json.loads(capsys.readouterr().out)["diagnostics"]
    return code, [d["code"] for d in diagnostics]


def test_verified_modules_pass(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    modules = [str(p) for p in sorted((example / "ledger").glob("[!_]*.py"))]
    assert gate(capsys, *modules) == (0, [])


def test_a_hand_edit_is_refused_with_the_way_out(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = example / "ledger" / "money.py"
    module.write_text(module.read_text().replace("+ 5000) // 10000", "+ 4999) // 10000"))
    capsys.readouterr()
    assert main(["gate", str(module)]) == 1
    out = capsys.readouterr().out
    assert "AIC700" in out and "aic adopt" in out and "refused" in out


def test_an_edit_that_rewrites_the_header_still_differs_from_the_lock(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = example / "ledger" / "money.py"
    head, _, body = module.read_text().split("\n", 2)
    body = body.replace("+ 5000) // 10000", "+ 4999) // 10000")
    module.write_text(f"{head}\n# aic-verified: sha256={hashlib.sha256(body.encode()).hexdigest()}\n{body}")
    capsys.readouterr()
    code, codes = gate(capsys, str(module))
    assert code == 1 and codes == ["AIC700"]


def test_unlocked_and_failing_verdicts(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = example / "ledger" / "money.py"
    lock = example / LOCK_NAME
    text = lock.read_text()
    before, after = text.rsplit('"types": "passed"', 1)  # modules are sorted: the last entry is money's
    lock.write_text(before + '"types": "failed"' + after)
    capsys.readouterr()
    assert gate(capsys, str(module)) == (1, ["AIC702"])
    lock.write_text(text.replace('"ledger/money.py"', '"ledger/elsewhere.py"'))
    assert gate(capsys, str(module)) == (1, ["AIC701"])
    lock.write_text("{")
    assert main(["gate", str(module)]) == 2
    assert "aic.lock:1:2: not valid JSON" in capsys.readouterr().err


def test_other_python_files_only_with_all_python(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = tmp_path / "evil.py"
    evil.write_text("def run(command: str) -> object:\n    return eval(command)\n")
    clean = tmp_path / "clean.py"
    clean.write_text('def add(a: int, b: int) -> int:\n    """Sum."""\n    return a + b\n')
    assert gate(capsys, str(evil), str(clean)) == (0, [])
    code, codes = gate(capsys, "--all-python", str(evil), str(clean))
    assert code == 1 and "AIC301" in codes
    assert gate(capsys, "--all-python", str(clean)) == (0, [])
    assert gate(capsys, str(tmp_path / "notes.txt")) == (0, [])


def test_the_hook_definition_names_the_gate() -> None:
    text = (CORPUS.parent / ".pre-commit-hooks.yaml").read_text()
    assert "id: aic-gate" in text and "entry: aic gate" in text and "language: python" in text
