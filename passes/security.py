"""The security gate: bandit plus aic's capability policy. `[tool.aic.policy] allow` grants capabilities,
`imports` extends the allowlist of modules (`"numpy"`) or single names (`"pathlib:Path"`)."""

from __future__ import annotations

from typing import ClassVar

from aic.ir import Diagnostic
from aic.passes.base import BasePass, PassKind, PassResult, Unit
from aic.passes.options import PolicyOptions
from aic.verifiers.bandit_adapter import run_bandit
from aic.verifiers.policy import check_policy
from aic.verifiers.policy_rules import CAPABILITY_CODES, IMPORT_CODE
from aic.verifiers.workspace import placed

SECURITY_CODES = frozenset(("AIC300", IMPORT_CODE, *CAPABILITY_CODES.values()))


class SecurityGate(BasePass):
    name: ClassVar[str] = "security"
    kind: ClassVar[PassKind] = PassKind.GATE
    # `lower` gives the docstring examples, which run too and are judged by the same policy.
    requires: ClassVar[tuple[str, ...]] = ("syntax", "lower")
    after: ClassVar[tuple[str, ...]] = ("autofix",)
    section: ClassVar[str | None] = "policy"
    Options: ClassVar[type[PolicyOptions]] = PolicyOptions

    options: PolicyOptions

    def run(self, unit: Unit) -> PassResult:
        found: list[Diagnostic] = []
        for path, text in sorted(unit.texts.items()):
            module = unit.modules.get(path)
            examples = [(e.source, e.span.line) for e in module.examples] if module else []
            found.extend(check_policy(path, text, self.options.allow, self.options.imports, examples))
        if self.options.bandit and unit.texts:
            allowed = {CAPABILITY_CODES[name] for name in self.options.allow}
            with placed(unit.texts, unit.sources) as placement:
                found.extend(d for d in run_bandit(placement) if d.code not in allowed)
        return PassResult(tuple(found))
