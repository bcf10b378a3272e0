"""The security gate: bandit plus aic's capability policy; `[tool.aic.policy] allow` grants capabilities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from aic.ir import Diagnostic
from aic.passes.base import BasePass, PassKind, PassResult, Unit
from aic.verifiers.bandit_adapter import run_bandit
from aic.verifiers.policy import check_policy
from aic.verifiers.policy_rules import CAPABILITY_CODES
from aic.verifiers.workspace import placed

SECURITY_CODES = frozenset(("AIC300", *CAPABILITY_CODES.values()))


@dataclass(frozen=True, slots=True)
class PolicyOptions:
    allow: tuple[str, ...] = ()
    bandit: bool = True

    def __post_init__(self) -> None:
        unknown = sorted(set(self.allow) - set(CAPABILITY_CODES))
        if unknown:
            known = ", ".join(sorted(CAPABILITY_CODES))
            raise ValueError(f"unknown capability {unknown[0]!r} (known: {known})")


class SecurityGate(BasePass):
    name: ClassVar[str] = "security"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ("syntax",)
    after: ClassVar[tuple[str, ...]] = ("autofix",)
    section: ClassVar[str | None] = "policy"
    Options: ClassVar[type[PolicyOptions]] = PolicyOptions

    options: PolicyOptions

    def run(self, unit: Unit) -> PassResult:
        found: list[Diagnostic] = []
        for path, text in sorted(unit.texts.items()):
            found.extend(check_policy(path, text, self.options.allow))
        if self.options.bandit and unit.texts:
            allowed = {CAPABILITY_CODES[name] for name in self.options.allow}
            with placed(unit.texts, unit.sources) as placement:
                found.extend(d for d in run_bandit(placement) if d.code not in allowed)
        return PassResult(tuple(found))
