"""The embedded backend (compiler/backends/local.py) without the model: overlapping calls from the runtime's
parallel slots must leave file descriptor 2 where it was, and every call says whether the prompt cache is on."""

from __future__ import annotations

import os
import threading

from aic.backends import Message, Request
from aic.backends.local import LocalBackend, _quiet_stderr


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


class _Server:
    def __init__(self) -> None:
        self.bodies: list[dict[str, object]] = []

    def handle_chat_completions(self, body: dict[str, object]) -> dict[str, object]:
        self.bodies.append(body)
        return {"choices": [{"message": {"content": "x"}, "finish_reason": "stop"}], "usage": {}}


def test_the_prompt_cache_is_on_unless_asked_off() -> None:
    # benchmarks/prompt_cache.py compares the two: the flag must reach the runtime on every call.
    backend = LocalBackend.__new__(LocalBackend)
    for reuse in (False, True):
        backend.reuse_prompts, backend._server = reuse, _Server()
        backend.complete(Request((Message("user", "hi"),)))
        assert backend._server.bodies[0]["cache_prompt"] is reuse
