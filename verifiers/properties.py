"""Property tests from contracts: hypothesis strategies from the signature, narrowed by the literal bounds in
`Requires` (the rest filtered with `assume`), and every `Ensures` asserted on the result.

The same text serves twice: run in the sandbox as the fallback when z3 cannot decide, and written into the
emitted pytest file. Always derandomised with no example database, so a verdict is the same on every run and
machine (for one hypothesis version).
"""

from __future__ import annotations

import ast

from aic.ir import Function
from aic.ir.nodes import ContractKind
from aic.ir.pyast import parse_eval
from aic.verifiers.budgets import MAX_EXAMPLES

# An int parameter Requires leaves unbounded is drawn from this range: a property test is a fallback, and a
# huge count (a list of `parts` elements) would spend the sandbox's limits on one input.
DEFAULT_INT_RANGE = (-10_000, 10_000)
_STRATEGIES = {
    "int": "st.integers({low}, {high})",
    "bool": "st.booleans()",
    "float": "st.floats(allow_nan=False, allow_infinity=False)",
    "str": "st.text(max_size=20)",
    "list[int]": "st.lists(st.integers(), max_size=20)",
    "list[str]": "st.lists(st.text(max_size=8), max_size=10)",
}


class NoStrategy(Exception):
    """A parameter type aic has no strategy for."""


def strategies(function: Function, target: str) -> dict[str, str]:
    """Per parameter, a strategy expression; `target` names the function object in the test's namespace (for
    annotations beyond the simple ones, hypothesis builds a strategy from the resolved type hint)."""
    requires = [c.expr for c in function.contracts if c.kind is ContractKind.REQUIRES]
    found: dict[str, str] = {}
    for param in function.params:
        kind = (param.annotation or "").replace(" ", "")
        if not kind:
            raise NoStrategy(f"no strategy for `{param.name}` (no annotation)")
        template = _STRATEGIES.get(kind)
        if template is None:
            found[param.name] = f"st.from_type(typing.get_type_hints({target})[{param.name!r}])"
            continue
        low, high = _bounds(param.name, requires) if kind == "int" else (None, None)
        low = DEFAULT_INT_RANGE[0] if low is None else low
        high = max(low, DEFAULT_INT_RANGE[1]) if high is None else high
        found[param.name] = template.format(low=low, high=high)
    return found


def _bounds(name: str, requires: list[str]) -> tuple[int | None, int | None]:
    """The tightest literal bounds `Requires` puts on `name` (`0 <= n`, `n < 10`, `1 <= k <= 5`, and-ed)."""
    low: int | None = None
    high: int | None = None
    for text in requires:
        try:
            tree = parse_eval(text.strip()).body
        except SyntaxError:
            continue
        parts = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
        for part in parts:
            if not isinstance(part, ast.Compare):
                continue
            items = [part.left, *part.comparators]
            for left, op, right in zip(items, part.ops, items[1:], strict=False):
                bound = _literal_bound(name, left, op, right)
                if bound is None:
                    continue
                side, value = bound
                if side == "low":
                    low = value if low is None else max(low, value)
                else:
                    high = value if high is None else min(high, value)
    return low, high


def _literal_bound(name: str, left: ast.expr, op: ast.cmpop, right: ast.expr) -> tuple[str, int] | None:
    def literal(node: ast.expr) -> int | None:
        try:
            value = ast.literal_eval(node)
        except ValueError:
            return None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def is_name(node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id == name

    if is_name(left) and (value := literal(right)) is not None:
        flips = {
            ast.Lt: ("high", value - 1),
            ast.LtE: ("high", value),
            ast.Gt: ("low", value + 1),
            ast.GtE: ("low", value),
        }
        return flips.get(type(op))
    if is_name(right) and (value := literal(left)) is not None:
        flips = {
            ast.Lt: ("low", value + 1),
            ast.LtE: ("low", value),
            ast.Gt: ("high", value - 1),
            ast.GtE: ("high", value),
        }
        return flips.get(type(op))
    return None


def property_test(
    function: Function, call: str, name: str, max_examples: int = MAX_EXAMPLES, target: str | None = None
) -> str:
    """A hypothesis test `name()` asserting `function`'s contracts, calling it as `call` (e.g. `module.f`);
    `target` is the function object for its type hints (default `call`). A failing `Ensures` raises
    AssertionError whose message is the clause."""
    given = ", ".join(f"{param}={strategy}" for param, strategy in strategies(function, target or call).items())
    params = ", ".join(p.name for p in function.params)
    typed = ", ".join(f"{p.name}: {_annotation(p.annotation)}" for p in function.params)
    lines = [
        f"@settings(max_examples={max_examples}, derandomize=True, database=None, deadline=None,",
        "          suppress_health_check=list(HealthCheck))",
        f"@given({given})",
        f"def {name}({typed}) -> None:",
    ]
    for contract in function.contracts:
        if contract.kind is ContractKind.REQUIRES:
            lines.append(f"    assume({contract.expr.strip()})")
    lines.append(f"    result = {call}({params})")
    for contract in function.contracts:
        if contract.kind is ContractKind.ENSURES:
            clause = contract.expr.strip()
            lines.append(f"    assert {clause}, {('Ensures: ' + clause)!r}")
    return "\n".join(lines) + "\n"


IMPORTS = (
    "import typing\n\n"
    "from hypothesis import HealthCheck, assume, given, settings\n"
    "from hypothesis import strategies as st\n"
)
# Floats inside generated containers are finite too: a contract over amounts is not about NaN.
SETUP = "st.register_type_strategy(float, st.floats(allow_nan=False, allow_infinity=False))\n"
HEADER = IMPORTS + "\n" + SETUP


def _annotation(annotation: str | None) -> str:
    """The parameter's annotation where the test's namespace has its names, else `typing.Any`."""
    kind = (annotation or "").replace(" ", "")
    return annotation if annotation and kind in _STRATEGIES else "typing.Any"
