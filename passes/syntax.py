"""The syntax gate: lowers every readable source to IR; what does not parse is a located AIC001."""

from __future__ import annotations

from typing import ClassVar

from aic.ir import Module, SourceSyntaxError, Span, make, parse_module
from aic.passes.base import NoOptions, PassKind, PassResult, Unit


class SyntaxGate:
    name: ClassVar[str] = "syntax"
    kind: ClassVar[PassKind] = PassKind.GATE
    requires: ClassVar[tuple[str, ...]] = ()
    after: ClassVar[tuple[str, ...]] = ()
    section: ClassVar[str | None] = None
    Options: ClassVar[type[NoOptions]] = NoOptions

    def __init__(self, options: NoOptions) -> None:
        self.options = options

    def run(self, unit: Unit) -> PassResult:
        modules: dict[str, Module] = {}
        found = []
        for path, source in sorted(unit.sources.items()):
            try:
                modules[path] = parse_module(path, source)
            except SourceSyntaxError as err:
                found.append(make("AIC001", err.message, "aic", err.span))
            except RecursionError:
                found.append(make("AIC001", "the file nests too deeply to parse", "aic", Span(path, 1)))
        return PassResult(tuple(found), modules)
