"""The gate in front of a repository (`aic gate`, the pre-commit hook): generated code enters only as aic
verified it, and, when asked, every other Python file passes the static gates too. Never calls a model.

A generated module is one whose second line is aic's `# aic-verified: sha256=...` header. It passes when its
body still has the digest the header states, its bytes are the ones aic.lock records for it, the lock's gate
verdicts for its functions are passing, and the static gates (syntax, lint, types, security) pass on it now.
A file of an aic project's intents folder is aic's input, not code: it passes when it loads as `aic build`
loads it and the security gate has no objection to its imports, given code and examples.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aic.check.sources import read_sources
from aic.config import Config, load_config
from aic.files import resolve
from aic.generate.header import LINES, PARTIAL_MARK, body, declared_digest
from aic.ir import Diagnostic, Span, dedupe, make
from aic.ir.store import IRStore
from aic.passes import GATES, STATIC_GATES, Services, verify
from aic.state.audit import append
from aic.state.lock import LOCK_NAME, Lock, ModuleEntry, read_lock, sha256_text
from aic.verifiers.project import NO_PROJECT, ProjectModules, imported_by

PASSING = frozenset(("passed", "proved", "none", "undecided"))
TOOL = "aic-gate"
HOW = "change the intent and run `aic build`, or take the edit over with `aic adopt {path}`"


@dataclass(slots=True)
class GateResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    generated: list[str] = field(default_factory=list)
    intents: list[str] = field(default_factory=list)  # files of a project's intents folder, checked as intents
    other: list[str] = field(default_factory=list)  # other Python files checked (--all-python)
    tests: list[str] = field(default_factory=list)  # pytest files aic emitted, checked against the lock
    skipped: list[str] = field(default_factory=list)


def find_lock(path: Path) -> tuple[Path, Lock] | None:
    """The nearest aic.lock above `path`, with its project folder."""
    for folder in resolve(path).parents:
        lock = read_lock(folder / LOCK_NAME)
        if lock is not None:
            return folder, lock
    return None


def gate(paths: Sequence[str], all_python: bool) -> GateResult:
    result = GateResult()
    files = [p for p in paths if p.endswith(".py")]
    for path in files:
        resolve(Path(path))  # a loop of symbolic links is bad input (PathError, exit 2), not a finding
    loaded = read_sources(files, 5_000_000)
    result.sources = dict(loaded.sources)
    result.diagnostics.extend(loaded.problems)
    for path, text in sorted(loaded.sources.items()):
        digest = declared_digest(text)
        tests = None if digest is not None else _tests_entry(Path(path))
        project = None if digest is not None or tests is not None else intents_project(Path(path))
        if project is not None:  # an intent is aic's input: its `...` bodies are not code to type-check
            result.intents.append(path)
            result.diagnostics.extend(check_intent(path, text, project))
        elif digest is not None:
            result.generated.append(path)
            result.diagnostics.extend(check_generated(path, text, digest))
        elif tests is not None:  # a pytest file aic emitted: locked by digest, not re-gated as hand-written code
            result.tests.append(path)
            if sha256_text(text) != tests.tests_digest:
                message = f"differs from the tests {LOCK_NAME} records: {HOW.format(path=path)}"
                result.diagnostics.append(make("AIC700", message, TOOL, Span(path, 1)))
        elif all_python:
            result.other.append(path)
        else:
            result.skipped.append(path)
    result.diagnostics.extend(_static(result))
    result.diagnostics = dedupe(result.diagnostics)
    return result


def _static(result: GateResult) -> list[Diagnostic]:
    """The static gates on the generated and other Python files. A generated module that imports project code
    is judged against what its build saw (one run each); the rest together."""
    checked = {p: result.sources[p] for p in [*result.generated, *result.other]}
    runs: dict[str, tuple[dict[str, str], ProjectModules]] = {"": ({}, NO_PROJECT)}
    for path, text in checked.items():
        against = _project_of(Path(path)) if path in result.generated else NO_PROJECT
        runs.setdefault(against.digest and path, ({}, against))[0][path] = text
    store = IRStore()
    found: list[Diagnostic] = []
    for texts, against in runs.values():
        if texts:
            config = load_config(Path(next(iter(texts))))
            # The IR store pays off here: a hook gates the same unchanged files commit after commit. (`aic
            # check`, run over many files once, would spend more writing the store than reading it saves.)
            run = verify(texts, config, gates=STATIC_GATES, services=Services(ir_store=store, project=against))
            found.extend(run.diagnostics)
    return found


def _project_of(path: Path) -> ProjectModules:
    """The project code a generated module was built against, derived again as its build derived it (from its
    intent, aic.generate.context): the module passes only while that still holds. Nothing when the lock records
    none, or the intent no longer loads (then the module's project imports are refused)."""
    from aic.generate.context import seen
    from aic.generate.intents import IntentError, load_intent

    found = find_lock(path)
    entry = _entry(found, path) if found else None
    if found is None or entry is None or not entry.project:
        return NO_PROJECT
    try:
        intent = load_intent(found[0] / entry.intent)
    except IntentError:
        return NO_PROJECT
    return seen(load_config(found[0]), intent)


def intents_project(path: Path) -> Config | None:
    """The configuration of the aic project (a pyproject.toml with a [tool.aic] table) whose intents folder
    holds `path`, if any. Files whose names start with `_` are not intents (`aic build` skips them too)."""
    if path.name.startswith("_"):
        return None
    config = load_config(path)
    return config if config.holds_intent(path) else None


def check_intent(path: str, text: str, config: Config) -> list[Diagnostic]:
    """An intent file checked as `aic build` reads it: it loads (signatures, docstrings, examples and contracts
    parse), and its imports, the code it gives and its examples pass the security gate."""
    from aic.generate.intents import IntentError, load_intent  # libcst: only when an intent is gated

    try:
        intent = load_intent(Path(path))
    except IntentError as err:
        line, message = _located(str(err), path)
        return [make("AIC704", f"not a valid intent: {message}", TOOL, Span(path, line))]
    # Its header may import the project's own code, which `aic build` allows exactly as this does.
    services = Services(project=imported_by(config.root, intent.header))
    return list(verify({path: text}, config, gates=("syntax", "security"), services=services).diagnostics)


def _located(error: str, path: str) -> tuple[int, str]:
    """An IntentError's `path:line[:column]: message` as (line, message)."""
    match = re.fullmatch(r"(\d+)(?::\d+)?: (.*)", error.removeprefix(f"{path}:"), re.DOTALL)
    return (max(1, int(match.group(1))), match.group(2)) if match else (1, error)


def check_generated(path: str, text: str, digest: str) -> list[Diagnostic]:
    where = Span(path, LINES)
    how = HOW.format(path=path)
    if sha256_text(body(text)) != digest:
        _record_refusal(find_lock(Path(path)), path, "edited after verification")
        return [
            make("AIC700", f"edited after aic verified it (its header's digest no longer matches): {how}", TOOL, where)
        ]
    found = find_lock(Path(path))
    entry = _entry(found, Path(path)) if found else None
    if entry is None:
        return [
            make(
                "AIC701", f"generated by aic but not recorded in any {LOCK_NAME} above it: run `aic build`", TOOL, where
            )
        ]
    if sha256_text(text) != entry.output_digest:
        _record_refusal(found, path, "differs from aic.lock")
        return [make("AIC700", f"differs from the module {LOCK_NAME} records: {how}", TOOL, where)]
    waived = set(found[1].disabled) if found else set()  # "disabled" passes only as a waiver the lock records
    failing = _failing(entry, waived)
    if failing:
        return [make("AIC702", f"{LOCK_NAME} records failing gates ({'; '.join(failing[:3])})", TOOL, where)]
    stubs = _stubs(entry, body(text))
    if stubs and not load_config(Path(path)).build.partial:
        message = (
            f"a partial module: {', '.join(f'`{s}`' for s in stubs)} not generated (a stub raising "
            "NotImplementedError); write the body and `aic adopt` it, or set [tool.aic] partial = true"
        )
        return [make("AIC703", message, TOOL, where)]
    return []


def _failing(entry: ModuleEntry, waived: set[str]) -> list[str]:
    """The lock's failing verdicts for the module's functions; a verified function must hold a verdict of every
    gate (one with none left out was never judged by it)."""
    failing = sorted(
        f"{name}: {gate} {verdict}"
        for name, function in entry.functions.items()
        for gate, verdict in function.gates.items()
        if verdict not in PASSING and not (verdict == "disabled" and gate in waived)
    )
    missing = sorted(
        f"{name}: {gate} no verdict"
        for name, function in entry.functions.items()
        if function.verdict == "verified"
        for gate in GATES
        if gate not in function.gates
    )
    return failing + missing


def _stubs(entry: ModuleEntry, verified_body: str) -> list[str]:
    """The functions a partial module did not generate: by the lock, and by the module's own marker line (inside
    the verified digest, so a lock edited to call them verified does not hide them)."""
    first = verified_body.split("\n", 1)[0]
    marked = first.removeprefix(PARTIAL_MARK).split(", ") if first.startswith(PARTIAL_MARK) else []
    locked = [name for name, function in entry.functions.items() if function.verdict == "not-generated"]
    return sorted({*marked, *locked} - {""})


def _entry(found: tuple[Path, Lock], path: Path, field: str = "output") -> ModuleEntry | None:
    root, lock = found
    try:
        relative = resolve(path).relative_to(root).as_posix()
    except ValueError:
        return None
    return next((e for e in lock.modules.values() if getattr(e, field) == relative), None)


def _tests_entry(path: Path) -> ModuleEntry | None:
    found = find_lock(path)
    return _entry(found, path, "tests") if found else None


def _record_refusal(found: tuple[Path, Lock] | None, path: str, reason: str) -> None:
    """A refused hand edit is an audit event of the project whose lock covers the file."""
    if found is None:
        return
    root = found[0]
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    append(
        root,
        "gate-refused",
        {"file": resolve(Path(path)).relative_to(root).as_posix(), "reason": reason, "digest": digest},
    )
