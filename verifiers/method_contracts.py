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
import re
from collections.abc import Callable
from dataclasses import dataclass

from aic.ir import ContractKind, Function, Module, ParamKind
from aic.ir.pyast import literal, parse
from aic.verifiers.budgets import Limits
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.sandbox import ExampleSpec, Job, Sandbox

_STARS = {ParamKind.VAR_POSITIONAL: "*", ParamKind.VAR_KEYWORD: "**"}
SETUP = 5  # the wrapper's statements (see _wrapper), each an example that must pass


@dataclass(frozen=True, slots=True)
class MethodCheck:
    calls: int  # calls the examples made with the Requires holding
    broken: str  # the `Ensures:` expression the first broken call broke, or raised on ("" when none)
    call: int  # which call of the method broke it (1-based, in the order the calls began; 0 when none)
    ran: bool  # the check's own code ran to its end (else the calls are not known)


def _wrapper(function: Function) -> list[str]:
    """The statements wrapping `Class.method` with its contract checks in the examples' namespace, one per
    example (the sandbox compiles each example as one statement). Builtins come from `builtins` itself, never
    from the namespace, where the module may have bound their names. A Requires that raises leaves the call
    unchecked (it still runs); an Ensures that raises is broken."""
    owner = function.qualname.rsplit(".", 1)[0]
    params = [f"{_STARS.get(p.kind, '')}{p.name}" + (f"={p.default}" if p.default else "") for p in function.params]
    kinds = {p.kind for p in function.params}
    if ParamKind.KEYWORD_ONLY in kinds and ParamKind.VAR_POSITIONAL not in kinds:
        first_kw = next(i for i, p in enumerate(function.params) if p.kind is ParamKind.KEYWORD_ONLY)
        params.insert(first_kw, "*")
    passed = [f"{_STARS.get(p.kind, '')}{p.name}" if p.kind is not ParamKind.KEYWORD_ONLY else f"{p.name}={p.name}"
              for p in function.params]  # fmt: skip
    mangle = _mangler(owner)
    requires = " and ".join(f"({mangle(c.expr)})" for c in function.contracts if c.kind is ContractKind.REQUIRES)
    requires = requires or "True"
    lines = [
        f"def __aic_checked({', '.join(params)}):",
        "    __aic_calls.append(1)",
        "    __aic_n = __aic_b.len(__aic_calls)",
        "    try:",
        f"        __aic_holds = __aic_b.bool({requires})",
        "    except __aic_b.Exception:",
        "        __aic_holds = False",
        f"    result = __aic_original({', '.join(passed)})",
        "    if __aic_holds:",
        "        __aic_checked_calls.append(__aic_n)",
    ]
    for contract in function.contracts:
        if contract.kind is ContractKind.ENSURES:
            lines += [
                "        try:",
                f"            __aic_ok = __aic_b.bool({mangle(contract.expr)})",
                "        except __aic_b.Exception:",
                "            __aic_ok = False",
                "        if not __aic_ok:",
                f"            __aic_broken.append(({contract.expr!r}, __aic_n))",
            ]
    lines.append("    return result")
    return [
        "import builtins as __aic_b\n",
        "__aic_calls, __aic_checked_calls, __aic_broken = [], [], []\n",
        f"__aic_original = {owner}.{function.name}\n",
        "\n".join(lines) + "\n",
        f"{owner}.{function.name} = __aic_checked\n",
    ]


def _mangler(owner: str) -> Callable[[str], str]:
    """Python's name mangling of `.__name` inside class `owner`, which the wrapper, defined outside the class,
    must do itself (`self.__total` reads `self._Owner__total`)."""
    prefix = "_" + owner.lstrip("_")

    def mangle(expr: str) -> str:
        return re.sub(r"\.__(\w*[^_\W]|\w*[^_\W]_)\b", lambda m: f".{prefix}__{m.group(1)}", expr)

    return mangle


def unsupported(source: str, function: Function) -> str:
    """Why `function` (a method) cannot be wrapped as it is, or "": a decorated, async or generator method
    (the wrapper would replace its descriptor or judge a coroutine), or a parameter named `result`."""
    owner, _, name = function.qualname.rpartition(".")
    try:
        tree = parse(source)
    except SyntaxError:
        return "its module does not parse"
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == owner), None)
    node = (
        next((n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == name), None)
        if cls
        else None
    )
    if node is None:
        return "not a method of a top-level class"
    if node.decorator_list or isinstance(node, ast.AsyncFunctionDef):
        return "a decorated or async method"
    if any(isinstance(n, ast.Yield | ast.YieldFrom) for n in ast.walk(node)):
        return "a generator"
    if any(p.name == "result" for p in function.params):
        return "a parameter named `result`"
    return ""


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
    method = function.qualname
    # The wrapper must still be in place when the report is made (code that put the original back is not
    # believed to have been checked).
    installed = f"({method} is __aic_checked)"
    broken = "__aic_broken[0] if __aic_broken else ('', 0)"
    report = f"__aic_b.print({mark!r}, {installed}, __aic_b.len(__aic_checked_calls), __aic_b.repr({broken}))\n"
    specs.append(ExampleSpec(len(specs), report, "", function.span.line))
    job = Job("method", module.path, "aic_method_module", module.source, (tuple(specs),), module.imports)
    outcome = sandbox.run([job], limits, project)["method"]
    last = next((e for e in outcome.events if e.get("event") == "result" and e.get("index") == len(specs) - 1), None)
    setup = {e.get("index"): e.get("status") for e in outcome.events if e.get("event") == "result"}
    if (
        last is None
        or outcome.timed_out
        or last.get("status") != "failed"
        or any(setup.get(n) != "passed" for n in range(SETUP))
    ):
        return MethodCheck(0, "", 0, False)  # the wrapper was not installed, or the report did not come
    lines = [line for line in str(last.get("got", "")).splitlines() if line.startswith(f"{mark} True ")]
    if len(lines) != 1:
        return MethodCheck(0, "", 0, False)
    calls, _, broken = lines[0].removeprefix(f"{mark} True ").partition(" ")
    try:  # read back without evaluating anything
        expr, call = literal(broken)
        return MethodCheck(int(calls), str(expr), int(call), True)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return MethodCheck(0, "", 0, False)
