"""The reply cache (`.aic/cache`): a model's answer, stored under the digest of everything that decides it
(backend, model identity, the messages, the sampling parameters), so that repeating a build with the same
inputs makes no model call, and a build stopped halfway resumes where it was.

Only complete answers are stored: a reply cut off at the token limit, an empty one or any other stop reason is
asked again next time. Each entry is written atomically (a crash leaves it absent or whole); an entry that does
not read back as the record it claims to be is a miss and is overwritten.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from aic.backends import Backend, Reply, Request
from aic.files import write_atomically
from aic.state.cost import Spend

FORMAT = 1


def cache_key(backend: Backend, request: Request) -> str:
    data = {
        "format": FORMAT,
        "backend": backend.name,
        "model": backend.model,
        "model_digest": backend.digest,
        "prefill": backend.prefill,
        "prompt": request.prompt_digest(),
        "max_tokens": request.max_tokens,
        "temperature": request.temperature,
        "seed": request.seed,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cacheable(reply: Reply) -> bool:
    return reply.finish_reason == "stop" and bool(reply.text.strip())


class ReplyCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Reply | None:
        try:
            data: Any = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if not (isinstance(data, dict) and data.get("key") == key and data.get("format") == FORMAT):
            return None
        text, prompt, completion = data.get("text"), data.get("prompt_tokens"), data.get("completion_tokens")
        if not (isinstance(text, str) and isinstance(prompt, int) and isinstance(completion, int)):
            return None
        return Reply(text, "stop", prompt_tokens=prompt, completion_tokens=completion, cached=True)

    def put(self, key: str, reply: Reply) -> None:
        if not cacheable(reply):
            return
        record = {
            "format": FORMAT,
            "key": key,
            "text": reply.text,
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
        }
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(str(target), json.dumps(record, sort_keys=True, indent=1) + "\n")


class CachingBackend:
    """Answers from the cache when it can, else asks the backend behind it and stores a complete answer."""

    def __init__(self, inner: Backend, cache: ReplyCache, spend: Spend) -> None:
        self.inner = inner
        self.name, self.model, self.digest, self.prefill = inner.name, inner.model, inner.digest, inner.prefill
        self.cache = cache
        self.spend = spend
        self._count = threading.Lock()  # calls come from several threads

    def complete(self, request: Request) -> Reply:
        key = cache_key(self, request)
        found = self.cache.get(key)
        if found is not None:
            with self._count:
                self.spend.cache_hits += 1
            return found
        reply = self.inner.complete(request)
        self.cache.put(key, reply)
        return replace(reply, cached=False)

    def close(self) -> None:
        self.inner.close()
