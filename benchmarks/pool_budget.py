"""What the candidate pool's budget buys, replayed on a committed samples file: every sample through aic's gates
and run on its task's probes once, then the build's asking rule replayed per task for several settings side by
side (candidates asked in the build's order: the greedy answer first, then the samples in file order). Prints
per setting the pass@1 of the emitted candidate (hidden tests), the share of emitted candidates that are wrong,
and the candidates asked per task. No model call: repairs are not replayed (samples mode has none), so a
setting's live figure is higher in pass@1 and calls alike.

Settings are `agree/samples` (the `[tool.aic]` keys) or `agree/samples+extra`: when the `samples` budget is
spent and the accepted candidates do not agree (more than one group, or none accepted), ask up to `extra` more
(the build's `extra_samples`). The asking and the choice are the build's own (`aic.generate.pool.Pool`, fed
the recorded verdicts and behaviours), the probe inputs a build asks the model for where a function has none of
its own included when the samples file holds them (benchmarks/propose_inputs.py); without, such a function
stops at its first accepted candidate. A setting asking for more
candidates than the file holds per task asks for what it holds. `--orders N` averages over N orders of the
sampled candidates (the greedy answer always first).

    .venv/bin/python benchmarks/pool_budget.py --suite humaneval \
        --samples benchmarks/samples/humaneval-qwen2.5-coder-1.5b-10+greedy.jsonl.gz
    .venv/bin/python benchmarks/pool_budget.py --suite mbpp --data ../shared/data/MbppPlus.jsonl.gz --limit 120 \
        --samples benchmarks/samples/mbppplus-first120-qwen2.5-coder-1.5b-6+greedy.jsonl.gz
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from aic.bench.gate import Item, gate_verdicts, hidden_passes, probe_examples
from aic.bench.run import Run, _items
from aic.bench.samples import read_proposed, read_samples
from aic.bench.suites import humaneval_tasks, mbpp_tasks
from aic.config import build_config
from aic.generate.module import assemble
from aic.generate.pool import Member, Pool
from aic.generate.prompt import proposed_calls
from aic.verifiers.behaviour import Tokens, behaviours
from aic.verifiers.sandbox import Sandbox

SETTINGS = ("1/4", "2/4", "2/6", "3/6", "2/4+4", "2/4+6", "3/8", "2/11", "3/11")


@dataclass(frozen=True, slots=True)
class Candidate:
    item: Item | None  # None: the reply held no function (refused before any gate)
    accepted: bool
    right: bool
    tokens: Tokens
    greedy: bool


def replay(
    pool: list[Candidate], agree: int, samples: int, extra: int, sandbox: Sandbox, proposal: str = ""
) -> tuple[bool | None, int]:
    """The emitted candidate's hidden verdict (None: nothing accepted) and the candidates asked: the build's own
    `Pool` asks in waves and chooses, each accepted candidate joining with the behaviour recorded for it (the
    sandbox is never used: nothing is run again)."""
    function = next((c.item.function for c in pool if c.item is not None), None)
    if function is None:  # the task's prompt is no intent, or no reply held a function: nothing is accepted
        return None, min(len(pool), samples + extra)
    built = Pool(function, agree, sandbox)  # the build's pool, its members joined as recorded
    if proposal and built.wants_inputs:  # the build's proposed inputs, as the samples file recorded them
        built.propose(proposed_calls(proposal))
    asked = 0
    while (wave := built.wave(asked, samples, extra)) and asked < len(pool):
        for k in wave[: len(pool) - asked]:
            candidate = pool[k]
            if candidate.accepted and candidate.item is not None:
                built.members.append(Member(k, candidate.item.candidate, candidate.greedy, candidate.tokens))
        asked = min(wave.stop, len(pool))
    chosen = built.chosen(asked)
    return (None if chosen is None else pool[chosen[0].attempt].right), asked


def pools(args: argparse.Namespace, sandbox: Sandbox) -> tuple[dict[str, list[Candidate]], dict[str, str]]:
    every = humaneval_tasks() if args.suite == "humaneval" else mbpp_tasks(args.data)
    by_id = {t.task_id: t for t in (every[: args.limit] if args.limit else every)}
    samples = [s for s in read_samples(args.samples, {t.task_id: t for t in every}) if s.task_id in by_id]
    proposed = read_proposed(args.samples, {t.task_id: t for t in every})  # the build's proposed probe inputs
    config = build_config({}, None)
    with tempfile.TemporaryDirectory() as folder:
        items, item_of, _ = _items(by_id, samples, Path(folder), Run("", "samples"))
        verdicts = gate_verdicts(items, config, sandbox)
        right = hidden_passes(items, sandbox)
        accepted = [k for k in range(len(items)) if not verdicts[k]]
        sources = [_source(items[k]) for k in accepted]
        calls = [probe_examples(items[k].function, proposed.get(items[k].task.task_id, "")) for k in accepted]
        runs = behaviours(sources, calls, sandbox)
    tokens = dict(zip(accepted, runs, strict=True))
    out: dict[str, list[Candidate]] = defaultdict(list)
    for position, sample in enumerate(samples):
        k = item_of.get(position)
        if k is None:
            out[sample.task_id].append(Candidate(None, False, False, (), sample.greedy))
        else:
            out[sample.task_id].append(Candidate(items[k], not verdicts[k], right[k], tokens.get(k, ()), sample.greedy))
    for task_id, pool in out.items():  # the build asks for the greedy answer first
        out[task_id] = sorted(pool, key=lambda c: not c.greedy)
    return out, proposed


def shuffled(pool: list[Candidate], seed: int) -> list[Candidate]:
    """The greedy answers first, as the build asks them; the sampled ones in a fixed random order."""
    greedy, sampled = [c for c in pool if c.greedy], [c for c in pool if not c.greedy]
    random.Random(seed).shuffle(sampled)
    return greedy + sampled


def _source(item: Item) -> str:
    return assemble(item.intent, {item.function.name: item.candidate}, None)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", choices=("humaneval", "mbpp"), default="humaneval")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--samples", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--settings", default=",".join(SETTINGS))
    parser.add_argument("--orders", type=int, default=1, help="average over this many orders of the samples")
    args = parser.parse_args()
    settings = [m for s in args.settings.split(",") if (m := re.fullmatch(r"(\d+)/(\d+)(?:\+(\d+))?", s.strip()))]
    if len(settings) != len(args.settings.split(",")) or (args.suite == "mbpp" and args.data is None):
        parser.error("--settings are agree/samples[+extra], comma-separated; --suite mbpp needs --data")
    config = build_config({}, None)
    with Sandbox(isolation=config.isolation) as sandbox:
        report(args, settings, *pools(args, sandbox), sandbox)
    return 0


def report(args: argparse.Namespace, settings: list[re.Match[str]], by_task: dict[str, list[Candidate]],
           proposed: dict[str, str], sandbox: Sandbox) -> None:  # fmt: skip
    print(f"{args.suite}: {len(by_task)} tasks, {args.samples.name}, {args.orders} order(s) of the samples")
    tasks = list(by_task)
    orders = [list(by_task.values())] + [[shuffled(pool, seed) for pool in by_task.values()]
                                         for seed in range(1, args.orders)]  # fmt: skip
    print("setting      pass@1   wrong emitted   asked/task")
    for match in settings:
        agree, samples, extra = int(match[1]), int(match[2]), int(match[3] or 0)
        outcomes = [replay(pool, agree, samples, extra, sandbox, proposed.get(tasks[k], ""))
                    for order in orders for k, pool in enumerate(order)]  # fmt: skip
        passed = sum(1 for right, _ in outcomes if right) / args.orders
        emitted = sum(1 for right, _ in outcomes if right is not None) / args.orders
        asked = sum(n for _, n in outcomes) / args.orders
        print(f"{match[0]:<12} {passed / len(by_task):6.1%}   {(emitted - passed) / max(emitted, 1):6.1%} "
              f"({emitted - passed:.1f}/{emitted:.1f})   {asked / len(by_task):.2f}")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
