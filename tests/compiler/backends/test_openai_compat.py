"""The OpenAI-compatible backend through the real httpx client, served by an httpx MockTransport."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from aic.backends import BackendError, Message, Request
from aic.backends.openai_compat import OpenAIBackend
from tests.compiler.backends.fake_servers import KEY, Script, chat_completion, ok, raw, reset, status, timeout

REQUEST = Request((Message("system", "be brief"), Message("user", "write f")), 256, 0.0, 7)
GOOD = ok(chat_completion("```python\ndef f() -> int:\n    return 1\n```"), httpx)
REMOTE = "https://models.example.com/v1"


def backend(script: Script, url: str = "http://127.0.0.1:8080/v1", retries: int = 3) -> OpenAIBackend:
    return OpenAIBackend("served-model", url, retries=retries, transport=script.httpx_transport(), sleep=script.sleep)


def test_a_good_reply_from_a_local_server_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    script = Script([GOOD])
    reply = backend(script).complete(REQUEST)
    assert reply.finish_reason == "stop" and (reply.prompt_tokens, reply.completion_tokens) == (120, 30)
    sent = script.requests[0]
    assert sent["url"] == "http://127.0.0.1:8080/v1/chat/completions"
    assert sent["body"]["temperature"] == 0.0 and sent["body"]["seed"] == 7 and sent["body"]["max_tokens"] == 256
    assert sent["body"]["messages"][0] == {"role": "system", "content": "be brief"}
    assert "authorization" not in sent["headers"]


def test_a_remote_server_gets_the_key_and_never_shows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    script = Script([status(401, httpx, body={"error": {"message": f"Incorrect API key provided: {KEY}"}})])
    with pytest.raises(BackendError) as caught:
        backend(script, REMOTE).complete(REQUEST)
    assert script.requests[0]["headers"]["authorization"] == f"Bearer {KEY}"
    assert str(caught.value).startswith("openai: HTTP 401: ") and KEY not in str(caught.value)
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(BackendError, match=r"^openai: no API key for models\.example\.com: set .*OPENAI_API_KEY"):
        backend(Script([GOOD]), REMOTE)


def test_429_with_an_http_date_retry_after() -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    script = Script([status(429, httpx, {"retry-after": when}), GOOD])
    backend(script).complete(REQUEST)
    assert len(script.waits) == 1 and 25 <= script.waits[0] <= 31


def test_a_retry_after_too_long_stops_the_build() -> None:
    script = Script([status(429, httpx, {"retry-after": "3600"})])
    with pytest.raises(BackendError, match=r"^openai: HTTP 429, and the server asks to wait 3600 s$"):
        backend(script).complete(REQUEST)
    assert script.waits == []


@pytest.mark.parametrize("code", [500, 502, 503, 529])
def test_server_faults_are_retried_then_reported(code: int) -> None:
    script = Script([status(code, httpx), GOOD])
    assert backend(script).complete(REQUEST).finish_reason == "stop"
    script = Script([status(code, httpx)])
    with pytest.raises(BackendError, match=f"^openai: HTTP {code}, still failing after 4 tries$"):
        backend(script).complete(REQUEST)


@pytest.mark.parametrize(
    ("step", "needle"),
    [
        (reset(httpx), "connection failed"),
        (timeout(httpx), "timed out"),
        (raw(b'{"choices": [{"message": ', httpx), "a reply that is not the chat-completions JSON"),
        (ok({"choices": []}, httpx), "a reply that is not the chat-completions JSON"),
        (ok(chat_completion(""), httpx), "an empty reply"),
    ],
    ids=["reset", "timeout", "cut-json", "no-choices", "empty"],
)
def test_transport_faults_and_bad_bodies(step: object, needle: str) -> None:
    script = Script([step])  # type: ignore[list-item]
    with pytest.raises(BackendError, match=f"^openai: {needle}, still failing after 3 tries$"):
        backend(script, retries=2).complete(REQUEST)
    assert len(script.requests) == 3


def test_a_length_stop_is_a_truncated_reply() -> None:
    script = Script([ok(chat_completion("def f(", finish="length"), httpx)])
    assert backend(script).complete(REQUEST).truncated


def test_a_bad_base_url_is_one_line() -> None:
    with pytest.raises(BackendError, match=r"^openai: base_url 'localhost:8080' is not an http"):
        OpenAIBackend("m", "localhost:8080")
