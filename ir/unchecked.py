"""The intent functions nothing checks: no example and no contract, so no gate runs or proves anything about
what they do (the types, lint and security gates judge the code, not its behaviour). `aic build` and `aic check`
on intent files warn about each (AIC411); the compliance report lists them first."""

from __future__ import annotations

from collections.abc import Iterable

from aic.ir.diagnostics import Diagnostic, make
from aic.ir.nodes import Function
from aic.ir.span import Span


def unchecked(functions: Iterable[Function], path: str) -> list[Diagnostic]:
    return [
        make(
            "AIC411",
            f"`{f.qualname}` has no example and no contract: nothing checks its behaviour; add a `>>>` example or a "
            "`Requires:`/`Ensures:` line to its docstring",
            "aic",
            Span(path, f.span.line),
        )
        for f in functions
        if not f.examples and not f.contracts
    ]
