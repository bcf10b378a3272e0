"""ruff: one invocation for all files, JSON output, fixes carried with their applicability."""

from __future__ import annotations

import json
import subprocess
import threading
from dataclasses import dataclass

from ruff.__main__ import find_ruff_bin

from aic.ir import Applicability, Diagnostic, Fix, Span, TextEdit, make
from aic.verifiers.workspace import Placement

TOOL = "ruff"
# Rules whose finding is a certain bug (syntax-level, undefined names, broken comparisons...).
_ERROR_PREFIXES = ("E9", "F63", "F7", "F82", "PLE")
DEFAULT_SELECT = ("E4", "E7", "E9", "F", "B")


_FOUND: list[str] = []
_FINDING = threading.Lock()


def ruff_bin() -> str:
    """ruff's executable, found once (under a lock: a build asks from several threads)."""
    with _FINDING:
        if not _FOUND:
            _FOUND.append(find_ruff_bin())
        return _FOUND[0]


@dataclass(frozen=True, slots=True)
class RuffOptions:
    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()
    target_version: str = "py311"


def start_ruff(placement: Placement, options: RuffOptions) -> subprocess.Popen[bytes] | None:
    """Start ruff in the background (it runs on another core while mypy works); see `finish_ruff`."""
    if not placement.files:
        return None
    # --isolated: the user's ruff settings must not change aic's verdicts.
    args = [
        ruff_bin(),
        "check",
        "--isolated",
        "--no-cache",
        "--ignore-noqa",
        "--output-format",
        "json",
        "--exit-zero",
        "--target-version",
        options.target_version,
        "--select",
        ",".join(options.select),
    ]
    if options.ignore:
        args += ["--ignore", ",".join(options.ignore)]
    return subprocess.Popen(
        [*args, "--", *sorted(placement.files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )


def finish_ruff(process: subprocess.Popen[bytes] | None, placement: Placement) -> list[Diagnostic]:
    if process is None:
        return []
    stdout, stderr = process.communicate()
    first = next(iter(sorted(placement.files.values())))
    if process.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip().splitlines()[:1] or ["no message"]
        return [make("AIC003", f"ruff failed: {message[0]}", TOOL, Span(first, 1))]
    try:
        records = json.loads(stdout)
    except json.JSONDecodeError as err:
        return [make("AIC003", f"ruff printed unreadable JSON: {err}", TOOL, Span(first, 1))]
    out: list[Diagnostic] = []
    for record in records:
        path = placement.module_path(record["filename"])
        if path is not None:
            out.append(_diagnostic(record, path))
    return out


def run_ruff(placement: Placement, options: RuffOptions) -> list[Diagnostic]:
    return finish_ruff(start_ruff(placement, options), placement)


def _diagnostic(record: dict[str, object], path: str) -> Diagnostic:
    code = str(record.get("code") or "")
    start, end = _loc(record["location"]), _loc(record["end_location"])
    if end <= start:
        end = (start[0], start[1] + 1)
    span = Span(path, start[0], start[1], end[0], end[1])
    aic_code = _aic_code(code)
    message = str(record.get("message") or code)
    return make(aic_code, message, TOOL, span, fix=_fix(record.get("fix")), tool_code=code or "syntax")


# Style, not correctness: layout and naming (pycodestyle's E4/E7 and E741), bugbear's opinionated B9xx, an unused
# loop variable, an unused import (`--fix` removes it). Reported, but they neither fail a check nor a candidate.
_STYLE_PREFIXES = ("E4", "E7", "B9", "B007", "F401")


def _aic_code(code: str) -> str:
    if code == "F821":
        return "AIC101"
    if not code or code.startswith(_ERROR_PREFIXES):
        return "AIC201"
    if code.startswith(_STYLE_PREFIXES) and not code.startswith(("E9",)):
        return "AIC202"
    return "AIC200"


def _loc(value: object) -> tuple[int, int]:
    assert isinstance(value, dict)
    return int(value["row"]), max(int(value["column"]), 1)


def _fix(value: object) -> Fix | None:
    if not isinstance(value, dict):
        return None
    edits = []
    for edit in value.get("edits") or []:
        (line, col), (eline, ecol) = _loc(edit["location"]), _loc(edit["end_location"])
        edits.append(TextEdit(line, col, eline, ecol, str(edit.get("content") or "")))
    applicability = Applicability(str(value.get("applicability", "display-only")))
    if not edits:
        applicability = Applicability.DISPLAY_ONLY
    return Fix(str(value.get("message") or "fix available"), applicability, tuple(edits))
