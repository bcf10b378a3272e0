"""Golden tests of `aic check` on corpus/check: every case exits as expected, every `# expect: CODE` marker is
found on its line, and the whole JSON output matches tests/golden/check/<case>.json (`--update-goldens`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aic.cli import main
from tests.conftest import CORPUS, GOLDEN

CASES = sorted((CORPUS / "check").glob("*.py"))
MARKER = re.compile(r"#\s*expect:\s*(AIC\d{3})")


def expected_markers(path: Path) -> set[tuple[int, str]]:
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for match in MARKER.finditer(line):
            found.add((number, match.group(1)))
    return found


def run_check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main(["check", "--format", "json", str(path)])
    out = capsys.readouterr().out
    return code, json.loads(out)


def stable(report: dict[str, object]) -> list[dict[str, object]]:
    """The golden view: what a diagnostic says and where, without absolute paths."""
    diagnostics = report["diagnostics"]
    assert isinstance(diagnostics, list)
    keys = ("code", "severity", "tool", "tool_code", "line", "column", "end_line", "end_column", "message")
    return [{key: d[key] for key in keys} for d in diagnostics]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path, capsys: pytest.CaptureFixture[str], update_goldens: bool) -> None:
    code, report = run_check(case, capsys)
    markers = expected_markers(case)
    assert code == (1 if markers else 0), report
    diagnostics = report["diagnostics"]
    assert isinstance(diagnostics, list)
    found = {(d["line"], d["code"]) for d in diagnostics}
    assert markers <= found, f"missing {sorted(markers - found)}; found {sorted(found)}"
    if not markers:
        failing = [d for d in diagnostics if d["severity"] in ("error", "warning")]
        assert failing == []
    golden = GOLDEN / "check" / f"{case.stem}.json"
    current = json.dumps(stable(report), indent=2, ensure_ascii=False) + "\n"
    if update_goldens or not golden.exists():
        golden.write_text(current, encoding="utf-8")
        if not update_goldens:
            pytest.fail(f"golden file {golden.name} was missing and has been written; run again")
    assert current == golden.read_text(encoding="utf-8")


def test_corpus_covers_every_required_fault() -> None:
    codes = {code for case in CASES for _, code in expected_markers(case)}
    required = {
        "AIC001",
        "AIC100",
        "AIC101",
        "AIC301",
        "AIC302",
        "AIC304",
        "AIC305",
        "AIC306",
        "AIC307",
        "AIC308",
        "AIC400",
        "AIC402",
        "AIC403",
    }
    assert required <= codes
    assert any(not expected_markers(case) for case in CASES), "at least one clean case"
