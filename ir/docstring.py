"""Docstring reading: `>>>` examples (doctest's grammar) and `Requires:` / `Ensures:` contract lines (prose examples:
see prose.py)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from aic.ir.nodes import Contract, ContractKind, Example
from aic.ir.pyast import parse_eval
from aic.ir.span import Span

_PROMPT = re.compile(r"^(?P<indent>[ \t]*)>>>(?: |$)(?P<code>.*)$")
_CONTINUATION = re.compile(r"^[ \t]*\.\.\.(?: |$)(?P<code>.*)$")
_CONTRACT = re.compile(r"^[ \t]*(?P<kind>Requires|Ensures):[ \t]*(?P<expr>.*?)[ \t]*$")


@dataclass(frozen=True, slots=True)
class DocLocator:
    """Maps a line of the evaluated docstring to its place in the file."""

    file: str
    first_line: int
    first_column: int
    # When escapes make the evaluated text's lines differ from the source's, every item maps to first_line.
    exact: bool

    def span(self, index: int, column: int, end_index: int) -> Span:
        if not self.exact:
            return Span(self.file, self.first_line, self.first_column)
        col = column + 1 + (self.first_column - 1 if index == 0 else 0)
        return Span(self.file, self.first_line + index, col, self.first_line + end_index, 0)


def read_examples(doc: str, where: DocLocator) -> tuple[Example, ...]:
    lines = doc.split("\n")
    examples: list[Example] = []
    i = 0
    while i < len(lines):
        match = _PROMPT.match(lines[i])
        if match is None:
            i += 1
            continue
        indent = len(match["indent"])
        start = i
        source = [match["code"]]
        i += 1
        while i < len(lines) and (cont := _CONTINUATION.match(lines[i])) and indent_of(lines[i]) == indent:
            source.append(cont["code"])
            i += 1
        want: list[str] = []
        while i < len(lines) and lines[i].strip() and not _PROMPT.match(lines[i]):
            want.append(lines[i][indent:] if indent_of(lines[i]) >= indent else lines[i].lstrip())
            i += 1
        code = "\n".join(source).rstrip() + "\n"
        if not code.strip():
            continue
        text = "".join(line + "\n" for line in want)
        if not text and _claims(code):
            # `>>> f(x) == y` with no output line: the author states the comparison holds (doctest, which
            # would want it silent, fails every such example whatever the function does).
            text = "True\n"
        examples.append(Example(code, text, where.span(start, indent, start + len(source) - 1)))
    return tuple(examples)


def _claims(code: str) -> bool:
    """Whether `code` is one comparison expression (`f(x) == y`, `f(x) in (1, 2)`), which evaluates to a bool."""
    try:
        tree = parse_eval(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return isinstance(tree.body, ast.Compare)


def read_contracts(doc: str, where: DocLocator) -> tuple[Contract, ...]:
    contracts: list[Contract] = []
    for index, line in enumerate(doc.split("\n")):
        match = _CONTRACT.match(line)
        if match and match["expr"]:
            kind = ContractKind(match["kind"].lower())
            contracts.append(Contract(kind, match["expr"], where.span(index, indent_of(line), index)))
    return tuple(contracts)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
