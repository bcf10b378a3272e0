"""The types gate: mypy --strict over every module in one run."""

from __future__ import annotations

import os
from typing import ClassVar

from aic.passes.base import BasePass, PassKind, PassResult, Pending, Unit, collect_then_close
from aic.passes.options import TypesOptions
from aic.verifiers.mypy_adapter import WORKER as MYPY_WORKER
from aic.verifiers.mypy_adapter import MypyOptions, finish_mypy, start_mypy
from aic.verifiers.suppressions import blank_mypy_suppressions
from aic.verifiers.workspace import place


def default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "aic", "mypy")


class TypesGate(BasePass):
    name: ClassVar[str] = "types"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ("syntax",)
    after: ClassVar[tuple[str, ...]] = ("autofix",)
    section: ClassVar[str | None] = "types"
    Options: ClassVar[type[TypesOptions]] = TypesOptions

    options: TypesOptions

    @classmethod
    def workers(cls, options: TypesOptions) -> tuple[str, ...]:
        return (MYPY_WORKER,)

    def run(self, unit: Unit) -> PassResult:
        return self.start(unit)()

    def start(self, unit: Unit) -> Pending:
        if not unit.texts:
            return PassResult
        options = MypyOptions(
            self.options.cache_dir or default_cache_dir(), self.options.python_version, unit.services.project.roots
        )
        # The code under check must not switch its own checks off: mypy reads a copy without its `# type: ignore`
        # and `# mypy:` comments (a copy that differs from the file reaches mypy through --shadow-file).
        texts = {path: blank_mypy_suppressions(text) for path, text in unit.texts.items()}
        placement = place(texts, unit.sources)
        running = start_mypy(placement, options, unit.services.workers)
        return collect_then_close(placement, lambda: finish_mypy(running))
