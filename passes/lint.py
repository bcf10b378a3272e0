"""The lint gate: ruff, one invocation for every module, with fixes carried on the diagnostics."""

from __future__ import annotations

from typing import ClassVar

from aic.passes.base import BasePass, PassKind, PassResult, Pending, Unit, collect_then_close
from aic.passes.options import LintOptions
from aic.verifiers.ruff_adapter import RuffOptions, finish_ruff, start_ruff
from aic.verifiers.workspace import place


class LintGate(BasePass):
    name: ClassVar[str] = "lint"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ("syntax",)
    section: ClassVar[str | None] = "lint"
    Options: ClassVar[type[LintOptions]] = LintOptions

    options: LintOptions

    def run(self, unit: Unit) -> PassResult:
        return self.start(unit)()

    def start(self, unit: Unit) -> Pending:
        placement = place(unit.texts, unit.sources)
        process = start_ruff(placement, RuffOptions(self.options.select, self.options.ignore))
        return collect_then_close(placement, lambda: finish_ruff(process, placement))
