"""Model backends: one small interface the build loop uses, whatever answers (embedded, Claude, a server)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from aic.config import BuildSettings


LOCAL_SLOTS = 8  # the embedded model's parallel slots at most (beyond about 8 its tokens/s gain nothing)


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
        self._making = threading.Lock()  # concurrent first calls make one backend, not one each

    @property
    def loaded(self) -> bool:
        return self._inner is not None

    def complete(self, request: Request) -> Reply:
        with self._making:
            if self._inner is None:
                self._inner = self._factory()
        return self._inner.complete(request)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


def make_backend(settings: BuildSettings) -> Backend:
    """The configured backend, made on its first call (a build answered by the lock or cache loads nothing). The
    one factory every command asks (tests put a scripted backend in its place)."""
    from aic.config import BACKENDS, DEFAULT_MODEL

    if settings.backend == "local":
        from aic.backends.weights import MODELS

        spec = MODELS.get(settings.model)
        if spec is None:
            raise BackendError(f"unknown local model {settings.model!r} (known: {', '.join(MODELS)})")
        return LazyBackend("local", settings.model, spec.sha256, True, lambda: _local(settings))
    if settings.model == DEFAULT_MODEL:
        raise BackendError(f"backend {settings.backend!r} needs a model: set [tool.aic] model or pass --model")
    if settings.backend in ("anthropic", "openai"):
        return LazyBackend(settings.backend, settings.model, settings.model, False, lambda: _remote(settings))
    raise BackendError(f"unknown backend {settings.backend!r} (known: {', '.join(BACKENDS)})")


def _local(settings: BuildSettings) -> Backend:
    from aic.backends.local import LocalBackend

    # One parallel slot per call in flight, up to LOCAL_SLOTS: each slot holds a whole context in memory.
    return LocalBackend(settings.model, parallel=min(settings.max_concurrency, LOCAL_SLOTS))


def _remote(settings: BuildSettings) -> Backend:
    if settings.backend == "anthropic":
        from aic.backends.claude import ClaudeBackend

        env = settings.api_key_env or "ANTHROPIC_API_KEY"
        return ClaudeBackend(settings.model, env, timeout=settings.request_timeout, retries=settings.retries)
    from aic.backends.openai_compat import OpenAIBackend

    env = settings.api_key_env or "OPENAI_API_KEY"
    return OpenAIBackend(
        settings.model, settings.base_url, env, timeout=settings.request_timeout, retries=settings.retries
    )
