"""aic: a hybrid compiler for LLM-written Python. The LLM proposes, deterministic tools decide."""

__version__ = "0.1.0"
