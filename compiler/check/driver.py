"""The check driver (`aic check`, `aic report`'s fresh check): files -> sources -> `aic.passes.verify` ->
diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aic.check.sources import discover, read_sources
from aic.config import Config
from aic.ir import Diagnostic, Module, blocking, dedupe
from aic.ir.unchecked import unchecked
from aic.passes import GATES, Timing, verify


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
        return bool(blocking(self.diagnostics))

    def changed(self) -> dict[str, str]:
        """Modules whose text a transform changed: path -> new text."""
        return {p: t for p, t in self.texts.items() if self.sources.get(p) != t}


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
    gates = [g for g in GATES if not only or g in only]
    run = verify(loaded.sources, config, gates=gates, fix=fix, dump_after=dump_after, progress=progress)
    unit = run.unit
    intents = [m for path, m in unit.modules.items() if config.holds_intent(Path(path))]
    unchecked_ = [d for m in intents for d in unchecked(m.functions, m.path)]
    diagnostics = dedupe([*loaded.problems, *run.diagnostics, *unchecked_])
    return CheckResult(
        tuple(files), tuple(diagnostics), dict(unit.modules), loaded.sources, dict(unit.texts), run.timings, run.dumps
    )
