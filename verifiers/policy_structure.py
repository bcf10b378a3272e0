"""Whole-module facts the capability policy refuses before judging names: things that make the code mean
something other than what a reader of its syntax tree sees."""

from __future__ import annotations

import ast
import builtins
import codecs
import re
from collections import Counter
from dataclasses import dataclass

from aic.verifiers.policy_allowlist import ALLOWED_BUILTINS, SAFE_NAMES

# PEP 263: a coding declaration on line 1 or 2.
_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
# What an annotation may be made of: names, dotted names, subscripts, `X | Y`, literals. Anything computed
# (a call, `"a" + "b"`, an f-string) is evaluated, and typing.get_type_hints evaluates a string result again.
_STATIC = (
    ast.Name,
    ast.Attribute,
    ast.Subscript,
    ast.Constant,
    ast.Tuple,
    ast.List,
    ast.BinOp,
    ast.expr_context,
    ast.operator,
)


def foreign_encoding(source: str) -> str | None:
    """A coding declaration other than UTF-8: CPython decodes the file with it (`utf-7` turns a comment into
    code), while every check here read the text as UTF-8."""
    for line in source.splitlines()[:2]:
        match = _COOKIE.match(line)
        if match:
            try:
                name = codecs.lookup(match.group(1)).name
            except LookupError:
                return match.group(1)
            return None if name == "utf-8" else match.group(1)
        if line.strip() and not line.lstrip().startswith("#"):
            return None
    return None


def shadowing(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    """Bindings of a refused builtin's name (`def f(open, getattr): ...`, `__builtins__ = ...`): the policy
    judges names without scopes, so a name bound anywhere would otherwise count as harmless everywhere."""
    found: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        name = _binding(node)
        if name and _refused_builtin(name):
            found.append((node, name))
    return found


_DECORATORS = frozenset(("classmethod", "property", "cached_property", "abstractmethod", "final", "override"))
_ACCESSORS = frozenset(("setter", "getter", "deleter", "cached_property", "abstractmethod", "final", "override"))
_BASES = frozenset(("Generic", "Protocol", "NamedTuple", "ABC", "Enum", "IntEnum", "StrEnum", "TypedDict"))


@dataclass(frozen=True, slots=True)
class Owned:
    """What may read private names of the module's own objects (see `owned`)."""

    selves: frozenset[int]  # ids of the Name nodes that are a trusted method's `self`/`cls`
    classes: frozenset[str]  # own classes, bound once, whose bases are own classes or trusted
    unbound: dict[str, frozenset[str]]  # own class -> its methods that trust their first parameter
    unbound_ok: frozenset[int]  # ids of `Own.method` nodes called with a trusted `self` first (`Base.f(self)`)
    super_ok: bool  # `super` is not bound anywhere: a zero-argument `super()` is the real one


def owned(tree: ast.AST, *examples: ast.AST) -> Owned:
    """What reads private names of the module's own classes: the `self`/`cls` of their methods (the Name nodes,
    in the method's body, of an undecorated, class method's or property's first parameter, where the method
    binds that name nowhere else, nor declares it global) and the names of the classes bound once (in the module
    and its examples) whose bases are own classes, builtins or typing's and enum's. A name is not trusted for
    what it is called: a local `self = random.Random()`, a `lambda cls: cls._x`, a static method's `x`, a class
    bound again or built on a foreign class own nothing; and a trusted method reached through its class with
    some other first argument (`Peek.number(fraction)`) is refused where it is named (policy)."""
    counts = Counter(name for root in (tree, *examples) for node in ast.walk(root) if (name := _binding(node)))
    counts.update(name for node in ast.walk(tree) if isinstance(node, ast.Global | ast.Nonlocal) for name in node.names)
    classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    own = {c.name for c in classes if counts[c.name] == 1}
    own = {c.name for c in classes if c.name in own and all(_trusted_base(b, own) for b in c.bases)}
    selves: set[int] = set()
    unbound: dict[str, set[str]] = {}
    for cls in (c for c in classes if c.name in own):
        for method in (m for m in cls.body if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)):
            found = _selves(method, counts)
            if found is not None:
                selves |= found
                unbound.setdefault(cls.name, set()).add(method.name)
    calls = (n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute))
    ok = {id(c.func) for c in calls if c.args and isinstance(c.args[0], ast.Name) and id(c.args[0]) in selves}
    frozen = {name: frozenset(methods) for name, methods in unbound.items()}
    return Owned(frozenset(selves), frozenset(own), frozen, frozenset(ok), counts["super"] == 0)


def _selves(method: ast.FunctionDef | ast.AsyncFunctionDef, counts: Counter[str]) -> set[int] | None:
    """The ids of the Name nodes of `method`'s trusted first parameter in its body; None when it has none."""
    positional = [*method.args.posonlyargs, *method.args.args]
    if not positional or not all(_trusted_decorator(d, counts) for d in method.decorator_list):
        return None
    first = positional[0].arg
    body = [node for statement in method.body for node in ast.walk(statement)]
    rebound = any(_binding(node) == first for node in body) or any(
        first in node.names for node in body if isinstance(node, ast.Global | ast.Nonlocal)
    )
    return None if rebound else {id(n) for n in body if isinstance(n, ast.Name) and n.id == first}


def _trusted_decorator(node: ast.expr, counts: Counter[str]) -> bool:
    if isinstance(node, ast.Name):  # `classmethod`, `property`; or imported once (`cached_property`, `final`)
        return node.id in _DECORATORS and counts[node.id] <= 1
    return isinstance(node, ast.Attribute) and node.attr in _ACCESSORS  # `@total.setter`, `@abc.abstractmethod`


def _trusted_base(node: ast.expr, own: set[str]) -> bool:
    base = node.value if isinstance(node, ast.Subscript) else node  # `Generic[T]`
    if isinstance(base, ast.Name):
        return base.id in own or base.id in _BASES or base.id in vars(builtins)
    return isinstance(base, ast.Attribute) and base.attr in _BASES  # `enum.Enum`, `typing.NamedTuple`


def _refused_builtin(name: str) -> bool:
    """A builtin the policy refuses (`open`, `getattr`, `__import__`; `__builtins__` itself). Dunder methods a
    class defines (`__init__`, `__getattr__`) are not builtins."""
    if name == "__builtins__":
        return True
    return name in vars(builtins) and name not in ALLOWED_BUILTINS and name not in SAFE_NAMES


def _binding(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return node.id
    if isinstance(node, ast.arg):
        return node.arg
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.alias):
        return node.asname or node.name.split(".")[0]
    if isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar):
        return node.name
    if isinstance(node, ast.MatchMapping):
        return node.rest
    return None


def computed_annotation(annotation: ast.expr) -> ast.AST | None:
    """The first part of an annotation that is computed at run time, if any."""
    for part in ast.walk(annotation):
        if isinstance(part, ast.BinOp) and not isinstance(part.op, ast.BitOr):
            return part
        if not isinstance(part, _STATIC):
            return part
    return None
