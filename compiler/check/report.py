"""The one reporter: renders diagnostics as text (ruff-style, with a code frame), JSON, or SARIF 2.1.0."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from aic import __version__
from aic.files import resolve
from aic.ir import CODES, Applicability, Diagnostic, Fix, Severity

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def summary(diagnostics: Sequence[Diagnostic], files: int, exit_code: int) -> dict[str, object]:
    severities = Counter(d.severity.value for d in diagnostics)
    return {
        "files": files,
        "errors": severities.get("error", 0),
        "warnings": severities.get("warning", 0),
        "info": severities.get("info", 0),
        "by_code": dict(sorted(Counter(d.code for d in diagnostics).items())),
        "fixable": sum(1 for d in diagnostics if d.fix and d.fix.applicability is Applicability.SAFE),
        "exit_code": exit_code,
    }


def render_json(
    diagnostics: Sequence[Diagnostic], files: int, exit_code: int, timings: Mapping[str, float] | None = None
) -> str:
    data: dict[str, object] = {
        "version": __version__,
        "diagnostics": [d.to_json() for d in diagnostics],
        "summary": summary(diagnostics, files, exit_code),
    }
    if timings:
        data["timings"] = {name: round(seconds, 4) for name, seconds in timings.items()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_text(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], files: int, color: bool) -> str:
    def paint(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    out: list[str] = []
    for d in diagnostics:
        where = paint("1", f"{d.span.file}:{d.span.line}:{d.span.column}:")
        fixable = " [*]" if d.fix and d.fix.applicability is Applicability.SAFE else ""
        out.append(f"{where} {paint(_COLORS[d.severity], d.code)}{fixable} {d.message} ({d.tool})")
        out.extend(_frame(d, sources.get(d.span.file), paint))
        out.extend(f"  = note: {note}" for note in d.notes)
    counts = Counter(d.severity for d in diagnostics)
    if diagnostics:
        parts = [
            f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}"
            for s in Severity
            if counts[s]
        ]
        out.append(f"Found {', '.join(parts)} in {files} file{'s' if files != 1 else ''}.")
        safe = sum(1 for d in diagnostics if d.fix and d.fix.applicability is Applicability.SAFE)
        if safe:
            out.append(f"[*] {safe} fixable with `aic check --fix`.")
    else:
        out.append(f"All checks passed ({files} file{'s' if files != 1 else ''}).")
    return "\n".join(out) + "\n"


def _frame(d: Diagnostic, source: str | None, paint: Callable[[str, str], str]) -> list[str]:
    if source is None:
        return []
    lines = source.splitlines()
    if not 1 <= d.span.line <= len(lines):
        return []
    text = lines[d.span.line - 1].expandtabs(1)
    gutter = " " * len(str(d.span.line))
    end = d.span.end_column if d.span.end_line == d.span.line else len(text) + 1
    width = max(1, min(end, len(text) + 1) - d.span.column)
    marker = paint(_COLORS[d.severity], "^" * width)
    return [f" {gutter} |", f" {d.span.line} | {text}", f" {gutter} | {' ' * (d.span.column - 1)}{marker}"]


def render_sarif(diagnostics: Sequence[Diagnostic], root: Path | None = None) -> str:
    codes = list(CODES)
    rules = [
        {
            "id": entry.code,
            "name": entry.name,
            "shortDescription": {"text": entry.summary},
            "fullDescription": {"text": f"{entry.summary} Gate: {entry.gate}."},
            "help": {"text": f"{entry.code} ({entry.name}): {entry.summary} See docs/codes.md."},
            "defaultConfiguration": {"level": _SARIF_LEVEL[entry.severity]},
            "properties": {"gate": entry.gate},
        }
        for entry in CODES.values()
    ]
    results = [_sarif_result(d, codes.index(d.code), root) for d in diagnostics]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "aic", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _sarif_result(d: Diagnostic, index: int, root: Path | None) -> dict[str, object]:
    path = Path(d.span.file)
    try:
        uri = resolve(path).relative_to(resolve(root or Path.cwd())).as_posix()
    except ValueError:
        uri = resolve(path).as_uri()
    region = {
        "startLine": d.span.line,
        "startColumn": d.span.column,
        "endLine": d.span.end_line,
        "endColumn": d.span.end_column,
    }
    result: dict[str, object] = {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        "properties": {"tool": d.tool, "toolCode": d.tool_code, "notes": list(d.notes)},
    }
    if d.fix and d.fix.applicability is not Applicability.DISPLAY_ONLY:
        result["fixes"] = [_sarif_fix(d.fix, uri)]
    return result


def _sarif_fix(fix: Fix, uri: str) -> dict[str, object]:
    replacements = [
        {
            "deletedRegion": {
                "startLine": e.line,
                "startColumn": e.column,
                "endLine": e.end_line,
                "endColumn": e.end_column,
            },
            "insertedContent": {"text": e.content},
        }
        for e in fix.edits
    ]
    return {
        "description": {"text": f"{fix.message} ({fix.applicability.value})"},
        "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
    }


def use_color(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ
