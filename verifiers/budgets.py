"""The numbers that bound a verifier's work, in a module that imports no verifier: the sandbox's `Limits`, z3's
`RLIMIT` and the property tests' example count. The configuration reads them (as the examples and contracts
gates' option defaults) without importing z3 or starting anything."""

from __future__ import annotations

from dataclasses import dataclass, field

from aic.ir.bounds import above, at_least, check

RLIMIT = 20_000_000  # z3's resource limit per function: steps, not seconds, so a verdict never depends on load
MAX_EXAMPLES = 200  # hypothesis examples per property test


@dataclass(frozen=True, slots=True)
class Limits:
    """The sandbox's limits; also the examples gate's options (`[tool.aic.limits]`)."""

    timeout_seconds: float = field(default=10.0, metadata=above(0))  # wall clock: a module's import and examples
    cpu_seconds: int = field(default=5, metadata=at_least(1))
    memory_mb: int = field(default=1024, metadata=at_least(1))
    file_size_mb: int = field(default=16, metadata=at_least(1))
    processes: int = field(default=64, metadata=at_least(1))

    def __post_init__(self) -> None:
        check(self)
