"""Goldens at the pass boundary: each gate alone, through `aic.passes.verify`, over aic's own cases (corpus/check
and corpus/contracts), against tests/golden/passes/<gate>.json; and the example project's emitted modules and
tests, byte for byte, against tests/golden/example/ (as `<file>.golden`). `pytest --update-goldens` rewrites
them from the current output (review the diff: a changed golden is a changed verdict)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aic.cli import main
from aic.config import load_config
from aic.passes import GATES, verify
from tests.compiler.conftest import copy_example
from tests.conftest import CORPUS, GOLDEN, ROOT

CASES = sorted([*(CORPUS / "check").glob("*.py"), *(CORPUS / "contracts").glob("*.py")])
KEYS = ("code", "severity", "tool", "tool_code", "line", "column", "end_line", "end_column", "message")


def compare(golden: Path, current: str, update: bool) -> None:
    if update or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(current, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {golden.relative_to(ROOT)} was missing and has been written; run again")
    assert current == golden.read_text(encoding="utf-8"), f"{golden.relative_to(ROOT)} differs"


@pytest.mark.parametrize("gate", GATES)
def test_each_gate_alone(gate: str, update_goldens: bool) -> None:
    config = load_config(CORPUS / "check")  # its tight sandbox limits keep the hang and memory cases short
    texts = {str(case): case.read_text(encoding="utf-8") for case in CASES}
    run = verify(texts, config, gates=(gate,))
    found: dict[str, list[dict[str, object]]] = {case.relative_to(CORPUS).as_posix(): [] for case in CASES}
    for diagnostic in run.diagnostics:
        data = diagnostic.to_json()
        found[Path(diagnostic.span.file).relative_to(CORPUS).as_posix()].append({k: data[k] for k in KEYS})
    assert any(found.values()), f"the {gate} gate found nothing in the whole corpus"
    current = json.dumps(found, indent=2, ensure_ascii=False) + "\n"
    compare(GOLDEN / "passes" / f"{gate}.json", current, update_goldens)


def test_the_example_project_is_emitted_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], update_goldens: bool
) -> None:
    copy_example(tmp_path)
    assert main(["build", str(tmp_path), "--locked"]) == 0
    capsys.readouterr()
    emitted = sorted(p for folder in ("ledger", "tests") for p in (tmp_path / folder).glob("*.py"))
    assert len(emitted) >= 4
    for path in emitted:
        compare(golden_of(path.relative_to(tmp_path)), path.read_text(encoding="utf-8"), update_goldens)
    if update_goldens:  # a module no longer emitted leaves no stale golden behind
        names = {golden_of(p.relative_to(tmp_path)) for p in emitted}
        for old in (GOLDEN / "example").rglob("*.golden"):
            if old not in names:
                old.unlink()


def golden_of(relative: Path) -> Path:
    """Where an emitted file's golden lives: named `.golden`, so that neither pytest nor mypy takes it for code."""
    return GOLDEN / "example" / relative.parent / f"{relative.name}.golden"
