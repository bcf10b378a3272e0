"""Batched work for `aic bench`: aic's gates on many candidates at once, and the hidden tests that score them.

One gate run covers a batch of candidate modules (one mypy run, one ruff run, one bandit run, the sandbox's
children in parallel), so scoring thousands of samples costs little more than the tools' own work. Identical
module texts are judged once: the gates are deterministic, so a repeated text gets the same verdict.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aic.bench.agree import fingerprints, outliers, probes
from aic.bench.suites import Task
from aic.config import Config
from aic.generate.intents import IntentModule
from aic.generate.loop import assemble, candidates_own
from aic.generate.reply import Candidate
from aic.ir import Diagnostic, Function, Span, blocking, make
from aic.passes import GATES, Services, verify
from aic.verifiers.budgets import Limits
from aic.verifiers.sandbox import ExampleSpec, Job, Sandbox

BATCH = 256  # modules per gate run: large enough to amortise start-up, small enough for mypy's memory
HIDDEN_LIMITS = Limits(timeout_seconds=20.0, cpu_seconds=10, memory_mb=1024)


@dataclass(frozen=True, slots=True)
class Item:
    """One candidate to judge: its task, its intent and entry function, and the candidate itself."""

    task: Task
    intent: IntentModule
    function: Function
    candidate: Candidate


def gate_verdicts(
    items: Sequence[Item], config: Config, sandbox: Sandbox, tick: Callable[[int], None] = lambda n: None,
    gates: Sequence[str] = GATES,
) -> list[list[Diagnostic]]:  # fmt: skip
    """The blocking findings of aic's gates on each item (empty = accepted), in order."""
    assembled = [assemble(i.intent, {i.function.name: i.candidate}, current=i.function.name) for i in items]
    unique = list(dict.fromkeys(text for text, _ in assembled))
    found: dict[str, list[Diagnostic]] = {}
    copies = Counter(text for text, _ in assembled)  # samples judged by each unique text, for the progress
    with tempfile.TemporaryDirectory(prefix="aic-bench-") as folder:
        for start in range(0, len(unique), BATCH):
            batch = unique[start : start + BATCH]
            paths = {str(Path(folder, f"m{start + k}.py")): text for k, text in enumerate(batch)}
            run = verify(paths, config, gates=gates, services=Services(sandbox))
            by_file: dict[str, list[Diagnostic]] = {path: [] for path in paths}
            for d in run.diagnostics:
                by_file.setdefault(d.span.file, []).append(d)
            for path, text in paths.items():
                found[text] = by_file[path]
            tick(sum(copies[text] for text in batch))
    return [
        blocking(candidates_own(item.function, text, lines, found[text]))
        for item, (text, lines) in zip(items, assembled, strict=True)
    ]


def agree(items: Sequence[Item], verdicts: list[list[Diagnostic]], sandbox: Sandbox) -> list[list[Diagnostic]]:
    """`verdicts` with AIC408 added to each accepted item outside the largest group of its task's accepted items
    that behave alike (see `outliers`)."""
    calls = {id(item.function): probes(item.function) for item in items}
    probed = [k for k, item in enumerate(items) if calls[id(item.function)]]
    keys = {k: (assemble(items[k].intent, {items[k].function.name: items[k].candidate}, None)[0], id(items[k].function))
            for k in probed}  # fmt: skip
    unique = list(dict.fromkeys(keys.values()))
    prints: dict[tuple[str, int], list[str]] = {}
    for start in range(0, len(unique), BATCH):
        batch = unique[start : start + BATCH]
        found = fingerprints([s for s, _ in batch], [calls[f] for _, f in batch], sandbox)
        prints.update(zip(batch, found, strict=True))
    by_task: dict[str, list[int]] = {}
    for k in probed:
        by_task.setdefault(items[k].task.task_id, []).append(k)
    out = list(verdicts)
    for members in by_task.values():
        flags = outliers([prints[keys[k]] for k in members], [not verdicts[k] for k in members])
        for k, flag in zip(members, flags, strict=True):
            if flag:
                where = Span(items[k].intent.path, items[k].function.span.line)
                message = "behaves unlike the largest group of alike accepted samples, on inputs made from the examples"
                out[k] = [make("AIC408", message, "aic-bench", where)]
    return out


def hidden_passes(items: Sequence[Item], sandbox: Sandbox) -> list[bool]:
    """Whether each item, placed in its module, passes its task's hidden tests."""
    sources = [f"{assemble(i.intent, {i.function.name: i.candidate}, None)[0]}\n\n{i.task.hidden}" for i in items]
    return score_sources(sources, sandbox)


def score_sources(sources: Sequence[str], sandbox: Sandbox) -> list[bool]:
    """Whether each module source (code + hidden tests) imports cleanly in the sandbox: the tests run on import."""
    unique = list(dict.fromkeys(sources))
    verdicts: dict[str, bool] = {}
    for start in range(0, len(unique), BATCH):
        batch = unique[start : start + BATCH]
        jobs = [
            Job(str(k), f"hidden_{start + k}.py", f"hidden_{start + k}", source, ((_IMPORTED,),))
            for k, source in enumerate(batch)
        ]
        outcomes = sandbox.run(jobs, HIDDEN_LIMITS)
        for k, source in enumerate(batch):
            outcome = outcomes[str(k)]
            results = [e for e in outcome.events if e.get("event") == "result"]
            verdicts[source] = bool(results) and results[0].get("status") == "passed" and not outcome.timed_out
    return [verdicts[source] for source in sources]


_IMPORTED = ExampleSpec(0, "True\n", "True\n", 1)  # runs only when the module (and its tests) imported cleanly
