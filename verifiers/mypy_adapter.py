"""mypy --strict through mypy.api: one run for all files (split only where module names would collide)."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aic.ir import Diagnostic, Span, make
from aic.verifiers.workers import Worker, WorkerError, Workers, collect, take
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
    search_path: tuple[str, ...] = ()  # the project's roots: its own modules resolve, and are checked against


@dataclass(slots=True)
class MypyRun:
    """A mypy worker started by `start_mypy`; `finish_mypy` waits for it."""

    worker: Worker | None
    view: Placement
    batches: list[list[str]]
    config: str
    workers: Workers | None = None  # the pool the worker goes back to


WORKER = "aic.verifiers.mypy_worker"


def start_mypy(placement: Placement, options: MypyOptions, workers: Workers | None = None) -> MypyRun:
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
    batches = _batches(view)
    handle, config = tempfile.mkstemp(suffix=".ini", prefix="aic-mypy-")
    with os.fdopen(handle, "w") as out:
        out.write("[mypy]\n")  # aic's config alone: the user's mypy settings must not change aic's verdicts
        if options.search_path:
            out.write(f"mypy_path = {','.join(options.search_path)}\n")
    if not batches:
        return MypyRun(None, view, batches, config)
    args = [
        "--config-file", config, "--strict", "--warn-unreachable", "--python-version", options.python_version,
        "--show-column-numbers", "--show-error-end", "--show-error-codes", "--no-error-summary", "--no-pretty",
        "--hide-error-context", "--no-color-output", "--follow-imports", "silent", "--cache-dir", options.cache_dir,
    ]  # fmt: skip
    for module_path, shadow in shadows.items():
        args += ["--shadow-file", module_path, shadow]
    worker = take(WORKER, workers)
    worker.ask({"runs": [[*args, *batch] for batch in batches]})
    return MypyRun(worker, view, batches, config, workers)


def finish_mypy(run: MypyRun) -> list[Diagnostic]:
    first = next(iter(sorted(run.view.files.values()))) if run.view.files else ""
    try:
        if run.worker is None:
            return []
        try:
            results = collect(run.worker, run.workers, ("results",))["results"]
            if len(results) != len(run.batches):  # a batch without its result would go unchecked
                raise WorkerError(f"{len(results)} results for {len(run.batches)} runs")
            if not all(_result_shape(r) for r in results):
                raise WorkerError("a result that is not mypy's")
        except WorkerError as err:
            return [make("AIC003", f"mypy failed: {err}", TOOL, Span(first, 1))]
    finally:
        os.unlink(run.config)
    out: list[Diagnostic] = []
    for batch, result in zip(run.batches, results, strict=True):
        found = _parse(result["stdout"], Placement({f: run.view.files[f] for f in batch}, run.view.shadows))
        if result["status"] == 2 or (result["status"] != 0 and not found):
            path = run.view.module_path(batch[0]) or first
            message = (result["stderr"] or result["stdout"]).strip().splitlines()[:1] or ["no message"]
            found.append(make("AIC003", f"mypy failed: {message[0]}", TOOL, Span(path, 1)))
        out.extend(found)
    return out


def _result_shape(result: object) -> bool:
    if not isinstance(result, dict):
        return False
    return (
        isinstance(result.get("stdout"), str)
        and isinstance(result.get("stderr"), str)
        and isinstance(result.get("status"), int)
    )


def _parse(stdout: str, placement: Placement) -> list[Diagnostic]:
    # mypy re-reports a cached module's errors under the path it had when cached; within one batch module
    # names are unique, so a path aic did not place maps back by its module name.
    by_name = {_module_name(disk): module for disk, module in placement.files.items()}
    out: list[Diagnostic] = []
    for raw in stdout.splitlines():
        match = _LINE.match(raw)
        if match is None:
            continue
        path = placement.module_path(match["file"]) or by_name.get(_module_name(match["file"]))
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
