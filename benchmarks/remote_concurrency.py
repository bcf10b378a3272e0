"""A remote build at `max_concurrency` 1 against N, side by side in one run: the same project of 20 functions
(4 intent modules of 5), built with the openai backend against a server that answers after a fixed latency
(httpx.MockTransport in this process: the real client code, no network), every gate on, no reply cache.
Prints each build's wall time, the ratio, and whether the two builds wrote the same lock, modules and tests.

The server answers by what is asked, never by order (the function named in the prompt, the sample's seed), as
a real model with a fixed seed would, so the two builds ask the same questions and get the same answers.

    .venv/bin/python benchmarks/remote_concurrency.py [--latency 0.2] [--concurrency 4] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from aic import backends
from aic.backends import Backend
from aic.backends.openai_compat import OpenAIBackend
from aic.cli import main as aic
from aic.config import BuildSettings

MODULES, PER_MODULE = 4, 5


def intent(module: int) -> str:
    """Five small functions with one example each: `add_M_K(x)` adds M * 10 + K."""
    parts = [f'"""Adders, set {module}."""\n']
    for k in range(PER_MODULE):
        n = module * 10 + k
        parts.append(
            f'\ndef add_{module}_{k}(x: int) -> int:\n    """x plus {n}.\n\n    >>> add_{module}_{k}(1)\n'
            f'    {n + 1}\n    """\n    ...\n'
        )
    return "\n".join(parts)


def answer(latency: float) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        found = re.search(r"function `add_(\d+)_(\d+)`", json.dumps(body["messages"]))
        assert found is not None
        module, k = int(found.group(1)), int(found.group(2))
        n = module * 10 + k
        # Two spellings, by sample: the candidates agree, so each function costs two calls (agree = 2).
        body_line = f"return x + {n}" if body["seed"] % 200 < 100 else f"return {n} + x"
        code = f"def add_{module}_{k}(x: int) -> int:\n    {body_line}\n"
        time.sleep(latency)
        message = {"role": "assistant", "content": f"```python\n{code}```"}
        return httpx.Response(200, json={
            "choices": [{"message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 200, "completion_tokens": 20},
        })  # fmt: skip

    return httpx.MockTransport(handle)


def project(root: Path, concurrency: int) -> Path:
    (root / "intents").mkdir(parents=True)
    for module in range(MODULES):
        (root / "intents" / f"adders{module}.py").write_text(intent(module), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "bench"\nversion = "0"\n[tool.aic]\nbackend = "openai"\nmodel = "served"\n'
        f'base_url = "http://127.0.0.1:9/v1"\nmax_concurrency = {concurrency}\n',
        encoding="utf-8",
    )
    return root


def build(root: Path, latency: float) -> float:
    def make(settings: BuildSettings) -> Backend:
        return OpenAIBackend(settings.model, settings.base_url, transport=answer(latency))

    backends.make_backend = make
    start = time.perf_counter()
    with open(os.devnull, "w") as null:
        saved, sys.stdout = sys.stdout, null
        try:
            code = aic(["build", str(root), "--no-cache", "--format", "json"])
        finally:
            sys.stdout = saved
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"the build at {root} failed (exit {code})")
    return seconds


def tree(root: Path) -> dict[str, str]:
    files = [root / "aic.lock", *sorted((root / "generated").rglob("*.py")), *sorted((root / "tests").rglob("*.py"))]
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in files}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per reply")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    times: dict[int, list[float]] = {1: [], args.concurrency: []}
    trees: dict[int, dict[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="aic-remote-") as folder:
        for run in range(args.repeat):
            for level in times:  # interleaved, so that noise hits both alike
                root = project(Path(folder) / f"{run}-{level}", level)
                times[level].append(build(root, args.latency))
                trees[level] = tree(root)
    one, many = (statistics.median(times[level]) for level in times)
    calls = MODULES * PER_MODULE * 2
    print(f"{MODULES * PER_MODULE} functions, {calls} calls, {args.latency * 1000:.0f} ms per reply, every gate on")
    print(f"max_concurrency 1: {one:.1f} s   ({calls * args.latency:.1f} s of it waiting on replies)")
    print(f"max_concurrency {args.concurrency}: {many:.1f} s")
    print(f"speed-up: {one / many:.2f}x (target >= 3.5x at 4)")
    same = trees[1] == trees[args.concurrency]
    print(f"lock, modules and tests identical: {'yes' if same else 'NO'} ({len(trees[1])} files)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
