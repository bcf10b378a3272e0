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
    """Whether the intent annotates the signature (a method's `self` needs none)."""
    params = function.params[1:] if function.qualname != function.name else function.params
    return function.returns is not None and all(p.annotation is not None for p in params)


def candidates_own(function: Function, text: str, lines: tuple[int, int], found: list[Diagnostic]) -> list[Diagnostic]:
    """The findings in `found` (on the module `text`) that are the candidate's: on its lines (`lines`), not about
    the intent's own signature, and not the untyped-intent complaints of an unannotated suite prompt."""
    low, high = lines
    ignored = UNTYPED_INTENT_CODES if not _annotated(function) else frozenset()
    rows = text.split("\n")
    # Its `def` line: the last in its span that opens its signature (the span may start at its imports, above
    # other functions; a method's is indented in its class; a signature may take several lines).
    first = function.signature.split("\n")[0].strip() + ("" if "\n" in function.signature else ":")
    header = max((n for n in range(low, min(high, len(rows)) + 1) if rows[n - 1].strip() == first), default=low)

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
    method without one is a stub), and the 1-based line range holding `current` and the imports it brings.

    In a module with classes the imports come first, then the header's other statements and the classes in the
    intent's order (a constant may build an object of a class above it, a class use a constant above it)."""
    lines = [*f'"""{_escape(intent.description or intent.name)}"""'.split("\n"), ""]
    brought = [i for f in intent.functions if f.qualname in candidates for i in candidates[f.qualname].imports]
    header = list(enumerate(intent.header))
    later = [(n, h) for n, h in header if not h.startswith(("import ", "from "))] if intent.classes else []
    top = [h for n, h in header if (n, h) not in later]
    first_own = _place(lines, [*top, *brought], set(candidates[current].imports) if current in candidates else set())
    span = (0, 0)
    signatures = {f.qualname: f.signature for f in intent.functions}
    codes = {name: candidate.function for name, candidate in candidates.items()}
    for cls in intent.classes:
        for statement in [h for n, h in later if n < cls.after]:
            lines += ["", *statement.split("\n")]
        later = [(n, h) for n, h in later if n >= cls.after]
        lines += ["", ""]
        start = len(lines) + 1  # 1-based line of the class's first line
        rows, where = class_lines(cls, codes, signatures.__getitem__)
        lines += rows
        if current in where:
            span = (first_own or start + where[current][0], start + where[current][1])
    for _, statement in later:
        lines += ["", *statement.split("\n")]
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


def _place(lines: list[str], statements: list[str], own: set[str]) -> int:
    """Append `statements` once each; the 1-based line of the first of `own` (0 if none)."""
    seen: set[str] = set()
    first_own = 0
    for statement in statements:
        if statement in seen:
            continue
        seen.add(statement)
        if statement in own and not first_own:
            first_own = len(lines) + 1
        lines += statement.split("\n")
    return first_own


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
