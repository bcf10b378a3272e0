"""What the model's proposed inputs would buy where a function already has probes of its own (issue 19 asks for
them everywhere; a build asks only where a function has none, `aic.generate.pool.wants_proposals`). Every sample
of a committed samples file goes through aic's gates; for each task with two or more accepted samples and
probes of its own, the model is asked once, greedily, with the build's own proposal request
(`aic.generate.pool.ask_inputs`), and the accepted samples are compared twice side by side: on the function's
own probes, as a build does, and on those plus the proposed calls (up to `--extra` more). Prints the tasks whose
groups changed, the chosen sample's hidden verdict under both, and the totals. The replies are kept in
`--replies FILE` (JSON, written atomically after each call), so a second run asks the model nothing.

    .venv/bin/python benchmarks/proposed_everywhere.py --suite humaneval \
        --samples benchmarks/samples/humaneval-qwen2.5-coder-1.5b-10+greedy.jsonl.gz --replies he-proposed.json
    .venv/bin/python benchmarks/proposed_everywhere.py --suite mbpp --data ../shared/data/MbppPlus.jsonl.gz \
        --limit 120 --samples benchmarks/samples/mbppplus-first120-qwen2.5-coder-1.5b-6+greedy.jsonl.gz \
        --replies mb-proposed.json
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from aic.backends.local import LocalBackend
from aic.bench.gate import Item, gate_verdicts, hidden_passes
from aic.bench.run import Run, _items
from aic.bench.samples import read_samples
from aic.bench.suites import humaneval_tasks, mbpp_tasks
from aic.config import BuildSettings, build_config
from aic.generate.module import assemble
from aic.generate.pool import ask_inputs, fillable, wants_proposals
from aic.generate.prompt import proposed_calls
from aic.verifiers.behaviour import Choice, behaviours, choose, probe_source
from aic.verifiers.probes import probes
from aic.verifiers.sandbox import Sandbox

Pools = dict[str, list[tuple[Item, bool, bool]]]  # task -> accepted (item, hidden verdict, greedy), in file order


def accepted_pools(args: argparse.Namespace, sandbox: Sandbox, folder: Path) -> Pools:
    every = humaneval_tasks() if args.suite == "humaneval" else mbpp_tasks(args.data)
    by_id = {t.task_id: t for t in (every[: args.limit] if args.limit else every)}
    samples = [s for s in read_samples(args.samples, {t.task_id: t for t in every}) if s.task_id in by_id]
    items, item_of, _ = _items(by_id, samples, folder, Run("", "samples"))
    verdicts = gate_verdicts(items, config=build_config({}, None), sandbox=sandbox)
    right = hidden_passes(items, sandbox)
    out: Pools = defaultdict(list)
    for position, sample in enumerate(samples):
        k = item_of.get(position)
        if k is not None and not verdicts[k]:
            out[sample.task_id].append((items[k], right[k], sample.greedy))
    return {t: pool for t, pool in out.items() if len(pool) > 1 and not wants_proposals(pool[0][0].function)}


def proposals(pools: Pools, path: Path) -> dict[str, str]:
    """The model's proposal reply per task, from `path` where it holds one, else asked (and saved at once)."""
    try:
        known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SystemExit(f"{path}: not a replies file ({error})") from None
    if not isinstance(known, dict) or not all(isinstance(v, str) for v in known.values()):
        raise SystemExit(f"{path}: not a replies file (expected an object of task id -> reply text)")
    settings = BuildSettings()
    backend = None
    for task_id, pool in pools.items():
        item = pool[0][0]
        if task_id in known or not fillable(item.function):
            continue
        backend = backend or LocalBackend(settings.model)
        known[task_id] = ask_inputs(backend, item.intent, item.function, settings.seed)[1].text
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(known, indent=0, sort_keys=True))
        os.replace(temporary, path)
    return known


def compare(pool: list[tuple[Item, bool, bool]], proposal: str, extra: int, sandbox: Sandbox) -> tuple[Choice, ...]:
    """The build's choice on the function's own probes, and on those plus the proposed calls."""
    function = pool[0][0].function
    own = probes(function)
    both = probes(function, proposed=proposed_calls(proposal), limit=len(own) + extra)
    sources = [assemble(item.intent, {function.name: item.candidate}, None)[0] for item, _, _ in pool]
    greedy = next((k for k, (_, _, is_greedy) in enumerate(pool) if is_greedy), None)
    choices = []
    for calls in (own, both):
        examples = [probe_source(function, probe.call) for probe in calls]
        choices.append(choose(behaviours(sources, [examples] * len(sources), sandbox), greedy))
    return tuple(choices)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", choices=("humaneval", "mbpp"), default="humaneval")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--samples", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--replies", type=Path, required=True, help="JSON file keeping the proposal replies")
    parser.add_argument("--extra", type=int, default=16, help="proposed calls kept beyond the function's own probes")
    args = parser.parse_args()
    if args.suite == "mbpp" and args.data is None:
        parser.error("--suite mbpp needs --data")
    with tempfile.TemporaryDirectory() as folder, Sandbox(isolation=build_config({}, None).isolation) as sandbox:
        pools = accepted_pools(args, sandbox, Path(folder))
        replies = proposals(pools, args.replies)
        report(pools, replies, args.extra, sandbox)
    return 0


def report(pools: Pools, replies: dict[str, str], extra: int, sandbox: Sandbox) -> None:
    regrouped = right_own = right_both = disputed_own = disputed_both = 0
    for task_id, pool in pools.items():
        own, both = compare(pool, replies.get(task_id, ""), extra, sandbox)
        verdicts = (pool[own.chosen][1], pool[both.chosen][1])
        right_own, right_both = right_own + verdicts[0], right_both + verdicts[1]
        disputed_own, disputed_both = disputed_own + (len(own.sizes) > 1), disputed_both + (len(both.sizes) > 1)
        if own.sizes != both.sizes or verdicts[0] != verdicts[1]:
            regrouped += 1
            print(f"{task_id}: groups {list(own.sizes)} -> {list(both.sizes)}, right {verdicts[0]} -> {verdicts[1]}")
    print(f"{len(pools)} tasks with 2+ accepted samples and probes of their own; groups changed on {regrouped}")
    print(f"chosen sample right: {right_own} on their own probes, {right_both} with the proposed calls")
    print(f"disputed (more than one group): {disputed_own} against {disputed_both}")


if __name__ == "__main__":
    raise SystemExit(main())
