"""The types gate: mypy --strict over every module in one run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import ClassVar

from aic.passes.base import PassKind, PassResult, Unit
from aic.verifiers.mypy_adapter import MypyOptions, run_mypy
from aic.verifiers.workspace import placed


def default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "aic", "mypy")


@dataclass(frozen=True, slots=True)
class TypesOptions:
    python_version: str = "3.11"
    cache_dir: str = ""  # empty: the user cache (~/.cache/aic/mypy)


class TypesGate:
    name: ClassVar[str] = "types"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ("syntax",)
    after: ClassVar[tuple[str, ...]] = ("autofix",)
    section: ClassVar[str | None] = "types"
    Options: ClassVar[type[TypesOptions]] = TypesOptions

    def __init__(self, options: TypesOptions) -> None:
        self.options = options

    def run(self, unit: Unit) -> PassResult:
        if not unit.modules:
            return PassResult()
        options = MypyOptions(self.options.cache_dir or default_cache_dir(), self.options.python_version)
        with placed(unit.modules, unit.sources) as placement:
            return PassResult(tuple(run_mypy(placement, options)))
