"""Rewriters: every change to the IR returns new nodes; the originals stay as they were."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aic.ir.lower import parse_module
from aic.ir.nodes import Module


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the text between two (line, column) positions, 1-based, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str

    def __post_init__(self) -> None:
        if (self.end_line, self.end_column) < (self.line, self.column) or self.line < 1 or self.column < 1:
            raise ValueError(f"bad edit range {self.line}:{self.column}-{self.end_line}:{self.end_column}")


def with_source(module: Module, source: str) -> Module:
    """The module re-lowered from new text (raises SourceSyntaxError if the text is not Python)."""
    if source == module.source:
        return module
    return parse_module(module.path, source)


def apply_edits(source: str, edits: Iterable[TextEdit]) -> tuple[str, int]:
    """Apply non-overlapping edits; an edit overlapping one already taken is skipped. Returns text, count."""
    starts = _line_starts(source)

    def offset(line: int, column: int) -> int:
        if line > len(starts):
            return len(source)
        return min(starts[line - 1] + column - 1, len(source))

    ranges = sorted(
        ((offset(e.line, e.column), offset(e.end_line, e.end_column), e.content) for e in edits),
        key=lambda r: (r[0], r[1]),
    )
    out: list[str] = []
    cursor = applied = 0
    for start, end, content in ranges:
        if start < cursor:
            continue
        out.append(source[cursor:start])
        out.append(content)
        cursor = end
        applied += 1
    out.append(source[cursor:])
    return "".join(out), applied


def _line_starts(source: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(source):
        if char == "\n":
            starts.append(index + 1)
    return starts
