"""Claude through the official `anthropic` SDK (Messages API).

The SDK's own retries are off: aic's (see retry.py) decide, the same for every backend. The SDK (2.x) speaks API
version 2026-10-21, which refuses sampling parameters: temperature and seed are not sent, so a Claude answer is
reproducible through aic.lock and the reply cache, not through sampling. A `max_tokens` stop is a truncated
reply (refused as AIC602, never cached), not code.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any

from aic.backends import BackendError, Reply, Request
from aic.backends.retry import RETRY_STATUS, Pacer, Transient, call_with_retries, one_line, redact, retry_after

STOP_REASONS = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length"}


class ClaudeBackend:
    name = "anthropic"
    prefill = False

    def __init__(
        self, model: str, api_key_env: str = "ANTHROPIC_API_KEY", base_url: str | None = None,
        timeout: float = 120.0, retries: int = 4, http_client: Any = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:  # fmt: skip
        key = os.environ.get(api_key_env, "")
        if not key:
            raise BackendError(f"anthropic: no API key: set the environment variable {api_key_env}")
        import anthropic

        self.model = model
        self.digest = model
        self.retries = retries
        self._pacer = Pacer(sleep)  # one per backend: a 429 slows every request to it
        self._secrets = (key,)
        self._sdk = anthropic
        self._client = anthropic.Anthropic(
            api_key=key, base_url=base_url, timeout=timeout, max_retries=0, http_client=http_client
        )

    def complete(self, request: Request) -> Reply:
        rng = random.Random(request.prompt_digest())  # the jitter, reproducible per request
        return call_with_retries(self.name, lambda: self._once(request), self.retries, self._pacer, rng)

    def _once(self, request: Request) -> Reply:
        sdk = self._sdk
        system = "\n\n".join(m.content for m in request.messages if m.role == "system")
        messages: list[Any] = [{"role": m.role, "content": m.content} for m in request.messages if m.role != "system"]
        extra: dict[str, Any] = {"system": system} if system else {}
        start = time.perf_counter()
        try:
            message = self._client.messages.create(
                model=self.model, max_tokens=request.max_tokens, messages=messages, **extra
            )
        except sdk.APIStatusError as err:
            if err.status_code in RETRY_STATUS:
                raise Transient(f"HTTP {err.status_code}", retry_after(err.response.headers)) from None
            detail = one_line(redact(str(err.message), self._secrets))
            raise BackendError(f"anthropic: HTTP {err.status_code}: {detail}") from None
        except sdk.APITimeoutError:
            raise Transient("timed out") from None
        except sdk.APIConnectionError:
            raise Transient("connection failed") from None
        except (ValueError, sdk.APIResponseValidationError):
            raise Transient("a reply that is not the Messages JSON") from None
        text = "".join(getattr(block, "text", "") for block in message.content if block.type == "text")
        stop = STOP_REASONS.get(str(message.stop_reason), str(message.stop_reason))
        if stop == "stop" and not text.strip():
            raise Transient("an empty reply")
        usage = message.usage
        return Reply(
            redact(text, self._secrets), stop, prompt_tokens=int(usage.input_tokens),
            completion_tokens=int(usage.output_tokens), seconds=time.perf_counter() - start,
        )  # fmt: skip

    def close(self) -> None:
        self._client.close()
