"""Model backends: one small interface the build loop uses, whatever answers (embedded, Claude, a server)."""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    finish_reason: str  # "stop" | "length" | ...
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"


class Backend(Protocol):
    name: str
    model: str
    prefill: bool  # continues a final assistant message (lets aic start the reply with the signature)

    def complete(self, request: Request) -> Reply: ...

    def close(self) -> None: ...
