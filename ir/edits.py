"""Text edits: how a fix says what to change, and how to apply several without clobbering each other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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
