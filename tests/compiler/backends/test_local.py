"""The embedded backend's stderr silencing (compiler/backends/local.py) without the model: overlapping calls
from the runtime's parallel slots must leave file descriptor 2 where it was."""

from __future__ import annotations

import os
import threading

from aic.backends.local import _quiet_stderr


def _target() -> tuple[int, int]:
    info = os.fstat(2)
    return info.st_dev, info.st_ino


def test_overlapping_calls_restore_stderr() -> None:
    before = _target()
    null = os.stat(os.devnull)
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[tuple[int, int]] = []

    def first() -> None:
        with _quiet_stderr():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with _quiet_stderr():
            second_in.set()
            first_out.wait(5)
            seen.append(_target())  # the first call has left: the second is still inside, still silenced

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [(null.st_dev, null.st_ino)]
    assert _target() == before  # the old code restored the second call's saved /dev/null here
