"""What a build spends: tokens, money and CPU time per model call, and the caps (`--max-tokens`, `--max-cost`)
that stop a build before a call could pass them.

The check comes before each live call, against the worst case of that call: its estimated prompt plus the
whole `max_reply_tokens` it may generate, and the worst cases of the calls still in flight, so concurrent calls
can never pass a cap together. Replies from the cache cost nothing and are not counted. At most
`max_concurrency` calls are in flight at once; the others wait for a slot.
"""

from __future__ import annotations

import math
import resource
import threading
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
    flying: int = 0  # live calls in flight now (for the progress display)

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class MeteredBackend:
    """Wraps the backend that really answers: checks the caps before each call, bounds the calls in flight,
    and records what each used. Safe to call from several threads."""

    def __init__(
        self, inner: Backend, spend: Spend, price: Price | None, max_tokens: int = 0, max_cost: float = 0.0,
        max_concurrency: int = 1,
    ) -> None:  # fmt: skip
        self.inner = inner
        self.name, self.model, self.digest, self.prefill = inner.name, inner.model, inner.digest, inner.prefill
        self.spend = spend
        self.price = price
        self.max_tokens = max_tokens
        self.max_cost = max_cost
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._lock = threading.Lock()
        self._flying: list[tuple[int, float]] = []  # the worst case (tokens, cost) of each call in flight
        self._busy_since = 0.0  # process CPU time when the calls now in flight began to overlap

    def complete(self, request: Request) -> Reply:
        with self._slots:
            worst = self._reserve(request)
            try:
                reply = self.inner.complete(request)
            finally:
                cpu = self._release(worst)
            self._record(reply)
        return replace(reply, cpu_seconds=cpu)

    def check(self, request: Request) -> None:
        """Raise BudgetExceeded if `request` could pass a cap, counting the calls in flight at their worst."""
        with self._lock:
            self._over(request)

    def _reserve(self, request: Request) -> tuple[int, float]:
        with self._lock:
            worst = self._over(request)
            if not self._flying:
                self._busy_since = _cpu()
            self._flying.append(worst)
            self.spend.flying = len(self._flying)
            return worst

    def _release(self, worst: tuple[int, float]) -> float:
        """Frees a call's reservation; its CPU time: the process's since the overlap began, shared evenly by
        the calls that were in flight (the embedded model's time cannot be told apart per call)."""
        with self._lock:
            sharing = len(self._flying)
            self._flying.remove(worst)
            self.spend.flying = len(self._flying)
            now = _cpu()
            cpu = (now - self._busy_since) / sharing
            self._busy_since = now if self._flying else 0.0
            self.spend.cpu_seconds += cpu
            return round(cpu, 3)

    def _record(self, reply: Reply) -> None:
        with self._lock:
            spend = self.spend
            spend.calls += 1
            spend.prompt_tokens += reply.prompt_tokens
            spend.completion_tokens += reply.completion_tokens
            spend.cost = round(spend.cost + cost_of(self.price, reply.prompt_tokens, reply.completion_tokens), 8)
            spend.seconds += reply.seconds

    def _over(self, request: Request) -> tuple[int, float]:
        prompt = estimate_prompt_tokens(request.messages)
        worst = prompt + request.max_tokens
        spend = self.spend
        flying = sum(t for t, _ in self._flying)
        if self.max_tokens and spend.tokens + flying + worst > self.max_tokens:
            in_flight = f", {flying} more in flight" if flying else ""
            raise BudgetExceeded(
                f"stopped before a call that could pass --max-tokens {self.max_tokens}: {spend.tokens} used"
                f"{in_flight}, the next call may use up to {worst}"
            )
        if not self.max_cost:
            return worst, 0.0
        if self.price is None:
            raise BudgetExceeded(
                f"--max-cost needs a price for {self.name}/{self.model}: add it to [tool.aic.prices] "
                f'(e.g. "{self.name}/{self.model}" = {{ input = 3.0, output = 15.0 }}, USD per million tokens)'
            )
        next_cost = cost_of(self.price, prompt, request.max_tokens)
        flying_cost = sum(c for _, c in self._flying)
        if spend.cost + flying_cost + next_cost > self.max_cost:
            raise BudgetExceeded(
                f"stopped before a call that could pass --max-cost {self.max_cost:g}: ${spend.cost:.4f} spent, "
                f"the next call may cost up to ${next_cost:.4f}"
            )
        return worst, next_cost

    def close(self) -> None:
        self.inner.close()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
