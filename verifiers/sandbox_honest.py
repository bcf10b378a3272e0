"""Examples that cannot lie: runs inside the sandbox child (stdlib only) next to doctest.

doctest compares text, so code under check could pass `>>> add(2, 2)` / `4` by returning an object whose
`__repr__` says "4", pass `>>> add(2, 2) == 4` with an `__eq__` that always says yes, or print "4" and return
nothing. Each expression example is rewritten to call a checker (under a name chosen at random per run, so the
code under check cannot reach it) that records the value and holds it to what the intent wrote:
- a value compared with, or shown as, a literal must be plain data (exact builtin types, all the way down) or an
  instance of a short list of standard-library value types (Decimal, Fraction, dates and times, Counter,
  OrderedDict, defaultdict, deque, range, paths) whose comparison and display methods are still the ones the
  library defined, holding trusted values; never an arbitrary object, however installed: unittest.mock.ANY is
  stdlib code and equal to everything;
- two objects that are neither are believed equal only when they are of one type (the code's own class
  compared with itself), so `ANY == Point(1, 2)` is not believed either;
- an example of a function annotated to return something may not pass by printing while returning None.
"""

from __future__ import annotations

import ast
import collections
import datetime
import decimal
import fractions
import pathlib
import secrets
from typing import Any

_PLAIN = (int, float, complex, bool, str, bytes, bytearray, type(None))
_CONTAINERS = (list, tuple, dict, set, frozenset)
_METHODS = ("__eq__", "__ne__", "__repr__", "__str__", "__bool__", "__format__", "__hash__", "__len__", "__iter__")
_VALUES = (
    decimal.Decimal,
    fractions.Fraction,
    datetime.date,
    datetime.datetime,
    datetime.time,
    datetime.timedelta,
    datetime.timezone,
    range,
    pathlib.PurePosixPath,
    pathlib.PosixPath,
)
_VALUE_CONTAINERS = (collections.Counter, collections.OrderedDict, collections.defaultdict, collections.deque)
# The methods as the library defined them, taken when this module loads (before any code under check runs):
# a Python-level class such as Fraction can have its __eq__ replaced later.
_ORIGINAL = {kind: tuple(getattr(kind, name, None) for name in _METHODS) for kind in (*_VALUES, *_VALUE_CONTAINERS)}


def plain(value: object, depth: int = 0) -> bool:
    kind = type(value)
    if kind in _PLAIN:
        return True
    if depth > 50 or kind not in _CONTAINERS:
        return False
    if isinstance(value, dict):
        return all(plain(k, depth + 1) and plain(v, depth + 1) for k, v in value.items())
    return all(plain(item, depth + 1) for item in value)  # type: ignore[attr-defined]


def trusted(value: object, depth: int = 0) -> bool:
    """Plain data, or an allowlisted standard value type (exactly, with its own methods) holding trusted values."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if depth > 50:
        return False
    if kind in _ORIGINAL and tuple(getattr(kind, name, None) for name in _METHODS) != _ORIGINAL[kind]:
        return False  # a method was replaced
    if kind in _VALUES:
        return True
    if kind in _CONTAINERS or kind in _VALUE_CONTAINERS:
        if isinstance(value, dict):
            return all(trusted(k, depth + 1) and trusted(v, depth + 1) for k, v in dict.items(value))
        return all(trusted(item, depth + 1) for item in value)  # type: ignore[attr-defined]
    return False


def alike(left: object, right: object, depth: int = 0) -> bool:
    """Of one type all the way down (sequences item by item, other containers by their items' types), so that
    neither side can be an object equal to anything hiding where the other holds a value."""
    if type(left) is not type(right) or depth > 50:
        return False
    if isinstance(left, list | tuple):
        items = zip(left, right, strict=False)  # type: ignore[call-overload]
        return len(left) == len(right) and all(alike(a, b, depth + 1) for a, b in items)  # type: ignore[arg-type]
    if isinstance(left, dict | set | frozenset):
        return _types(left) == _types(right)  # type: ignore[arg-type]
    return True


def _types(value: dict[object, object] | set[object] | frozenset[object]) -> collections.Counter[type]:
    items = [*dict.keys(value), *dict.values(value)] if isinstance(value, dict) else list(value)
    return collections.Counter(type(item) for item in items)


class Checker:
    """Per-example state: set by the runner before each example, read after it."""

    def __init__(self) -> None:
        self.name = f"__aic_{secrets.token_hex(8)}__"
        self.want = ""
        self.returns_value = False
        self.value: object = None
        self.shown = False
        self.problem: str | None = None

    def start(self, want: str, returns_value: bool) -> None:
        self.want, self.returns_value = want, returns_value
        self.value, self.shown, self.problem = None, False, None

    def _literal_wanted(self) -> bool:
        try:
            ast.literal_eval(self.want.strip())
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return False
        return bool(self.want.strip())

    def show(self, value: object) -> object:
        self.value, self.shown = value, True
        if not trusted(value) and self._literal_wanted():
            self.problem = f"a {type(value).__name__} object whose repr imitates {self.want.strip()!r}"
        return value

    def text(self, value: object) -> object:
        if not trusted(value) and self._literal_wanted():
            self.problem = f"a {type(value).__name__} object whose str() imitates {self.want.strip()!r}"
        return value

    def compare(self, left: object, right: object, negate: bool) -> bool:
        # Code under check compared with plain data: its own __eq__ is not believed.
        if trusted(left) and trusted(right):
            believed = True
        else:  # the code's own objects compared with each other: its own __eq__, on its own class only
            believed = not trusted(left) and not trusted(right) and alike(left, right)
        equal = believed and bool(left == right)
        return self.show(equal != negate) is True

    def printed_instead(self, got: str) -> str | None:
        """Why output that matched is not believed, or None."""
        if self.problem:
            return self.problem
        if self.returns_value and self.shown and self.value is None and got.strip():
            return "printed the expected output but returned None"
        return None

    def rewrite(self, source: str) -> str:
        """`source` with its expression calling this checker; other examples unchanged."""
        try:
            tree = ast.parse(source, mode="eval")
        except SyntaxError:
            return source
        body = tree.body
        me = ast.Name(self.name, ast.Load())
        if isinstance(body, ast.Compare) and len(body.ops) == 1 and isinstance(body.ops[0], ast.Eq | ast.NotEq):
            negate = ast.Constant(isinstance(body.ops[0], ast.NotEq))
            call = ast.Call(ast.Attribute(me, "compare", ast.Load()), [body.left, body.comparators[0], negate], [])
        elif isinstance(body, ast.Call) and isinstance(body.func, ast.Name) and body.func.id == "print":
            wrap = ast.Attribute(me, "text", ast.Load())
            args: list[ast.expr] = [a if isinstance(a, ast.Starred) else ast.Call(wrap, [a], []) for a in body.args]
            call = ast.Call(body.func, args, body.keywords)
        else:
            call = ast.Call(ast.Attribute(me, "show", ast.Load()), [body], [])
        return ast.unparse(ast.fix_missing_locations(ast.Expression(call))) + "\n"


def install(namespace: dict[str, Any]) -> Checker:
    checker = Checker()
    namespace[checker.name] = checker
    return checker
