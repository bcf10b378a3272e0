"""Putting module texts on disk for tools that read files.

A module whose text equals what was read from its path is checked in place (imports between the user's files
keep resolving); one that a transform changed is written to a scratch directory and mapped back.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Placement:
    """Where each module's current text is on disk: `files[disk_path] = module path`."""

    files: dict[str, str]
    shadows: dict[str, str]  # module path -> scratch file holding its changed text (mypy --shadow-file)
    scratch: str | None = None

    def module_path(self, disk_path: str) -> str | None:
        hit = self.files.get(disk_path)
        if hit is None:
            hit = self.files.get(os.path.normpath(os.path.abspath(disk_path)))
        return hit

    def close(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def place(texts: Mapping[str, str], on_disk: Mapping[str, str]) -> Placement:
    """A Placement for `texts` (module path -> current text); `on_disk` maps paths to the text read. Close it."""
    scratch: str | None = None
    files: dict[str, str] = {}
    shadows: dict[str, str] = {}
    for index, (path, text) in enumerate(sorted(texts.items())):
        if on_disk.get(path) == text and _holds(path, text):
            files[os.path.normpath(os.path.abspath(path))] = path
            continue
        scratch = scratch or tempfile.mkdtemp(prefix="aic-ws-")
        target = Path(scratch, str(index), Path(path).name)
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
        _fresh_mtime(target)
        files[str(target)] = path
        shadows[path] = str(target)
    return Placement(files, shadows, scratch)


@contextmanager
def placed(texts: Mapping[str, str], on_disk: Mapping[str, str]) -> Iterator[Placement]:
    placement = place(texts, on_disk)
    try:
        yield placement
    finally:
        placement.close()


def _holds(path: str, text: str) -> bool:
    """Whether the file at `path` holds exactly `text` now: a module's "source" is not always what is on disk
    (aic build verifies a candidate under the path it will be written to, where an older build may lie)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read() == text
    except (OSError, UnicodeDecodeError):
        return False


_stamp = [0]
_stamp_lock = threading.Lock()


def _fresh_mtime(path: Path) -> None:
    """A whole-second mtime no earlier placement had. mypy trusts its cache for a file whose path, size and
    mtime (in seconds) match what it cached, without reading it: two candidates of one size checked under one
    path within a second would otherwise share the first one's verdict."""
    with _stamp_lock:
        _stamp[0] = max(int(time.time()), _stamp[0] + 1)
        stamp = _stamp[0]
    os.utime(path, (stamp, stamp))
