"""aic's pipeline: one pass per module, ordered by the pass manager."""

from aic.passes.base import Pass, PassKind, PassResult, Unit
from aic.passes.manager import GATES, REGISTRY, PassManager, PipelineError, RunResult, Timing, enabled_gates

__all__ = [
    "GATES",
    "REGISTRY",
    "Pass",
    "PassKind",
    "PassManager",
    "PassResult",
    "PipelineError",
    "RunResult",
    "Timing",
    "Unit",
    "enabled_gates",
]
