"""The check driver: sources -> IR -> the gate pipeline -> diagnostics. Shared by `aic check` and, later, by
build, gate and bench, so they all decide with the same passes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field

from aic.config import Config
from aic.ir import Diagnostic, Module, Severity, dedupe
from aic.passes import PassManager, Timing, Unit, enabled_gates
from aic.sources import discover, read_sources
from aic.verifiers.sandbox import Sandbox


@dataclass(frozen=True, slots=True)
class CheckResult:
    files: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    modules: dict[str, Module]
    sources: dict[str, str]
    texts: dict[str, str]
    timings: tuple[Timing, ...] = ()
    dumps: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(d.severity in (Severity.ERROR, Severity.WARNING) for d in self.diagnostics)

    def changed(self) -> dict[str, str]:
        """Modules whose text a transform changed: path -> new text."""
        return {p: t for p, t in self.texts.items() if self.sources.get(p) != t}


def pipeline(config: Config, fix: bool = False, only: Sequence[str] = ()) -> list[str]:
    gates = [name for name in enabled_gates(config.gates) if not only or name in only]
    return [*gates, "autofix"] if fix else gates


def check_paths(
    paths: Sequence[str],
    config: Config,
    *,
    fix: bool = False,
    only: Sequence[str] = (),
    dump_after: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
) -> CheckResult:
    files = discover(paths, config)
    loaded = read_sources(files, config.max_file_bytes)
    manager = PassManager(pipeline(config, fix, only), config.options)
    with ExitStack() as stack:
        services: dict[str, object] = {}
        if {"examples", "contracts"} & set(manager.order) and loaded.sources:
            # Started now, the sandbox server warms up while the static gates run; shared by both gates, under
            # the project's isolation setting.
            services["sandbox"] = stack.enter_context(Sandbox(isolation=config.isolation))
        run = manager.run(Unit(loaded.sources, services=services), dump_after=dump_after, progress=progress)
    diagnostics = dedupe([*loaded.problems, *run.unit.diagnostics])
    unit = run.unit
    return CheckResult(
        tuple(files), tuple(diagnostics), dict(unit.modules), loaded.sources, dict(unit.texts), run.timings, run.dumps
    )
