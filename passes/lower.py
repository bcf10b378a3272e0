"""The lower transform: the text of every valid module becomes module IR (libcst), for the passes that reason
about functions, examples and contracts. With an IR store among the services, IR lowered before for the same
path and text is taken from it (see aic.ir.store)."""

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
        store = unit.services.ir_store
        modules: dict[str, Module] = {}
        found = []
        for path, text in sorted(unit.texts.items()):
            existing = unit.modules.get(path)
            if (existing is None or existing.source != text) and store is not None:
                existing = store.get(path, text)
            if existing is not None and existing.source == text:
                modules[path] = existing
                continue
            from aic.ir.lower import parse_module  # libcst loads only when a text must be lowered

            try:
                modules[path] = parse_module(path, text, unit.trees.get(path))
            except SourceSyntaxError as err:  # libcst refusing what CPython accepts: still a located finding
                found.append(make("AIC001", err.message, "libcst", err.span))
            except RecursionError:
                found.append(make("AIC001", "the file nests too deeply to lower", "libcst", Span(path, 1)))
            else:
                if store is not None:
                    store.put(modules[path])
        return PassResult(tuple(found), modules=modules)
