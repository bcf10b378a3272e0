"""The passes' typed options, one frozen dataclass per `[tool.aic.<section>]` table, in a module that imports no
pass and no tool: `aic.config` builds and validates them without importing z3, mypy, bandit or the sandbox.
Each pass names its class here as its `Options`; `aic.passes.catalog` says which pass reads which table."""

from __future__ import annotations

from dataclasses import dataclass, field

from aic.ir.bounds import above, at_least, check
from aic.verifiers.budgets import RLIMIT, Limits
from aic.verifiers.policy_allowlist import parse_entry
from aic.verifiers.policy_rules import CAPABILITY_CODES
from aic.verifiers.ruff_adapter import DEFAULT_SELECT

__all__ = ["DEFAULT_SELECT", "ContractsOptions", "Limits", "LintOptions", "PolicyOptions", "TypesOptions"]


@dataclass(frozen=True, slots=True)
class LintOptions:
    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TypesOptions:
    python_version: str = "3.11"
    cache_dir: str = ""  # empty: the user cache (~/.cache/aic/mypy)


@dataclass(frozen=True, slots=True)
class PolicyOptions:
    allow: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    bandit: bool = True

    def __post_init__(self) -> None:
        unknown = sorted(set(self.allow) - set(CAPABILITY_CODES))
        if unknown:
            known = ", ".join(sorted(CAPABILITY_CODES))
            raise ValueError(f"unknown capability {unknown[0]!r} (known: {known})")
        for entry in self.imports:
            parse_entry(entry)


@dataclass(frozen=True, slots=True)
class ContractsOptions:
    rlimit: int = field(default=RLIMIT, metadata=at_least(1))  # z3's steps per function, the same everywhere
    # The sandbox's limits for replays and property tests. The wall-clock limit is generous so that the CPU
    # limit is the one that binds: a loaded machine must not turn a counterexample into "did not finish".
    timeout_seconds: float = field(default=120.0, metadata=above(0))
    cpu_seconds: int = field(default=30, metadata=at_least(1))

    def __post_init__(self) -> None:
        check(self)

    def limits(self) -> Limits:
        return Limits(timeout_seconds=self.timeout_seconds, cpu_seconds=self.cpu_seconds)
