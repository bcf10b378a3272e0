"""mypy --strict through mypy.api: one run for all files (split only where module names would collide)."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mypy import api as mypy_api

from aic.ir import Diagnostic, Span, make
from aic.verifiers.workspace import Placement

_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+):(?P<eline>\d+):(?P<ecol>\d+): "
    r"(?P<kind>error|note|warning): (?P<msg>.*?)(?:  \[(?P<code>[a-z0-9-]+)\])?$"
)
_CODE_MAP = {"name-defined": "AIC101", "import-not-found": "AIC102"}
TOOL = "mypy"


@dataclass(frozen=True, slots=True)
class MypyOptions:
    cache_dir: str
    python_version: str = "3.11"


def run_mypy(placement: Placement, options: MypyOptions) -> list[Diagnostic]:
    # Changed modules whose original file exists are checked under their own path through --shadow-file,
    # so that imports between the user's modules still resolve.
    files = dict(placement.files)
    shadows: dict[str, str] = {}
    for module_path, shadow in placement.shadows.items():
        if os.path.isfile(module_path):
            del files[shadow]
            files[os.path.normpath(os.path.abspath(module_path))] = module_path
            shadows[module_path] = shadow
    view = Placement(files, shadows)
    diagnostics: list[Diagnostic] = []
    for batch in _batches(view):
        diagnostics.extend(_run(batch, view, options))
    return diagnostics


def _run(batch: list[str], placement: Placement, options: MypyOptions) -> list[Diagnostic]:
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        # An empty config: the user's mypy settings must not change aic's verdicts.
        config.write("[mypy]\n")
    args = [
        "--config-file",
        config.name,
        "--strict",
        "--warn-unreachable",
        "--python-version",
        options.python_version,
        "--show-column-numbers",
        "--show-error-end",
        "--show-error-codes",
        "--no-error-summary",
        "--no-pretty",
        "--hide-error-context",
        "--no-color-output",
        "--follow-imports",
        "silent",
        "--cache-dir",
        options.cache_dir,
    ]
    for module_path, shadow in placement.shadows.items():
        args += ["--shadow-file", module_path, shadow]
    try:
        stdout, stderr, status = mypy_api.run([*args, *batch])
    finally:
        os.unlink(config.name)
    out = _parse(stdout, placement)
    if status == 2 or (status != 0 and not out):
        first = placement.module_path(batch[0]) or batch[0]
        message = (stderr or stdout).strip().splitlines()[:1] or ["mypy failed without a message"]
        out.append(make("AIC003", f"mypy failed: {message[0]}", TOOL, Span(first, 1)))
    return out


def _parse(stdout: str, placement: Placement) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for raw in stdout.splitlines():
        match = _LINE.match(raw)
        if match is None:
            continue
        path = placement.module_path(match["file"])
        if path is None:
            continue  # a file mypy followed but was not asked about
        if match["kind"] == "note":
            if out and out[-1].span.file == path:
                last = out.pop()
                out.append(
                    make(
                        last.code,
                        last.message,
                        TOOL,
                        last.span,
                        tool_code=last.tool_code,
                        notes=(*last.notes, match["msg"]),
                    )
                )
            continue
        line, col = int(match["line"]), max(int(match["col"]), 1)
        eline, ecol = int(match["eline"]), int(match["ecol"])
        if (eline, ecol) <= (line, col):
            eline, ecol = line, col + 1
        code = match["code"] or "misc"
        span = Span(path, line, col, eline, ecol)
        out.append(make(_CODE_MAP.get(code, "AIC100"), match["msg"], TOOL, span, tool_code=code))
    return out


def _module_name(path: str) -> str:
    p = Path(path)
    parts = [p.stem]
    parent = p.parent
    while (parent / "__init__.py").exists() and parent != parent.parent:
        parts.append(parent.name)
        parent = parent.parent
    return ".".join(reversed(parts))


def _batches(placement: Placement) -> list[list[str]]:
    """Group files so that no batch holds two files with one module name (mypy refuses that)."""
    batches: list[tuple[set[str], list[str]]] = []
    for disk in sorted(placement.files):
        name = _module_name(disk)
        for names, files in batches:
            if name not in names:
                names.add(name)
                files.append(disk)
                break
        else:
            batches.append(({name}, [disk]))
    return [files for _, files in batches]


def mypy_version() -> str:
    from mypy.version import __version__

    return str(__version__)
