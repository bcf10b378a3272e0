"""A method's contracts checked on its examples' calls: neither z3 nor a property test can build the object a
method needs, but the method's examples do. In one sandbox job the method is wrapped so that every call its
examples make, directly or through other methods, checks its `Ensures:` (over the result, the arguments and
`self` after the call) wherever its `Requires:` held before it; then the examples run, and the calls that broke
a clause are read back. What this shows is evidence on those calls, not a proof: a contract no example reaches
stays unchecked, and the verdict says how many calls checked it.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass

from aic.ir import ContractKind, Function, Module, ParamKind
from aic.verifiers.budgets import Limits
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.sandbox import ExampleSpec, Job, Sandbox

_STARS = {ParamKind.VAR_POSITIONAL: "*", ParamKind.VAR_KEYWORD: "**"}


@dataclass(frozen=True, slots=True)
class MethodCheck:
    calls: int  # calls the examples made with the Requires holding
    broken: str  # the `Ensures:` expression the first broken call broke ("" when none)
    call: int  # which checked call broke it (1-based; 0 when none)
    ran: bool  # the check's own code ran to its end (else the calls are not known)


def _wrapper(function: Function) -> list[str]:
    """The statements wrapping `Class.method` with its contract checks in the examples' namespace, one per
    example (the sandbox compiles each example as one statement)."""
    owner = function.qualname.rsplit(".", 1)[0]
    params = [f"{_STARS.get(p.kind, '')}{p.name}" + (f"={p.default}" if p.default else "") for p in function.params]
    kinds = {p.kind for p in function.params}
    if ParamKind.KEYWORD_ONLY in kinds and ParamKind.VAR_POSITIONAL not in kinds:
        first_kw = next(i for i, p in enumerate(function.params) if p.kind is ParamKind.KEYWORD_ONLY)
        params.insert(first_kw, "*")
    passed = [f"{_STARS.get(p.kind, '')}{p.name}" if p.kind is not ParamKind.KEYWORD_ONLY else f"{p.name}={p.name}"
              for p in function.params]  # fmt: skip
    requires = " and ".join(f"({c.expr})" for c in function.contracts if c.kind is ContractKind.REQUIRES) or "True"
    lines = [
        f"def __aic_checked({', '.join(params)}):",
        f"    __aic_holds = bool({requires})",
        f"    result = __aic_original({', '.join(passed)})",
        "    if __aic_holds:",
        "        __aic_calls.append(1)",
    ]
    for contract in function.contracts:
        if contract.kind is ContractKind.ENSURES:
            lines.append(f"        if not ({contract.expr}):")
            lines.append(f"            __aic_broken.append(({contract.expr!r}, len(__aic_calls)))")
    lines.append("    return result")
    return [
        "__aic_calls, __aic_broken = [], []\n",
        f"__aic_original = {owner}.{function.name}\n",
        "\n".join(lines) + "\n",
        f"{owner}.{function.name} = __aic_checked\n",
    ]


def check_method(
    sandbox: Sandbox, module: Module, function: Function, limits: Limits, project: ProjectModules = NO_PROJECT
) -> MethodCheck:
    """Run `function`'s examples with its contracts checked on every call (see the module's docstring)."""
    specs = [ExampleSpec(n, code, "", function.span.line) for n, code in enumerate(_wrapper(function))]
    for example in function.examples:
        specs.append(ExampleSpec(len(specs), example.source, example.want, example.span.line))
    # The report line starts with a mark the code under check cannot know without reading its own module's
    # text (which the policy refuses): a line it prints (from a finalizer, say) is not taken for the report.
    mark = "aic" + hashlib.sha256(f"{function.qualname}\0{module.source}".encode()).hexdigest()[:16]
    report = f"print({mark!r}, len(__aic_calls), repr(__aic_broken[0] if __aic_broken else ('', 0)))\n"
    specs.append(ExampleSpec(len(specs), report, "", function.span.line))
    job = Job("method", module.path, "aic_method_module", module.source, (tuple(specs),), module.imports)
    outcome = sandbox.run([job], limits, project)["method"]
    last = next((e for e in outcome.events if e.get("event") == "result" and e.get("index") == len(specs) - 1), None)
    if last is None or outcome.timed_out or last.get("status") != "failed":
        return MethodCheck(0, "", 0, False)
    lines = [line for line in str(last.get("got", "")).splitlines() if line.startswith(f"{mark} ")]
    if len(lines) != 1:
        return MethodCheck(0, "", 0, False)
    calls, _, broken = lines[0].removeprefix(f"{mark} ").partition(" ")
    try:  # read back without evaluating anything
        expr, call = ast.literal_eval(broken)
        return MethodCheck(int(calls), str(expr), int(call), True)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return MethodCheck(0, "", 0, False)
