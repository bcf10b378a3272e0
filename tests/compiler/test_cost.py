"""Prices, the spend of a build and the caps checked before each call."""

from __future__ import annotations

import pytest

from aic.backends import Message, Request
from aic.config import Price
from aic.state import cost as cost_module
from aic.state.cost import BudgetExceeded, MeteredBackend, Spend, cost_of, estimate_prompt_tokens, price_for
from tests.compiler.scripted import ScriptedBackend

REQUEST = Request((Message("system", "s" * 30), Message("user", "u" * 300)), 200, 0.0, 1)


def test_prices_local_is_free_others_must_be_configured() -> None:
    table = {"anthropic/claude-x": Price(3.0, 15.0), "gpt-y": Price(1.0, 2.0)}
    assert price_for(table, "local", "qwen") == Price(0.0, 0.0)
    assert price_for(table, "anthropic", "claude-x") == Price(3.0, 15.0)
    assert price_for(table, "openai", "gpt-y") == Price(1.0, 2.0)
    assert price_for(table, "openai", "unknown") is None
    assert cost_of(Price(3.0, 15.0), 1_000_000, 100_000) == pytest.approx(4.5)


def test_the_estimate_errs_high() -> None:
    assert estimate_prompt_tokens(REQUEST.messages) == 10 + 8 + 100 + 8


def test_spend_is_recorded_per_live_call(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([1.0, 1.5, 3.0, 3.25])  # process CPU time read around each call: 0.5 s, then 0.25 s
    monkeypatch.setattr(cost_module, "_cpu", lambda: next(clock))
    spend = Spend()
    metered = MeteredBackend(ScriptedBackend(["a" * 40, "b" * 40]), spend, Price(1000.0, 2000.0))
    reply = metered.complete(REQUEST)
    metered.complete(REQUEST)
    assert (spend.calls, spend.prompt_tokens, spend.completion_tokens) == (2, 200, 20)
    assert spend.cost == pytest.approx((200 * 1000 + 20 * 2000) / 1e6)
    assert reply.cpu_seconds == 0.5 and spend.cpu_seconds == 0.75


def test_a_call_that_could_pass_a_cap_is_never_made() -> None:
    backend = ScriptedBackend(["x" * 40] * 3)
    spend = Spend()
    metered = MeteredBackend(backend, spend, Price(0.0, 0.0), max_tokens=486)
    metered.complete(REQUEST)
    metered.complete(REQUEST)  # 110 used and a worst case of 326: 436 <= 486
    with pytest.raises(BudgetExceeded, match="--max-tokens 486: 220 used, the next call may use up to 326"):
        metered.complete(REQUEST)
    assert len(backend.requests) == 2
