"""Partial modules: one function no candidate passed no longer blocks the module. Under --keep-going (or
`[tool.aic] partial = true`) it is emitted as a stub raising NotImplementedError, marked in the header, the lock,
the report and the build summary; `aic gate` refuses it unless the project allows partial modules, and `aic adopt`
takes a hand-written body for it through every gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aic import backends
from aic.cli import main
from aic.state.lock import LOCK_NAME, loads
from tests.compiler.keyed_build import KeyedBackend
from tests.compiler.scripted import ScriptedBackend, fenced, run_emitted_tests
from tests.compiler.test_build import CLAMP, DOUBLE, DOUBLE_WRONG

COUNT = 8
HARD = "add3"  # the one function whose every candidate fails its example


def eight_functions(project: Path) -> dict[str, str]:
    """An intent of eight functions, `addK(x) = x + K`, and the code a model writes: right but for HARD."""
    stubs, codes = [], {}
    for k in range(COUNT):
        stubs.append(
            f'def add{k}(x: int) -> int:\n    """x plus {k}.\n\n    >>> add{k}(10)\n    {10 + k}\n    """\n    ...\n'
        )
        codes[f"add{k}"] = f"def add{k}(x: int) -> int:\n    return x + {k + (1 if f'add{k}' == HARD else 0)}\n"
    (project / "intents" / "arith.py").write_text('"""Adders."""\n\n\n' + "\n\n".join(stubs))
    return codes


def build(project: Path, backend: object, monkeypatch: pytest.MonkeyPatch, *flags: str) -> int:
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    return main(["build", str(project), *flags])


def test_seven_of_eight_are_emitted_with_a_marked_stub(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = eight_functions(project)
    assert build(project, KeyedBackend(codes), monkeypatch, "--keep-going", "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)["modules"][0]
    assert report["not_generated"] == [HARD] and report["emitted"]
    verdicts = {f["name"]: f["verdict"] for f in report["functions"]}
    assert verdicts == {f"add{k}": "not-generated" if f"add{k}" == HARD else "verified" for k in range(COUNT)}
    text = (project / "pkg" / "arith.py").read_text()
    assert text.split("\n")[2] == f"# aic-partial: not generated: {HARD}"  # in the header, under its digest
    assert f"aic did not generate `{HARD}`: no candidate passed every gate in 3 call(s)" in text
    assert "AIC400" in text  # the reason names the finding
    lock = loads((project / LOCK_NAME).read_text())
    functions = lock.modules["arith"].functions
    assert functions[HARD].verdict == "not-generated" and functions[HARD].gates == {}
    assert functions[HARD].calls == 3 and "raise NotImplementedError" in functions[HARD].source
    assert all(f.verdict == "verified" and f.gates["examples"] == "passed" for n, f in functions.items() if n != HARD)
    done = run_emitted_tests(project)  # the emitted tests check the seven and leave the stub out
    assert done.returncode == 0 and "7 passed" in done.stdout, done.stdout
    assert main(["report", str(project), "--format", "json"]) == 0
    compliance = json.loads(capsys.readouterr().out)
    assert compliance["summary"]["not_generated"] == 1
    by_name = {f["name"]: f for f in compliance["modules"][0]["functions"]}
    assert by_name[HARD]["verdict"] == "not-generated" and by_name[HARD]["gates"] == {}


def test_without_keep_going_nothing_is_emitted(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(project, ScriptedBackend([fenced(DOUBLE_WRONG)] * 4), monkeypatch) == 1
    assert not (project / "pkg" / "arith.py").exists()
    capsys.readouterr()


def test_a_module_with_no_function_generated_is_not_emitted(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = ScriptedBackend([fenced(DOUBLE_WRONG)] * 8)  # clamp's candidates are wrong for it too
    assert build(project, backend, monkeypatch, "--keep-going", "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)["modules"][0]
    assert report["emitted"] is None and not (project / "pkg" / "arith.py").exists()


def test_the_partial_setting_emits_without_keep_going(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    allow_partial(project)
    assert build(project, ScriptedBackend([fenced(DOUBLE_WRONG)] * 4 + [fenced(CLAMP)]), monkeypatch) == 1
    assert "PARTIAL: 1 function(s) not generated" in capsys.readouterr().out
    assert "raise NotImplementedError" in (project / "pkg" / "arith.py").read_text()


@pytest.fixture
def partial(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """The two-function project with `double` not generated (every candidate fails `double(4) == 8`)."""
    backend = ScriptedBackend([fenced(DOUBLE_WRONG)] * 4 + [fenced(CLAMP)])
    assert build(project, backend, monkeypatch, "--keep-going") == 1
    assert "STUB" not in capsys.readouterr().out
    return project


def allow_partial(project: Path) -> None:
    text = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(text.replace("[tool.aic]\n", "[tool.aic]\npartial = true\n"))


def test_the_gate_refuses_a_partial_module_unless_the_project_allows_it(
    partial: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = str(partial / "pkg" / "arith.py")
    assert main(["gate", module]) == 1
    assert "AIC703" in capsys.readouterr().out
    allow_partial(partial)
    assert main(["gate", module]) == 0
    capsys.readouterr()


def test_locked_replays_the_partial_module_byte_for_byte(
    partial: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    copy = tmp_path_factory.mktemp("copy")
    for name in ("pyproject.toml", LOCK_NAME, "intents/arith.py"):
        (copy / name).parent.mkdir(exist_ok=True)
        shutil.copy(partial / name, copy / name)
    backend = ScriptedBackend([])
    assert build(copy, backend, monkeypatch, "--locked") == 1  # replayed as it was: partial
    assert backend.requests == []
    assert (copy / "pkg" / "arith.py").read_bytes() == (partial / "pkg" / "arith.py").read_bytes()
    assert "STUB   double" in capsys.readouterr().out


def test_a_rebuild_asks_for_the_missing_function_again(
    partial: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = ScriptedBackend([fenced(DOUBLE)])
    assert build(partial, backend, monkeypatch, "--no-cache") == 0
    assert len(backend.requests) == 1  # clamp came from the lock
    text = (partial / "pkg" / "arith.py").read_text()
    assert "aic-partial" not in text and "NotImplementedError" not in text
    assert loads((partial / LOCK_NAME).read_text()).modules["arith"].functions["double"].verdict == "verified"
    capsys.readouterr()


def test_adopt_takes_a_hand_written_body_for_the_stub(partial: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = partial / "pkg" / "arith.py"
    text = module.read_text()
    start = text.index("def double")
    end = text.index("def clamp")
    wrong = text[:start] + "def double(x: int) -> int:\n    return x + 2\n\n\n" + text[end:]
    module.write_text(wrong)
    assert main(["adopt", str(module)]) == 1  # through every gate: its example fails
    assert "AIC400" in capsys.readouterr().out
    assert module.read_text() == wrong  # nothing written
    module.write_text(text[:start] + "def double(x: int) -> int:\n    return x * 2\n\n\n" + text[end:])
    assert main(["adopt", str(module)]) == 0
    capsys.readouterr()
    adopted = module.read_text()
    assert "aic-partial" not in adopted and '"""Twice x.' in adopted  # the intent's docstring is back
    double = loads((partial / LOCK_NAME).read_text()).modules["arith"].functions["double"]
    assert (double.origin, double.verdict, double.gates["examples"]) == ("human", "verified", "passed")
    assert main(["gate", str(module)]) == 0  # complete now: no partial allowance needed
    done = run_emitted_tests(partial)
    assert done.returncode == 0 and "2 passed" in done.stdout, done.stdout


def test_adopt_keeps_an_untouched_stub(partial: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = partial / "pkg" / "arith.py"
    text = module.read_text()
    module.write_text(text.replace("return max(low, min(value, high))", "return min(max(value, low), high)"))
    assert main(["adopt", str(module)]) == 0
    capsys.readouterr()
    entry = loads((partial / LOCK_NAME).read_text()).modules["arith"]
    assert entry.functions["double"].verdict == "not-generated" and entry.functions["clamp"].origin == "human"
    assert module.read_text().split("\n")[2] == "# aic-partial: not generated: double"


def test_a_lock_edited_to_call_a_stub_verified_does_not_hide_it(
    partial: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = partial / LOCK_NAME
    data = json.loads(lock.read_text())
    double = data["modules"]["arith"]["functions"]["double"]
    double["verdict"] = "verified"
    double["gates"] = {g: "passed" for g in ("syntax", "types", "lint", "security", "examples", "contracts")}
    lock.write_text(json.dumps(data, indent=2))
    assert main(["gate", str(partial / "pkg" / "arith.py")]) == 1  # the module's own marker still says partial
    assert "AIC703" in capsys.readouterr().out
