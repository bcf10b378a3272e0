"""Model backends: one small interface the build loop uses, whatever answers (embedded, Claude, a server)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class BackendError(Exception):
    """The backend could not answer (missing weights, runtime failure); the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True, slots=True)
class Request:
    messages: tuple[Message, ...]
    max_tokens: int = 768
    temperature: float = 0.0
    seed: int = 0

    def prompt_digest(self) -> str:
        """sha256 of the messages alone, in a canonical JSON form: what the model was asked."""
        data = [{"role": m.role, "content": m.content} for m in self.messages]
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    finish_reason: str  # "stop" | "length" | ...
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)
    cached: bool = False  # replayed from the reply cache: no model call was made
    cpu_seconds: float = 0.0  # CPU time this process spent on the call (the embedded model runs in-process)

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"


class Backend(Protocol):
    name: str
    model: str
    digest: str  # the model's identity: the weights' sha256 for local models, else the model id
    prefill: bool  # continues a final assistant message (lets aic start the reply with the signature)

    def complete(self, request: Request) -> Reply: ...

    def close(self) -> None: ...


class LazyBackend:
    """A backend made on its first call: a build answered wholly by the lock or the reply cache never loads the
    model (or needs its weights or a key)."""

    def __init__(self, name: str, model: str, digest: str, prefill: bool, factory: Callable[[], Backend]) -> None:
        self.name, self.model, self.digest, self.prefill = name, model, digest, prefill
        self._factory = factory
        self._inner: Backend | None = None

    @property
    def loaded(self) -> bool:
        return self._inner is not None

    def complete(self, request: Request) -> Reply:
        if self._inner is None:
            self._inner = self._factory()
        return self._inner.complete(request)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()
