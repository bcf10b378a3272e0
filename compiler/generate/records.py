"""What a build records of each function in aic.lock: the entry of code a model wrote (or a stub for code it
did not), each gate's verdict, the waivers the lock carries, and what of the lock a build may reuse."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

from aic.backends import Backend
from aic.config import Config, Price
from aic.files import resolve, write_atomically
from aic.generate.intents import IntentModule
from aic.generate.reply import Candidate
from aic.generate.results import FunctionResult, ModuleResult
from aic.ir import Diagnostic, Function, parse_module
from aic.passes import GATES, pipeline
from aic.state.audit import append
from aic.state.cost import Spend, cost_of
from aic.state.lock import (
    LOCK_NAME,
    FunctionEntry,
    LockError,
    ModuleEntry,
    Sampling,
    intent_digest,
    sha256_text,
)


def written_entry(
    digest: str, outcome: FunctionResult, backend: Backend, price: Price | None, code: str,
    imports: tuple[str, ...], gates: dict[str, str], verdict: str = "verified",
) -> FunctionEntry:  # fmt: skip
    """The lock entry of a function a model was asked for in this build: `code` (what it wrote and aic accepted,
    or the stub of a function not generated), how it was asked and what it cost."""
    from aic.verifiers.versions import tool_versions

    # The call that wrote the emitted code (a stub's: the last one asked).
    last = outcome.attempts[outcome.chosen if outcome.chosen is not None else -1] if outcome.attempts else None
    lines = tuple(code.rstrip("\n").split("\n"))
    prompt, completion = outcome.tokens
    return FunctionEntry(
        intent_digest=digest, origin="model", backend=backend.name, model=backend.model,
        model_digest=backend.digest, prompt_digest=last.prompt_digest if last else "",
        sampling=Sampling(last.temperature, last.seed, last.max_tokens) if last else Sampling(0.0, 0, 0),
        imports=imports, code=lines, code_digest=sha256_text("\n".join(lines) + "\n"), gates=gates,
        tools=_cached_versions(tool_versions), calls=outcome.calls, repairs=last.round if last else 0,
        prompt_tokens=prompt, completion_tokens=completion, cost=cost_of(price, prompt, completion), verdict=verdict,
        evidence=outcome.evidence if verdict == "verified" else None,
    )  # fmt: skip


def verdicts(
    config: Config, function: Function, findings: Sequence[Diagnostic], old: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Each gate's verdict on a function its module's check passed: "disabled" for a gate switched off (a waived
    check never gets a verdict), the contracts' strength for the contracts gate, "passed" for the others.
    `old` (aic.lock's verdicts for code re-verified now) is kept for every gate that ran then and now."""
    on = pipeline(config)
    undecided = any(d.code in ("AIC500", "AIC502") for d in findings)
    contracts = ("undecided" if undecided else "proved") if function.contracts else "none"
    fresh = {g: "disabled" if g not in on else contracts if g == "contracts" else "passed" for g in GATES}
    if old is None:
        return fresh
    return {g: old[g] if fresh[g] != "disabled" and old.get(g, "disabled") != "disabled" else fresh[g] for g in GATES}


def own_findings(text: str, findings: Sequence[Diagnostic], name: str) -> list[Diagnostic]:
    """The module check's `findings` on the lines of function `name` of the verified module `text`."""
    spans = [f.span for f in parse_module("module.py", text).functions if f.qualname == name]
    return [d for d in findings for s in spans if s.line <= d.span.line <= s.end_line]


