"""What a build spends: tokens, money and CPU time per model call, and the caps (`--max-tokens`, `--max-cost`)
that stop a build before a call could pass them.

The check comes before each live call, against the worst case of that call: its estimated prompt plus the
whole `max_reply_tokens` it may generate. Replies from the cache cost nothing and are not counted.
"""

from __future__ import annotations

import math
import resource
from dataclasses import dataclass, replace

from aic.backends import Backend, BackendError, Message, Reply, Request
from aic.config import Price

# The embedded model runs on the user's own CPU: no bill, only the CPU seconds recorded per call.
FREE_BACKENDS = frozenset(("local",))


class BudgetExceeded(BackendError):
    """The next call could pass a cap the user set; the build stops cleanly before making it."""


def price_for(prices: dict[str, Price], backend: str, model: str) -> Price | None:
    """The configured price of a backend's model (`backend/model` first, then `model`); local models are free
    unless the table says otherwise; None when nothing is known."""
    found = prices.get(f"{backend}/{model}") or prices.get(model)
    if found is not None:
        return found
    return Price(0.0, 0.0) if backend in FREE_BACKENDS else None


def cost_of(price: Price | None, prompt_tokens: int, completion_tokens: int) -> float:
    if price is None:
        return 0.0
    return round((prompt_tokens * price.input + completion_tokens * price.output) / 1_000_000, 8)


def estimate_prompt_tokens(messages: tuple[Message, ...]) -> int:
    """A deliberately high estimate (code and English run 3.5-4 characters per token; this assumes 3, plus the
    chat template's few tokens per message): the cap check must not let a call through on an underestimate."""
    return sum(math.ceil(len(m.content) / 3) + 8 for m in messages)


@dataclass(slots=True)
class Spend:
    """Running totals of one build."""

    calls: int = 0  # live model calls
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class MeteredBackend:
    """Wraps the backend that really answers: checks the caps before each call and records what it used."""

    def __init__(
        self, inner: Backend, spend: Spend, price: Price | None, max_tokens: int = 0, max_cost: float = 0.0
    ) -> None:
        self.inner = inner
        self.name, self.model, self.digest, self.prefill = inner.name, inner.model, inner.digest, inner.prefill
        self.spend = spend
        self.price = price
        self.max_tokens = max_tokens
        self.max_cost = max_cost

    def complete(self, request: Request) -> Reply:
        self.check(request)
        before = _cpu()
        reply = self.inner.complete(request)
        cpu = round(_cpu() - before, 3)
        spend = self.spend
        spend.calls += 1
        spend.prompt_tokens += reply.prompt_tokens
        spend.completion_tokens += reply.completion_tokens
        spend.cost = round(spend.cost + cost_of(self.price, reply.prompt_tokens, reply.completion_tokens), 8)
        spend.seconds += reply.seconds
        spend.cpu_seconds += cpu
        return replace(reply, cpu_seconds=cpu)

    def check(self, request: Request) -> None:
        worst = estimate_prompt_tokens(request.messages) + request.max_tokens
        spend = self.spend
        if self.max_tokens and spend.tokens + worst > self.max_tokens:
            raise BudgetExceeded(
                f"stopped before a call that could pass --max-tokens {self.max_tokens}: {spend.tokens} used, "
                f"the next call may use up to {worst}"
            )
        if not self.max_cost:
            return
        if self.price is None:
            raise BudgetExceeded(
                f"--max-cost needs a price for {self.name}/{self.model}: add it to [tool.aic.prices] "
                f'(e.g. "{self.name}/{self.model}" = {{ input = 3.0, output = 15.0 }}, USD per million tokens)'
            )
        prompt = estimate_prompt_tokens(request.messages)
        next_cost = cost_of(self.price, prompt, request.max_tokens)
        if spend.cost + next_cost > self.max_cost:
            raise BudgetExceeded(
                f"stopped before a call that could pass --max-cost {self.max_cost:g}: ${spend.cost:.4f} spent, "
                f"the next call may cost up to ${next_cost:.4f}"
            )

    def close(self) -> None:
        self.inner.close()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
