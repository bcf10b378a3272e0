"""Source spans: 1-based lines, 1-based columns, inclusive start, exclusive end column (ruff's convention)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    file: str
    line: int
    column: int = 1
    end_line: int = 0
    end_column: int = 0

    def __post_init__(self) -> None:
        if self.line < 1 or self.column < 1:
            raise ValueError(f"span starts before 1:1: {self.line}:{self.column}")
        # A zero end means "same as the start": normalise so equal spans compare equal.
        if self.end_line == 0:
            object.__setattr__(self, "end_line", self.line)
        if self.end_column == 0:
            object.__setattr__(self, "end_column", self.column if self.end_line == self.line else 1)
        if (self.end_line, self.end_column) < (self.line, self.column):
            raise ValueError(f"span ends before it starts: {self}")

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

    @staticmethod
    def from_json(data: dict[str, object]) -> Span:
        def num(key: str) -> int:
            value = data.get(key)
            if not isinstance(value, int):
                raise ValueError(f"span field {key!r} must be an integer")
            return value

        file = data.get("file")
        if not isinstance(file, str):
            raise ValueError("span field 'file' must be a string")
        return Span(file, num("line"), num("column"), num("end_line"), num("end_column"))
