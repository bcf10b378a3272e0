"""Worker processes that serve the out-of-process tools (mypy, bandit). A worker is a long-lived `python -m
module` reading one JSON request per line on stdin and writing one JSON answer per line on stdout.

Most of a small check is a new process importing its tool and loading mypy's cache; a worker that has done so
answers the next request in a fraction of that time. So a run keeps a pool (`Workers`): `verify` opens one per
run and starts its workers ahead, so they import while aic orders the passes and runs the first ones; a build
that checks many candidates passes one pool for the whole build, and every check after the first finds its
workers warm. A worker is used by one check at a time (taken, then given back). One that fails — exits, or
answers something that is not its protocol — is dropped, never given back; one that has served `MAX_USES`
requests is retired, so its memory stays bounded. Workers run aic's own code on the tools; the code under
check is only read by them, never run (that is the sandbox's job).
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from typing import Any

MAX_USES = 200
LAST_WORDS = 200  # characters of a failed worker's stderr put in its finding


class WorkerError(Exception):
    """A worker that answered nothing readable; the message is its last words on stderr, or what went wrong."""


class Worker:
    def __init__(self, module: str) -> None:
        self.module = module
        # stderr goes to a file: a tool that logs a lot must never block on a full pipe nobody reads.
        self._log = tempfile.TemporaryFile(mode="w+", prefix="aic-worker-")  # noqa: SIM115 (closed by close())
        self.process = subprocess.Popen(
            # -P: the current folder (a project's root, say) is not put on the import path, so no file of the
            # project can stand in for a module the tool imports.
            [sys.executable, "-P", "-m", module],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True,
        )  # fmt: skip
        self.uses = 0
        self.failed = False

    def ask(self, request: Mapping[str, Any]) -> None:
        """Send one request (one line of JSON); the answer is read by `answer`."""
        assert self.process.stdin is not None
        self.uses += 1
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            self.failed = True  # `answer` says why

    def answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = "" if self.failed else self.process.stdout.readline()
        try:
            answer = json.loads(line)
            if not isinstance(answer, dict):
                raise ValueError(line)
            return answer
        except ValueError:
            self.failed = True
            said = f"answered {line.strip()[:80]!r}" if line.strip() else "no output"
            raise WorkerError(self._last_words() or said) from None

    def _last_words(self) -> str:
        """The last line the worker wrote on stderr (its traceback's last line, say), cut to one short line."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._log.seek(0)
        lines = self._log.read().strip().splitlines()
        return lines[-1][:LAST_WORDS] if lines else ""

    @property
    def reusable(self) -> bool:
        return not self.failed and self.uses < MAX_USES and self.process.poll() is None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):  # a worker that died leaves a broken pipe to flush
                    pipe.close()
        self._log.close()


class Workers:
    """A pool of workers, by module. Safe to share between threads: each worker serves one taker at a time."""

    def __init__(self) -> None:
        self._idle: dict[str, list[Worker]] = {}
        self._all: list[Worker] = []
        self._lock = threading.Lock()

    def spawn(self, module: str) -> None:
        """Start a worker of `module` ahead, for a later `take`."""
        worker = Worker(module)
        with self._lock:
            self._all.append(worker)
            self._idle.setdefault(module, []).append(worker)

    def take(self, module: str) -> Worker:
        """An idle worker of `module` (started ahead, or given back), else a new one; `give` it back after."""
        with self._lock:
            idle = self._idle.get(module)
            if idle:
                return idle.pop(0)
        worker = Worker(module)
        with self._lock:
            self._all.append(worker)
        return worker

    def give(self, worker: Worker) -> None:
        """A worker back from its taker: kept for the next one if it is sound, else ended."""
        with self._lock:
            if worker.reusable and worker in self._all:
                self._idle.setdefault(worker.module, []).append(worker)
                return
            if worker in self._all:
                self._all.remove(worker)
        worker.close()

    def close(self) -> None:
        with self._lock:
            workers, self._all, self._idle = self._all, [], {}
        for worker in workers:
            worker.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def take(module: str, workers: Workers | None) -> Worker:
    """A worker from the run's pool, or one of its own for a caller without a pool."""
    return workers.take(module) if workers is not None else Worker(module)


def collect(worker: Worker, workers: Workers | None, lists: tuple[str, ...]) -> dict[str, Any]:
    """The worker's answer, which must hold a list under each of `lists`; the worker goes back to `workers` after
    (or is ended, having failed). Raises WorkerError."""
    try:
        answer = worker.answer()
        missing = [key for key in lists if not isinstance(answer.get(key), list)]
        if missing:
            worker.failed = True
            raise WorkerError(f"an answer without {', '.join(missing)}")
        return answer
    finally:
        give(worker, workers)


def give(worker: Worker, workers: Workers | None) -> None:
    if workers is not None:
        workers.give(worker)
    else:
        worker.close()
