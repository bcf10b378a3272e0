"""The lower transform: the text of every valid module becomes module IR (libcst), for the passes that reason
about functions, examples and contracts."""

from __future__ import annotations

from typing import ClassVar

from aic.ir import Module, SourceSyntaxError, Span, make
from aic.passes.base import BasePass, PassKind, PassResult, Unit


class LowerTransform(BasePass):
    name: ClassVar[str] = "lower"
    kind: ClassVar[PassKind] = PassKind.TRANSFORM
    requires: ClassVar[tuple[str, ...]] = ("syntax",)
    after: ClassVar[tuple[str, ...]] = ("autofix",)

    def run(self, unit: Unit) -> PassResult:
        from aic.ir.lower import parse_module  # libcst loads only when IR is needed

        modules: dict[str, Module] = {}
        found = []
        for path, text in sorted(unit.texts.items()):
            existing = unit.modules.get(path)
            if existing is not None and existing.source == text:
                modules[path] = existing
                continue
            try:
                modules[path] = parse_module(path, text)
            except SourceSyntaxError as err:  # libcst refusing what CPython accepts: still a located finding
                found.append(make("AIC001", err.message, "libcst", err.span))
            except RecursionError:
                found.append(make("AIC001", "the file nests too deeply to lower", "libcst", Span(path, 1)))
        return PassResult(tuple(found), modules=modules)
