"""Project context on and off, side by side in one run (issue 21): the shelf corpus project (corpus/shelf: 15
functions in 4 intent modules over hand-written types, one a class) built on the configured backend (the
embedded model) twice, with the project context and with `--no-context`, each from scratch (`--refresh
--no-cache --keep-going`, so one failed function leaves a stub rather than stopping the build); then each
build's hidden tests (corpus/shelf/hidden, never shown to the model) run against what it emitted.

A function counts as right when every hidden test named `test_<function>__...` passes. Prints functions
verified, functions right, model calls and build time for both builds, and the functions where they differ.

    .venv/bin/python benchmarks/project_context.py [--samples N] [--keep DIR] [--arms context,imports,none]

Arms: `context` (the default context), `none` (`--no-context`), `imports` (the stubs of what the intents
import, without the BM25-related definitions: `context_related = 0`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "shelf"
AIC = Path(sys.executable).with_name("aic")
ARMS = {"context": ("context", []), "imports": ("imports only", []), "none": ("no context", ["--no-context"])}


def build(folder: Path, flags: list[str]) -> tuple[dict[str, str], int, float]:
    """Function -> verdict, model calls, seconds."""
    started = time.perf_counter()
    command = [str(AIC), "build", str(folder), "--refresh", "--no-cache", "--keep-going", "--format", "json", *flags]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.exit(f"aic build failed (exit {done.returncode}): {done.stderr.strip()[-400:]}")
    report["seconds"] = seconds
    (folder / "build.json").write_text(json.dumps(report, indent=1))
    return scored(report)


def scored(report: dict[str, Any]) -> tuple[dict[str, str], int, float]:
    verdicts = {f"{m['module']}.{f['name']}": f["verdict"] for m in report["modules"] for f in m["functions"]}
    calls = sum(f["calls"] for m in report["modules"] for f in m["functions"])
    return verdicts, calls, float(report["seconds"])


def hidden(folder: Path) -> dict[str, bool]:
    """Function (`Desk.add` for `test_Desk_add__...`) -> whether all its hidden tests passed."""
    xml = folder / "hidden.xml"
    # A module not emitted fails its own file's collection; the other files still run.
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "hidden", f"--junitxml={xml}"]
    command.append("--continue-on-collection-errors")
    subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    right: dict[str, bool] = {}
    for case in ET.parse(xml).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1].removeprefix("test_")
        function = case.get("name", "").removeprefix("test_").split("__")[0]
        if function[:1].isupper():  # a class's method: `Desk_add` is `Desk.add`
            function = function.replace("_", ".", 1)
        passed = not any(child.tag in ("failure", "error", "skipped") for child in case)
        key = f"{module}.{function}"
        right[key] = right.get(key, True) and passed
    return right


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, help="candidates per function (default: the project's)")
    parser.add_argument("--keep", type=Path, help="build in this folder (kept) instead of a temporary one")
    parser.add_argument("--rescore", action="store_true", help="score the builds kept in --keep again; build nothing")
    parser.add_argument("--arms", default="context,none", help="comma-separated: context, imports, none")
    args = parser.parse_args()
    if args.rescore and args.keep is None:
        parser.error("--rescore needs --keep")
    extra = ["--samples", str(args.samples)] if args.samples else []
    base = args.keep or Path(tempfile.mkdtemp(prefix="aic-context-"))
    rows: dict[str, tuple[dict[str, str], dict[str, bool], int, float]] = {}
    for key in args.arms.split(","):
        if key not in ARMS:
            parser.error(f"--arms: unknown arm {key!r} (context, imports, none)")
        arm, flags = ARMS[key]
        folder = base / arm.replace(" ", "-")
        if args.rescore:
            verdicts, calls, seconds = scored(json.loads((folder / "build.json").read_text()))
            rows[arm] = (verdicts, hidden(folder), calls, seconds)
            continue
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("aic.lock", "aic-audit.jsonl", ".aic"))
        if key == "imports":
            config = folder / "pyproject.toml"
            config.write_text(config.read_text().replace("[tool.aic]\n", "[tool.aic]\ncontext_related = 0\n", 1))
        verdicts, calls, seconds = build(folder, [*flags, *extra])
        rows[arm] = (verdicts, hidden(folder), calls, seconds)
        print(f"{arm}: built in {seconds:.0f} s, {calls} model calls", flush=True)
    report(rows)
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


def report(rows: dict[str, tuple[dict[str, str], dict[str, bool], int, float]]) -> None:
    names = sorted({name for verdicts, *_ in rows.values() for name in verdicts})
    print(f"\n{'':28}" + "".join(f"{arm:>14}" for arm in rows))
    lines = {
        "functions verified": lambda r: sum(v == "verified" for v in r[0].values()),
        "functions right (hidden)": lambda r: sum(r[1].get(n, False) for n in names),
        "verified and right": lambda r: sum(r[0].get(n) == "verified" and r[1].get(n, False) for n in names),
    }
    for label, count in lines.items():
        print(f"{label:28}" + "".join(f"{f'{count(r)}/{len(names)}':>14}" for r in rows.values()))
    print(f"{'model calls':28}" + "".join(f"{r[2]:>14}" for r in rows.values()))
    print(f"{'build seconds':28}" + "".join(f"{r[3]:>14.0f}" for r in rows.values()))
    arms = list(rows.values())
    print("\nper function (verdict, hidden tests):")
    for name in names:
        cells = [f"{r[0].get(name, '-')}/{'right' if r[1].get(name) else 'wrong'}" for r in arms]
        mark = "" if len(set(cells)) == 1 else "   <- differs"
        print(f"  {name:26}" + "".join(f"{c:>24}" for c in cells) + mark)


if __name__ == "__main__":
    main()
