"""The pass manager: orders passes by their declared dependencies (a networkx topological sort), runs them,
times each one and can dump the IR after any of them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from aic.ir import to_data
from aic.passes.base import Pass, PassResult, Pending, PipelineError, Unit
from aic.passes.catalog import Registry

# Lazy: a pass's module (and the tool behind it) is imported when a pipeline first names the pass.
REGISTRY: Mapping[str, type[Pass]] = Registry()

if TYPE_CHECKING:
    import networkx as nx
GATES: tuple[str, ...] = ("syntax", "types", "lint", "security", "examples", "contracts")


def enabled_gates(switches: Mapping[str, bool], wanted: Sequence[str] = GATES) -> tuple[str, ...]:
    """The gates of `wanted` that `[tool.aic.gates]` (`switches`) leaves on: the one rule by which every command
    (check, build, gate, adopt, bench) leaves a switched-off gate out. What records verdicts records "disabled"
    for a gate switched off, never a verdict."""
    return tuple(g for g in wanted if switches.get(g, True))


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
        graph = _graph(names, registry)
        self.order = _order(graph, registry)
        self.predecessors = {name: set(graph.predecessors(name)) for name in self.order}
        options = options or {}
        self.passes: list[Pass] = [registry[name](options.get(name) or registry[name].Options()) for name in self.order]

    def run(
        self,
        unit: Unit,
        dump_after: Sequence[str] = (),
        progress: Callable[[str], None] | None = None,
    ) -> RunResult:
        """Run the pipeline in waves of passes whose dependencies are done. Within a wave, out-of-process passes
        are started first and collected last, so they overlap the in-process ones; results are merged in
        schedule order, so the outcome does not depend on which finished first."""
        unknown = [name for name in dump_after if name not in self.order]
        if unknown:
            raise PipelineError(f"--dump-ir names a pass not in the pipeline: {unknown[0]!r}")
        timings: dict[str, float] = {}
        dumps: dict[str, str] = {}
        done: set[str] = set()
        remaining = list(self.passes)
        while remaining:
            wave = [p for p in remaining if self.predecessors[p.name] <= done]
            results = self._run_wave(wave, unit, timings, progress)
            unit = merge(unit, [results[p.name] for p in wave])
            for pass_ in wave:
                if pass_.name in dump_after:
                    dumps[pass_.name] = dump_ir(unit)
            done.update(p.name for p in wave)
            remaining = [p for p in remaining if p.name not in done]
        ordered = tuple(Timing(name, timings[name]) for name in self.order)
        return RunResult(unit, ordered, dumps)

    def _run_wave(
        self, wave: list[Pass], unit: Unit, timings: dict[str, float], progress: Callable[[str], None] | None
    ) -> dict[str, PassResult]:
        started: dict[str, tuple[Pending, float]] = {}
        results: dict[str, PassResult] = {}
        for pass_ in wave:
            start = getattr(pass_, "start", None)
            if start is not None:
                started[pass_.name] = (start(unit), time.perf_counter())
        for pass_ in wave:
            if pass_.name not in started:
                if progress is not None:
                    progress(pass_.name)
                begin = time.perf_counter()
                results[pass_.name] = pass_.run(unit)
                timings[pass_.name] = time.perf_counter() - begin
        for name, (pending, begin) in started.items():
            if progress is not None:
                progress(name)
            results[name] = pending()
            timings[name] = time.perf_counter() - begin  # wall time, overlapping the wave's other passes
        return results


def schedule(names: Sequence[str], registry: Mapping[str, type[Pass]]) -> list[str]:
    """Requested passes plus what they require, in dependency order (ties broken by registry order)."""
    return _order(_graph(names, registry), registry)


def _graph(names: Sequence[str], registry: Mapping[str, type[Pass]]) -> nx.DiGraph:
    for name in names:
        if name not in registry:
            raise PipelineError(f"unknown pass {name!r} (known: {', '.join(registry)})")
    import networkx as nx  # imported by the first pipeline built, not by every `aic` start

    graph = nx.DiGraph()
    pending = list(names)
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        graph.add_node(name)
        for required in registry[name].requires:
            if required not in registry:
                raise PipelineError(f"pass {name!r} requires unknown pass {required!r}")
            graph.add_edge(required, name)
            pending.append(required)
    for name in list(graph):
        for earlier in registry[name].after:
            if earlier in graph:
                graph.add_edge(earlier, name)
    return graph


def _order(graph: nx.DiGraph, registry: Mapping[str, type[Pass]]) -> list[str]:
    import networkx as nx

    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        rank = {name: index for index, name in enumerate(registry)}
        return list(nx.lexicographical_topological_sort(graph, key=lambda n: f"{rank[n]:04d}"))
    raise PipelineError("pass dependency cycle: " + " -> ".join([edge[0] for edge in cycle] + [cycle[0][0]]))


def merge(unit: Unit, results: Sequence[PassResult]) -> Unit:
    """Apply a wave's results to the unit. `dropped` indexes refer to the diagnostics before the wave."""
    dropped = set().union(*(r.dropped for r in results))
    kept = tuple(d for i, d in enumerate(unit.diagnostics) if i not in dropped)
    added = tuple(d for r in results for d in r.diagnostics)
    texts, trees, modules = dict(unit.texts), dict(unit.trees), dict(unit.modules)
    for result in results:
        for path in result.texts:
            trees.pop(path, None)  # a changed text's old tree would lie about it
        texts.update(result.texts)
        trees.update((path, tree) for path, tree in result.trees.items() if path in result.texts)
        modules.update(result.modules)
    return replace(unit, texts=texts, trees=trees, modules=modules, diagnostics=kept + added)


def dump_ir(unit: Unit) -> str:
    data = {path: to_data(module) for path, module in sorted(unit.modules.items())}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
