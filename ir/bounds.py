"""The bounds of numeric settings: one rule and one message for every number aic reads from `[tool.aic]` (the
sandbox's limits, the build's budgets, the passes' options) or is given in code.

A numeric field of a settings dataclass may carry `metadata=at_least(1)` or `metadata=above(0)`; one without
either must be >= 0. `problem` is the one message ("expected a number > 0, got 0"), used by the config reader
before it builds the settings and by each settings class's `__post_init__`, so a value is never refused first
by one rule and then by another.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

KEY = "aic-bound"


def at_least(minimum: float) -> dict[str, tuple[float, bool]]:
    return {KEY: (minimum, False)}


def above(bound: float) -> dict[str, tuple[float, bool]]:
    return {KEY: (bound, True)}


def problem(field: dataclasses.Field[Any], value: float, kind: type) -> str | None:
    """Why `value` is outside `field`'s bounds, or None; `kind` is the field's type (int or float)."""
    low, strict = field.metadata.get(KEY, (0, False))
    if value > low if strict else value >= low:  # NaN fails both
        return None
    noun = "a whole number" if kind is int else "a number"
    return f"expected {noun} {'>' if strict else '>='} {low:g}, got {value!r}"


def numeric_fields(cls: type[Any]) -> dict[str, tuple[dataclasses.Field[Any], type]]:
    """A dataclass's int and float fields: name -> (field, type)."""
    hints = typing.get_type_hints(cls)
    return {f.name: (f, hints[f.name]) for f in dataclasses.fields(cls) if hints[f.name] in (int, float)}


def check(settings: Any) -> None:
    """ValueError `name: message` for the first numeric field of a settings dataclass out of its bounds."""
    for name, (field, kind) in numeric_fields(type(settings)).items():
        message = problem(field, getattr(settings, name), kind)
        if message is not None:
            raise ValueError(f"{name}: {message}")
