"""Speed of the pre-commit path: `aic gate` on the example project's generated modules (built from its lock in
a temporary copy), against the 0.5 s per module target, and next to `aic check` with every gate on the same
files and `aic gate` with no files (the start-up alone), measured side by side in one run. With `--baseline
REV`, aic at that commit (see baseline.py) runs the same commands in the same run, interleaved, and the ratios
now / then are printed with what `aic gate --help` and `aic gate MODULES` import of z3, networkx and mypy.

    .venv/bin/python benchmarks/gate_speed.py --repeat 5 [--baseline REV]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baseline import command, environment, revision, tree

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpus" / "example"
HEAVY = ("z3", "networkx", "mypy", "libcst", "bandit", "rich")


def timed(runs: dict[str, tuple[list[str], Path | None]], repeat: int, cache: Path) -> dict[str, float]:
    """Median seconds of each named command, the commands interleaved so that noise hits them alike. All run
    with `cache` as XDG_CACHE_HOME (mypy's cache, aic's IR store); a name ending in "cold" runs with the IR
    store emptied first, as the first gate after a change of the files would."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (argv, packages) in runs.items():
            if name.endswith("cold"):
                shutil.rmtree(cache / "aic" / "ir", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run(
                argv, capture_output=True, check=False, env={**environment(packages), "XDG_CACHE_HOME": str(cache)}
            )
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}


def imported(argv: list[str], packages: Path | None, cache: Path) -> tuple[list[str], float]:
    """Which of HEAVY the command imports, and all its imports' time in ms (python -X importtime, the sum of
    the top-level imports' cumulative times), with the timings' warm caches."""
    env = {**environment(packages), "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]], capture_output=True, text=True, env=env,
                          check=False)  # fmt: skip
    lines = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")]
    rows = [(fields[1].strip(), fields[2]) for fields in lines if len(fields) == 3 and fields[1].strip().isdigit()]
    names = {name.strip() for _, name in rows}
    total = sum(int(cumulative) for cumulative, name in rows if not name.startswith("  "))
    return [heavy for heavy in HEAVY if heavy in names], total / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", metavar="REV", help="also run aic at this commit, side by side")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aic-gate-speed-") as name:
        project = Path(name) / "project"
        project.mkdir()
        for file in ("pyproject.toml", "aic.lock"):
            shutil.copy(EXAMPLE / file, project / file)
        shutil.copytree(EXAMPLE / "intents", project / "intents")
        built = subprocess.run(command("build", str(project), "--locked"), capture_output=True, text=True, check=False)
        if built.returncode != 0:
            print(f"could not build the example from its lock: {built.stderr.strip()[-300:]}", file=sys.stderr)
            return 2
        modules = [str(p) for p in sorted((project / "ledger").glob("[!_]*.py"))]
        versions: dict[str, Path | None] = {"now": None}
        if args.baseline:
            versions[f"then ({revision(args.baseline)})"] = tree(args.baseline, Path(name) / "baseline")
        runs: dict[str, tuple[list[str], Path | None]] = {"gate now cold": (command("gate", *modules), None)}
        for version, packages in versions.items():
            runs[f"gate {version}"] = (command("gate", *modules), packages)
            runs[f"empty {version}"] = (command("gate"), packages)
            runs[f"check {version}"] = (command("check", *modules), packages)
        medians = timed(runs, args.repeat, Path(name) / "cache")
        report(medians, versions, modules, args.repeat, Path(name) / "cache")
    return 0 if medians["gate now"] / len(modules) <= 0.5 else 1


def report(
    medians: dict[str, float], versions: dict[str, Path | None], modules: list[str], repeat: int, cache: Path
) -> None:
    gate = medians["gate now"]
    per_module = gate / len(modules)
    print(f"aic gate on {len(modules)} generated modules, median of {repeat}")
    print(
        f"  seconds per module (gate run / modules)     {per_module:.3f}   target <= 0.5: ratio {per_module / 0.5:.2f}"
    )
    print(f"  start-up share (gate with no files / gate)  {medians['empty now'] / gate:.2f}")
    print(f"  gate with its IR store empty / gate         {medians['gate now cold'] / gate:.2f}")
    print(f"  aic check (every gate) / aic gate           {medians['check now'] / gate:.2f}")
    for version, packages in versions.items():
        heavy, help_ms = imported(command("gate", "--help"), packages, cache)
        used, gate_ms = imported(command("gate", *modules), packages, cache)
        print(f"  {version:<16} `aic gate --help` imports {', '.join(heavy) or 'none of them'} ({help_ms:.0f} ms"
              f" of imports); `aic gate MODULES` imports {', '.join(used) or 'none of them'}"
              f" ({gate_ms:.0f} ms)")  # fmt: skip
    for version in versions:
        if version == "now":
            continue
        print(f"now / {version}:")
        cold, then = medians["gate now cold"], medians[f"gate {version}"]
        print(f"  aic gate, IR store empty  {cold:.3f} s / {then:.3f} s = {cold / then:.2f}")
        for what in ("gate", "empty", "check"):
            print(f"  aic {what:<5}  {medians[f'{what} now']:.3f} s / {medians[f'{what} {version}']:.3f} s"
                  f" = {medians[f'{what} now'] / medians[f'{what} {version}']:.2f}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
