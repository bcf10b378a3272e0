"""Canned server behaviour for the remote backends' tests: a script of replies and faults, served through the
real SDK and httpx clients by a MockTransport, and a record of what the clients sent."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import httpx2

KEY = "sk-test-0123456789abcdef"

Step = Callable[[Any], Any]  # a request (httpx or httpx2) -> a response, or raises a transport error


def claude_message(
    text: str, stop: str = "end_turn", input_tokens: int = 120, output_tokens: int = 30
) -> dict[str, Any]:
    return {
        "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-test",
        "content": [{"type": "text", "text": text}], "stop_reason": stop, "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }  # fmt: skip


def chat_completion(text: str, finish: str = "stop", prompt: int = 120, completion: int = 30) -> dict[str, Any]:
    return {
        "id": "c1", "object": "chat.completion", "model": "served-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
    }  # fmt: skip


class Script:
    """Serves its steps in order (the last one repeats) and keeps every request's method, URL, headers, body."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = steps
        self.requests: list[dict[str, Any]] = []
        self.waits: list[float] = []

    def __call__(self, request: Any) -> Any:
        body = json.loads(request.content) if request.content else None
        self.requests.append({"url": str(request.url), "headers": dict(request.headers), "body": body})
        step = self.steps[min(len(self.requests) - 1, len(self.steps) - 1)]
        return step(request)

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def httpx_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def httpx2_client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self))


def status(code: int, lib: Any, headers: dict[str, str] | None = None, body: Any = None) -> Step:
    payload = body if body is not None else {"type": "error", "error": {"type": "api_error", "message": "busy"}}
    return lambda request: lib.Response(code, json=payload, headers=headers or {})


def ok(payload: dict[str, Any], lib: Any) -> Step:
    return lambda request: lib.Response(200, json=payload)


def raw(content: bytes, lib: Any) -> Step:
    return lambda request: lib.Response(200, content=content, headers={"content-type": "application/json"})


def reset(lib: Any) -> Step:
    def fail(request: Any) -> Any:
        raise lib.ConnectError("connection reset by peer", request=request)

    return fail


def timeout(lib: Any) -> Step:
    def fail(request: Any) -> Any:
        raise lib.ReadTimeout("timed out", request=request)

    return fail
