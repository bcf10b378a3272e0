"""A project's build with aic.lock and the reply cache: reuse, --locked replay, stale entries, budgets."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from aic import backends
from aic.backends import BackendError
from aic.cli import main
from aic.config import BuildSettings
from aic.passes import GATES
from aic.state import cost as cost_module
from aic.state.cost import estimate_prompt_tokens
from aic.state.lock import LOCK_NAME, loads
from tests.compiler.scripted import ScriptedBackend, fenced, run_emitted_tests
from tests.compiler.test_build import CLAMP, DOUBLE, DOUBLE_WRONG, INTENT


def run(
    project: Path, replies: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *flags: str
) -> tuple[int, dict[str, object], str, ScriptedBackend]:
    backend = ScriptedBackend(replies)
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    code = main(["build", str(project), "--format", "json", *flags])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {}, captured.err, backend


def no_model(settings: BuildSettings) -> ScriptedBackend:
    raise BackendError("the model must not be needed")


def tree(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def test_the_lock_records_the_build(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _, backend = run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)
    assert code == 0
    text = (project / LOCK_NAME).read_text()
    lock = loads(text)
    entry = lock.modules["arith"]
    assert entry.output == "pkg/arith.py" and entry.intent == "intents/arith.py"
    double = entry.functions["double"]
    assert double.code == ("def double(x: int) -> int:", *double.code[1:])
    assert double.code[-1] == "    return x * 2"
    assert double.prompt_digest == backend.requests[0].prompt_digest()
    assert double.gates["examples"] == "passed" and set(double.tools) >= {"aic", "mypy", "ruff", "bandit", "z3-solver"}
    assert (double.backend, double.model, double.calls, double.repairs) == ("scripted", "scripted-model", 1, 0)
    assert double.prompt_tokens == 100 and double.cost == 0.0
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert report["summary"]["calls"] == 2  # type: ignore[index]


def test_an_unchanged_project_rebuilds_from_the_lock_with_no_call(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    before = tree(project)
    code, report, _, backend = run(project, [], monkeypatch, capsys)
    assert code == 0 and backend.requests == []
    origins = [f["origin"] for m in report["modules"] for f in m["functions"]]  # type: ignore[attr-defined]
    assert origins == ["lock", "lock"]
    after = tree(project)
    assert {k: v for k, v in after.items() if not k.startswith(".aic/")} == {
        k: v for k, v in before.items() if not k.startswith(".aic/")
    }


def test_locked_replays_without_a_model_and_byte_for_byte(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    copies = []
    for n in range(2):
        copy = tmp_path_factory.mktemp(f"copy{n}")
        for name in ("pyproject.toml", LOCK_NAME, "intents/arith.py"):
            (copy / name).parent.mkdir(exist_ok=True)
            (copy / name).write_bytes((project / name).read_bytes())
        monkeypatch.setattr(backends, "make_backend", no_model)
        assert main(["build", str(copy), "--locked"]) == 0
        copies.append({k: v for k, v in tree(copy).items() if not k.startswith(".aic/")})
        assert run_emitted_tests(copy).returncode == 0
    assert copies[0] == copies[1]
    assert copies[0]["pkg/arith.py"] == (project / "pkg" / "arith.py").read_bytes()


def test_locked_names_a_changed_intent_and_a_missing_entry(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(project), "--locked"]) == 1
    assert "aic.lock: not found" in capsys.readouterr().err
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    (project / "intents" / "arith.py").write_text(INTENT.replace(">>> double(4)\n    8", ">>> double(5)\n    10"))
    code, _, err, backend = run(project, [], monkeypatch, capsys, "--locked")
    assert code == 1 and backend.requests == []
    assert "arith.double: the intent changed since aic.lock was written" in err
    assert "clamp" not in err
    text = INTENT.replace("    ...\n", '    ...\n\n\ndef neg(x: int) -> int:\n    """Minus x."""\n    ...\n', 1)
    (project / "intents" / "arith.py").write_text(text)
    code, _, err, _ = run(project, [], monkeypatch, capsys, "--locked")
    assert code == 1 and "arith.neg: no entry in aic.lock" in err


def test_a_changed_function_alone_is_rebuilt(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    old = loads((project / LOCK_NAME).read_text()).modules["arith"]
    (project / "intents" / "arith.py").write_text(INTENT.replace(">>> double(4)\n    8", ">>> double(5)\n    10"))
    code, _, _, backend = run(project, [fenced(DOUBLE)], monkeypatch, capsys)
    assert code == 0 and len(backend.requests) == 1
    assert "double" in backend.requests[0].messages[-1].content
    new = loads((project / LOCK_NAME).read_text()).modules["arith"]
    assert new.functions["clamp"] == old.functions["clamp"]
    assert new.functions["double"].intent_digest != old.functions["double"].intent_digest


def test_the_reply_cache_answers_a_repeated_build(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    (project / LOCK_NAME).unlink()
    code, report, _, backend = run(project, [], monkeypatch, capsys)
    assert code == 0 and backend.requests == []
    assert report["summary"]["cache_hits"] == 2 and report["summary"]["calls"] == 0  # type: ignore[index]
    code, report, _, backend = run(
        project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys, "--no-cache", "--refresh"
    )
    assert code == 0 and len(backend.requests) == 2


def test_truncated_replies_are_refused_and_never_cached(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = ScriptedBackend([fenced(DOUBLE)] * 4, finish_reason="length")
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    assert main(["build", str(project), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    attempts = report["modules"][0]["functions"][0]["attempts"]
    # two fresh samples, then one repair of the first (samples 2, max_repairs 1)
    assert [d["code"] for a in attempts for d in a["diagnostics"]] == ["AIC602"] * 3
    assert not list((project / ".aic" / "cache").rglob("*.json"))
    assert not (project / LOCK_NAME).exists()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("{not json", "aic.lock:1:2: not valid JSON"),
        ('{"version": 99, "modules": {}}', "written by a newer aic (lock version 99"),
        ('{"version": 1, "modules": {"arith": 3}}', "modules.arith: expected an object"),
        ('{"version": 1}', "modules: missing"),
    ],
)
def test_a_bad_lock_is_a_one_line_error(
    project: Path, text: str, needle: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / LOCK_NAME).write_text(text)
    for flags in ((), ("--locked",)):
        code, _, err, backend = run(project, [], monkeypatch, capsys, *flags)
        assert code == 2 and needle in err and err.count("\n") == 1 and backend.requests == []
    assert (project / LOCK_NAME).read_text() == text  # a lock aic cannot read is never overwritten


def test_edited_locked_code_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    lock = (project / LOCK_NAME).read_text()
    (project / LOCK_NAME).write_text(lock.replace('"    return x * 2"', '"    return x * 3"'))
    code, _, err, _ = run(project, [], monkeypatch, capsys, "--locked")
    assert code == 2 and "arith.double: code does not match its code_digest" in err


def test_max_tokens_stops_before_the_first_call_that_could_pass_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err, backend = run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys, "--max-tokens", "100")
    assert code == 2 and backend.requests == []
    assert "stopped before a call that could pass --max-tokens 100" in err
    assert not (project / LOCK_NAME).exists()


def test_max_cost_needs_a_price_and_stops_at_the_cap(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err, backend = run(project, [fenced(DOUBLE)], monkeypatch, capsys, "--max-cost", "1")
    assert code == 2 and backend.requests == [] and "add it to [tool.aic.prices]" in err
    with (project / "pyproject.toml").open("a") as handle:
        handle.write('[tool.aic.prices]\n"scripted/scripted-model" = { input = 1000.0, output = 1000.0 }\n')
    code, report, _, backend = run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys, "--max-cost", "9")
    assert code == 0
    spent = report["summary"]["cost"]  # type: ignore[index]
    assert spent == pytest.approx(sum(100 + len(fenced(c)) // 4 for c in (DOUBLE, CLAMP)) * 1000 / 1e6)
    worst = [(estimate_prompt_tokens(r.messages) + r.max_tokens) * 1000 / 1e6 for r in backend.requests]
    # A cap that lets the first call through but not a second one whose worst case would pass it.
    cap = f"{worst[0]:.6f}"
    code, _, err, backend = run(
        project, [fenced(DOUBLE)], monkeypatch, capsys, "--max-cost", cap, "--refresh", "--no-cache"
    )
    assert code == 2 and len(backend.requests) == 1 and f"--max-cost {float(cap):g}" in err


def test_the_build_record_holds_cpu_seconds(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ticks = itertools.count(0.0, 0.25)  # process CPU time, read before and after each call: 0.25 s per call
    monkeypatch.setattr(cost_module, "_cpu", lambda: next(ticks))
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    record = json.loads((project / ".aic" / "last-build.json").read_text())
    assert record["calls"] == 2 and record["cpu_seconds"] == 0.5
    assert record["functions"]["arith.clamp"]["cpu_seconds"] == 0.25
    assert record["functions"]["arith.double"]["origin"] == "model"


def test_a_rebuild_judges_the_candidate_not_the_module_left_at_its_path(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    assert (project / "pkg" / "arith.py").exists()  # a clean module where the candidate will be checked
    (project / "intents" / "arith.py").write_text(INTENT.replace(">>> double(4)\n    8", ">>> double(5)\n    10"))
    typed_wrong = "def double(x: int) -> int:\n    label: str = x\n    return x * 2\n"
    code, report, _, _ = run(project, [fenced(typed_wrong), fenced(DOUBLE)], monkeypatch, capsys)
    assert code == 0
    attempts = report["modules"][0]["functions"][0]["attempts"]  # type: ignore[index]
    assert {"AIC100", "AIC200"} <= {d["code"] for d in attempts[0]["diagnostics"]}  # mypy and ruff both see it


@pytest.mark.parametrize(
    ("flags", "needle"),
    [
        (("--max-tokens", "-5"), "max_tokens: expected a whole number >= 0, got -5"),
        (("--max-cost", "nan"), "max_cost: expected a number >= 0, got nan"),
        (("--max-cost", "-1"), "max_cost: expected a number >= 0, got -1.0"),
    ],
)
def test_bad_budgets_are_one_line_errors(
    project: Path, flags: tuple[str, ...], needle: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    code, _, err, backend = run(project, [], monkeypatch, capsys, *flags)
    assert code == 2 and needle in err and err.count("\n") == 1 and backend.requests == []


def test_a_damaged_audit_log_stops_the_build_and_keeps_what_was_locked(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    log = project / "aic-audit.jsonl"
    log.write_bytes(log.read_bytes()[:-40] + b"\n")
    damaged = log.read_bytes()
    (project / "intents" / "arith.py").write_text(INTENT.replace(">>> double(4)\n    8", ">>> double(5)\n    10"))
    code, _, err, _ = run(project, [fenced(DOUBLE)], monkeypatch, capsys)
    assert code == 2 and "the last entry is damaged" in err and "Traceback" not in err
    assert log.read_bytes() == damaged  # nothing appended over the damage
    assert loads((project / LOCK_NAME).read_text()).modules["arith"].functions["double"].code[-1].endswith("x * 2")


def _switch(project: Path, **gates: bool) -> None:
    text = (project / "pyproject.toml").read_text().split("[tool.aic.gates]")[0]
    lines = "".join(f"{gate} = {str(on).lower()}\n" for gate, on in gates.items())
    (project / "pyproject.toml").write_text(text + ("[tool.aic.gates]\n" + lines if gates else ""))


def test_a_switched_off_gate_never_runs_and_is_recorded_disabled(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from aic.state.audit import AUDIT_NAME
    from aic.state.audit import read as read_audit

    _switch(project, examples=False, contracts=False)
    # `double` fails its own example: the build accepts it on its first reply only if the examples never run.
    code, _, _, backend = run(project, [fenced(DOUBLE_WRONG), fenced(CLAMP)], monkeypatch, capsys)
    assert code == 0 and len(backend.requests) == 2
    lock = loads((project / LOCK_NAME).read_text())
    assert lock.disabled == ("contracts", "examples")
    for function in lock.modules["arith"].functions.values():
        assert function.gates == {g: "disabled" if g in ("contracts", "examples") else "passed" for g in GATES}
    built = [e for e in read_audit(project / AUDIT_NAME) if e["event"] == "built"]
    assert len(built) == 2 and all(e["gates"]["examples"] == "disabled" for e in built)
    assert main(["report", str(project), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    verdicts = [f["gates"] for m in report["modules"] for f in m["functions"]]
    assert all(v["examples"] == v["contracts"] == "disabled" for v in verdicts)
    assert report["summary"]["gates_off"] == "contracts, examples"
    assert main(["gate", str(project / "pkg" / "arith.py")]) == 0  # the waiver is the lock's own


def test_verdicts_follow_the_gates_of_the_latest_verification(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, [fenced(DOUBLE), fenced(CLAMP)], monkeypatch, capsys)[0] == 0
    _switch(project, contracts=False)  # re-verified from the lock, no call: contracts did not run this time
    code, _, _, backend = run(project, [], monkeypatch, capsys)
    assert code == 0 and backend.requests == []
    double = loads((project / LOCK_NAME).read_text()).modules["arith"].functions["double"]
    assert (double.gates["contracts"], double.gates["examples"]) == ("disabled", "passed")
    _switch(project)  # on again: the module check ran it, so it has a verdict again
    code, _, _, backend = run(project, [], monkeypatch, capsys)
    assert code == 0 and backend.requests == []
    double = loads((project / LOCK_NAME).read_text()).modules["arith"].functions["double"]
    assert double.gates["contracts"] == "none"  # `double` states no contract
