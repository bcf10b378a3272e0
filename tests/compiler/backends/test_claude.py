"""The Claude backend through the real `anthropic` SDK, its HTTP served by an httpx2 MockTransport."""

from __future__ import annotations

import httpx2
import pytest

from aic.backends import BackendError, Message, Request
from aic.backends.claude import ClaudeBackend
from aic.config import Price
from aic.state.cost import MeteredBackend, Spend
from tests.compiler.backends.fake_servers import KEY, Script, claude_message, ok, raw, reset, status, timeout

REQUEST = Request((Message("system", "be brief"), Message("user", "write f")), 256, 0.0, 1)
GOOD = ok(claude_message("```python\ndef f() -> int:\n    return 1\n```"), httpx2)


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)


def backend(script: Script, retries: int = 3) -> ClaudeBackend:
    return ClaudeBackend("claude-test", retries=retries, http_client=script.httpx2_client(), sleep=script.sleep)


def test_a_good_reply_with_usage_and_cost() -> None:
    script = Script([GOOD])
    spend = Spend()
    reply = MeteredBackend(backend(script), spend, Price(3.0, 15.0)).complete(REQUEST)
    assert reply.text.startswith("```python") and reply.finish_reason == "stop"
    assert (reply.prompt_tokens, reply.completion_tokens) == (120, 30)
    assert spend.cost == pytest.approx((120 * 3.0 + 30 * 15.0) / 1e6)
    sent = script.requests[0]
    assert sent["url"].endswith("/v1/messages")
    assert sent["body"]["system"] == "be brief" and sent["body"]["max_tokens"] == 256
    assert sent["body"]["messages"] == [{"role": "user", "content": "write f"}]
    assert "temperature" not in sent["body"]  # API 2026-10-21 refuses sampling parameters
    assert sent["headers"]["authorization"] == f"Bearer {KEY}"


def test_429_waits_as_retry_after_says() -> None:
    script = Script([status(429, httpx2, {"retry-after": "7"}), GOOD])
    reply = backend(script).complete(REQUEST)
    assert reply.finish_reason == "stop" and script.waits == [7.0] and len(script.requests) == 2


@pytest.mark.parametrize("code", [408, 409, 500, 502, 503, 529])
def test_server_faults_are_retried_with_jittered_backoff(code: int) -> None:
    script = Script([status(code, httpx2), status(code, httpx2), GOOD])
    backend(script).complete(REQUEST)
    assert len(script.requests) == 3
    assert 0.25 <= script.waits[0] <= 0.5 and 0.5 <= script.waits[1] <= 1.0


def test_a_fault_that_persists_is_one_line_naming_backend_and_status() -> None:
    script = Script([status(503, httpx2)])
    with pytest.raises(BackendError, match=r"^anthropic: HTTP 503, still failing after 4 tries$"):
        backend(script).complete(REQUEST)
    assert len(script.requests) == 4 and len(script.waits) == 3


@pytest.mark.parametrize(
    ("step", "needle"),
    [
        (reset(httpx2), "connection failed"),
        (timeout(httpx2), "timed out"),
        (raw(b'{"id": "msg_1", "conte', httpx2), "a reply that is not the Messages JSON"),
        (ok(claude_message(""), httpx2), "an empty reply"),
    ],
)
def test_transport_faults_and_bad_bodies_are_retried_then_reported(step: object, needle: str) -> None:
    script = Script([step, GOOD])  # type: ignore[list-item]
    assert backend(script).complete(REQUEST).finish_reason == "stop"
    script = Script([step])  # type: ignore[list-item]
    with pytest.raises(BackendError, match=f"^anthropic: {needle}, still failing after 2 tries$"):
        backend(script, retries=1).complete(REQUEST)


def test_a_max_tokens_stop_is_a_truncated_reply() -> None:
    script = Script([ok(claude_message("def f() -> int:\n    return (", stop="max_tokens"), httpx2)])
    reply = backend(script).complete(REQUEST)
    assert reply.truncated and len(script.requests) == 1


def test_a_missing_key_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    with pytest.raises(BackendError, match=r"^anthropic: no API key: set the environment variable ANTHROPIC_API_KEY$"):
        ClaudeBackend("claude-test")


def test_an_echoed_key_never_leaves_the_backend() -> None:
    body = {"type": "error", "error": {"type": "authentication_error", "message": f"invalid x-api-key {KEY}"}}
    script = Script([status(401, httpx2, body=body)])
    with pytest.raises(BackendError) as caught:
        backend(script).complete(REQUEST)
    assert "HTTP 401" in str(caught.value) and KEY not in str(caught.value) and "[redacted]" in str(caught.value)
    assert len(script.requests) == 1  # a bad key is not retried
    script = Script([ok(claude_message(f"```python\nKEY = '{KEY}'\n```"), httpx2)])
    assert KEY not in backend(script).complete(REQUEST).text
