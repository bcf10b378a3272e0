"""Values drawn from annotations by hypothesis, derandomised: the probe inputs no example shows.

Annotations are read as text (never evaluated): the builtin scalars and containers, their `typing` spellings
and `Optional`/`X | None`. Anything else draws nothing. Sizes stay small: a probe compares candidates, and a
large input spends the sandbox's budget without telling more candidates apart.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from aic.ir.pyast import parse_eval

INT_RANGE = (-20, 60)
_CONTAINERS = {"list": "list", "List": "list", "Sequence": "list", "Iterable": "list", "tuple": "tuple",
               "Tuple": "tuple", "set": "set", "Set": "set", "dict": "dict", "Dict": "dict"}  # fmt: skip


class Undrawable(Exception):
    """An annotation this module draws nothing for."""


def draw(annotations: Sequence[str | None], alphabet: str, count: int) -> list[tuple[Any, ...]]:
    """`count` argument tuples for parameters of these annotations (fewer when draws repeat), or none."""
    try:
        parts = [_strategy(_parse(text), alphabet) for text in annotations]
    except Undrawable:
        return []
    found: list[tuple[Any, ...]] = []

    # derandomize seeds hypothesis from this test's own source and name: the draws depend only on the strategy.
    @settings(max_examples=count, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.tuples(*parts))
    def collect(args: tuple[Any, ...]) -> None:
        if args not in found:
            found.append(args)

    collect()
    return found


def _parse(text: str | None) -> ast.expr:
    if not text:
        raise Undrawable("no annotation")
    try:
        return parse_eval(text.strip()).body
    except SyntaxError:
        raise Undrawable(text) from None


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "typing":
        return node.attr
    if isinstance(node, ast.Constant) and node.value is None:
        return "None"
    raise Undrawable(ast.dump(node))


def _strategy(node: ast.expr, alphabet: str) -> st.SearchStrategy[Any]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return st.one_of(_strategy(node.left, alphabet), _strategy(node.right, alphabet))
    if isinstance(node, ast.Subscript):
        return _generic(_name(node.value), node.slice, alphabet)
    name = _name(node)
    scalars: dict[str, st.SearchStrategy[Any]] = {
        "int": st.integers(*INT_RANGE),
        # -0.0 + 0.0 is 0.0: the sign of a zero splits candidates on a detail intents do not state.
        "float": st.floats(-100.0, 100.0, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2) + 0.0),
        "str": st.text(alphabet, max_size=12),
        "bool": st.booleans(),
        "None": st.none(),
    }
    if name in scalars:
        return scalars[name]
    if name in _CONTAINERS:  # a bare container: of ints
        return _generic(name, ast.Name("int"), alphabet)
    raise Undrawable(name)


def _generic(name: str, index: ast.expr, alphabet: str) -> st.SearchStrategy[Any]:
    args = list(index.elts) if isinstance(index, ast.Tuple) else [index]
    if name == "Optional" and len(args) == 1:
        return st.one_of(st.none(), _strategy(args[0], alphabet))
    if name == "Union":
        return st.one_of(*(_strategy(arg, alphabet) for arg in args))
    kind = _CONTAINERS.get(name)
    if kind == "list" and len(args) == 1:
        return st.lists(_strategy(args[0], alphabet), max_size=8)
    if kind == "set" and len(args) == 1:
        return st.sets(_strategy(args[0], alphabet), max_size=8)
    if kind == "dict" and len(args) == 2:
        return st.dictionaries(_strategy(args[0], alphabet), _strategy(args[1], alphabet), max_size=6)
    if kind == "tuple":
        if len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is Ellipsis:
            return st.lists(_strategy(args[0], alphabet), max_size=8).map(tuple)
        return st.tuples(*(_strategy(arg, alphabet) for arg in args))
    raise Undrawable(name)
