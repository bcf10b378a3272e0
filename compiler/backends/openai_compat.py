"""Any OpenAI-compatible chat-completions server (Ollama, vLLM, llama.cpp's server, hosted APIs) through httpx.

A key is optional (local servers need none) but required for a server that is not on this machine. Greedy
with a fixed seed where the server honours them. Faults are retried as retry.py says; `finish_reason: length`
is a truncated reply (refused as AIC602, never cached).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from aic.backends import BackendError, Reply, Request
from aic.backends.retry import RETRY_STATUS, Pacer, Transient, call_with_retries, one_line, redact, retry_after

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class OpenAIBackend:
    name = "openai"
    prefill = False

    def __init__(
        self, model: str, base_url: str, api_key_env: str = "OPENAI_API_KEY", timeout: float = 120.0,
        retries: int = 4, transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep,
    ) -> None:  # fmt: skip
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BackendError(f"openai: base_url {base_url!r} is not an http(s) URL")
        key = os.environ.get(api_key_env, "")
        if not key and parts.hostname not in LOOPBACK:
            raise BackendError(
                f"openai: no API key for {parts.hostname}: set the environment variable {api_key_env} "
                "(a server on this machine needs none)"
            )
        self.model = model
        self.digest = model
        self.retries = retries
        self._pacer = Pacer(sleep)  # one per backend: a 429 slows every request to it
        self._secrets = (key,)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._client = httpx.Client(headers=headers, timeout=timeout, transport=transport)

    def complete(self, request: Request) -> Reply:
        rng = random.Random(request.prompt_digest())
        return call_with_retries(self.name, lambda: self._once(request), self.retries, self._pacer, rng)

    def _once(self, request: Request) -> Reply:
        body = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "seed": request.seed,
        }
        start = time.perf_counter()
        try:
            response = self._client.post(self._url, json=body)
        except httpx.TimeoutException:
            raise Transient("timed out") from None
        except httpx.TransportError:
            raise Transient("connection failed") from None
        if response.status_code in RETRY_STATUS:
            raise Transient(f"HTTP {response.status_code}", retry_after(response.headers))
        if response.status_code >= 400:
            detail = one_line(redact(response.text, self._secrets))
            raise BackendError(f"openai: HTTP {response.status_code}: {detail}")
        text, finish, usage = self._parse(response)
        if finish == "stop" and not text.strip():
            raise Transient("an empty reply")
        return Reply(
            redact(text, self._secrets), finish, prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0), seconds=time.perf_counter() - start,
        )  # fmt: skip

    @staticmethod
    def _parse(response: httpx.Response) -> tuple[str, str, dict[str, Any]]:
        try:
            data = response.json()
            choice = data["choices"][0]
            content = choice["message"].get("content") or ""
            finish = str(choice.get("finish_reason") or "stop")
            usage = data.get("usage") or {}
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            raise Transient("a reply that is not the chat-completions JSON") from None
        if not isinstance(content, str) or not isinstance(usage, dict):
            raise Transient("a reply that is not the chat-completions JSON")
        return content, finish, usage

    def close(self) -> None:
        self._client.close()
