"""The targets hostile code aims at, set up for a test: a canary file, a secret for aic's environment and a
listening local socket; on exit the fixture asserts the canary is unchanged and no connection arrived.

`leftovers` watches what must not outlive a check: processes carrying MARKER in their argv (the hostile
snippets that start processes in a new session put it there) and files dropped next to the canary or in
/dev/shm under an `aic-hostile-` name."""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CANARY = Path("/tmp/aic-hostile-canary.txt")  # the snippets name these three targets literally
PORT = 47613
SECRET_NAME = "AIC_HOSTILE_SECRET"
MARKER = "aic-hostile-orphan"  # an argv word of every process a snippet starts; none may outlive the check
DROPS = ("/tmp/aic-hostile-*", "/dev/shm/aic-hostile-*")  # where snippets try to leave files (mkfifo, mknod...)
ORPHAN_WAIT = 30.0  # seconds a marked process may take to die after aic exits


@dataclass
class Trap:
    canary: str
    secret: str
    listener: socket.socket
    connections: list[str] = field(default_factory=list)

    def watch(self) -> None:
        self.listener.settimeout(0.2)
        while self.listener.fileno() != -1:
            try:
                peer, address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(str(address))
            peer.close()


@pytest.fixture
def trap() -> Iterator[Trap]:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", PORT))
    listener.listen()
    found = Trap(f"canary {secrets.token_hex(8)}\n", f"s3cret-{secrets.token_hex(12)}", listener)
    CANARY.write_text(found.canary, encoding="utf-8")
    watcher = threading.Thread(target=found.watch, daemon=True)
    watcher.start()
    try:
        yield found
    finally:
        listener.close()
        watcher.join(timeout=5)
    assert found.connections == [], f"connections reached the listener: {found.connections}"
    assert CANARY.read_text(encoding="utf-8") == found.canary, "the canary file was changed"
    CANARY.unlink()


def marked_processes() -> list[int]:
    """Processes (seen from here: every PID namespace below this one) with MARKER as a word of their argv."""
    found = []
    for entry in glob.glob("/proc/[0-9]*/cmdline"):
        pid = int(entry.split("/")[2])
        try:
            with open(entry, "rb") as handle:
                words = handle.read().split(b"\0")
        except OSError:  # ended while we looked
            continue
        if pid != os.getpid() and MARKER.encode() in words:
            found.append(pid)
    return sorted(found)


def dropped() -> set[str]:
    return {path for pattern in DROPS for path in glob.glob(pattern)} - {str(CANARY)}


@contextlib.contextmanager
def leftovers() -> Iterator[None]:
    """Around a check: afterwards no marked process may remain (they get ORPHAN_WAIT seconds to die) and no new
    file may match DROPS. Whatever is left is killed and removed, so that a failure leaks nothing."""
    before = dropped()
    try:
        yield
        deadline = time.monotonic() + ORPHAN_WAIT
        while marked_processes() and time.monotonic() < deadline:
            time.sleep(0.5)
        alive = marked_processes()
        assert alive == [], f"processes of the check outlived it: {_describe(alive)}"
        left = sorted(dropped() - before)
        assert left == [], f"files were left outside the sandbox: {left}"
    finally:
        for pid in marked_processes():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for path in dropped() - before:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _describe(pids: list[int]) -> list[str]:
    out = []
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/cmdline", "rb") as handle:
            words = handle.read().split(b"\0")
            out.append(f"{pid}: {b' '.join(words).decode(errors='replace').strip()}")
    return out
