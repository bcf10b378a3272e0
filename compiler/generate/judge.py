"""The gates for a build's threads, batched: the texts handed in while a gate run is under way are judged
together in the next run (one mypy, one ruff, one bandit run; the sandbox's children in parallel), as `aic
bench` judges its samples. Most of a check is the tools' start-up, so a batch of four modules costs little more
than one, and modules built at once (aic.generate.project) no longer wait for each other's gate runs.

Batching never changes a verdict: a batch holds texts of distinct paths judged against the same project code,
and every gate judges each module on its own (a module's findings are its own; none imports another of the
batch, since a module is built only after those it imports). tests/compiler/test_judge.py checks the same
findings alone and together. Which texts share a run depends on timing; what each is told does not.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aic.ir import Diagnostic
from aic.verifiers.project import ProjectModules

BATCH = 16  # texts per run at most: a build has at most max_concurrency modules in flight, a few texts each

Run = Callable[[Mapping[str, str], ProjectModules], list[Diagnostic]]  # one gate run over path -> text


@dataclass(slots=True)
class _Ask:
    path: str
    text: str
    project: ProjectModules
    found: list[Diagnostic] | None = None
    error: BaseException | None = None
    done: bool = False


class Judge:
    """Hands each text to a gate run, together with the texts other threads hand in meanwhile."""

    def __init__(self, run: Run) -> None:
        self._run = run
        self._cond = threading.Condition()
        self._waiting: list[_Ask] = []
        self._busy = False  # a thread is running a batch
        self.runs = 0  # gate runs made (tests and benchmarks read it)

    def check(self, path: str, text: str, project: ProjectModules) -> list[Diagnostic]:
        """The findings on `text`, judged as the module at `path` against `project`."""
        ask = _Ask(path, text, project)
        with self._cond:
            self._waiting.append(ask)
            while not ask.done:
                if self._busy:
                    self._cond.wait()
                    continue
                # No run under way: this thread runs the next batch, whether or not its own text is in it.
                self._busy = True
                batch = self._take()
                self._cond.release()
                try:
                    self._judge(batch)
                finally:
                    self._cond.acquire()
            return self._answer(ask)

    def _take(self) -> list[_Ask]:
        """The oldest text waiting, and after it those of other paths judged against the same project."""
        first = self._waiting[0]
        batch, paths = [first], {first.path}
        for ask in self._waiting[1:]:
            if len(batch) < BATCH and ask.project == first.project and ask.path not in paths:
                batch.append(ask)
                paths.add(ask.path)
        taken = {id(ask) for ask in batch}
        self._waiting = [ask for ask in self._waiting if id(ask) not in taken]
        return batch

    def _judge(self, batch: list[_Ask]) -> None:
        found: list[Diagnostic] = []
        error: BaseException | None = None
        try:
            found = self._run({ask.path: ask.text for ask in batch}, batch[0].project)
        except BaseException as err:  # every text of the batch meets it, as it would have alone
            error = err
        paths = {ask.path for ask in batch}
        # A finding on a file that is none of the batch's (none is expected) is told to every text, as it
        # would have been told to a text judged alone: fail closed.
        stray = [d for d in found if d.span.file not in paths]
        with self._cond:
            for ask in batch:
                ask.found = [d for d in found if d.span.file == ask.path] + stray
                ask.error, ask.done = error, True
            self._busy = False
            self.runs += 1
            self._cond.notify_all()

    @staticmethod
    def _answer(ask: _Ask) -> list[Diagnostic]:
        if ask.error is not None:
            raise ask.error
        assert ask.found is not None
        return ask.found
