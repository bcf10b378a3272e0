"""What the remote backends share: which faults earn another try, how long to wait before it, and keeping API
keys out of every message, reply and error.

A fault worth retrying (a timeout, a reset connection, HTTP 408/409/429/500/502/503/504/529, a body that is not
the JSON promised, an empty answer) is retried a bounded number of times with exponential backoff and jitter,
or after the server's `Retry-After` when it sends one; then it is a one-line BackendError naming the backend and
the last status. Anything else (a bad key, a bad request) fails at once. A wait one request is told to make
holds every request to that backend (its `Pacer`), so concurrent calls back off together.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping

from aic.backends import BackendError, Reply

RETRY_STATUS = frozenset((408, 409, 429, 500, 502, 503, 504, 529))
MAX_WAIT = 60.0  # a Retry-After longer than this is not waited for: the build stops instead
BASE_DELAY = 0.5


class Transient(Exception):
    """One failed try that may succeed if repeated."""

    def __init__(self, status: str, retry_after: float | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.retry_after = retry_after


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date), None when absent or unreadable."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Pacer:
    """One per backend: the wait a fault calls for (a 429's Retry-After, a backoff) holds every request to the
    backend, not only the one that got it, so concurrent requests slow down together instead of hammering."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self._sleep, self._clock = sleep, clock
        self._lock = threading.Lock()
        self._until = 0.0
        self._skew = 0.0  # time slept that the clock did not see pass (a test's sleep): it counts as passed

    def pause(self, seconds: float) -> float:
        """The faulted request's own wait; requests starting meanwhile wait out the same hold. The deadline
        served, for the request's next `wait`."""
        with self._lock:
            served = self._now() + seconds
            self._until = max(self._until, served)
        self._nap(seconds)
        return served

    def wait(self, served: float = 0.0) -> None:
        """Before a request: wait out any hold in force beyond the deadline this request has served."""
        with self._lock:
            delay = self._until - max(self._now(), served)
        if delay > 0:
            self._nap(delay)

    def _now(self) -> float:
        return self._clock() + self._skew

    def _nap(self, seconds: float) -> None:
        before = self._clock()
        self._sleep(seconds)
        missed = seconds - (self._clock() - before)
        if missed > 0:
            with self._lock:
                self._skew += missed


def call_with_retries(
    backend: str, attempt: Callable[[], Reply], retries: int, pacer: Pacer | None = None,
    rng: random.Random | None = None,
) -> Reply:  # fmt: skip
    rng = rng or random.Random()
    pacer, served = pacer or Pacer(), 0.0
    for number in range(retries + 1):
        pacer.wait(served)
        try:
            return attempt()
        except Transient as fault:
            tries = number + 1
            if number == retries:
                raise BackendError(f"{backend}: {fault.status}, still failing after {tries} tries") from None
            wait = fault.retry_after if fault.retry_after is not None else backoff(number, rng)
            if wait > MAX_WAIT:
                raise BackendError(f"{backend}: {fault.status}, and the server asks to wait {wait:.0f} s") from None
            served = pacer.pause(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def backoff(number: int, rng: random.Random) -> float:
    """Exponential, with full jitter in its upper half, so that parallel builds do not retry in step."""
    ceiling = BASE_DELAY * 2.0**number
    return ceiling / 2 + rng.random() * ceiling / 2


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced, for anything that leaves the backend (errors, replies)."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return text


def one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
