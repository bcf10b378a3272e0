"""Canonical JSON of IR nodes and the sha256 identity derived from it.

The form is stable: keys sorted, no insignificant white space, UTF-8, every node tagged with its type. Two nodes
are the same IR exactly when their digests are equal.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import typing
from enum import Enum
from typing import Any

from aic.ir.nodes import Contract, Example, Function, Module, Param
from aic.ir.span import Span

Node = Module | Function | Example | Contract | Param | Span
_TYPES: dict[str, type[Any]] = {cls.__name__: cls for cls in (Module, Function, Example, Contract, Param, Span)}


def to_data(value: object) -> object:
    """The JSON-ready structure of an IR value."""
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, object] = {"_type": type(value).__name__}
        for field in dataclasses.fields(value):
            data[field.name] = to_data(getattr(value, field.name))
        return data
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"not an IR value: {type(value).__name__}")


def canonical_json(node: Node) -> str:
    return json.dumps(to_data(node), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(node: Node) -> str:
    """The node's identity: sha256 of its canonical JSON."""
    return hashlib.sha256(canonical_json(node).encode("utf-8")).hexdigest()


def from_json(text: str) -> Node:
    """Rebuild a node from its canonical JSON; invariants are re-checked by the nodes themselves."""
    node = _decode(json.loads(text), None)
    if not isinstance(node, Module | Function | Example | Contract | Param | Span):
        raise ValueError("JSON does not hold an IR node")
    return node


def _decode(data: object, hint: object) -> object:
    if isinstance(data, dict):
        name = data.get("_type")
        cls = _TYPES.get(name) if isinstance(name, str) else None
        if cls is None:
            raise ValueError(f"unknown IR node type: {name!r}")
        hints = typing.get_type_hints(cls)
        kwargs = {f.name: _decode(data.get(f.name), hints[f.name]) for f in dataclasses.fields(cls)}
        return cls(**kwargs)
    if isinstance(data, list):
        args = typing.get_args(hint)
        return tuple(_decode(item, args[0] if args else None) for item in data)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    return data
