"""The lint gate: ruff, one invocation for every module, with fixes carried on the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from aic.passes.base import PassKind, PassResult, Unit
from aic.verifiers.ruff_adapter import DEFAULT_SELECT, RuffOptions, run_ruff
from aic.verifiers.workspace import placed


@dataclass(frozen=True, slots=True)
class LintOptions:
    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()


class LintGate:
    name: ClassVar[str] = "lint"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ("syntax",)
    after: ClassVar[tuple[str, ...]] = ()
    section: ClassVar[str | None] = "lint"
    Options: ClassVar[type[LintOptions]] = LintOptions

    def __init__(self, options: LintOptions) -> None:
        self.options = options

    def run(self, unit: Unit) -> PassResult:
        if not unit.modules:
            return PassResult()
        with placed(unit.modules, unit.sources) as placement:
            return PassResult(tuple(run_ruff(placement, RuffOptions(self.options.select, self.options.ignore))))
