"""On the example project (its committed lock and audit log): `aic report` in every format, the SARIF valid
against the schema, `aic audit verify` passing, then failing after any one byte of the log changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aic.cli import main
from aic.state.audit import AUDIT_NAME
from tests.compiler.conftest import copy_example
from tests.compiler.test_sarif_schema import problems
from tests.conftest import CORPUS


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy_example(tmp_path, AUDIT_NAME)
    assert main(["build", str(tmp_path), "--locked"]) == 0
    assert (tmp_path / AUDIT_NAME).read_bytes() == (CORPUS / "example" / AUDIT_NAME).read_bytes()  # replay: no entry
    return tmp_path


def test_report_in_every_format(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("json", "md", "html", "sarif"):
        assert main(["report", str(example), "--format", kind, "--output", str(example / f"r.{kind}")]) == 0
    data = json.loads((example / "r.json").read_text())
    assert data["summary"]["functions"] == 10 and data["summary"]["audit_chain"] == "intact"
    assert all(f["history"] for m in data["modules"] for f in m["functions"])  # each function's build is logged
    assert "## Module `money`" in (example / "r.md").read_text()
    assert "id='module-identifiers'" in (example / "r.html").read_text()
    assert problems(json.loads((example / "r.sarif").read_text())) == []


def test_audit_verify_then_any_changed_byte_fails(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = example / AUDIT_NAME
    good = log.read_bytes()
    assert main(["audit", "verify", str(example)]) == 0
    for position in range(0, len(good), max(1, len(good) // 9)):
        changed = bytearray(good)
        changed[position] = (changed[position] + 1) % 256
        log.write_bytes(bytes(changed))
        assert main(["audit", "verify", str(example)]) == 1, position
    capsys.readouterr()
