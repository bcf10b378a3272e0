"""The autofix transform (`aic check --fix`): applies the *safe* fixes that lint found, returning new modules.

Unsafe and display-only fixes are never applied. A fix that would break the syntax is discarded whole.
"""

from __future__ import annotations

import ast
from typing import ClassVar

from aic.ir import Applicability, Diagnostic, SourceSyntaxError, TextEdit, apply_edits, compile_check
from aic.passes.base import BasePass, PassKind, PassResult, Unit
from aic.passes.options import LintOptions
from aic.verifiers.ruff_adapter import RuffOptions, run_ruff
from aic.verifiers.workspace import placed


class AutofixTransform(BasePass):
    name: ClassVar[str] = "autofix"
    kind: ClassVar[PassKind] = PassKind.TRANSFORM
    requires: ClassVar[tuple[str, ...]] = ("lint",)
    section: ClassVar[str | None] = "lint"
    Options: ClassVar[type[LintOptions]] = LintOptions

    options: LintOptions

    def run(self, unit: Unit) -> PassResult:
        # Like ruff, iterate to a fixed point: a fix held back by an overlap is applied in the next round.
        diagnostics = [d for d in unit.diagnostics if d.tool == "ruff"]
        texts = dict(unit.texts)
        changed: dict[str, str] = {}
        trees: dict[str, ast.Module] = {}  # each changed text's tree, from the check that it still compiles
        for _ in range(MAX_ROUNDS):
            replaced = _apply_safe_fixes(diagnostics, texts, trees)
            if not replaced:
                break
            changed.update(replaced)
            texts.update(replaced)
            with placed(replaced, unit.sources) as placement:
                relinted = run_ruff(placement, RuffOptions(self.options.select, self.options.ignore))
            diagnostics = [d for d in diagnostics if d.span.file not in replaced] + relinted
        if not changed:
            return PassResult()
        # The lint findings of changed files moved or went away: the last lint answer replaces them.
        dropped = {i for i, d in enumerate(unit.diagnostics) if d.span.file in changed and d.tool == "ruff"}
        fresh = tuple(d for d in diagnostics if d.span.file in changed)
        return PassResult(fresh, texts=changed, trees=trees, dropped=frozenset(dropped))


MAX_ROUNDS = 5


def _apply_safe_fixes(
    diagnostics: list[Diagnostic], texts: dict[str, str], trees: dict[str, ast.Module]
) -> dict[str, str]:
    chosen: dict[str, list[TextEdit]] = {}
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or fix.applicability is not Applicability.SAFE:
            continue
        taken = chosen.setdefault(diagnostic.span.file, [])
        # A fix is applied whole or not at all; one overlapping a fix already taken waits for the next round.
        if any(_overlap(edit, other) for edit in fix.edits for other in taken):
            continue
        taken.extend(fix.edits)
    replaced: dict[str, str] = {}
    for path, edits in sorted(chosen.items()):
        old = texts.get(path)
        if old is None or not edits:
            continue
        text, _ = apply_edits(old, edits)
        if text == old:
            continue
        try:
            trees[path] = compile_check(path, text)
            replaced[path] = text
        except SourceSyntaxError:
            continue  # never write a file that no longer parses
    return replaced


def _overlap(a: TextEdit, b: TextEdit) -> bool:
    a_start, a_end = (a.line, a.column), (a.end_line, a.end_column)
    b_start, b_end = (b.line, b.column), (b.end_line, b.end_column)
    if a_start == a_end == b_start == b_end:
        return True  # two insertions at one point: their order would be a guess
    return a_start < b_end and b_start < a_end
