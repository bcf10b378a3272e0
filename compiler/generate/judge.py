"""The gates for a build's threads, batched: the texts handed in while a gate run is under way are judged
together in the next run (one mypy, one ruff, one bandit run; the sandbox's children in parallel), as `aic
bench` judges its samples. Most of a check is the tools' start-up, so a batch of four modules costs little more
than one, and modules built at once (aic.generate.project) no longer wait for each other's gate runs.

Batching must never change a verdict: a batch holds texts of distinct paths judged against the same project
code, none importing a name another's module has, and every gate judges each module on its own. Where a tool
fails on one text (mypy stops at a blocking error in any file of its run) or the run raises, the batch's texts
are judged again one by one. tests/compiler/test_judge.py checks the same findings alone and together. Which
texts share a run depends on timing; what each is told does not.
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from aic.ir import Diagnostic
from aic.ir.pyast import parse
from aic.verifiers.project import ProjectModules

TOOL_FAILED = "AIC003"  # a gate tool crashed or answered what aic cannot read
BATCH = 16  # texts per run at most: a build has at most max_concurrency modules in flight, a few texts each

Run = Callable[[Mapping[str, str], ProjectModules], list[Diagnostic]]  # one gate run over path -> text


@dataclass(slots=True)
class _Ask:
    path: str
    text: str
    project: ProjectModules
    imports: set[str] | None  # the names its imports mention; None: not Python
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
        ask = _Ask(path, text, project, _imported(text))
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
        """The oldest text waiting, and after it those of other paths judged against the same project that
        import nothing named like another text of the batch (a tool could resolve the import to it)."""
        first = self._waiting[0]
        batch = [first]
        for ask in self._waiting[1:]:
            if len(batch) < BATCH and ask.project == first.project and all(_apart(ask, other) for other in batch):
                batch.append(ask)
        taken = {id(ask) for ask in batch}
        self._waiting = [ask for ask in self._waiting if id(ask) not in taken]
        return batch

    def _judge(self, batch: list[_Ask]) -> None:
        try:
            found, error = self._gates(batch)
            if len(batch) > 1 and (error is not None or any(d.code == TOOL_FAILED for d in found)):
                # A tool that failed on one text (mypy stops at a blocking error in any file, and reports it on
                # the batch's first) or a run that raised says nothing about the others: each text alone.
                for ask in batch:
                    self._tell([ask], *self._gates([ask]))
            else:
                self._tell(batch, found, error)
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()

    def _gates(self, batch: list[_Ask]) -> tuple[list[Diagnostic], BaseException | None]:
        try:
            return self._run({ask.path: ask.text for ask in batch}, batch[0].project), None
        except BaseException as err:  # every text of the run meets it, as it would have alone
            return [], err
        finally:
            self.runs += 1

    def _tell(self, batch: list[_Ask], found: list[Diagnostic], error: BaseException | None) -> None:
        paths = {ask.path for ask in batch}
        # A finding on a file that is none of the batch's (none is expected) is told to every text, as it
        # would have been told to a text judged alone: fail closed.
        stray = [d for d in found if d.span.file not in paths]
        with self._cond:
            for ask in batch:
                ask.found = [d for d in found if d.span.file == ask.path] + stray
                ask.error, ask.done = error, True
            self._cond.notify_all()

    @staticmethod
    def _answer(ask: _Ask) -> list[Diagnostic]:
        if ask.error is not None:
            raise ask.error
        assert ask.found is not None
        return ask.found


def _apart(one: _Ask, other: _Ask) -> bool:
    """Whether two texts may share a run: other paths, and neither imports a name the other's module has."""
    if one.path == other.path:
        return False
    names, others = one.imports, other.imports
    if names is None or others is None:
        return False  # not Python: judged alone, as the gates' findings on it may spill over
    return Path(other.path).stem not in names and Path(one.path).stem not in others


def _imported(text: str) -> set[str] | None:
    """Every name an import statement of `text` mentions (modules' dotted parts, names imported from them)."""
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(part for alias in node.names for part in alias.name.split("."))
        elif isinstance(node, ast.ImportFrom):
            names.update((node.module or "").split("."))
            names.update(alias.name for alias in node.names)
    return names
