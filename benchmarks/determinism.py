"""Determinism of `aic build`: the raw model loop against a replay from aic.lock, side by side in one run.

1. N unlocked builds of the example project, each in a fresh copy with no lock and a cold reply cache, on the
   embedded model: how many functions came out as the same code in every run (the model's own determinism
   under aic's settings: greedy first answer, fixed seeds for the sampled ones). `--vary-seed` gives each run
   its own seed, as a team would get from sampling without aic's fixed seeds.
2. N `aic build --locked` runs, each in a fresh copy holding only the intents, the config and the first run's
   aic.lock, with an empty model cache (no weights reachable): how many emitted functions are identical to the
   first unlocked build's, and whether the output trees are byte-identical (must be all of them).

    .venv/bin/python benchmarks/determinism.py --runs 3
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpus" / "example"
AIC = [sys.executable, "-m", "aic"]


def fresh_copy(folder: Path, name: str, seed: int | None) -> Path:
    target = folder / name
    target.mkdir()
    shutil.copy(EXAMPLE / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(EXAMPLE / "intents", target / "intents")
    if seed is not None:
        text = (target / "pyproject.toml").read_text(encoding="utf-8")
        (target / "pyproject.toml").write_text(text.replace("[tool.aic]\n", f"[tool.aic]\nseed = {seed}\n", 1))
    return target


def build(project: Path, *flags: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, str], float]:
    start = time.perf_counter()
    result = subprocess.run(
        [*AIC, "build", str(project), "--format", "json", *flags],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        print(f"  build failed ({result.returncode}): {result.stderr.strip()[-300:]}", file=sys.stderr)
    return result.returncode, emitted_functions(project), seconds


def emitted_functions(project: Path) -> dict[str, str]:
    """Each top-level function of the emitted modules, as written (the output, not the lock's record)."""
    codes: dict[str, str] = {}
    output = project / "ledger"
    for module in sorted(output.glob("*.py")) if output.is_dir() else []:
        text = module.read_text(encoding="utf-8")
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef):
                codes[f"{module.stem}.{node.name}"] = ast.get_source_segment(text, node) or ""
    return codes


def tree(project: Path) -> dict[str, bytes]:
    skip = (".aic/", "aic.lock")
    files = sorted(p for p in project.rglob("*") if p.is_file())
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in files
        if not p.relative_to(project).as_posix().startswith(skip) and "__pycache__" not in p.parts
    }


def agreement(runs: list[dict[str, str]]) -> tuple[int, int]:
    names = set().union(*runs) if runs else set()
    same = sum(1 for n in names if all(n in r for r in runs) and len({r[n] for r in runs}) == 1)
    return same, len(names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--vary-seed", action="store_true", help="a different seed per unlocked run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aic-determinism-") as name:
        folder = Path(name)
        unlocked: list[dict[str, str]] = []
        trees: list[dict[str, bytes]] = []
        for run in range(args.runs):
            project = fresh_copy(folder, f"unlocked{run}", run + 1 if args.vary_seed else None)
            code, codes, seconds = build(project)
            print(f"unlocked run {run + 1}: exit {code}, {len(codes)} functions emitted, {seconds:.0f} s", flush=True)
            unlocked.append(codes)
            trees.append(tree(project))
        first_lock = folder / "unlocked0" / "aic.lock"
        if not first_lock.exists():
            print("the first unlocked build wrote no aic.lock: nothing to replay", file=sys.stderr)
            return 2
        env = {**os.environ, "XDG_CACHE_HOME": str(folder / "empty-cache")}  # no model weights reachable
        locked: list[dict[str, str]] = []
        locked_trees: list[dict[str, bytes]] = []
        for run in range(args.runs):
            project = fresh_copy(folder, f"locked{run}", None)
            shutil.copy(first_lock, project / "aic.lock")
            code, codes, seconds = build(project, "--locked", env=env)
            print(f"locked run {run + 1}: exit {code}, {seconds:.0f} s", flush=True)
            locked.append(codes if code == 0 else {})
            locked_trees.append(tree(project))
    same, total = agreement(unlocked)
    locked_same, locked_total = agreement([unlocked[0], *locked])
    print()
    print(f"{'':34} {'unlocked, cold cache':>22} {'--locked':>10}")
    print(f"{'functions identical in all runs':34} {f'{same}/{total}':>22} {f'{locked_same}/{locked_total}':>10}")
    print(
        f"{'output trees byte-identical':34} {all(t == trees[0] for t in trees)!s:>22} "
        f"{all(t == locked_trees[0] for t in locked_trees) and bool(locked_trees[0])!s:>10}"
    )
    print(f"{'ratio (identical / all)':34} {same / max(total, 1):>22.2f} {locked_same / max(locked_total, 1):>10.2f}")
    return 0 if locked_same == locked_total and locked_total else 1


if __name__ == "__main__":
    sys.exit(main())
