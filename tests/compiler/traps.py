"""The targets hostile code aims at, set up for a test: a canary file, a secret for aic's environment and a
listening local socket; on exit the fixture asserts the canary is unchanged and no connection arrived."""

from __future__ import annotations

import secrets
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CANARY = Path("/tmp/aic-hostile-canary.txt")  # the snippets name these three targets literally
PORT = 47613
SECRET_NAME = "AIC_HOSTILE_SECRET"


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
