"""`aic gate`: generated modules pass only as verified and locked; other Python files only with --all-python."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from aic.cli import main
from aic.state.lock import LOCK_NAME
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


def test_intents_are_checked_as_intents_never_as_code(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intent = example / "intents" / "money.py"
    capsys.readouterr()
    for flags in ((), ("--all-python",)):  # `...` bodies are not a missing return: no AIC100
        assert gate(capsys, *flags, str(intent)) == (0, [])
    main(["gate", str(intent)])
    assert "1 intent file(s) passed" in capsys.readouterr().out


def test_an_intent_may_import_what_its_build_would_allow(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intent = example / "intents" / "invoice.py"  # imports ledger.money, emitted by the build
    capsys.readouterr()
    assert gate(capsys, str(intent)) == (0, [])
    # A name the imported module does not define itself is still refused, as `aic build` would refuse it.
    intent.write_text(intent.read_text().replace("import format_cents,", "import Decimal, format_cents,"))
    assert gate(capsys, str(intent)) == (1, ["AIC316"])


@pytest.mark.parametrize(
    ("change", "code", "line"),
    [
        (("    ...\n", "    return 1\n", -1), "AIC704", 1),  # no stub left to generate
        (('>>> to_cents("7")', '>>> to_cents("7"', 1), "AIC704", 12),  # an example that does not parse
        (("    1230\n", "    1230\n\n    Ensures: result >\n", 1), "AIC704", 13),  # nor does this contract
        (('"""\n\n\n', '"""\n\nimport subprocess\n\n\n', 1), "AIC304", 3),  # an import the policy refuses
        (('>>> to_cents("7")', '>>> __import__("os").system("id")', 1), "AIC302", 12),  # a hostile example
    ],
)
def test_an_intent_that_would_not_build_is_refused_where_it_is_wrong(
    example: Path, change: tuple[str, str, int], code: str, line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    intent = example / "intents" / "money.py"
    old, new, count = change
    text = intent.read_text()
    assert old in text
    intent.write_text(text.replace(old, new, count))
    capsys.readouterr()
    assert main(["gate", "--format", "json", str(intent)]) == 1
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (found[0]["code"], found[0]["line"]) == (code, line), found


def test_an_intents_folder_outside_an_aic_project_holds_plain_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "bot"\n')  # no [tool.aic]: not aic's intents
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "greet.py").write_text('def greet() -> str:\n    """Hi."""\n    ...\n')
    code, codes = gate(capsys, "--all-python", str(tmp_path / "intents" / "greet.py"))
    assert code == 1 and "AIC100" in codes  # checked as code: `...` is a missing return


def test_a_lock_that_drops_a_verdict_does_not_pass(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = example / "ledger" / "money.py"
    lock = example / LOCK_NAME
    data = json.loads(lock.read_text())
    del data["modules"]["money"]["functions"]["to_cents"]["gates"]["examples"]  # as if the gate never judged it
    lock.write_text(json.dumps(data, indent=2))
    capsys.readouterr()
    code, codes = gate(capsys, str(module))
    assert code == 1 and codes == ["AIC702"]
