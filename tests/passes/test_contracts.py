"""The contracts gate on corpus/contracts: every function marked refuted is refused with a counterexample the
real function reproduces, every one marked proved passes, and the verdicts are the same on a second run."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from aic.cli import main
from tests.conftest import CORPUS

CASES = sorted((CORPUS / "contracts").glob("*.py"))
MARKER = re.compile(r"^def (\w+)\(.*#\s*expect:\s*(proved|refuted|undecided)\s*$")


def expectations(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = MARKER.match(line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def contract_findings(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    main(["check", "--format", "json", "--gates", "syntax,contracts", str(path)])
    diagnostics = json.loads(capsys.readouterr().out)["diagnostics"]
    assert isinstance(diagnostics, list)
    return [d for d in diagnostics if str(d["code"]).startswith("AIC5")]


def owner(path: Path, line: int) -> str:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return next(n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.lineno <= line <= (n.end_lineno or 0))


def test_the_corpus_is_big_enough() -> None:
    marked = [v for case in CASES for v in expectations(case).values()]
    assert len(marked) >= 20 and marked.count("refuted") >= 10 and marked.count("proved") >= 10


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_wrong_functions_are_refuted_right_ones_pass(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = expectations(case)
    findings = contract_findings(case, capsys)
    verdicts = {owner(case, int(str(d["line"]))): d for d in findings}
    assert {n for n, v in expected.items() if v != "proved"} == set(verdicts)
    for name, finding in verdicts.items():
        if expected[name] == "undecided":  # beyond z3, and the property test found nothing either
            assert finding["code"] == "AIC502" and "hypothesis found no counterexample" in str(finding["message"])
            continue
        assert finding["code"] == "AIC501" and finding["severity"] == "error"
        example = finding["counterexample"]
        assert isinstance(example, dict) and example["method"] in ("z3", "hypothesis")
        assert set(example["inputs"]) and example["result"]  # inputs and what the real function gave back
        assert f"{name}(" in str(finding["message"])
    assert contract_findings(case, capsys) == findings  # the same verdicts, counterexamples included, twice
