"""Probe inputs: calls of a function on which its candidates are run against each other (see behaviour.py).

Nobody predicts an output for a probe; candidates are compared on it. So a probe needs only to be a call the
function is meant to take, and the inputs come from three deterministic sources, in this order:

- the intent's own example calls, and every other call of the function on literal arguments its docstring
  shows (prose states examples in more ways than aic reads as checks: `f(3, 4) = 7`, `f(1) => true`);
- variations of those calls' literal arguments that stay in the domain the examples show (`_kind`: a function
  shown positive numbers may not be defined on negative ones), and two arguments swapped where each is of a
  kind shown at the other's place (a function may or may not be symmetric in them; either way candidates
  must agree);
- inputs drawn from the signature's types by hypothesis, derandomised (the same draws on every run and machine
  for one hypothesis version), again kept to the kinds the examples show where they show any; a parameter
  without an annotation is drawn as the type of the values the shown calls give it;
- extra calls given by the caller (the model's proposed inputs, read from a cached, locked reply).

A probe is plain text: the call expression, built from literal reprs, parsed back before it is kept.
"""

from __future__ import annotations

import ast
import itertools
import re
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from aic.ir import Function
from aic.ir.nodes import ParamKind
from aic.ir.pyast import parse, parse_eval

MAX_PROBES = 64
DRAWN = 24  # inputs drawn from the types, before the examples' domain filter
MAX_CALL_TEXT = 2000  # characters of a call written in a docstring
MAX_DOC_CALLS = MAX_PROBES * 4  # calls read from a docstring, and places where one may start
POSITIONAL = (ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL)


@dataclass(frozen=True, slots=True)
class Probe:
    call: str  # a call expression of the function on literal arguments
    origin: str  # "example", "variation", "drawn" or "proposed"


def probes(function: Function, proposed: Sequence[str] = (), limit: int = MAX_PROBES) -> list[Probe]:
    """The function's probe calls, unique, at most `limit`; `proposed` are extra call expressions (kept only
    when they call the function on literal arguments)."""
    calls = [args for example in function.examples for args in example_args(example.source, function)]
    calls += docstring_calls(function)
    found: dict[str, Probe] = {}

    def keep(args: tuple[Any, ...], origin: str) -> None:
        call = _call_text(function.name, args)
        if call is not None and call not in found:
            found[call] = Probe(call, origin)

    for args in calls:
        keep(args, "example")
    for args in calls:
        for variant in _variants(args, calls):
            keep(variant, "variation")
    for args in drawn(function, calls):
        keep(args, "drawn")
    for text in proposed:
        for args in example_args(text, function):
            keep(args, "proposed")
    return list(found.values())[:limit]


def example_args(source: str, function: Function) -> Iterator[tuple[Any, ...]]:
    """The literal arguments of each call of `function` in `source`, in parameter order."""
    try:
        tree = parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # the text may be a hostile model reply
        return
    names = [p.name for p in function.params if p.kind in POSITIONAL]
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function.name):
            continue
        try:
            given = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
            args = [ast.literal_eval(arg) for arg in node.args]
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            continue
        rest = names[len(args) : len(args) + len(given)]
        if set(given) == set(rest) and len(args) + len(given) <= len(names):
            yield (*args, *(given[name] for name in rest))


def docstring_calls(function: Function) -> list[tuple[Any, ...]]:
    """The literal arguments of every call of the function written anywhere in its docstring, in order."""
    doc = function.docstring or ""
    found: list[tuple[Any, ...]] = []
    starts = re.finditer(rf"(?<![\w.]){re.escape(function.name)}\(", doc)
    for match in itertools.islice(starts, MAX_DOC_CALLS):
        text = _balanced(doc, match.start(), match.end() - 1)
        if text is not None:
            found.extend(itertools.islice(example_args(text, function), MAX_DOC_CALLS - len(found)))
        if len(found) >= MAX_DOC_CALLS:
            break  # a docstring of ten thousand calls (or of calls nested in calls) costs little
    return found


def _balanced(text: str, start: int, opening: int) -> str | None:
    """`text[start:end]` where `end` closes the parenthesis at `opening` (quotes respected), if it does soon."""
    depth, quote, k = 0, "", opening
    while k < min(len(text), opening + MAX_CALL_TEXT):
        ch = text[k]
        if quote:
            if ch == "\\":
                k += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return text[start : k + 1]
        k += 1
    return None


