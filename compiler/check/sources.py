"""Finding and reading the files to check. Unreadable content is a finding (AIC002); a missing path, or more
files than the limit allows, is an InputError (exit 2)."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aic.config import DEFAULT_EXCLUDE, Config
from aic.ir import Diagnostic, Span, make


class InputError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Loaded:
    sources: dict[str, str]
    problems: tuple[Diagnostic, ...]


def discover(paths: Sequence[str], config: Config) -> list[str]:
    patterns = (*DEFAULT_EXCLUDE, *config.exclude)
    found: dict[str, None] = {}
    for raw in paths:
        path = os.path.normpath(raw)
        if os.path.isdir(path):
            for file in _walk(path, patterns, config):
                found[file] = None
                if len(found) > config.max_files:
                    raise InputError(
                        f"{raw}: more than {config.max_files} Python files; name fewer paths, add excludes, "
                        f"or raise [tool.aic] max_files"
                    )
        elif os.path.exists(path):
            found[path] = None  # a file named explicitly is checked whatever its name
        else:
            raise InputError(f"{raw}: no such file or directory")
    return sorted(found)


def _walk(top: str, patterns: Sequence[str], config: Config) -> list[str]:
    # Patterns match a name, or a path relative to the directory named on the command line (as with ruff, a
    # path named explicitly is never excluded, nor is what lies below it excluded for its ancestors' names).
    files: list[str] = []
    root = Path(top)
    for folder, dirs, names in os.walk(top, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not _excluded(os.path.join(folder, d), d, patterns, root))
        for name in sorted(names):
            full = os.path.join(folder, name)
            if name.endswith(".py") and not _excluded(full, name, patterns, root) and not os.path.islink(full):
                files.append(full)
    return files


def _excluded(path: str, name: str, patterns: Sequence[str], root: Path) -> bool:
    relative = Path(path).relative_to(root).as_posix()
    return any(
        fnmatch.fnmatch(name, p) or fnmatch.fnmatch(relative, p) or relative.startswith(p.rstrip("/") + "/")
        for p in patterns
    )


def read_sources(files: Sequence[str], max_bytes: int) -> Loaded:
    sources: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for path in files:
        text, problem = _read(path, max_bytes)
        if problem is not None:
            problems.append(problem)
        elif text is not None:
            sources[path] = text
    return Loaded(sources, tuple(problems))


def _read(path: str, max_bytes: int) -> tuple[str | None, Diagnostic | None]:
    def unreadable(message: str, line: int = 1, column: int = 1) -> tuple[None, Diagnostic]:
        return None, make("AIC002", message, "aic", Span(path, line, column))

    try:
        size = os.path.getsize(path)
        if not os.path.isfile(path):
            return unreadable("not a regular file")
        if size > max_bytes:
            return unreadable(f"file is {size} bytes, over the {max_bytes}-byte limit ([tool.aic] max_file_bytes)")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        return unreadable(f"cannot read the file: {err.strerror or err}")
    if b"\0" in data:
        return unreadable("binary file (it holds NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return unreadable(f"not UTF-8: byte 0x{data[err.start]:02x} cannot be decoded", line, column)
    return text.removeprefix("\ufeff"), None
