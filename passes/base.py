"""What a pass is, and the state the pass manager threads through a pipeline.

A pass is a small class: `name`, `kind`, the names it `requires`, typed `Options` (a frozen dataclass filled
from `[tool.aic.<section>]`), and `run(unit) -> PassResult`. A pass never prints and never mutates the unit:
it returns diagnostics and, for a transform, the new texts or modules that replace old ones.

A pass whose work happens in another process (mypy, ruff) may also offer `start(unit)`, returning a function
that waits for and returns its result: the manager starts such passes, runs the in-process passes of the same
wave meanwhile, then collects, so two cores work at once. Results are merged in schedule order either way.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from aic.ir import Diagnostic, Module, blocking
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.workspace import Placement

if TYPE_CHECKING:  # the sandbox's module is imported only by a run that opens one
    from aic.ir.store import IRStore
    from aic.verifiers.sandbox import Sandbox
    from aic.verifiers.workers import Workers


class PipelineError(Exception):
    """An impossible pipeline: an unknown pass name, a dependency cycle, or a service a pass needs missing."""


@dataclass(frozen=True, slots=True)
class Services:
    """Engines the passes of one run share. `aic.passes.verify` opens what its pipeline needs and was not given
    (and closes it after); a caller that verifies many units passes its own, to pay the start-up once."""

    sandbox: Sandbox | None = None
    # Where lowered IR is kept by its path and text (`aic gate`); None: lower every text anew.
    ir_store: IRStore | None = None
    # Tool workers started when the run began (see aic.verifiers.workers); None: a pass starts its own.
    workers: Workers | None = None
    # The project's own modules the code under check may import (aic.verifiers.project): searched by mypy,
    # served by the sandbox, allowed by the policy.
    project: ProjectModules = NO_PROJECT

    def require_sandbox(self, gate: str) -> Sandbox:
        if self.sandbox is None:
            raise PipelineError(f"the {gate} gate runs code only in a sandbox: run it through aic.passes.verify")
        return self.sandbox


class PassKind(StrEnum):
    ANALYSIS = "analysis"  # computes facts, finds nothing to refuse
    TRANSFORM = "transform"  # returns new IR
    GATE = "gate"  # returns findings that can refuse the code


@dataclass(frozen=True, slots=True)
class NoOptions:
    pass


@dataclass(frozen=True, slots=True)
class Unit:
    """The pipeline's state between passes.

    `sources` is the text read from disk (never changed); `texts` the current text of every module that is
    valid Python (set by the syntax gate, changed by transforms); `trees` CPython's AST of those texts, parsed
    once (by the syntax gate, or by the transform that changed a text) and shared by every pass that reads
    syntax: read them, never change them; `modules` their IR (set by `lower`).
    """

    sources: Mapping[str, str]
    texts: Mapping[str, str] = field(default_factory=dict)
    modules: Mapping[str, Module] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()
    services: Services = field(default_factory=Services)
    trees: Mapping[str, ast.Module] = field(default_factory=dict)

    def failing(self, gate_codes: frozenset[str]) -> set[str]:
        """Module paths with a blocking finding among `gate_codes`."""
        return {d.span.file for d in blocking(self.diagnostics) if d.code in gate_codes}


@dataclass(frozen=True, slots=True)
class PassResult:
    diagnostics: tuple[Diagnostic, ...] = ()
    texts: Mapping[str, str] = field(default_factory=dict)  # replacements (transform passes)
    trees: Mapping[str, ast.Module] = field(default_factory=dict)  # the parsed trees of `texts`
    modules: Mapping[str, Module] = field(default_factory=dict)  # replacements (transform passes)
    dropped: frozenset[int] = frozenset()  # indexes into unit.diagnostics that this pass settled (e.g. fixed)


class Pass(Protocol):
    name: ClassVar[str]
    kind: ClassVar[PassKind]
    requires: ClassVar[tuple[str, ...]]
    after: ClassVar[tuple[str, ...]]  # soft ordering: run after these when they are in the pipeline
    section: ClassVar[str | None]  # the [tool.aic.<section>] table holding its options, if any
    Options: ClassVar[type[Any]]

    def __init__(self, options: Any) -> None: ...

    @classmethod
    def workers(cls, options: Any) -> tuple[str, ...]: ...

    def run(self, unit: Unit) -> PassResult: ...


Pending = Callable[[], PassResult]


def collect_then_close(placement: Placement, collect: Callable[[], list[Diagnostic]]) -> Pending:
    """The pending half of an out-of-process pass: wait for the tool's findings, then remove its scratch files."""

    def finish() -> PassResult:
        try:
            return PassResult(tuple(collect()))
        finally:
            placement.close()

    return finish


class BasePass:
    """Defaults for the Pass protocol: a subclass states its name, kind and what differs, and types `options`."""

    name: ClassVar[str]
    kind: ClassVar[PassKind]
    requires: ClassVar[tuple[str, ...]] = ()
    after: ClassVar[tuple[str, ...]] = ()
    section: ClassVar[str | None] = None
    Options: ClassVar[type[Any]] = NoOptions

    def __init__(self, options: Any) -> None:
        self.options = options

    @classmethod
    def workers(cls, options: Any) -> tuple[str, ...]:
        """The worker modules (`python -m ...`) a run of this pass with `options` will take, so that `verify`
        starts them with the run."""
        return ()
