"""Speed of the pre-commit path: `aic gate` on the example project's generated modules (built from its lock in
a temporary copy), against the 0.5 s per module target, and next to `aic check` with every gate on the same
files and `aic gate` with no files (the start-up alone), measured side by side in one run.

    .venv/bin/python benchmarks/gate_speed.py --repeat 5
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

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpus" / "example"
AIC = [sys.executable, "-m", "aic"]


def timed(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aic-gate-speed-") as name:
        project = Path(name)
        for file in ("pyproject.toml", "aic.lock"):
            shutil.copy(EXAMPLE / file, project / file)
        shutil.copytree(EXAMPLE / "intents", project / "intents")
        built = subprocess.run([*AIC, "build", str(project), "--locked"], capture_output=True, text=True, check=False)
        if built.returncode != 0:
            print(f"could not build the example from its lock: {built.stderr.strip()[-300:]}", file=sys.stderr)
            return 2
        modules = [str(p) for p in sorted((project / "ledger").glob("[!_]*.py"))]
        gate = timed([*AIC, "gate", *modules], args.repeat)
        empty = timed([*AIC, "gate"], args.repeat)
        check = timed([*AIC, "check", *modules], args.repeat)
    per_module = gate / len(modules)
    print(f"aic gate on {len(modules)} generated modules, median of {args.repeat}")
    print(
        f"  seconds per module (gate run / modules)     {per_module:.3f}   target <= 0.5: ratio {per_module / 0.5:.2f}"
    )
    print(f"  start-up share (gate with no files / gate)  {empty / gate:.2f}")
    print(f"  aic check (every gate) / aic gate           {check / gate:.2f}")
    return 0 if per_module <= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
