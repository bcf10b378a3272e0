from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from aic.ir import Span, make, parse_module
from aic.passes import REGISTRY, PassKind, PassManager, PassResult, PipelineError, Unit
from aic.passes.base import NoOptions, Pass
from aic.passes.manager import schedule


def fake(name: str, requires: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> type[Pass]:
    @dataclass
    class Fake:
        options: Any
        kind: ClassVar[PassKind] = PassKind.ANALYSIS
        section: ClassVar[str | None] = None
        Options: ClassVar[type[NoOptions]] = NoOptions

        def run(self, unit: Unit) -> PassResult:
            span = Span("log.py", len(unit.diagnostics) + 1)
            return PassResult((make("AIC500", f"ran {name}", "test", span),))

    Fake.name = name  # type: ignore[attr-defined]
    Fake.requires = requires  # type: ignore[attr-defined]
    Fake.after = after  # type: ignore[attr-defined]
    return Fake  # type: ignore[return-value]


def test_dependencies_are_added_and_ordered() -> None:
    registry = {"a": fake("a"), "b": fake("b", requires=("a",)), "c": fake("c", requires=("b",))}
    assert schedule(["c"], registry) == ["a", "b", "c"]
    assert schedule(["c", "a"], registry) == ["a", "b", "c"]


def test_soft_ordering_applies_only_when_both_are_present() -> None:
    registry = {"x": fake("x"), "y": fake("y", after=("z",)), "z": fake("z")}
    assert schedule(["y", "z"], registry) == ["z", "y"]
    assert schedule(["y"], registry) == ["y"]


def test_unknown_names_and_cycles_are_errors() -> None:
    with pytest.raises(PipelineError, match="unknown pass 'nope'"):
        schedule(["nope"], {"a": fake("a")})
    with pytest.raises(PipelineError, match="requires unknown pass"):
        schedule(["a"], {"a": fake("a", requires=("ghost",))})
    cyclic = {"a": fake("a", requires=("b",)), "b": fake("b", requires=("a",))}
    with pytest.raises(PipelineError, match="cycle"):
        schedule(["a"], cyclic)


def test_runs_in_order_times_every_pass_and_dumps_ir(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([10.0, 10.5, 20.0, 22.0])  # a clock read before and after each pass: a takes 0.5 s, b 2 s
    monkeypatch.setattr("aic.passes.manager.time.perf_counter", lambda: next(clock))
    registry = {"a": fake("a"), "b": fake("b", requires=("a",))}
    manager = PassManager(["b"], registry=registry)
    module = parse_module("m.py", "x = 1\n")
    result = manager.run(Unit({"m.py": "x = 1\n"}, {"m.py": "x = 1\n"}, {"m.py": module}), dump_after=["a"])
    assert [d.message for d in result.unit.diagnostics] == ["ran a", "ran b"]
    assert [t.name for t in result.timings] == ["a", "b"]
    assert [t.seconds for t in result.timings] == [0.5, 2.0]
    assert '"m.py"' in result.dumps["a"]
    with pytest.raises(PipelineError):
        manager.run(Unit({}), dump_after=["zzz"])


def test_real_gates_form_a_dag_in_the_documented_order() -> None:
    order = schedule(["contracts", "examples", "security", "lint", "types", "autofix"], REGISTRY)
    assert order[0] == "syntax"
    assert order.index("autofix") < order.index("types")
    assert order.index("security") < order.index("examples")
    assert order.index("lint") < order.index("autofix")


def test_every_registered_pass_declares_its_shape() -> None:
    for name, cls in REGISTRY.items():
        assert cls.name == name
        assert isinstance(cls.kind, PassKind)
        assert all(required in REGISTRY for required in cls.requires)
