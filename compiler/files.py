"""Files aic writes and paths it is given: atomic replacement, exclusive locks, output files named on the command
line, and paths resolved without a symbolic-link loop turning into a traceback.

The one module for these, so that aic.lock, the cache, emitted modules and reports are all written the same way
and every command treats a bad path alike (a PathError: one line naming the path, exit 2).
"""

from __future__ import annotations

import fcntl
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class PathError(Exception):
    """A path aic was given cannot be used; str() is one line naming it."""


def resolve(path: Path) -> Path:
    """`path.resolve()`, with a loop of symbolic links (RuntimeError before Python 3.13) a PathError."""
    try:
        return path.resolve()
    except RuntimeError:
        raise PathError(f"{path}: a loop of symbolic links") from None
    except OSError as err:
        raise PathError(f"{path}: cannot resolve the path: {err.strerror or err}") from None


def output_file(raw: str | Path) -> Path:
    """A file an option names for aic to write (`report --output`, `check -o`, `bench --out/--plot`). Its missing
    parent folders are created now, before any work, as ruff's `--output-file` does, so a long run never ends on a
    folder that does not exist; a path that cannot take a file is a PathError."""
    path = Path(raw)
    if path.is_dir():
        raise PathError(f"{raw}: is a folder; name a file to write")
    try:
        resolve(path.parent).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise PathError(f"{raw}: cannot create its folder: {err.strerror or err}") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise PathError(f"{raw}: its folder is not writable")
    return path


def write_atomically(path: str | Path, data: str | bytes) -> None:
    """Replace a file's content so that a crash leaves either the old or the new content, never a mix."""
    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else 0o644
    handle, temp = tempfile.mkstemp(prefix=".aic-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


@contextmanager
def locked(path: Path, waiting: str | None = None) -> Iterator[IO[bytes]]:
    """`path` (created if missing) opened for appending and reading, held under an exclusive lock for the block:
    the one way aic serialises writers of a file (builds of a project, the audit log, the model's weights).
    With `waiting`, a line said on stderr when another process holds the lock, before waiting for it."""
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if waiting else 0))
        except BlockingIOError:
            print(f"aic: {waiting}", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
