"""aic's pipeline: one pass per module, ordered by the pass manager; `verify` is the one way to run it."""

from aic.passes.base import Pass, PassKind, PassResult, PipelineError, Services, Unit
from aic.passes.manager import GATES, REGISTRY, PassManager, RunResult, Timing, enabled_gates
from aic.passes.verify import STATIC_GATES, GateConfig, Verification, pipeline, verify

__all__ = [
    "GATES",
    "REGISTRY",
    "STATIC_GATES",
    "GateConfig",
    "Pass",
    "PassKind",
    "PassManager",
    "PassResult",
    "PipelineError",
    "RunResult",
    "Services",
    "Timing",
    "Unit",
    "Verification",
    "enabled_gates",
    "pipeline",
    "verify",
]
