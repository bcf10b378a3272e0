"""The syntax gate: CPython's compiler decides what is Python; what is not is a located AIC001.

Only the modules that pass reach the other gates (mypy, for one, stops at the first file it cannot parse).
"""

from __future__ import annotations

import ast
from typing import ClassVar

from aic.ir import SourceSyntaxError, Span, compile_check, make
from aic.passes.base import BasePass, PassKind, PassResult, Unit


class SyntaxGate(BasePass):
    name: ClassVar[str] = "syntax"
    kind: ClassVar[PassKind] = PassKind.GATE

    def run(self, unit: Unit) -> PassResult:
        valid: dict[str, str] = {}
        trees: dict[str, ast.Module] = {}
        found = []
        for path, source in sorted(unit.sources.items()):
            try:
                trees[path] = compile_check(path, source)
            except SourceSyntaxError as err:
                found.append(make("AIC001", err.message, "aic", err.span))
                continue
            except RecursionError:
                found.append(make("AIC001", "the file nests too deeply to compile", "aic", Span(path, 1)))
                continue
            valid[path] = source
        return PassResult(tuple(found), texts=valid, trees=trees)
