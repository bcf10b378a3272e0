"""Putting IR modules on disk for tools that read files.

A module whose text equals what was read from its path is checked in place (imports between the user's files
keep resolving); one that a transform changed is written to a scratch directory and mapped back.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aic.ir import Module


@dataclass(frozen=True, slots=True)
class Placement:
    """Where each module's current text is on disk: `files[disk_path] = module path`."""

    files: dict[str, str]
    shadows: dict[str, str]  # module path -> scratch file holding its changed text (mypy --shadow-file)

    def module_path(self, disk_path: str) -> str | None:
        hit = self.files.get(disk_path)
        if hit is None:
            hit = self.files.get(os.path.normpath(os.path.abspath(disk_path)))
        return hit


@contextmanager
def placed(modules: Mapping[str, Module], on_disk: Mapping[str, str]) -> Iterator[Placement]:
    """Yield a Placement; scratch copies are removed afterwards. `on_disk` maps paths to the text read."""
    with tempfile.TemporaryDirectory(prefix="aic-ws-") as scratch:
        files: dict[str, str] = {}
        shadows: dict[str, str] = {}
        for index, (path, module) in enumerate(sorted(modules.items())):
            if on_disk.get(path) == module.source and os.path.isfile(path):
                files[os.path.normpath(os.path.abspath(path))] = path
                continue
            target = Path(scratch, str(index), Path(path).name)
            target.parent.mkdir(parents=True)
            target.write_text(module.source, encoding="utf-8")
            files[str(target)] = path
            shadows[path] = str(target)
        yield Placement(files, shadows)
