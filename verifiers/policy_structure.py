"""Whole-module facts the capability policy refuses before judging names: things that make the code mean
something other than what a reader of its syntax tree sees."""

from __future__ import annotations

import ast
import builtins
import codecs
import re
from collections import Counter

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


def owned(tree: ast.AST) -> tuple[frozenset[int], frozenset[str]]:
    """What reads private names of the module's own classes: the `self`/`cls` of its methods (the ids of the
    Name nodes of an undecorated or class method's first parameter, where the method binds that name nowhere
    else) and the names of its classes bound once. A name is not trusted for what it is called: a local
    `self = random.Random()`, a `lambda cls: cls._x`, a static method's `x` or a class name bound again own
    nothing."""
    counts = Counter(name for node in ast.walk(tree) if (name := _binding(node)))
    classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    names: set[int] = set()
    for method in (m for c in classes for m in c.body if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)):
        positional = [*method.args.posonlyargs, *method.args.args]
        plain = all(isinstance(d, ast.Name) and d.id in ("classmethod", "property") for d in method.decorator_list)
        if not positional or not plain:
            continue
        first = positional[0]
        if not any(node is not first and _binding(node) == first.arg for node in ast.walk(method)):
            names.update(id(n) for n in ast.walk(method) if isinstance(n, ast.Name) and n.id == first.arg)
    return frozenset(names), frozenset(c.name for c in classes if counts[c.name] == 1)


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
