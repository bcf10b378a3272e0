"""Rewriters: every change to the IR returns new nodes; the originals stay as they were."""

from __future__ import annotations

from aic.ir.lower import parse_module
from aic.ir.nodes import Module


def with_source(module: Module, source: str) -> Module:
    """The module re-lowered from new text (raises SourceSyntaxError if the text is not Python)."""
    if source == module.source:
        return module
    return parse_module(module.path, source)
