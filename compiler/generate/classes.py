"""Class intents: a top-level class of an intent file (a dataclass or a plain class) whose method stubs aic
generates, each like a function, and which is emitted whole.

What the class gives (decorators, bases, docstring, fields, class attributes, methods with a body) is carried
into the emitted module as written; a method stub (`def m(self, ...) -> T:` with a docstring and `...`) is
generated, verified inside the class next to the methods accepted before it, and placed back where the stub
was. Classes come before the module's functions, so a function's annotations may name them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

CODE = "code"
METHOD = "method"


@dataclass(frozen=True, slots=True)
class IntentClass:
    name: str
    line: int
    head: str  # decorators and the `class ...:` line(s), as written
    indent: str  # the indentation of its body
    # In source order: (CODE, text as written, after a newline where a blank line preceded it) or (METHOD,
    # qualname); a method is set off by blank lines.
    parts: tuple[tuple[str, str], ...]
    after: int = 0  # how many of the intent's header statements (aic.generate.intents) come before it

    @property
    def methods(self) -> tuple[str, ...]:
        """The qualnames of the methods to generate."""
        return tuple(value for kind, value in self.parts if kind == METHOD)

    @property
    def given(self) -> str:
        """What the intent writes of the class besides its method stubs: part of every digest of its module."""
        return "\n".join([self.head, *(value for kind, value in self.parts if kind == CODE)])


def read_class(node: ast.ClassDef, lines: Sequence[str], is_stub: Callable[[ast.stmt], bool]) -> IntentClass:
    """The class `node` of an intent whose source is `lines`; `is_stub` says which statements of its body are
    method stubs."""
    start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    if node.body[0].lineno == node.lineno:  # `class A: x = 1`: nothing to generate, carried whole
        return IntentClass(node.name, node.lineno, "\n".join(lines[start - 1 : node.end_lineno]), "", ())
    body_line = node.body[0].lineno
    first = node.body[0]
    if isinstance(first, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and first.decorator_list:
        body_line = first.decorator_list[0].lineno
    head = "\n".join(lines[start - 1 : body_line - 1]).rstrip()
    row = lines[body_line - 1]
    indent = row[: len(row) - len(row.lstrip())]
    parts: list[tuple[str, str]] = []
    last = 0  # the last line taken: statements sharing a line (`x = 1; y = 2`) are taken with the first
    for statement in node.body:
        if statement.lineno <= last:
            continue
        last = statement.end_lineno or statement.lineno
        if is_stub(statement):
            assert isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
            parts.append((METHOD, f"{node.name}.{statement.name}"))
            continue
        begin = statement.lineno
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and statement.decorator_list:
            begin = statement.decorator_list[0].lineno
        gap = "\n" if begin >= 2 and not lines[begin - 2].strip() else ""  # a blank line before it, kept
        parts.append((CODE, gap + "\n".join(lines[begin - 1 : statement.end_lineno or begin])))
    return IntentClass(node.name, node.lineno, head, indent, tuple(parts))


def class_lines(
    cls: IntentClass, methods: Mapping[str, str], signature: Callable[[str], str]
) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """The class's text as lines: its given code as written, each method from `methods` (qualname -> the
    method as a top-level `def`, from aic.generate.reply) or, where it has none yet, a stub raising
    NotImplementedError (`signature` gives the stub's `def` line). And where each method is: qualname ->
    (first, last) 0-based indexes into the lines."""
    lines = cls.head.split("\n")
    where: dict[str, tuple[int, int]] = {}
    for number, (kind, value) in enumerate(cls.parts):
        after_method = number > 0 and cls.parts[number - 1][0] == METHOD
        if kind == CODE:
            lines += ([""] if after_method and not value.startswith("\n") else []) + value.split("\n")
        else:
            lines += [""] if number else []
            code = methods.get(value) or f"{signature(value)}:\n    raise NotImplementedError\n"
            first = len(lines)
            lines += indented(code, cls.indent).rstrip("\n").split("\n")
            where[value] = (first, len(lines) - 1)
    return lines, where


def indented(code: str, indent: str) -> str:
    """A top-level `def` moved into a class body indented by `indent` (through libcst, so a multi-line string
    in it keeps its text)."""
    import libcst as cst  # only when a module with a class is built: the gate never needs it

    module = cst.parse_module(code)
    block = cst.IndentedBlock(body=list(module.body), indent=indent)
    text = cst.Module(body=[cst.ClassDef(name=cst.Name("C"), body=block)]).code
    return text.split("\n", 1)[1]


def outline(cls: IntentClass, summaries: Mapping[str, str], current: str | None) -> str:
    """The class as the model is shown it: its given code, and each other method stub as its signature and
    the first line of its docstring (`summaries`: qualname -> `def ...: ...  # summary`); `current`'s stub is
    shown apart."""
    lines = cls.head.split("\n")
    for kind, value in cls.parts:
        if kind == CODE:
            lines += value.split("\n")
        elif value != current:
            lines.append(f"{cls.indent}{summaries[value]}")
    return "\n".join(lines) + "\n"
