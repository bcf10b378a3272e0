"""The contracts gate: the slot where the SMT prover plugs in (a later issue). Today it only says, once per
function, that its `Requires:`/`Ensures:` lines were read but not checked, so nobody mistakes silence for proof."""

from __future__ import annotations

from typing import ClassVar

from aic.ir import Diagnostic, make
from aic.passes.base import BasePass, PassKind, PassResult, Unit


class ContractsGate(BasePass):
    name: ClassVar[str] = "contracts"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ("lower",)
    after: ClassVar[tuple[str, ...]] = ("autofix",)

    def run(self, unit: Unit) -> PassResult:
        found: list[Diagnostic] = []
        for module in unit.modules.values():
            for function in module.functions:
                if function.contracts:
                    message = f"{len(function.contracts)} contract(s) of `{function.qualname}` not checked yet"
                    found.append(make("AIC500", message, "aic", function.contracts[0].span))
        return PassResult(tuple(found))
