from __future__ import annotations

import dataclasses

import pytest

from aic.ir import Example, Span, canonical_json, digest, from_json, parse_module

SOURCE = 'def f(x: int) -> int:\n    """\n    >>> f(1)\n    2\n    """\n    return x + 1\n'


def test_round_trip_and_identity() -> None:
    module = parse_module("a.py", SOURCE)
    text = canonical_json(module)
    assert from_json(text) == module
    assert digest(from_json(text)) == digest(module)
    assert len(digest(module)) == 64


def test_identity_changes_with_content_and_is_stable() -> None:
    one = parse_module("a.py", SOURCE)
    two = parse_module("a.py", SOURCE.replace("x + 1", "x + 2"))
    assert digest(one) != digest(two)
    assert digest(one) == digest(parse_module("a.py", SOURCE))
    assert canonical_json(one) == canonical_json(parse_module("a.py", SOURCE))
    assert " " not in canonical_json(Span("a.py", 1))  # no insignificant white space


def test_nodes_are_frozen_and_validate() -> None:
    module = parse_module("a.py", SOURCE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        module.path = "b.py"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Span("a.py", 0)
    with pytest.raises(ValueError):
        Span("a.py", 3, 1, 2, 1)
    with pytest.raises(ValueError):
        Example("   ", "", Span("a.py", 1))
    with pytest.raises(ValueError):
        dataclasses.replace(module.functions[0], name="not an identifier")


def test_from_json_rejects_unknown_nodes() -> None:
    with pytest.raises(ValueError):
        from_json('{"_type": "Mystery"}')
