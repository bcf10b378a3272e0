"""A module's text as the gates see it while it is built (the intent's header, the candidates so far, stubs
for the rest), and which of the gates' findings on that text are the candidate's own."""

from __future__ import annotations

from aic.generate.classes import class_lines
from aic.generate.intents import IntentModule
from aic.generate.reply import Candidate
from aic.ir import Diagnostic, Function

# When the intent itself leaves its signature unannotated (benchmark suites), mypy's complaints about that are
# the intent's, not the candidate's.
UNTYPED_INTENT_CODES = frozenset(("no-untyped-def", "no-untyped-call", "no-any-return"))
SIGNATURE_CODES = frozenset(("no-untyped-def", "type-arg"))


def _annotated(function: Function) -> bool:
    return function.returns is not None and all(p.annotation is not None for p in function.params)


def candidates_own(function: Function, text: str, lines: tuple[int, int], found: list[Diagnostic]) -> list[Diagnostic]:
    """The findings in `found` (on the module `text`) that are the candidate's: on its lines (`lines`), not about
    the intent's own signature, and not the untyped-intent complaints of an unannotated suite prompt."""
    low, high = lines
    ignored = UNTYPED_INTENT_CODES if not _annotated(function) else frozenset()
    rows = text.splitlines()
    # Its `def` line: the first at or after its span's start (a method's is indented in its class).
    header = next(n for n in range(low, len(rows) + 1) if rows[n - 1].strip() == f"{function.signature}:")

    def own(d: Diagnostic) -> bool:
        # The signature is the intent's: lint or typing findings about it (a parameter named `l`, a bare
        # `list`) are not the candidate's to fix. A missing return, also reported there, still counts.
        if d.span.line == header and (d.tool == "ruff" or d.tool_code in SIGNATURE_CODES):
            return False
        return (low <= d.span.line <= high or d.code == "AIC003") and d.tool_code not in ignored

    return [d for d in found if own(d)]


def assemble(
    intent: IntentModule, candidates: dict[str, Candidate], current: str | None
) -> tuple[str, tuple[int, int]]:
    """Module text from the intent's header, its classes and the candidates (keyed by qualname; a function or
    method without one is a stub), and the 1-based line range holding `current` and the imports it brings."""
    lines = [*f'"""{_escape(intent.description or intent.name)}"""'.split("\n"), ""]
    own = set(candidates[current].imports) if current in candidates else set()
    seen: set[str] = set()
    first_own = 0
    for statement in [
        *intent.header,
        *(i for f in intent.functions if f.qualname in candidates for i in candidates[f.qualname].imports),
    ]:
        if statement in seen:
            continue
        seen.add(statement)
        if statement in own and not first_own:
            first_own = len(lines) + 1
        lines += statement.split("\n")
    span = (0, 0)
    signatures = {f.qualname: f.signature for f in intent.functions}
    codes = {name: candidate.function for name, candidate in candidates.items()}
    for cls in intent.classes:
        lines += ["", ""]
        start = len(lines) + 1  # 1-based line of the class's first line
        rows, where = class_lines(cls, codes, signatures.__getitem__)
        lines += rows
        if current in where:
            span = (first_own or start + where[current][0], start + where[current][1])
    for function in intent.functions:
        if intent.owner(function) is not None:
            continue
        lines += ["", ""]
        start = len(lines) + 1
        code = codes.get(function.qualname)
        lines += (code or f"{function.signature}:\n    raise NotImplementedError").rstrip("\n").split("\n")
        if function.qualname == current:
            span = (first_own or start, len(lines))
    return "\n".join(lines) + "\n", span


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
