"""aic's contracts gate on third-party contract examples: CrossHair's (PEP 316 docstrings, icontract, deal; split
by CrossHair into `bugs_detected/` and `correct_code/`) and deal's own examples.

Each file is converted for aic, in a temporary directory (the examples are never copied into the repository):
the contracts of every top-level function — `pre:`/`post:` docstring lines (`__return__` becomes `result`),
`@icontract.require/ensure`, `@deal.pre/post/ensure` (also through a `deal.chain` variable) — become
`Requires:`/`Ensures:` lines in its docstring, and the contract libraries' decorators and imports are dropped.
Then `aic check --gates syntax,contracts` runs over all of them at once, and the script prints per function
aic's verdict (refuted by z3 or hypothesis, proved, undecided, not translated) next to the label CrossHair's
own examples carry: every function in `bugs_detected/` is one CrossHair reports (its test suite asserts that),
none in `correct_code/` is. When the `crosshair` command is installed it is also run on the same files.

    .venv/bin/python benchmarks/contracts_shared.py ../shared/data/contracts
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

LIBRARIES = ("deal", "icontract")


@dataclass
class Case:
    source: Path  # the original file
    function: str
    label: str  # "bug" | "correct" | "unlabelled"
    requires: list[str]
    ensures: list[str]
    verdict: str = "not translated"


def label(path: Path) -> str:
    parts = path.parts
    return "bug" if "bugs_detected" in parts else "correct" if "correct_code" in parts else "unlabelled"


def lambda_text(node: ast.expr, source: str, result_names: tuple[str, ...] = ()) -> str | None:
    """The body of a contract lambda, its parameters renamed where deal/icontract use other names."""
    if not isinstance(node, ast.Lambda):
        return None
    body = ast.get_source_segment(source, node.body) or ""
    args = [a.arg for a in node.args.args]
    if args == ["_"]:  # deal's `lambda _: _.x > 0`: the arguments as attributes of one object
        return body.replace("_.", "")
    for name in result_names:
        if name in args and name != "result":
            body = _rename(body, name, "result")
    return body


def _rename(text: str, old: str, new: str) -> str:
    tree = ast.parse(text, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == old:
            node.id = new
    return ast.unparse(tree)


def decorator_contracts(
    decorators: list[ast.expr], source: str, chains: dict[str, list[ast.expr]]
) -> tuple[list[str], list[str]]:
    requires: list[str] = []
    ensures: list[str] = []
    queue = list(decorators)
    while queue:
        node = queue.pop(0)
        if isinstance(node, ast.Name) and node.id in chains:
            queue.extend(chains[node.id])
            continue
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if not (isinstance(owner, ast.Name) and owner.id in LIBRARIES) or not node.args:
            continue
        kind = node.func.attr
        if kind in ("pre", "require"):
            text = lambda_text(node.args[0], source)
            if text:
                requires.append(text)
        elif kind in ("post", "ensure"):
            first = node.args[0]
            result_names = (
                (first.args.args[0].arg,) if kind == "post" and isinstance(first, ast.Lambda) else ("result",)
            )
            text = lambda_text(first, source, result_names)
            if text:
                ensures.append(text)
    return requires, ensures


def docstring_contracts(function: ast.FunctionDef) -> tuple[list[str], list[str]]:
    requires: list[str] = []
    ensures: list[str] = []
    for line in (ast.get_docstring(function) or "").splitlines():
        stripped = line.strip()
        if stripped.startswith("pre:"):
            requires.append(stripped.removeprefix("pre:").strip())
        elif stripped.startswith("post:") and "__old__" not in stripped:
            # PEP 316 names the return value `__return__` (CrossHair also accepts `_`).
            text = stripped.removeprefix("post:").strip().replace("__return__", "result")
            ensures.append(_rename(text, "_", "result"))
    return requires, ensures


def convert(path: Path) -> tuple[str, list[Case]]:
    """The file rewritten for aic, and one Case per top-level function that has contracts."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    drop: set[int] = set()  # 0-based lines to remove
    chains: dict[str, list[ast.expr]] = {}
    for node in tree.body:
        uses = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        imported = (
            isinstance(node, ast.Import | ast.ImportFrom)
            and any((a.name.split(".")[0] in LIBRARIES) for a in node.names)
        ) or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in LIBRARIES)
        if imported or (not isinstance(node, ast.FunctionDef | ast.ClassDef) and uses & set(LIBRARIES)):
            drop.update(range(node.lineno - 1, (node.end_lineno or node.lineno)))
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    chains[target.id] = list(node.value.args)
    cases: list[Case] = []
    inserts: dict[int, list[str]] = {}  # 0-based line -> lines to put before it
    replace: dict[int, tuple[int, list[str]]] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        requires, ensures = decorator_contracts(node.decorator_list, source, chains)
        more = docstring_contracts(node)
        requires, ensures = requires + more[0], ensures + more[1]
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            root = target
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and (root.id in LIBRARIES or root.id in chains):
                drop.update(range(decorator.lineno - 1, decorator.end_lineno or decorator.lineno))
        if not (requires or ensures):
            continue
        cases.append(Case(path, node.name, label(path), requires, ensures))
        indent = " " * node.body[0].col_offset
        contract_lines = [f"{indent}Requires: {r}" for r in requires] + [f"{indent}Ensures: {e}" for e in ensures]
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            text = ast.get_docstring(node, clean=True) or ""
            body = [f'{indent}"""{text.splitlines()[0] if text else ""}'] + [
                f"{indent}{line}" if line else "" for line in text.splitlines()[1:]
            ]
            new = [*body, "", *contract_lines, f'{indent}"""']
            replace[first.lineno - 1] = ((first.end_lineno or first.lineno) - 1, [s.replace("\\", "\\\\") for s in new])
        else:
            inserts[first.lineno - 1] = [f'{indent}"""Contracts.', "", *contract_lines, f'{indent}"""']
    out: list[str] = []
    skip_until = -1
    for number, line in enumerate(lines):
        if number <= skip_until:
            continue
        if number in replace:
            skip_until, new = replace[number]
            out.extend(new)
            continue
        out.extend(inserts.get(number, []))
        if number not in drop:
            out.append(line)
    return "\n".join(out) + "\n", cases


