"""Asking together, judging in order: how a build keeps several model calls in flight (`max_concurrency`)
and still builds exactly what a build one call at a time builds.

The functions of a module are asked for at once, but each is judged (its candidates verified, its later
waves of candidates decided) only in its turn, in intent order, next to the functions accepted before it:
the gates see the same module text as in a build one function after another. A function's candidates are
asked in waves (see aic.generate.pool), run at once, and joined in sample order. Replies arrive in any order;
nothing recorded depends on that order.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Stopped(Exception):
    """The module stopped before this function's turn (an earlier one failed): its work is dropped."""


class Turns(Generic[T]):
    """Whose turn it is among a module's functions, and what the ones before have settled (name -> value). A
    stop at function k (it failed, or raised) ends the functions after k, never the ones before it: they
    finish as they would one after another."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0
        self._stop = sys.maxsize  # functions after this index are stopped
        self.settled: dict[str, T] = {}

    def wait(self, index: int) -> dict[str, T]:
        """Block until functions 0..index-1 are settled; what they settled (a copy). Raises Stopped."""
        with self._cond:
            self._cond.wait_for(lambda: self._stop < index or self._next >= index)
            if self._stop < index:
                raise Stopped
            return dict(self.settled)

    def settle(self, index: int, name: str, value: T | None) -> None:
        """Function `index`, whose turn it is, is done (`value` None: nothing to show the later ones)."""
        with self._cond:
            if self._next != index:
                raise RuntimeError(f"turn {index} settled out of order (next is {self._next})")
            if value is not None:
                self.settled[name] = value
            self._next = index + 1
            self._cond.notify_all()

    def check(self, index: int) -> None:
        """Raises Stopped once a function before `index` has stopped the module: no more calls for it."""
        with self._cond:
            if self._stop < index:
                raise Stopped

    def restart(self) -> None:
        """Turns for a second build of the module, from the first function again; a stop stays (the build of a
        module built ahead and then dropped must not start again)."""
        with self._cond:
            self._next = 0
            self.settled = {}
            self._cond.notify_all()

    def stop(self, index: int) -> None:
        """Function `index` ends the module (or the build was interrupted, at index -1)."""
        with self._cond:
            self._stop = min(self._stop, index)
            self._cond.notify_all()


@dataclass(frozen=True, slots=True)
class Turn(Generic[T]):
    """One function's place among the turns: what its candidates wait for before the gates judge them."""

    turns: Turns[T]
    index: int

    def wait(self) -> dict[str, T]:
        return self.turns.wait(self.index)

    def check(self) -> None:
        self.turns.check(self.index)


def in_order(jobs: Sequence[Callable[[], R]], concurrency: int) -> list[Future[R]]:
    """`jobs` run at most `concurrency` at a time, their futures in the jobs' order, every one ended: the caller
    reads them in that order, whichever finished first, and stops reading where one after another would have
    stopped. At 1 they run inline, one after another, and none runs after one that raised."""
    if concurrency <= 1 or len(jobs) <= 1:
        futures: list[Future[R]] = []
        for job in jobs:
            futures.append(Future())
            try:
                futures[-1].set_result(job())
            except BaseException as err:  # the caller meets it in order
                futures[-1].set_exception(err)
                break
        return futures
    with ThreadPoolExecutor(min(concurrency, len(jobs)), thread_name_prefix="aic-ask") as pool:
        return [pool.submit(job) for job in jobs]


@dataclass(frozen=True, slots=True)
class Flight(Generic[R]):
    """A job started ahead of the one that reads it (a module built while those before it are committed), with
    the turns its functions take, so that the reader can stop it."""

    turns: Turns[Any]
    future: Future[R]

    @classmethod
    def start(cls, job: Callable[[Turns[Any]], R], threaded: bool) -> Flight[R]:
        """`job` in a thread of its own, or (not `threaded`) run here and now."""
        flight: Flight[R] = cls(Turns(), Future())
        if threaded:
            threading.Thread(target=flight._run, args=(job,), name="aic-module", daemon=True).start()
        else:
            flight._run(job)
        return flight

    def _run(self, job: Callable[[Turns[Any]], R]) -> None:
        try:
            self.future.set_result(job(self.turns))
        except BaseException as err:  # the reader meets it
            self.future.set_exception(err)

    def result(self) -> R:
        return self.future.result()


def land(flights: Iterable[Flight[Any]]) -> None:
    """Stops flights that will not be read (no further model call) and waits until they end; their results
    and errors are dropped."""
    flights = list(flights)
    for flight in flights:
        flight.turns.stop(-1)
    for flight in flights:
        flight.future.exception()  # waits; a Stopped or any other error of a dropped flight is not reported