def waivers(config: Config) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(capabilities allowed, gates and tools switched off) under `config`, sorted: what the lock records."""
    policy = config.options.get("security")
    # Allowlist entries beyond the default are allowances too: `import:numpy`, `import:pathlib:Path`.
    imports = (f"import:{entry}" for entry in getattr(policy, "imports", ()))
    allow = tuple(sorted({*getattr(policy, "allow", ()), *imports}))
    off = [gate for gate, on in config.gates.items() if not on]
    if policy is not None and not getattr(policy, "bandit", True):
        off.append("bandit")
    if config.isolation == "waived":
        off.append("isolation")  # examples and replays may run without OS isolation (no bubblewrap)
    return allow, tuple(sorted(off))


def reusable(
    intent: IntentModule, entry: ModuleEntry | None, root: Path, context: str = ""
) -> tuple[dict[str, Candidate], dict[str, str], list[str]]:
    """The lock's candidates still valid for this intent (`context`: the digest of the project code it imports),
    the stubs it holds for functions that were not generated (a partial module), and one line for each function
    that has neither."""
    given: dict[str, Candidate] = {}
    stubs: dict[str, str] = {}
    problems: list[str] = []
    for function in intent.functions:
        name = f"{intent.name}.{function.qualname}"
        recorded = entry.functions.get(function.qualname) if entry else None
        if recorded is None:
            problems.append(f"{name}: no entry in {LOCK_NAME}: run `aic build` without --locked to build it")
            continue
        if sha256_text(recorded.source) != recorded.code_digest:
            raise LockError(f"{root / LOCK_NAME}: modules.{name}: code does not match its code_digest")
        if recorded.intent_digest != intent_digest(intent, function, context):
            what = "the intent or the project code it imports" if context else "the intent"
            problems.append(f"{name}: {what} changed since {LOCK_NAME} was written: run `aic build` without --locked")
            continue
        if recorded.verdict == "not-generated":
            stubs[function.qualname] = recorded.source
        else:
            given[function.qualname] = Candidate(recorded.imports, recorded.source)
    return given, stubs, problems


def relative(path: Path, root: Path) -> str:
    try:
        return resolve(path).relative_to(resolve(root)).as_posix()
    except ValueError:
        return path.as_posix()


_VERSIONS: dict[str, str] = {}


def _cached_versions(get: Callable[[], dict[str, str]]) -> dict[str, str]:
    if not _VERSIONS:
        _VERSIONS.update(get())
    return dict(_VERSIONS)


def record_spend(root: Path, spend: Spend, results: Sequence[ModuleResult]) -> None:
    """`.aic/last-build.json`: what the last build spent, CPU seconds included (not in the lock: not
    reproducible)."""
    data = {
        "calls": spend.calls, "cache_hits": spend.cache_hits, "prompt_tokens": spend.prompt_tokens,
        "completion_tokens": spend.completion_tokens, "cost": spend.cost, "model_seconds": round(spend.seconds, 3),
        "cpu_seconds": round(spend.cpu_seconds, 3),
        "functions": {
            f"{r.intent.name}.{f.name}": {
                "origin": f.origin, "calls": f.calls, "cached": sum(a.cached for a in f.attempts),
                "cpu_seconds": round(sum(a.cpu_seconds for a in f.attempts), 3), "accepted": f.accepted is not None,
            }
            for r in results for f in r.functions
        },
    }  # fmt: skip
    write_atomically(str(root / ".aic" / "last-build.json"), json.dumps(data, indent=2, sort_keys=True) + "\n")


def audit_built(root: Path, module: str, result: ModuleResult, entry: ModuleEntry) -> None:
    """One audit entry per function a model wrote in this build (replays from the lock append nothing)."""
    for outcome in result.functions:
        if outcome.origin == "lock":
            continue
        recorded = entry.functions[outcome.name]
        append(
            root, "built",
            {
                "function": f"{module}.{outcome.name}", "intent_digest": recorded.intent_digest,
                "backend": recorded.backend, "model": recorded.model, "model_digest": recorded.model_digest,
                "prompt_digest": recorded.prompt_digest, "code_digest": recorded.code_digest,
                "calls": recorded.calls, "repairs": recorded.repairs, "gates": recorded.gates,
                "tokens": recorded.prompt_tokens + recorded.completion_tokens, "cost": recorded.cost,
                "evidence": asdict(recorded.evidence) if recorded.evidence else None,
                "output_digest": entry.output_digest,
            },
        )  # fmt: skip