def run_aic(folder: Path) -> list[dict[str, object]]:
    command = [sys.executable, "-m", "aic", "check", "--format", "json", "--gates", "syntax,contracts", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"aic check failed ({result.returncode}): {result.stderr.strip()[-300:]}")
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert isinstance(diagnostics, list)
    return diagnostics


def verdicts(converted: Path, cases: list[Case], diagnostics: list[dict[str, object]]) -> None:
    tree = ast.parse(converted.read_text(encoding="utf-8"))
    spans = {n.name: (n.lineno, n.end_lineno or n.lineno) for n in tree.body if isinstance(n, ast.FunctionDef)}
    mine = [d for d in diagnostics if Path(str(d["file"])).resolve() == converted.resolve()]
    for case in cases:
        low, high = spans[case.function]
        found = [d for d in mine if low <= int(str(d["line"])) <= high]
        codes = {str(d["code"]) for d in found}
        if "AIC501" in codes:
            method = next(d for d in found if d["code"] == "AIC501")["counterexample"]
            case.verdict = f"refuted ({method['method']})" if isinstance(method, dict) else "refuted"
        elif "AIC502" in codes:
            case.verdict = "undecided"
        elif any(str(d["code"]).startswith("AIC00") for d in found):
            case.verdict = "not translated"
        else:
            case.verdict = "proved"


