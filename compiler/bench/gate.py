"""Batched work for `aic bench`: aic's gates on many candidates at once, and the hidden tests that score them.

One gate run covers a batch of candidate modules (one mypy run, one ruff run, one bandit run, the sandbox's
children in parallel), so scoring thousands of samples costs little more than the tools' own work. Identical
module texts are judged once: the gates are deterministic, so a repeated text gets the same verdict.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from aic.bench.suites import Task
from aic.config import Config
from aic.generate.intents import IntentModule
from aic.generate.module import assemble, candidates_own
from aic.generate.pool import wants_proposals
from aic.generate.prompt import proposed_calls
from aic.generate.reply import Candidate
from aic.ir import Diagnostic, Function, blocking
from aic.passes import GATES, Services, verify
from aic.verifiers.behaviour import Choice, behaviours, choose, probe_source
from aic.verifiers.budgets import Limits
from aic.verifiers.probes import probes
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


def behaviour_choices(
    items: Sequence[Item], verdicts: Sequence[list[Diagnostic]], preferred: Sequence[bool], sandbox: Sandbox,
    proposed: Mapping[str, str] | None = None,
) -> dict[int, tuple[int, Choice]]:  # fmt: skip
    """Per accepted item, by position: the item its task's behaviour choice emits and that choice (see
    aic.verifiers.behaviour), over the task's accepted items in order; `preferred` marks the greedy answers;
    `proposed`, per task, the model's reply proposing probe inputs (used where a build would ask for one).
    Every accepted item of every task runs on its function's probes in one batched sandbox run."""
    proposed = proposed or {}
    by_task: dict[str, list[int]] = {}
    for k, item in enumerate(items):
        if not verdicts[k]:
            by_task.setdefault(item.task.task_id, []).append(k)
    calls = {
        id(items[m[0]].function): probe_examples(items[m[0]].function, proposed.get(task_id, ""))
        for task_id, m in by_task.items()
    }
    members = [k for m in by_task.values() for k in m]
    sources = [assemble(items[k].intent, {items[k].function.name: items[k].candidate}, None)[0] for k in members]
    tokens = dict(zip(members, behaviours(sources, [calls[id(items[k].function)] for k in members], sandbox),
                      strict=True))  # fmt: skip
    out: dict[int, tuple[int, Choice]] = {}
    for group in by_task.values():
        greedy = next((n for n, k in enumerate(group) if preferred[k]), None)
        choice = choose([tokens[k] for k in group], greedy)
        for k in group:
            out[k] = (group[choice.chosen], choice)
    return out


def probe_examples(function: Function, proposal: str = "") -> list[str]:
    """The function's probe calls as examples; with a proposal reply, its calls too where a build would ask."""
    calls = proposed_calls(proposal) if proposal and wants_proposals(function) else []
    return [probe_source(function, probe.call) for probe in probes(function, proposed=calls)]


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
