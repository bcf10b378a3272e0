"""Module IR kept on disk by what it is derived from, so that a run over files that did not change (`aic gate` in a
pre-commit hook, which gates the same generated modules commit after commit) takes their IR from there and
never imports libcst.

An entry's key is the sha256 of the module's path and text and of everything lowering depends on (the source of
aic.ir and libcst's installed version), so a changed file, a new aic or another libcst is a miss, never a stale
hit. An entry is checked again on the way in: the nodes re-check their invariants, and its path and source must
be the ones asked for; anything unreadable or different is a miss. Writes are atomic (a temporary file, then a
rename), and a cache folder that cannot be written only costs speed. Like mypy's cache beside it, the folder is
trusted as the user's own: whoever can write it can already change the installed tools.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from functools import cache
from pathlib import Path

from aic.ir.canonical import canonical_json, from_json
from aic.ir.nodes import Module


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "aic", "ir")


@cache
def _salt() -> bytes:
    """What lowered IR depends on besides the text: aic's IR code and the installed libcst (read, not imported)."""
    salt = hashlib.sha256()
    for file in sorted(Path(__file__).parent.glob("*.py")):
        salt.update(file.name.encode() + b"\0" + file.read_bytes())
    spec = importlib.util.find_spec("libcst")
    if spec is not None and spec.origin is not None:
        version = Path(spec.origin).with_name("_version.py")
        salt.update(spec.origin.encode() + b"\0" + (version.read_bytes() if version.is_file() else b""))
    return salt.digest()


class IRStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()

    def _file(self, path: str, source: str) -> Path:
        key = hashlib.sha256(_salt() + path.encode() + b"\0" + source.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, path: str, source: str) -> Module | None:
        try:
            node = from_json(self._file(path, source).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError):
            return None
        if not isinstance(node, Module) or node.path != path or node.source != source:
            return None
        return node

    def put(self, module: Module) -> None:
        target = self._file(module.path, module.source)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".ir-")
        except OSError:
            return  # a cache that cannot be written costs speed, nothing else
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(canonical_json(module))
            os.replace(temporary, target)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