def function_spans(path: Path) -> dict[str, tuple[int, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.name: (min([n.lineno, *(d.lineno for d in n.decorator_list)]), n.end_lineno or n.lineno)
        for n in tree.body
        if isinstance(n, ast.FunctionDef)
    }


def crosshair_flags(cases: list[Case], folder: Path) -> set[tuple[Path, str]] | None:
    """(file, function) pairs CrossHair reports, running it on unchanged copies of the files (copied flat, so
    that the folder named `crosshair` in the data does not shadow CrossHair's own package); None when the
    `crosshair` command is not installed."""
    tool = shutil.which("crosshair") or str(Path(sys.executable).with_name("crosshair"))
    if not Path(tool).exists():
        return None
    sources = sorted({c.source for c in cases})
    copies = {}
    for index, source in enumerate(sources):
        copy = folder / f"original{index:02d}_{source.name}"
        shutil.copy(source, copy)
        copies[copy.name] = source
    # One file at a time: CrossHair stops at the first file it crashes on (numpy dtypes, here).
    output: list[str] = []
    for copy in sorted(copies):
        try:
            result = subprocess.run(
                [tool, "check", "--per_condition_timeout", "5", copy],
                cwd=folder, capture_output=True, text=True, check=False, timeout=300,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            print(f"crosshair: {copies[copy]} did not finish in 300 s", file=sys.stderr)
            continue
        if result.returncode not in (0, 1) or "Traceback" in result.stderr:
            print(f"crosshair: crashed on {copies[copy]}", file=sys.stderr)
        output.extend(result.stdout.splitlines())
    flagged: set[tuple[Path, str]] = set()
    for line in output:
        where, _, rest = line.partition(": error: ")
        if not rest:
            continue
        file, _, number = where.rpartition(":")
        source = copies.get(Path(file).name)
        if source is None or not number.isdigit():
            continue
        for name, (low, high) in function_spans(source).items():
            if low <= int(number) <= high:
                flagged.add((source, name))
    return flagged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="the contracts folder (holding crosshair/ and deal/)")
    args = parser.parse_args()
    files = sorted(p for p in args.data.rglob("*.py") if p.name not in ("__init__.py", "check_examples_test.py"))
    all_cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="aic-contracts-") as name:
        folder = Path(name)
        converted: dict[Path, tuple[Path, list[Case]]] = {}
        for index, path in enumerate(files):
            try:
                text, cases = convert(path)
            except (SyntaxError, UnicodeDecodeError, ValueError) as err:
                print(f"skipped {path}: {err}", file=sys.stderr)
                continue
            if not cases:
                continue
            target = folder / f"case{index:02d}_{path.stem}.py"
            target.write_text(text, encoding="utf-8")
            converted[target] = (path, cases)
            all_cases.extend(cases)
        diagnostics = run_aic(folder)
        for target, (_, cases) in converted.items():
            verdicts(target, cases, diagnostics)
        crosshair = crosshair_flags([c for c in all_cases if c.label != "unlabelled"], folder)
    print(f"{'file':52} {'function':26} {'label':11} {'crosshair':10} aic")
    for case in all_cases:
        mark = (
            "-" if crosshair is None or case.label == "unlabelled" else str((case.source, case.function) in crosshair)
        )
        print(f"{case.source.relative_to(args.data)!s:52} {case.function:26} {case.label:11} {mark:10} {case.verdict}")
    bugs = [c for c in all_cases if c.label == "bug"]
    correct = [c for c in all_cases if c.label == "correct"]
    caught = sum(c.verdict.startswith("refuted") for c in bugs)
    false = sum(c.verdict.startswith("refuted") for c in correct)
    print()
    print(f"functions with contracts: {len(all_cases)} ({len(bugs)} in bugs_detected, {len(correct)} in correct_code)")
    print(f"seeded bugs caught by aic: {caught} of {len(bugs)}")
    print(f"false alarms on correct code by aic: {false} of {len(correct)}")
    if crosshair is None:
        print("CrossHair is not installed here: its labels say it reports every function in bugs_detected/")
    else:
        ch_caught = sum((c.source, c.function) in crosshair for c in bugs)
        ch_false = sum((c.source, c.function) in crosshair for c in correct)
        print(f"CrossHair, run here on the original files: {ch_caught} of {len(bugs)} caught, {ch_false} false alarms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
