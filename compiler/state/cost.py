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
        self._cond = threading.Condition()
        self._flying: dict[int, _Flight] = {}  # the calls in flight, by ticket
        self._tickets = 0
        self._cpu_mark = 0.0  # process CPU time at the last start or end of a call

    def complete(self, request: Request) -> Reply:
        with self._slots:
            ticket = self._reserve(request)
            reply: Reply | None = None
            try:
                reply = self.inner.complete(request)
            finally:
                cpu = self._release(ticket, reply)
        return replace(reply, cpu_seconds=cpu)

    def _reserve(self, request: Request) -> int:
        """A ticket for a call that cannot pass a cap. A call that could pass one only because of the calls in
        flight waits for them to end (they may use less than their worst): it is refused only where it would
        be refused with nothing in flight, as in a build one call at a time."""
        with self._cond:
            worst = self._over(request, (0, 0.0))
            while self._over_quietly(request, self._flying_worst()):
                self._cond.wait()
                worst = self._over(request, (0, 0.0))  # what ended may have spent it all
            self._share_cpu()
            self._tickets += 1
            self._flying[self._tickets] = _Flight(*worst)
            self.spend.flying = len(self._flying)
            return self._tickets

    def _release(self, ticket: int, reply: Reply | None) -> float:
        """Ends a call: its reservation freed and what it used recorded in one step (no call can slip between),
        and its CPU time: the process's while it was in flight, shared evenly with the calls overlapping it
        (the embedded model's time cannot be told apart per call)."""
        with self._cond:
            self._share_cpu()
            flight = self._flying.pop(ticket)
            self.spend.flying = len(self._flying)
            self.spend.cpu_seconds += flight.cpu
            if reply is not None:
                self._record(reply)
            self._cond.notify_all()
            return round(flight.cpu, 3)

    def _share_cpu(self) -> None:
        now = _cpu()
        if self._flying:
            share = (now - self._cpu_mark) / len(self._flying)
            for flight in self._flying.values():
                flight.cpu += share
        self._cpu_mark = now

    def _flying_worst(self) -> tuple[int, float]:
        return sum(f.tokens for f in self._flying.values()), sum(f.cost for f in self._flying.values())

    def _record(self, reply: Reply) -> None:
        spend = self.spend
        spend.calls += 1
        spend.prompt_tokens += reply.prompt_tokens
        spend.completion_tokens += reply.completion_tokens
        spend.cost = round(spend.cost + cost_of(self.price, reply.prompt_tokens, reply.completion_tokens), 8)
        spend.seconds += reply.seconds

    def _over_quietly(self, request: Request, flying: tuple[int, float]) -> bool:
        try:
            self._over(request, flying)
        except BudgetExceeded:
            return True
        return False

    def _over(self, request: Request, in_flight: tuple[int, float]) -> tuple[int, float]:
        """The worst case (tokens, cost) of `request`; raises BudgetExceeded if it, with `in_flight`'s worst
        case, could pass a cap."""
        prompt = estimate_prompt_tokens(request.messages)
        worst = prompt + request.max_tokens
        spend = self.spend
        flying, flying_cost = in_flight
        if self.max_tokens and spend.tokens + flying + worst > self.max_tokens:
            raise BudgetExceeded(
                f"stopped before a call that could pass --max-tokens {self.max_tokens}: {spend.tokens} used, "
                f"the next call may use up to {worst}"
            )
        if not self.max_cost:
            return worst, 0.0
        if self.price is None:
            raise BudgetExceeded(
                f"--max-cost needs a price for {self.name}/{self.model}: add it to [tool.aic.prices] "
                f'(e.g. "{self.name}/{self.model}" = {{ input = 3.0, output = 15.0 }}, USD per million tokens)'
            )
        next_cost = cost_of(self.price, prompt, request.max_tokens)
        if spend.cost + flying_cost + next_cost > self.max_cost:
            raise BudgetExceeded(
                f"stopped before a call that could pass --max-cost {self.max_cost:g}: ${spend.cost:.4f} spent, "
                f"the next call may cost up to ${next_cost:.4f}"
            )
        return worst, next_cost

    def close(self) -> None:
        self.inner.close()


@dataclass(slots=True)
class _Flight:
    tokens: int  # the worst case of a call in flight
    cost: float
    cpu: float = 0.0  # its share of the process's CPU time so far


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
