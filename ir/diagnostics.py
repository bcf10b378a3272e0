"""The one Diagnostic type every gate, adapter and reporter speaks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from aic.ir.codes import Severity, info
from aic.ir.edits import TextEdit
from aic.ir.span import Span


class Applicability(StrEnum):
    SAFE = "safe"  # preserves behaviour; `aic check --fix` applies it
    UNSAFE = "unsafe"  # may change behaviour; shown, never applied automatically
    DISPLAY_ONLY = "display-only"  # a hint for a human


@dataclass(frozen=True, slots=True)
class Fix:
    message: str
    applicability: Applicability
    edits: tuple[TextEdit, ...]

    def __post_init__(self) -> None:
        if not self.edits and self.applicability is not Applicability.DISPLAY_ONLY:
            raise ValueError("an applicable fix needs edits")


@dataclass(frozen=True, slots=True)
class Counterexample:
    """Inputs that break a contract, what the function returned (or raised) on them, and which clause failed."""

    inputs: tuple[tuple[str, str], ...]  # parameter -> repr of its value
    result: str  # repr of the returned value, or "raises ExceptionName"
    clause: str
    method: str  # what found it: "z3", "hypothesis"

    def call(self, function: str) -> str:
        return f"{function}({', '.join(f'{name}={value}' for name, value in self.inputs)})"

    def to_json(self) -> dict[str, object]:
        return {"inputs": dict(self.inputs), "result": self.result, "clause": self.clause, "method": self.method}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    tool: str
    span: Span
    fix: Fix | None = None
    tool_code: str | None = None  # the underlying tool's own rule id (e.g. ruff's F821, bandit's B602)
    notes: tuple[str, ...] = field(default=())
    counterexample: Counterexample | None = None

    def __post_init__(self) -> None:
        info(self.code)  # raises on an unknown code
        if not self.message or "\n" in self.message:
            raise ValueError(f"{self.code}: a diagnostic message is one non-empty line")

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.file, self.span.line, self.span.column, self.code, self.message)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "name": info(self.code).name,
            "severity": self.severity.value,
            "tool": self.tool,
            "tool_code": self.tool_code,
            "message": self.message,
            **self.span.to_json(),
            "notes": list(self.notes),
            "fix": None,
        }
        if self.counterexample is not None:
            data["counterexample"] = self.counterexample.to_json()
        if self.fix is not None:
            data["fix"] = {
                "message": self.fix.message,
                "applicability": self.fix.applicability.value,
                "edits": [
                    {
                        "line": e.line,
                        "column": e.column,
                        "end_line": e.end_line,
                        "end_column": e.end_column,
                        "content": e.content,
                    }
                    for e in self.fix.edits
                ],
            }
        return data


def make(
    code: str,
    message: str,
    tool: str,
    span: Span,
    *,
    severity: Severity | None = None,
    fix: Fix | None = None,
    tool_code: str | None = None,
    notes: tuple[str, ...] = (),
    counterexample: Counterexample | None = None,
) -> Diagnostic:
    """A diagnostic with the code's default severity unless one is given; the message is folded to one line."""
    return Diagnostic(
        code,
        severity or info(code).severity,
        " ".join(message.split()),
        tool,
        span,
        fix,
        tool_code,
        notes,
        counterexample,
    )


def dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted, one diagnostic per (file, code, line): when two tools find the same thing, the most severe (then
    the first) stays and carries the others' words as notes."""
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    groups: dict[tuple[str, str, int], list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        groups.setdefault((diagnostic.span.file, diagnostic.code, diagnostic.span.line), []).append(diagnostic)
    out: list[Diagnostic] = []
    for group in groups.values():
        keep = min(group, key=lambda d: rank[d.severity])
        extra = tuple(f"{d.tool}: {d.message}" for d in group if d is not keep and d.tool != keep.tool)
        out.append(replace(keep, notes=keep.notes + extra) if extra else keep)
    return sorted(out, key=lambda d: d.sort_key)


def blocking(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings that refuse code: errors and warnings (info never does). The one blocking rule of every
    command, from a candidate's verdict to `aic gate`'s exit code."""
    return [d for d in diagnostics if d.severity in (Severity.ERROR, Severity.WARNING)]
