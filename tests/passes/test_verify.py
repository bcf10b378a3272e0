"""`aic.passes.verify`, the one path from IR to verdict: the `[tool.aic.gates]` switches, the sandbox's lifetime,
deduplication and the blocking rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from aic.config import build_config
from aic.passes import GATES, PassManager, PipelineError, Services, Unit, pipeline, verify
from aic.verifiers.sandbox import Sandbox

WRONG_EXAMPLE = 'def double(x: int) -> int:\n    """Twice x.\n\n    >>> double(2)\n    5\n    """\n    return x * 2\n'


@dataclass(frozen=True)
class Switches:
    gates: dict[str, bool] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=lambda: build_config({}, None).options)
    isolation: str = "waived"


def test_a_switched_off_gate_is_never_in_the_pipeline() -> None:
    off = Switches({"examples": False, "lint": False})
    assert pipeline(off) == ("syntax", "types", "security", "contracts")
    assert pipeline(off, ("lint", "examples", "security")) == ("security",)  # asked for, still off
    assert pipeline(off, fix=True)[-1] != "autofix"  # the fixes are lint's findings: none without lint
    assert pipeline(Switches(), ("lint",), fix=True) == ("lint", "autofix")


def test_the_examples_run_only_when_their_gate_is_on(tmp_path: Path) -> None:
    path = str(tmp_path / "m.py")
    assert [d.code for d in verify({path: WRONG_EXAMPLE}, Switches()).blocking] == ["AIC400"]
    assert verify({path: WRONG_EXAMPLE}, Switches({"examples": False})).diagnostics == ()


def test_verify_opens_a_sandbox_only_when_a_gate_runs_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Sandbox] = []
    original = Sandbox.__init__

    def counted(self: Sandbox, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(Sandbox, "__init__", counted)
    path = str(tmp_path / "m.py")
    static = verify({path: WRONG_EXAMPLE}, Switches(), gates=("syntax", "security"))
    assert opened == [] and static.unit.services.sandbox is None
    run = verify({path: WRONG_EXAMPLE}, Switches(), gates=("examples",))
    assert len(opened) == 1 and run.unit.services.sandbox is opened[0]
    assert opened[0]._home.name and not Path(opened[0]._home.name).exists()  # closed after the run
    with Sandbox(isolation="waived") as mine:
        given = verify({path: WRONG_EXAMPLE}, Switches(), gates=("examples",), services=Services(mine))
        assert given.unit.services.sandbox is mine and len(opened) == 2  # the caller's, kept open
        assert Path(mine._home.name).exists()
    assert verify({}, Switches()).diagnostics == () and len(opened) == 2  # nothing to run: no sandbox


def test_a_gate_that_runs_code_refuses_to_run_without_a_sandbox() -> None:
    with pytest.raises(PipelineError, match="examples gate runs code only in a sandbox"):
        PassManager(["examples"]).run(Unit({"m.py": WRONG_EXAMPLE}))


def test_findings_are_deduplicated_and_sorted(tmp_path: Path) -> None:
    path = str(tmp_path / "m.py")
    run = verify({path: "import os\nimport os\n\n\ndef f() -> int:\n    return undefined_name\n"}, Switches())
    keys = [(d.span.line, d.span.column, d.code) for d in run.diagnostics]
    assert keys == sorted(set(keys)) and len(run.on(path)) == len(run.diagnostics)
    assert set(GATES) >= {t.name for t in run.timings} - {"lower"}
