"""Worker processes started before they are needed. A tool that runs in a worker (mypy, bandit) spends most of a
small run importing itself; started when a run begins, a worker imports while aic orders the passes and runs the
first ones, and takes its request on stdin when its pass starts. Each worker reads its whole request before it
does anything with it, so one that is never used is simply killed when the run ends."""

from __future__ import annotations

import subprocess
import sys


class Workers:
    def __init__(self) -> None:
        self._ready: dict[str, list[subprocess.Popen[str]]] = {}

    def spawn(self, module: str) -> None:
        """Start a worker running `python -m module`, for a later `take`."""
        self._ready.setdefault(module, []).append(_start(module))

    def take(self, module: str) -> subprocess.Popen[str]:
        """A started worker of `module` (one spawned ahead, else a new one); the caller owns it from now on."""
        ready = self._ready.get(module)
        return ready.pop(0) if ready else _start(module)

    def close(self) -> None:
        for processes in self._ready.values():
            for process in processes:
                process.kill()
                process.communicate()
        self._ready.clear()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _start(module: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", module],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def start(module: str, workers: Workers | None) -> subprocess.Popen[str]:
    return workers.take(module) if workers is not None else _start(module)