def _call_text(name: str, args: tuple[Any, ...]) -> str | None:
    try:
        text = f"{name}({', '.join(_text(v) for v in args)})"
        parse_eval(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return text


def _text(value: Any) -> str:
    """A literal's source text, the same on every run: a set's repr follows string hashing, which differs
    between processes (PYTHONHASHSEED), so its items are written sorted."""
    if isinstance(value, set | frozenset):
        items = ", ".join(sorted(_text(v) for v in value))
        text = f"{{{items}}}" if value else "set()"
        return text if isinstance(value, set) else f"frozenset({text})"
    if isinstance(value, list):
        return f"[{', '.join(_text(v) for v in value)}]"
    if isinstance(value, tuple):
        return f"({', '.join(_text(v) for v in value)}{',' if len(value) == 1 else ''})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_text(k)}: {_text(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _variants(args: tuple[Any, ...], calls: Sequence[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    shown = [{_kind(c[position]) for c in calls if len(c) > position} for position in range(len(args))]
    for i, j in itertools.combinations(range(len(args)), 2):
        if args[i] != args[j] and _kind(args[j]) in shown[i] and _kind(args[i]) in shown[j]:
            swapped = list(args)
            swapped[i], swapped[j] = args[j], args[i]
            yield tuple(swapped)
    for position, value in enumerate(args):
        for other in _mutations(value):
            if _kind(other) in shown[position]:
                yield (*args[:position], other, *args[position + 1 :])


def _mutations(value: Any) -> list[Any]:
    """Small changes, boundary values, and larger inputs of the same kind (examples show small cases; faults
    hide in big ones and at the edges)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value + 1, value - 1, 0, 1, -value, value * 2, value * 10 + 3, value * 97 + 1]  # 0, 1: boundaries
    if isinstance(value, float):
        return [value * 1.5, 0.0 - value, 0.0, value + 1.0, value * 10.25]  # 0.0 - 0.0 is 0.0, not -0.0
    if isinstance(value, str):
        rotated = value[1:] + value[:1]
        return ["", value[::-1], value.upper(), value + value[:1], value[1:], rotated, value + value[::-1],
                *_substituted(value)]  # fmt: skip
    if isinstance(value, list | tuple):
        kind = type(value)
        return [kind(), kind(value[::-1]), kind(value[1:]), kind([*value, *value[:1]]), kind(sorted(value, key=repr)),
                kind([*value[1:], *value[:1]]), kind([*value, *value[::-1]])]  # fmt: skip
    return []


def _substituted(value: str) -> list[str]:
    """The string with its last letter or digit swapped for the first of its class it does not hold: the same
    length and shape, another character (candidates that compare which characters occur and ones that only count
    them agree on every other variation)."""
    for k in range(len(value) - 1, -1, -1):
        for letters in (string.ascii_lowercase, string.ascii_uppercase, string.digits):
            if value[k] in letters:
                other = next((c for c in letters if c not in value), None)
                return [] if other is None else [value[:k] + other + value[k + 1 :]]
    return []


def _kind(value: Any) -> tuple[Any, ...]:
    """The coarse class of a value that the examples either show or not: right candidates may differ outside
    the domain the examples show (negative numbers, upper-case words, empty lists), and no candidate is wrong."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (type(value), (value > 0) - (value < 0))
    if isinstance(value, str):
        return (str, bool(value), any(c.isupper() for c in value), any(c.islower() for c in value))
    if isinstance(value, tuple):  # often a record of fixed size: a longer or shorter one is another domain
        return (tuple, len(value), *sorted({_kind(item)[:1] for item in value}, key=repr))
    if isinstance(value, list):
        return (list, bool(value), *sorted({_kind(item)[:1] for item in value}, key=repr))
    if isinstance(value, set | frozenset | dict):
        return (type(value), bool(value))
    return (type(value),)


def drawn(function: Function, calls: Sequence[tuple[Any, ...]], count: int = DRAWN) -> list[tuple[Any, ...]]:
    """Arguments drawn from the signature's annotations by hypothesis, derandomised; with examples, only the
    draws whose every argument is of a kind some example shows at that position."""
    params = [p for p in function.params if p.kind in POSITIONAL and p.default is None]
    if not params or len(params) != len(function.params):
        return []
    alphabet = "".join(sorted({ch for args in calls for v in args if isinstance(v, str) for ch in v})) or (
        string.ascii_lowercase + " "
    )
    annotations = [p.annotation or shown_type([c[k] for c in calls if len(c) > k]) for k, p in enumerate(params)]
    if None in annotations:
        return []
    from aic.verifiers import drawing  # hypothesis is imported only when a function has typed parameters

    values = drawing.draw(annotations, alphabet, count)
    if not calls:
        return values
    shown = [{_kind(c[k]) for c in calls if len(c) > k} for k in range(len(params))]
    return [args for args in values if all(_kind(v) in shown[k] for k, v in enumerate(args))]


def shown_type(values: Sequence[Any], depth: int = 0) -> str | None:
    """An annotation (as text, for drawing.py) that covers the values a parameter is shown with, if any does;
    an empty container shows no item type, so it counts only beside a full one. Three levels of nesting at
    most: deeper values draw nothing."""
    types = {_type_of(v, depth) for v in values if not (isinstance(v, list | tuple | set | dict) and not v)}
    if not types or None in types:
        return None
    return " | ".join(sorted(t for t in types if t is not None))


def _type_of(value: Any, depth: int) -> str | None:
    if isinstance(value, bool | int | float | str):
        return type(value).__name__
    if depth >= 3 or not isinstance(value, list | tuple | set | dict):
        return None
    if isinstance(value, dict):
        keys, items = shown_type(list(value), depth + 1), shown_type(list(value.values()), depth + 1)
        return f"dict[{keys}, {items}]" if keys and items else None
    inner = shown_type(list(value), depth + 1)
    if inner is None:
        return None
    if isinstance(value, tuple):  # of the shown size when every shown tuple has one (see `_kind`)
        return f"tuple[{', '.join([inner] * len(value))}]"
    return f"{type(value).__name__}[{inner}]"
