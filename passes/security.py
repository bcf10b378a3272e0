"""The security gate: bandit plus aic's capability policy. `[tool.aic.policy] allow` grants capabilities,
`imports` extends the allowlist of modules (`"numpy"`) or single names (`"pathlib:Path"`)."""

from __future__ import annotations

from typing import ClassVar

from aic.ir import Diagnostic
from aic.passes.base import BasePass, PassKind, PassResult, Pending, Unit
from aic.passes.options import PolicyOptions
from aic.verifiers.bandit_adapter import WORKER as BANDIT_WORKER
from aic.verifiers.bandit_adapter import finish_bandit, start_bandit
from aic.verifiers.policy import check_policy
from aic.verifiers.policy_rules import CAPABILITY_CODES, IMPORT_CODE
from aic.verifiers.workspace import place

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

    @classmethod
    def workers(cls, options: PolicyOptions) -> tuple[str, ...]:
        return (BANDIT_WORKER,) if options.bandit else ()

    def run(self, unit: Unit) -> PassResult:
        return self.start(unit)()

    def start(self, unit: Unit) -> Pending:
        """bandit starts in its worker first; aic's own policy runs here meanwhile."""
        bandit = None
        if self.options.bandit and unit.texts:
            placement = place(unit.texts, unit.sources)
            bandit = (placement, start_bandit(placement, unit.services.workers))
        found: list[Diagnostic] = []
        for path, text in sorted(unit.texts.items()):
            module = unit.modules.get(path)
            examples = [(e.source, e.span.line) for e in module.examples] if module else []
            options = self.options
            imports = (*options.imports, *unit.services.project.allowed)  # what of the project's own code it may import
            found.extend(check_policy(path, text, options.allow, imports, examples, unit.trees.get(path)))

        def finish() -> PassResult:
            if bandit is None:
                return PassResult(tuple(found))
            allowed = {CAPABILITY_CODES[name] for name in self.options.allow}
            try:
                extra = [d for d in finish_bandit(bandit[1]) if d.code not in allowed]
            finally:
                bandit[0].close()
            return PassResult((*found, *extra))

        return finish
