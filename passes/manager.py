"""The pass manager: orders passes by their declared dependencies (a networkx topological sort), runs them,
times each one and can dump the IR after any of them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from aic.ir import Diagnostic, to_data
from aic.passes.autofix import AutofixTransform
from aic.passes.base import Pass, PassResult, Unit
from aic.passes.contracts import ContractsGate
from aic.passes.examples import ExamplesGate
from aic.passes.lint import LintGate
from aic.passes.security import SecurityGate
from aic.passes.syntax import SyntaxGate
from aic.passes.types import TypesGate

REGISTRY: dict[str, type[Pass]] = {
    cls.name: cls
    for cls in (SyntaxGate, LintGate, AutofixTransform, TypesGate, SecurityGate, ExamplesGate, ContractsGate)
}
GATES: tuple[str, ...] = ("syntax", "types", "lint", "security", "examples", "contracts")


class PipelineError(Exception):
    """An impossible pipeline: an unknown pass name or a dependency cycle."""


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    seconds: float


@dataclass(frozen=True, slots=True)
class RunResult:
    unit: Unit
    timings: tuple[Timing, ...]
    dumps: dict[str, str] = field(default_factory=dict)  # pass name -> canonical JSON of the IR after it


class PassManager:
    def __init__(
        self,
        names: Sequence[str],
        options: Mapping[str, Any] | None = None,
        registry: Mapping[str, type[Pass]] = REGISTRY,
    ) -> None:
        self.registry = registry
        self.order = schedule(names, registry)
        options = options or {}
        self.passes: list[Pass] = [registry[name](options.get(name) or registry[name].Options()) for name in self.order]

    def run(
        self,
        unit: Unit,
        dump_after: Sequence[str] = (),
        progress: Callable[[str], None] | None = None,
    ) -> RunResult:
        unknown = [name for name in dump_after if name not in self.order]
        if unknown:
            raise PipelineError(f"--dump-ir names a pass not in the pipeline: {unknown[0]!r}")
        timings: list[Timing] = []
        dumps: dict[str, str] = {}
        for pass_ in self.passes:
            if progress is not None:
                progress(pass_.name)
            start = time.perf_counter()
            result = pass_.run(unit)
            timings.append(Timing(pass_.name, time.perf_counter() - start))
            unit = merge(unit, result)
            if pass_.name in dump_after:
                dumps[pass_.name] = dump_ir(unit)
        return RunResult(unit, tuple(timings), dumps)


def schedule(names: Sequence[str], registry: Mapping[str, type[Pass]]) -> list[str]:
    """Requested passes plus what they require, in dependency order (ties broken by registry order)."""
    for name in names:
        if name not in registry:
            raise PipelineError(f"unknown pass {name!r} (known: {', '.join(registry)})")
    graph: nx.DiGraph[str] = nx.DiGraph()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in graph and graph.nodes[name].get("seen"):
            continue
        graph.add_node(name, seen=True)
        for required in registry[name].requires:
            if required not in registry:
                raise PipelineError(f"pass {name!r} requires unknown pass {required!r}")
            graph.add_edge(required, name)
            pending.append(required)
    for name in list(graph):
        for earlier in registry[name].after:
            if earlier in graph:
                graph.add_edge(earlier, name)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        rank = {name: index for index, name in enumerate(registry)}
        return list(nx.lexicographical_topological_sort(graph, key=lambda n: f"{rank[n]:04d}"))
    raise PipelineError("pass dependency cycle: " + " -> ".join([edge[0] for edge in cycle] + [cycle[0][0]]))


def merge(unit: Unit, result: PassResult) -> Unit:
    kept: tuple[Diagnostic, ...] = tuple(d for i, d in enumerate(unit.diagnostics) if i not in result.dropped)
    modules = {**unit.modules, **result.modules}
    return replace(unit, modules=modules, diagnostics=kept + tuple(result.diagnostics))


def dump_ir(unit: Unit) -> str:
    data = {path: to_data(module) for path, module in sorted(unit.modules.items())}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
