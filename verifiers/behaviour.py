"""Candidates run against each other: each on the same probe calls (probes.py) in the sandbox, grouped by what
they do, and the choice of the largest group.

What a candidate does on a probe is one token: `v:<digest>` for the value it returned (the digest of its repr,
with object addresses blanked), `e:<name>` for the exception type it raised, `t` for the call it hung on (past
the job's CPU budget), `k:<signal>` for one that killed its process, `-` for a call not reached (after
`HANG_RETRIES` hangs), `?` where the report about the call was not believed. The child only reports what it
saw; the tokens are made here.

A probe run is a sandbox job whose examples are the calls, so a hang ends the job on its call: the calls after
it run again in a further job (at most `HANG_RETRIES` times per candidate), and one hang costs one budget, not
the remaining calls. A function with `Requires` is called only where they hold (else the token of the text
`<outside Requires>`, the same for every candidate).

The choice: the largest group of candidates with identical tokens on every probe; ties go to the group holding
the preferred candidate (the greedy answer), then to the group whose first member came first. A candidate with
a `?` token agrees with nobody and loses a tie to one without: what is not known is no evidence, and
candidates whose reports were refused must not outvote one whose report was believed. Agreement orders
candidates that passed the gates; it never refuses one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aic.ir import Function
from aic.ir.nodes import ContractKind
from aic.verifiers.budgets import Limits
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.sandbox import ExampleSpec, Job, Outcome, Sandbox

PROBE_LIMITS = Limits(timeout_seconds=6.0, cpu_seconds=2, memory_mb=512)
HANG_RETRIES = 2
BATCH = 128  # jobs per sandbox request
_WANT = "<aic probe: no expected output>\n"  # never printed by a call: every probe reports what it got
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
Tokens = tuple[str, ...]
UNKNOWN = "?"  # a report the sandbox did not believe
NOT_RUN = "-"  # a call not reached: like candidates that hang alike still agree


@dataclass(frozen=True, slots=True)
class Choice:
    """The chosen candidate (an index into those compared), its group, and every group's size, largest first."""

    chosen: int
    group: tuple[int, ...]
    sizes: tuple[int, ...]

    @property
    def agreeing(self) -> int:
        return len(self.group)


def probe_source(function: Function, call: str) -> str:
    """The example text of one probe: the call, guarded by the function's `Requires` when it has any."""
    requires = [c.expr.strip() for c in function.contracts if c.kind is ContractKind.REQUIRES]
    if not requires:
        return call + "\n"
    params = ", ".join(p.name for p in function.params)
    holds = " and ".join(f"({expr})" for expr in requires)
    arguments = call[len(function.name) :]
    return f"(lambda {params}: {function.name}({params}) if {holds} else '<outside Requires>'){arguments}\n"


def behaviours(
    sources: Sequence[str], examples: Sequence[Sequence[str]], sandbox: Sandbox, limits: Limits = PROBE_LIMITS,
    project: ProjectModules = NO_PROJECT,
) -> list[Tokens]:  # fmt: skip
    """For each module source, its tokens on its probe examples (`probe_source` texts), in order. Identical
    (source, examples) pairs run once."""
    unique = list(dict.fromkeys(zip(sources, (tuple(e) for e in examples), strict=True)))
    known: dict[tuple[str, tuple[str, ...]], list[str]] = {pair: [NOT_RUN] * len(pair[1]) for pair in unique}
    pending = {pair: 0 for pair in unique if pair[1]}  # pair -> the first call still to run
    for _ in range(HANG_RETRIES + 1):
        if not pending:
            break
        pending = _round(pending, known, sandbox, limits, project)
    return [tuple(known[(source, tuple(e))]) for source, e in zip(sources, examples, strict=True)]


def _round(
    pending: dict[tuple[str, tuple[str, ...]], int], known: dict[tuple[str, tuple[str, ...]], list[str]],
    sandbox: Sandbox, limits: Limits, project: ProjectModules,
) -> dict[tuple[str, tuple[str, ...]], int]:  # fmt: skip
    """Run every pending pair from its first call still to run; the pairs that hung, from the call after."""
    again: dict[tuple[str, tuple[str, ...]], int] = {}
    items = list(pending.items())
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        jobs = [_job(str(k), pair[0], pair[1][first:]) for k, (pair, first) in enumerate(batch)]
        outcomes = sandbox.run(jobs, limits, project)
        for k, (pair, first) in enumerate(batch):
            tokens, hung = _tokens(outcomes[str(k)], len(pair[1]) - first)
            known[pair][first:] = tokens
            if hung is not None and first + hung + 1 < len(pair[1]):
                again[pair] = first + hung + 1
    return again


def _job(name: str, source: str, calls: Sequence[str]) -> Job:
    specs = tuple(ExampleSpec(k, call, _WANT, 1) for k, call in enumerate(calls))
    return Job(name, f"probe_{name}.py", f"probe_{name}", source, (specs,))


def _tokens(outcome: Outcome, count: int) -> tuple[list[str], int | None]:
    """The tokens of one job's calls, and the position of the call it hung on, if it did."""
    tokens = [NOT_RUN] * count
    started: int | None = None
    for event in outcome.events:
        index = event.get("index")
        if not isinstance(index, int) or not 0 <= index < count:
            continue
        if event.get("event") == "start":
            started = index
        elif event.get("event") == "result":
            started = None
            tokens[index] = _token(event)
    if started is None:
        return tokens, None
    # The child died on this call: past the CPU budget or the clock (a hang), else killed by another signal.
    hung = outcome.timed_out or outcome.signal == "SIGXCPU"
    tokens[started] = "t" if hung else f"k:{outcome.signal or outcome.exit}"
    return tokens, started


def _token(event: dict[str, object]) -> str:
    status = event.get("status")
    if status == "raised":
        return f"e:{event.get('exception')}"
    if status == "failed":
        text = _ADDRESS.sub(" at 0x?", str(event.get("got", "")))
        return "v:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return UNKNOWN  # "invalid": the report about this call was not believed


def choose(tokens: Sequence[Tokens], preferred: int | None = None) -> Choice:
    """The candidate to emit among those compared (at least one): see the module's docstring."""
    if not tokens:
        raise ValueError("nothing to choose from")
    groups: dict[Tokens | int, list[int]] = {}
    for k, behaviour in enumerate(tokens):
        groups.setdefault(k if UNKNOWN in behaviour else behaviour, []).append(k)

    def rank(members: list[int]) -> tuple[int, bool, int, int]:
        return (-len(members), UNKNOWN in tokens[members[0]], 0 if preferred in members else 1, members[0])

    ordered = sorted(groups.values(), key=rank)
    best = ordered[0]
    chosen = preferred if preferred in best else best[0]
    assert chosen is not None
    return Choice(chosen, tuple(best), tuple(len(g) for g in ordered))


def settled(tokens: Sequence[Tokens], need: int) -> bool:
    """Whether the first `need` candidates behave alike on every probe (enough to stop asking for more)."""
    first = tokens[:need]
    return need > 0 and len(first) == need and len(set(first)) == 1 and UNKNOWN not in first[0]
