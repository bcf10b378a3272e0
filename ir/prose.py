"""Prose examples: the ways a docstring states an example in words rather than as a `>>>` line.

- a call of the function itself, an arrow (or `==`, `returns`, `should return`, `should be`) and a literal:
  `f(2) == 4`, `- f(3) ➞ 6.`, `f("a") returns 1`, `f(5)  # returns 7`, `for f([1, 2]) == 3`;
- named arguments and a stated output: `For lst = [1, 2] the output should be 3`, or a line `Input: n = 5`
  (a bare literal when the function takes one parameter) followed by a line `Output: 1`.

Each becomes an equality check (prose means equality, not doctest's text match: `4.0` holds for 4). Only
literal arguments and results count, and named arguments must be the function's own parameters; anything else
(prose elides quotes, mixes in words or arithmetic) is not an example and is left alone.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from aic.ir.docstring import DocLocator, indent_of
from aic.ir.nodes import Example, Param, ParamKind
from aic.ir.pyast import literal, parse_eval

_CALL_FORM = re.compile(
    r"^[ \t]*(?:[-*][ \t]+)?(?:(?:for|e\.g\.)[ \t]+)?(?P<call>(?P<name>[A-Za-z_]\w*)\(.*\))[ \t]*"
    r"(?:==>|==|=>|->|➞|→|(?:\#[ \t]*)?(?:returns|should return|should be))[ \t]*(?P<value>.+?)[ \t.,;]*$",
    re.IGNORECASE,
)
_NAMED_FORM = re.compile(
    r"^[ \t]*(?:[-*][ \t]+)?for[ \t]+(?P<args>[A-Za-z_]\w*[ \t]*=.*?)[ \t,]*(?:the[ \t]+)?(?:output|result)"
    r"[ \t]+(?:should[ \t]+be|is|will[ \t]+be)[ \t:]*(?P<value>.+?)[ \t.,;]*$",
    re.IGNORECASE,
)
_INPUT = re.compile(r"^[ \t]*Input[ \t]*:[ \t]*(?P<args>.+?)[ \t]*$", re.IGNORECASE)
_OUTPUT = re.compile(r"^[ \t]*Output[ \t]*:[ \t]*(?P<value>.+?)[ \t.,;]*(?:#.*)?$", re.IGNORECASE)


def read_prose_examples(doc: str, where: DocLocator, name: str, params: Sequence[Param]) -> tuple[Example, ...]:
    """The prose examples of function `name` in its raw docstring; `>>>` examples are `read_examples`'s."""
    examples: list[Example] = []
    lines = doc.split("\n")
    in_doctest = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">>>") or (in_doctest and stripped):
            in_doctest = True
            continue
        in_doctest = False
        found = _read_line(line, lines[index + 1 : index + 3], name, params)
        if found is not None:
            call, value, text = found
            span = where.span(index, indent_of(line), index)
            # Print the expected text when equal, the actual value otherwise: a failure says what came back.
            expected = repr(value)
            source = f"_aic_got = {call}; print(repr(_aic_got) if _aic_got != {expected} else {expected!r})\n"
            examples.append(Example(source, expected + "\n", span, prose=text))
    return tuple(examples)


def _read_line(
    line: str, after: list[str], name: str, params: Sequence[Param]
) -> tuple[str, object, str] | None:  # fmt: skip
    """(call, expected value, text as written) when `line` (with the lines after it) states an example."""
    if (match := _CALL_FORM.match(line)) and match["name"] == name:
        value = _literal(match["value"])
        if _literal_call(match["call"]) and value is not _NOT:
            return match["call"], value, line.strip()
    if match := _NAMED_FORM.match(line):
        call = _named_call(name, match["args"], params)
        value = _literal(match["value"])
        if call and value is not _NOT:
            return call, value, line.strip()
    if (match := _INPUT.match(line)) and (output := next((a for a in after if a.strip()), None)):
        result = _OUTPUT.match(output)
        call = _named_call(name, match["args"], params)
        value = _literal(result["value"]) if result else _NOT
        if call and value is not _NOT:
            return call, value, f"{line.strip()} / {output.strip()}"
    return None


_NOT = object()  # not a literal


def _literal(text: str) -> object:
    try:
        return literal(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _NOT


def _literal_call(text: str) -> bool:
    """Whether `text` is a call whose arguments are all literals (prose elides quotes: `f(a) => False`)."""
    try:
        call = parse_eval(text).body
        if not isinstance(call, ast.Call):
            return False
        for argument in [*call.args, *(k.value for k in call.keywords)]:
            ast.literal_eval(argument)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _named_call(name: str, args: str, params: Sequence[Param]) -> str | None:
    """`name(p=v, ...)` from `p = v, ...` naming the function's parameters (every one without a default), or
    `name(v)` from a bare literal when the function takes exactly one parameter."""
    ordinary = [p for p in params if p.kind in (ParamKind.POSITIONAL, ParamKind.KEYWORD_ONLY)]
    if len(ordinary) != len(params):
        return None  # *args, **kwargs or positional-only: prose cannot name them reliably
    text = args.strip().rstrip(",")
    if len(params) == 1 and _literal(text) is not _NOT:
        return f"{name}({text})"
    source = f"_f({text})"
    try:
        call = parse_eval(source).body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if not isinstance(call, ast.Call) or call.args or not _literal_call(source):
        return None
    named = {k.arg for k in call.keywords}
    if None in named or not named <= {p.name for p in params}:
        return None
    if {p.name for p in params if p.default is None} - named:
        return None
    return f"{name}({', '.join(f'{k.arg}={ast.get_source_segment(source, k.value)}' for k in call.keywords)})"


def prose_check(example: Example) -> tuple[str, str] | None:
    """The call and the expected value's repr of a prose example (for emitted tests)."""
    head, sep, _ = example.source.partition("; print(")
    if not example.prose or not sep or not head.startswith("_aic_got = "):
        return None
    return head.removeprefix("_aic_got = "), example.want.strip()
