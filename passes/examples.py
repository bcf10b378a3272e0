"""The examples gate: every `>>>` example runs in the sandbox (a warm fork server) and is compared like doctest.

A module with security errors is not run at all: its code is refused already, and running it gains nothing.
"""

from __future__ import annotations

from typing import ClassVar

from aic.ir import Diagnostic, Span, make
from aic.passes.base import BasePass, PassKind, PassResult, Unit
from aic.passes.security import SECURITY_CODES
from aic.verifiers.budgets import Limits
from aic.verifiers.examples import run_examples


class ExamplesGate(BasePass):
    name: ClassVar[str] = "examples"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ("lower",)
    after: ClassVar[tuple[str, ...]] = ("autofix", "security")
    section: ClassVar[str | None] = "limits"
    Options: ClassVar[type[Limits]] = Limits  # the sandbox's own limits, one definition of them

    options: Limits

    def run(self, unit: Unit) -> PassResult:
        refused = unit.failing(SECURITY_CODES)
        skipped: list[Diagnostic] = []
        runnable = []
        for path, module in sorted(unit.modules.items()):
            if not module.examples:
                continue
            if path in refused:
                message = "examples not run: the module has security errors"
                skipped.append(make("AIC407", message, "aic-sandbox", Span(path, module.examples[0].span.line)))
            else:
                runnable.append(module)
        if not runnable:
            return PassResult(tuple(skipped))
        sandbox = unit.services.require_sandbox(self.name)
        return PassResult((*skipped, *run_examples(runnable, self.options, sandbox, unit.services.project)))
