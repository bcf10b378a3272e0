"""Tasks whose own intent and hidden tests disagree: the suite's reference solution fails an example the prompt
states (HumanEval/47's docstring gives a median no median of its list has). There no answer can pass both, and a
right answer (by the hidden tests) that aic refuses is refused by the user's own word, not by a gate's fault: the
bench counts right samples refused with and without such tasks, and names them.

Only the examples gate judges the reference: the other gates (typing, lint, policy) hold it to aic's standards,
which a suite's solution was never written for, and a refusal there is no disagreement between prompt and tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aic.bench.gate import Item, gate_verdicts
from aic.bench.suites import Task, task_intent
from aic.config import Config
from aic.generate.reply import Candidate, read_reply
from aic.verifiers.sandbox import Sandbox


def contradicted(tasks: Sequence[Task], config: Config, sandbox: Sandbox, folder: Path) -> list[str]:
    """The ids of the tasks whose reference solution fails one of their intent's examples, in the tasks' order.
    A task without a reference, or whose prompt or reference does not load, is not counted: nothing shows a
    disagreement there."""
    items = []
    for task in tasks:
        pair = task_intent(task, folder) if task.reference else None
        if pair is None:
            continue
        intent, function = pair
        candidate = read_reply(f"```python\n{task.reference}\n```", function, intent.path)
        if isinstance(candidate, Candidate):
            items.append(Item(task, intent, function, candidate))
    verdicts = gate_verdicts(items, config, sandbox, gates=("examples",)) if items else []
    return [item.task.task_id for item, found in zip(items, verdicts, strict=True) if found]
