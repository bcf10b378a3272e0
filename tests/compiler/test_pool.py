"""The build's candidate pool (compiler/generate/pool.py) through a scripted backend: candidates are asked for
until enough accepted ones agree on the probe inputs, the emitted one comes from the largest group, and the
evidence reaches the lock, the audit log, the summary and the compliance report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aic.cli import main
from aic.state.audit import AUDIT_NAME, read
from aic.state.lock import read_lock
from tests.compiler.scripted import fenced
from tests.compiler.test_build import CLAMP, CLAMP_WRONG, DOUBLE, DOUBLE_WRONG, functions, run_build

# Passes the intent's one example (double(4) == 8) and is wrong past 9: the example cannot tell.
DOUBLE_LUCKY = "def double(x: int) -> int:\n    return x * 2 if x < 10 else x\n"
DOUBLE_OTHER = "def double(x: int) -> int:\n    return x + x\n"
CLAMP_OTHER = "def clamp(value: int, low: int, high: int) -> int:\n    return min(max(value, low), high)\n"
NO_EXAMPLE = '''"""A helper."""


def triple(x: int) -> int:
    """Three times x."""
    ...
'''


def picked(report: dict[str, object], name: str) -> Any:
    return functions(report)[name]


def configure(project: Path, samples: int, agree: int, extra: str = "") -> None:
    amend(project, "samples = 2\nagree = 1\n", f"samples = {samples}\nagree = {agree}\n")
    path = project / "pyproject.toml"
    path.write_text(path.read_text() + extra)


def amend(project: Path, old: str, new: str) -> None:
    """Replace `old` with `new` in the project's pyproject.toml (the fixture's keys are each set once)."""
    path = project / "pyproject.toml"
    path.write_text(path.read_text().replace(old, new))


def test_easy_functions_stop_once_two_accepted_candidates_agree(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, samples=4, agree=2)
    replies = [fenced(DOUBLE), fenced(DOUBLE_OTHER), fenced(CLAMP), fenced(CLAMP_OTHER)]
    code, report, backend = run_build(project, replies, monkeypatch, capsys)
    assert code == 0 and len(backend.requests) == 4  # two calls per function, not the budget of four
    double = picked(report, "double")
    assert double["chosen"] == 0 and double["evidence"]["groups"] == [2] and double["evidence"]["probes"] > 5
    entry = read_lock(project / "aic.lock").modules["arith"].functions["double"]  # type: ignore[union-attr]
    assert entry.evidence is not None and (entry.evidence.asked, entry.evidence.accepted) == (2, 2)
    assert entry.source.endswith("    return x * 2\n")  # the greedy answer, from the agreeing pair
    assert [r["evidence"]["groups"] for r in read(project / AUDIT_NAME) if r["event"] == "built"] == [
        [2], [2]
    ]  # fmt: skip


def test_the_largest_group_outvotes_a_first_answer_that_passes_the_examples(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, samples=3, agree=2)
    replies = [fenced(DOUBLE_LUCKY), fenced(DOUBLE), fenced(DOUBLE_OTHER), fenced(CLAMP), fenced(CLAMP_OTHER)]
    code, report, backend = run_build(project, replies, monkeypatch, capsys)
    assert code == 0 and len(backend.requests) == 5
    double = picked(report, "double")
    assert [a["diagnostics"] for a in double["attempts"]] == [[], [], []]  # all three passed every gate
    assert double["chosen"] == 1 and double["evidence"]["groups"] == [2, 1]
    emitted = (project / "pkg" / "arith.py").read_text()
    assert "return x * 2\n" in emitted and "if x < 10" not in emitted
    text = main(["report", str(project), "--format", "md"])
    assert text == 0 and "2 of 3 accepted candidates agree on" in capsys.readouterr().out


def test_a_tie_goes_to_the_greedy_answer(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, samples=2, agree=2)
    replies = [fenced(DOUBLE_LUCKY), fenced(DOUBLE), fenced(CLAMP), fenced(CLAMP_OTHER)]
    code, report, _ = run_build(project, replies, monkeypatch, capsys)
    assert code == 0 and picked(report, "double")["chosen"] == 0  # one against one: nothing outvotes it
    assert picked(report, "double")["evidence"]["groups"] == [1, 1]


def test_weak_evidence_is_warned_about_and_listed_for_review(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, samples=3, agree=2)
    replies = [fenced(DOUBLE_LUCKY), fenced(DOUBLE), fenced(DOUBLE_OTHER)]  # disputed: two agree, one differs
    replies += [fenced(CLAMP_WRONG), fenced(CLAMP), fenced(CLAMP_WRONG)]  # unconfirmed: one accepted of three
    code, report, _ = run_build(project, replies, monkeypatch, capsys)
    assert code == 0  # a warning, never a refusal: agreement orders candidates
    modules: Any = report["modules"]
    warnings = {w["code"]: w for m in modules for w in m["warnings"]}
    assert sorted(warnings) == ["AIC412", "AIC413"] and warnings["AIC412"]["severity"] == "warning"
    assert warnings["AIC412"]["message"].startswith("`double` was chosen from accepted candidates that behave")
    assert "2 of 3 accepted candidates agree" in warnings["AIC412"]["message"] and warnings["AIC412"]["line"] == 4
    assert warnings["AIC413"]["message"].startswith("`clamp` rests on one accepted candidate")
    assert main(["report", str(project), "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "| weak evidence | arith.clamp (unconfirmed), arith.double (disputed) |" in text
    assert text.index("## Functions chosen on weak evidence") < text.index("## Module `arith`")
    assert "- `arith.double` (disputed)\n" in text
    assert main(["report", str(project), "--format", "html"]) == 0
    assert "<section id='weak_evidence'>" in capsys.readouterr().out


CLAMP_LUCKY = "def clamp(value: int, low: int, high: int) -> int:\n    return min(max(value, 0), 3)\n"
CLAMP_THIRD = "def clamp(value: int, low: int, high: int) -> int:\n    return max(low, min(high, value))\n"


def test_extra_samples_are_asked_only_where_the_accepted_candidates_disagree(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, samples=2, agree=3)
    amend(project, "extra_samples = 0\n", "extra_samples = 3\n")
    replies = [fenced(DOUBLE), fenced(DOUBLE_OTHER)]  # agree: settled at the budget, though short of three
    replies += [fenced(CLAMP), fenced(CLAMP_LUCKY), fenced(CLAMP_OTHER), fenced(CLAMP_THIRD)]  # split: two more
    code, report, backend = run_build(project, replies, monkeypatch, capsys)
    assert code == 0 and not backend.replies and len(backend.requests) == 6
    assert (picked(report, "double")["evidence"]["asked"], picked(report, "double")["evidence"]["groups"]) == (2, [2])
    clamp = picked(report, "clamp")["evidence"]
    assert (clamp["asked"], clamp["groups"]) == (4, [3, 1])  # stopped once three agree, one short of the cap
    assert "return max(low, min(value, high))" in (project / "pkg" / "arith.py").read_text()  # the greedy one


def test_no_candidate_runs_when_the_examples_gate_is_off(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, samples=3, agree=2, extra="[tool.aic.gates]\nexamples = false\n")
    code, report, backend = run_build(project, [fenced(DOUBLE_LUCKY), fenced(CLAMP)], monkeypatch, capsys)
    assert code == 0 and len(backend.requests) == 2  # nothing to compare on: the first accepted is emitted
    assert picked(report, "double")["evidence"]["probes"] == 0


def test_a_function_nothing_checks_is_warned_about_and_listed_first(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "intents" / "helper.py").write_text(NO_EXAMPLE)
    triple = "def triple(x: int) -> int:\n    return 3 * x\n"
    code, report, _ = run_build(project, [fenced(DOUBLE), fenced(CLAMP), fenced(triple)], monkeypatch, capsys)
    assert code == 0
    modules: Any = report["modules"]
    warnings = [w for m in modules for w in m["warnings"]]
    assert [(w["code"], w["line"]) for w in warnings] == [("AIC411", 4)]
    assert main(["report", str(project), "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "| unchecked | helper.triple |" in text
    assert text.index("## Functions nothing checks") < text.index("## Module `arith`")
    # `aic check` on the intent files says it too, as a warning at the stub.
    assert main(["check", str(project / "intents"), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    warned = [(d["code"], Path(d["file"]).name) for d in found if d["code"] == "AIC411"]
    assert warned == [("AIC411", "helper.py")]


CONJUGATE = '''"""Complex numbers."""


def conj(z: complex) -> complex:
    """The complex conjugate of z."""
    ...
'''


def test_a_function_with_no_probe_of_its_own_is_compared_on_the_calls_the_model_proposes(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No example to vary and no type hypothesis draws here: the model is asked once for calls (inputs only).
    (project / "intents" / "zcomplex.py").write_text(CONJUGATE)
    configure(project, samples=3, agree=2)
    proposal = "```python\nconj(1+2j)\nconj(0j)\nconj(-3.5-1j) == (-3.5+1j)\nprint(conj)\nconj(z)\n```"
    wrong = "def conj(z: complex) -> complex:\n    return z\n"
    right = "def conj(z: complex) -> complex:\n    return z.conjugate()\n"
    other = "def conj(z: complex) -> complex:\n    return complex(z.real, -z.imag)\n"
    replies = [fenced(DOUBLE), fenced(DOUBLE_OTHER), fenced(CLAMP), fenced(CLAMP_OTHER), proposal,
               fenced(wrong), fenced(right), fenced(other)]  # fmt: skip
    code, report, backend = run_build(project, replies, monkeypatch, capsys)
    assert code == 0 and not backend.replies
    asked = backend.requests[4]
    assert "never its expected outputs" in asked.messages[0].content and "conj" in asked.messages[1].content
    assert asked.temperature == 0.0
    # Only the functions without probes of their own were asked: the four arith calls were candidates.
    assert all("expected outputs" not in r.messages[0].content for k, r in enumerate(backend.requests) if k != 4)
    conj = picked(report, "conj")
    # Three calls kept (the comparison line's call counts as a call; `print(conj)` and `conj(z)` do not): the
    # greedy `return z` is outvoted by the two that agree.
    assert conj["evidence"]["probes"] == 3 and conj["evidence"]["groups"] == [2, 1] and conj["chosen"] == 1
    assert "conjugate" in (project / "pkg" / "zcomplex.py").read_text()
    # The proposal is one of the function's calls: in the summary and in the lock, with its tokens.
    assert conj["calls"] == 4
    entry = read_lock(project / "aic.lock").modules["zcomplex"].functions["conj"]  # type: ignore[union-attr]
    assert entry.calls == 4 and entry.completion_tokens == sum(len(r) // 4 for r in replies[4:])


def test_no_proposal_is_asked_when_switched_off(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "intents" / "zcomplex.py").write_text(CONJUGATE)
    configure(project, samples=1, agree=1, extra="")
    amend(project, "agree = 1\n", "agree = 1\npropose = false\n")
    right = "def conj(z: complex) -> complex:\n    return z.conjugate()\n"
    code, report, backend = run_build(project, [fenced(DOUBLE), fenced(CLAMP), fenced(right)], monkeypatch, capsys)
    assert code == 0 and len(backend.requests) == 3
    assert picked(report, "conj")["evidence"]["probes"] == 0


def test_styles_take_turns_and_each_first_answer_is_greedy(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, samples=3, agree=3)
    amend(project, "[tool.aic]\n", '[tool.aic]\nstyles = ["plain", "aic"]\n')
    replies = [fenced(DOUBLE), fenced(DOUBLE_OTHER), fenced(DOUBLE), fenced(CLAMP), fenced(CLAMP_OTHER)]
    replies += [fenced(CLAMP)]
    code, report, backend = run_build(project, replies, monkeypatch, capsys)
    assert code == 0 and len(backend.requests) == 6
    first, second, third = backend.requests[:3]
    assert [m.role for m in first.messages] == ["user"] and "Complete the following" in first.messages[0].content
    assert "def double(x: int) -> int:" in first.messages[0].content
    assert second.messages[0].role == "system"
    assert "Write the body of the function `double`" in second.messages[1].content
    assert third.messages == first.messages  # the third candidate: plain again, now sampled
    assert [r.temperature for r in backend.requests[:3]] == [0.0, 0.0, 0.7]
    assert len({r.seed for r in backend.requests[:3]}) == 3
    assert picked(report, "double")["evidence"]["groups"] == [3]


def test_extra_samples_take_their_own_styles_and_a_new_styles_first_answer_is_greedy(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, samples=2, agree=2)
    amend(project, "extra_samples = 0\n", 'extra_samples = 2\nextra_styles = ["plan", "aic"]\n')
    # A 1-1 split at the budget; the first extra (plan style) is refused, the second settles it.
    replies = [fenced(DOUBLE_LUCKY), fenced(DOUBLE), fenced(DOUBLE_WRONG), fenced(DOUBLE_OTHER)]
    replies += [fenced(CLAMP), fenced(CLAMP_OTHER)]  # agree within `samples`: no extra, no plan-style prompt
    code, report, backend = run_build(project, replies, monkeypatch, capsys)
    assert code == 0 and not backend.replies
    styles = [
        "plan" if r.messages[0].content.startswith("First write") else r.messages[0].role for r in backend.requests
    ]
    assert styles == ["system", "system", "plan", "system", "system", "system"]
    # aic's greedy answer was the first candidate: asked again in the extras, it is sampled, not repeated.
    assert [r.temperature for r in backend.requests[:4]] == [0.0, 0.7, 0.0, 0.7]
    assert picked(report, "double")["evidence"]["groups"] == [2, 1]
