"""The contracts gate: every function whose docstring states `Requires:`/`Ensures:` lines is checked against
them by the z3 prover (verifiers/z3_prover.py).

- proved: nothing to report;
- refuted: the counterexample is replayed on the real function in the sandbox and, when it holds there,
  reported as AIC501 (error) with the inputs, the result and the failing clause;
- undecided (outside the prover's subset, over its resource limit, or a counterexample the real function does
  not reproduce): AIC502 (info), saying why. A module with security errors is not run at all (AIC500).
Where a replay is needed but OS isolation is unavailable and not waived, nothing runs: one AIC410 per module.
"""

from __future__ import annotations

import ast
from typing import ClassVar

from aic.ir import Counterexample, Diagnostic, Function, Module, Span, make
from aic.ir.nodes import ContractKind
from aic.ir.pyast import parse
from aic.passes.base import BasePass, PassKind, PassResult, Unit
from aic.passes.options import ContractsOptions
from aic.passes.security import SECURITY_CODES
from aic.verifiers.budgets import MAX_EXAMPLES
from aic.verifiers.contract_replay import Falsified, falsify, replay
from aic.verifiers.method_contracts import check_method, unsupported
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.sandbox import Sandbox
from aic.verifiers.z3_prover import prove

TOOL = "aic-contracts"


class ContractsGate(BasePass):
    name: ClassVar[str] = "contracts"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ("lower",)
    after: ClassVar[tuple[str, ...]] = ("autofix", "security")
    section: ClassVar[str | None] = "contracts"
    Options: ClassVar[type[ContractsOptions]] = ContractsOptions

    options: ContractsOptions

    def run(self, unit: Unit) -> PassResult:
        refused = unit.failing(SECURITY_CODES)
        found: list[Diagnostic] = []
        unisolated: set[str] = set()
        for path, module in sorted(unit.modules.items()):
            for function in module.functions:
                if not function.contracts:
                    continue
                if path in refused:
                    message = "contracts not checked: the module has security errors"
                    found.append(make("AIC500", message, TOOL, function.contracts[0].span))
                    continue
                sandbox = unit.services.require_sandbox(self.name)
                checked = self.check(module, function, sandbox, unit.trees.get(path), unit.services.project)
                if any(d.code == "AIC410" for d in checked) and path in unisolated:
                    continue  # one isolation error per module is enough
                unisolated.update(path for d in checked if d.code == "AIC410")
                found.extend(checked)
        return PassResult(tuple(found))

    def check(
        self, module: Module, function: Function, sandbox: Sandbox, tree: ast.Module | None = None,
        project: ProjectModules = NO_PROJECT,
    ) -> list[Diagnostic]:  # fmt: skip
        where = function.contracts[0].span
        node = _definition(module.source, function, tree)
        if node is None:
            return self._method(module, function, sandbox, project)
        requires = [c.expr for c in function.contracts if c.kind is ContractKind.REQUIRES]
        ensures = [c.expr for c in function.contracts if c.kind is ContractKind.ENSURES]
        verdict = prove(node, requires, ensures, self.options.rlimit)
        if verdict.status == "proved":
            return []
        why = verdict.reason
        if sandbox.unavailable is not None:  # fail closed: no replay, no property test
            return [make("AIC410", f"contracts not replayed: {sandbox.unavailable}", TOOL, where)]
        if verdict.status == "refuted":
            inputs = tuple((name, repr(value)) for name, value in verdict.inputs)
            outcome = replay(sandbox, module, function.name, inputs, verdict.reason, self.options.limits(), project)
            if outcome.confirmed:
                example = Counterexample(inputs, outcome.result, verdict.reason, "z3")
                return [_refuted(function, example, where)]
            call = Counterexample(inputs, "", "", "").call(function.name)
            why = f"its counterexample {call} did not reproduce ({outcome.result})"
        # Undecided by z3: a derandomised property test decides what it can.
        found = falsify(sandbox, module, function, self.options.limits(), project)
        if isinstance(found, Falsified):
            return [_refuted(function, Counterexample(found.inputs, found.result, found.clause, "hypothesis"), where)]
        tested = found or f"hypothesis found no counterexample in {MAX_EXAMPLES} derandomised examples"
        return [make("AIC502", f"contracts of `{function.name}` not proved by z3 ({why}); {tested}", TOOL, where)]

    def _method(
        self, module: Module, function: Function, sandbox: Sandbox, project: ProjectModules
    ) -> list[Diagnostic]:
        """A method's contracts, checked on its examples' calls (aic.verifiers.method_contracts)."""
        where, name = function.contracts[0].span, function.qualname
        if "<locals>" in name or name == function.name:
            return [
                make("AIC502", f"contracts of `{name}` not decided: not a top-level function or method", TOOL, where)
            ]
        if sandbox.unavailable is not None:
            return [make("AIC410", f"contracts not checked: {sandbox.unavailable}", TOOL, where)]
        why = unsupported(module.source, function)
        if why:
            return [make("AIC502", f"contracts of `{name}` not checked: {why}", TOOL, where)]
        found = check_method(sandbox, module, function, self.options.limits(), project)
        if found.broken:
            line = _clause_line(function, found.broken) or where
            message = f"Ensures `{found.broken}` fails (or raises) on call {found.call} of `{name}` its examples make"
            return [make("AIC501", message, TOOL, line)]
        how = (
            f"held on the {found.calls} call(s) its examples make within Requires"
            if found.ran
            else "not checked: its examples did not run to the end"
        )
        return [make("AIC502", f"contracts of `{name}` not proved (a method): {how}", TOOL, where)]


def _refuted(function: Function, example: Counterexample, where: Span) -> Diagnostic:
    call = example.call(function.name)
    if example.clause.startswith("Ensures: "):
        message = f"Ensures `{example.clause.removeprefix('Ensures: ')}` fails: {call} returns {example.result}"
    elif example.clause.startswith("raises "):
        message = f"{call} {example.clause}"
    else:
        message = f"{call} returns None: {example.clause}"
    line = _clause_line(function, example.clause) or where
    replayed = ", replayed" if example.method == "z3" else ""
    return make(
        "AIC501", f"{message} (counterexample by {example.method}{replayed})", TOOL, line, counterexample=example
    )


def _definition(source: str, function: Function, tree: ast.Module | None = None) -> ast.FunctionDef | None:
    if function.qualname != function.name:
        return None
    if tree is None:
        try:
            tree = parse(source)
        except SyntaxError:
            return None
    matches = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function.name]
    return matches[-1] if matches else None


def _clause_line(function: Function, clause: str) -> Span | None:
    text = clause.removeprefix("Ensures: ")
    return next((c.span for c in function.contracts if c.expr.strip() == text.strip()), None)
