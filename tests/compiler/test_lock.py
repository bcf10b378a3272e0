"""aic.lock: its JSON form, digests and the one-line errors for a lock aic cannot use."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from aic.generate.intents import load_intent
from aic.state.lock import (
    Evidence,
    FunctionEntry,
    Lock,
    LockError,
    ModuleEntry,
    Sampling,
    dumps,
    intent_digest,
    loads,
    sha256_text,
)

STUB = '''import math


def area(r: float) -> float:
    """Area of a circle.

    >>> area(1.0)
    3.141592653589793
    """
    ...
'''


def entry() -> FunctionEntry:
    code = ("def f(x: int) -> int:", "    return x")
    return FunctionEntry(
        intent_digest="a" * 64, origin="model", backend="local", model="m", model_digest="b" * 64,
        prompt_digest="c" * 64, sampling=Sampling(0.0, 1, 768), imports=("import math",), code=code,
        code_digest=sha256_text("\n".join(code) + "\n"), gates={"types": "passed"}, tools={"mypy": "2.4.1"},
        calls=1, repairs=0, prompt_tokens=10, completion_tokens=5, cost=0.0,
    )  # fmt: skip


def test_dumps_is_sorted_stable_and_round_trips() -> None:
    lock = Lock(
        modules={"m": ModuleEntry("intents/m.py", "pkg/m.py", "d" * 64, "tests/test_m.py", "e" * 64, {"f": entry()})}
    )
    text = dumps(lock)
    assert loads(text) == lock
    assert dumps(loads(text)) == text
    assert text.index('"calls"') < text.index('"code"') < text.index('"cost"')
    assert '"    return x"' in text  # code as lines: a diff of the lock reads like a diff of the code


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[1]", "expected a JSON object"),
        ('{"modules": {}}', "version: missing"),
        ('{"version": 0, "modules": {}}', "not a lock version"),
        ('{"version": 1, "modules": {}, "extra": 1}', "extra: unknown key"),
        ('{"version": 1, "modules": {"m": {"intent": 1}}}', "modules.m.functions: missing"),
    ],
)
def test_malformed_locks_name_the_place(text: str, needle: str) -> None:
    with pytest.raises(LockError, match=r"^aic\.lock: ") as caught:
        loads(text)
    assert needle in str(caught.value) and "\n" not in str(caught.value)


def test_a_wrong_field_deep_inside_is_named() -> None:
    lock = Lock(modules={"m": ModuleEntry("i", "o", "d", "t", "e", {"f": entry()})})
    text = dumps(lock).replace('"repairs": 0', '"repairs": "none"')
    with pytest.raises(LockError, match=r"modules\.m\.functions\.f\.repairs: expected a whole number, got str"):
        loads(text)


@pytest.mark.parametrize(
    ("asked", "accepted", "groups", "weakness"),
    [
        (3, 3, (2, 1), "disputed"),  # accepted candidates behave differently
        (4, 1, (1,), "unconfirmed"),  # three refused, one accepted: nothing confirms it
        (3, 1, (), "unconfirmed"),  # the same with no probe input to run it on
        (1, 1, (1,), ""),  # a single candidate was all the project asked for
        (2, 2, (2,), ""),  # two agree
    ],
)
def test_evidence_says_when_it_is_weak(asked: int, accepted: int, groups: tuple[int, ...], weakness: str) -> None:
    evidence = Evidence(examples=1, probes=10 if groups else 0, asked=asked, accepted=accepted, groups=groups)
    assert evidence.weakness == weakness


def test_evidence_round_trips_and_a_wrong_one_is_named() -> None:
    evidence = Evidence(examples=2, probes=30, probes_digest="ab", asked=3, accepted=3, groups=(2, 1))
    lock = Lock(modules={"m": ModuleEntry("i", "o", "d", "t", "e", {"f": replace(entry(), evidence=evidence)})})
    assert loads(dumps(lock)) == lock
    assert (
        loads(dumps(Lock(modules={"m": ModuleEntry("i", "o", "d", "t", "e", {"f": entry()})})))
        .modules["m"]
        .functions["f"]
        .evidence
        is None
    )  # a lock written before evidence was recorded still reads
    broken = dumps(lock).replace('"groups": [\n              2,', '"groups": [\n              "2",')
    assert broken != dumps(lock)
    with pytest.raises(LockError, match=r"functions\.f\.evidence\.groups: expected a list of whole numbers$"):
        loads(broken)


def test_the_intent_digest_ignores_position_but_not_meaning(tmp_path: Path) -> None:
    path = tmp_path / "circle.py"
    path.write_text(STUB)
    intent = load_intent(path)
    first = intent_digest(intent, intent.functions[0])
    path.write_text(STUB.replace("import math\n", "import math\n\n# a comment that moves the stub down\n"))
    moved = load_intent(path)
    assert intent_digest(moved, moved.functions[0]) == first
    path.write_text(STUB.replace("3.141592653589793", "3.14159"))
    changed = load_intent(path)
    assert intent_digest(changed, changed.functions[0]) != first
    path.write_text(STUB.replace("import math", "import cmath"))
    header = load_intent(path)
    assert intent_digest(header, header.functions[0]) != first
