"""One path from IR to verdict. Every command that judges code (check, build's candidates and modules, gate,
adopt, bench) calls `verify`: it alone builds the gate pipeline, so it alone owns the gate order, the
`[tool.aic.gates]` switches, the sandbox's lifetime and deduplication; what blocks is `aic.ir.blocking`.

A switched-off gate never runs, whatever a caller asks for; `--fix` without the lint gate fixes nothing (the
fixes are lint's findings). Callers that judge many units (a build, a bench) pass their own `Services` so the
sandbox starts once; otherwise `verify` opens one under the configuration's isolation and closes it after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from aic.ir import Diagnostic, blocking, dedupe
from aic.passes.base import Services, Unit
from aic.passes.manager import GATES, REGISTRY, PassManager, Timing, enabled_gates
from aic.verifiers.workers import Workers

STATIC_GATES: tuple[str, ...] = ("syntax", "lint", "types", "security")  # what runs no generated code
SANDBOXED = frozenset({"examples", "contracts"})  # the gates that run code, in the sandbox


class GateConfig(Protocol):
    """What a run needs from the project's configuration (aic.config.Config has it)."""

    @property
    def gates(self) -> Mapping[str, bool]: ...  # [tool.aic.gates]: a gate switched off never runs

    @property
    def options(self) -> Mapping[str, Any]: ...  # pass name -> its options object

    @property
    def isolation(self) -> str: ...  # the sandbox's: "required" or "waived"


@dataclass(frozen=True, slots=True)
class Verification:
    unit: Unit  # the state after the last pass (texts changed by fixes, the IR)
    diagnostics: tuple[Diagnostic, ...]  # deduplicated and sorted
    timings: tuple[Timing, ...] = ()
    dumps: dict[str, str] = field(default_factory=dict)

    @property
    def blocking(self) -> list[Diagnostic]:
        return blocking(self.diagnostics)

    def on(self, path: str) -> list[Diagnostic]:
        """The findings on one module of the run."""
        return [d for d in self.diagnostics if d.span.file == path]


def pipeline(config: GateConfig, gates: Sequence[str] = GATES, fix: bool = False) -> tuple[str, ...]:
    """The passes a run of `gates` executes under `config`: the enabled ones, plus autofix when fixing."""
    names = enabled_gates(config.gates, gates)
    return (*names, "autofix") if fix and "lint" in names else names


def verify(
    texts: Mapping[str, str],
    config: GateConfig,
    *,
    gates: Sequence[str] = GATES,
    fix: bool = False,
    services: Services | None = None,
    dump_after: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
) -> Verification:
    """Run the enabled `gates` (and their prerequisites) over the module `texts` (path -> source)."""
    names = pipeline(config, gates, fix)
    services = services or Services()
    with ExitStack() as stack:
        if services.workers is None and texts:
            # Started first, the tools' workers import themselves while the pipeline is ordered and begins.
            pool = stack.enter_context(Workers())
            for name in names:
                for module in REGISTRY[name].workers(config.options.get(name) or REGISTRY[name].Options()):
                    pool.spawn(module)
            services = replace(services, workers=pool)
        manager = PassManager(names, config.options)
        if services.sandbox is None and texts and SANDBOXED & set(manager.order):
            from aic.verifiers.sandbox import Sandbox  # only a run that executes code pays for it

            # Started before the first pass, so the sandbox's server warms up while the static gates run.
            services = replace(services, sandbox=stack.enter_context(Sandbox(isolation=config.isolation)))
        run = manager.run(Unit(texts, services=services), dump_after=dump_after, progress=progress)
    return Verification(run.unit, tuple(dedupe(list(run.unit.diagnostics))), run.timings, run.dumps)
