"""Asking together, judging in order: how a build keeps several model calls in flight (`max_concurrency`)
and still builds exactly what a build one call at a time builds.

The functions of a module are asked for at once, but each is judged (its candidates verified, its later
waves of candidates decided) only in its turn, in intent order, next to the functions accepted before it:
the gates see the same module text as in a build one function after another. A function's candidates are
asked in waves (see aic.generate.pool), run at once, and joined in sample order. Replies arrive in any order;
nothing recorded depends on that order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Stopped(Exception):
    """The module stopped before this function's turn (an earlier one failed): its work is dropped."""


class Turns(Generic[T]):
    """Whose turn it is among a module's functions, and what the ones before have settled (name -> value)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0
        self._stopped = False
        self.settled: dict[str, T] = {}

    def wait(self, index: int) -> dict[str, T]:
        """Block until functions 0..index-1 are settled; what they settled (a copy). Raises Stopped."""
        with self._cond:
            self._cond.wait_for(lambda: self._stopped or self._next >= index)
            if self._next < index:
                raise Stopped
            return dict(self.settled)

    def settle(self, index: int, name: str, value: T | None) -> None:
        """Function `index` is done (`value` None: nothing to show the later ones); the next one's turn."""
        with self._cond:
            assert self._next == index, f"turn {index} settled out of order (next is {self._next})"
            if value is not None:
                self.settled[name] = value
            self._next = index + 1
            self._cond.notify_all()

    def check(self) -> None:
        """Raises Stopped once the module has stopped: a function not begun by then makes no call."""
        with self._cond:
            if self._stopped:
                raise Stopped

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()


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
