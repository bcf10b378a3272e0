"""`aic adopt`: a hand edit that passes every gate is recorded as human-made; later builds and the gate keep it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aic.cli import main
from aic.state.lock import LOCK_NAME, loads
from tests.compiler.conftest import copy_example

EDIT = (
    "return (cents * basis_points + 5000) // 10000",
    "half = 5000\n    return (cents * basis_points + half) // 10000",
)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy_example(tmp_path)
    # invoice imports ledger.money: an adopted edit of money invalidates it (a rebuild asks the model again),
    # which these tests of adopting money itself leave aside.
    (tmp_path / "intents" / "invoice.py").unlink()
    assert main(["build", str(tmp_path), "--locked"]) == 0
    return tmp_path


def test_adopting_an_edit_records_it_and_builds_keep_it(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = example / "ledger" / "money.py"
    module.write_text(module.read_text().replace(*EDIT))
    assert main(["gate", str(module)]) == 1
    assert main(["adopt", str(module), "--by", "alice@example.com"]) == 0
    assert main(["gate", str(module)]) == 0
    adopted = module.read_bytes()
    assert b"half = 5000" in adopted
    lock = loads((example / LOCK_NAME).read_text())
    entry = lock.modules["money"]
    assert entry.adopted_by == "alice@example.com" and entry.adopted_at.endswith("Z")
    assert entry.functions["percent_of"].origin == "human"
    assert entry.functions["to_cents"].origin == "model"
    for flags in (["--locked"], []):
        capsys.readouterr()
        assert main(["build", str(example), *flags]) == 0
        assert module.read_bytes() == adopted
    assert loads((example / LOCK_NAME).read_text()).modules["money"].adopted_by == "alice@example.com"


def test_an_edit_that_fails_a_gate_is_not_adopted(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = example / "ledger" / "money.py"
    lock_before = (example / LOCK_NAME).read_bytes()
    module.write_text(module.read_text().replace(*EDIT).replace("+ half) // 10000", "+ half) // 1000"))
    edited = module.read_bytes()
    assert main(["adopt", str(module)]) == 1
    out = capsys.readouterr().out
    assert "AIC400" in out and "nothing was recorded" in out
    assert (example / LOCK_NAME).read_bytes() == lock_before and module.read_bytes() == edited


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda text: text + "\n\ndef helper() -> int:\n    return 1\n", "code outside the intent's functions"),
        (lambda text: text.split("\n\n\ndef percent_of(")[0] + "\n", "the edit removed `percent_of`"),
        (lambda text: text.replace("# aic-verified", "# not-verified"), "not a module aic generated"),
    ],
)
def test_what_cannot_be_adopted_is_one_line(
    example: Path, change: object, needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    module = example / "ledger" / "money.py"
    module.write_text(change(module.read_text()))  # type: ignore[operator]
    capsys.readouterr()
    assert main(["adopt", str(module)]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_json_lock_stays_sorted_after_adoption(example: Path) -> None:
    module = example / "ledger" / "money.py"
    module.write_text(module.read_text().replace(*EDIT))
    assert main(["adopt", str(module)]) == 0
    text = (example / LOCK_NAME).read_text()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_an_adopted_edit_invalidates_the_modules_built_against_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_example(tmp_path)
    assert main(["build", str(tmp_path), "--locked"]) == 0
    module = tmp_path / "ledger" / "money.py"
    module.write_text(module.read_text().replace(*EDIT))
    assert main(["adopt", str(module), "--by", "alice@example.com"]) == 0
    capsys.readouterr()
    assert main(["build", str(tmp_path), "--locked"]) == 1  # invoice was verified against the old money
    assert "invoice.line_total: the intent or the project code it imports changed" in capsys.readouterr().err
