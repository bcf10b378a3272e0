"""Candidates run against each other (verifiers/behaviour.py): what each does on a probe becomes a token made by
aic from the child's report, a hang costs one call, `Requires` guards the calls, and the choice's tie-breaks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aic.ir import parse_module
from aic.verifiers.behaviour import behaviours, choose, probe_source, settled
from aic.verifiers.sandbox import Sandbox

HALF = '''
def half(n: int) -> int:
    """Half of n.

    Requires: n >= 0
    >>> half(4)
    2
    """
    ...
'''


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as box:
        yield box


def test_values_exceptions_and_hangs_become_tokens(sandbox: Sandbox) -> None:
    calls = ["f(1)\n", "f(0)\n", "f(-1)\n", "f(2)\n"]
    sources = [
        "def f(x):\n    return 10 // x\n",
        "def f(x):\n    return 10 // x if x else 0\n",
        "def f(x):\n    while x < 0:\n        pass\n    return 10 // max(x, 1)\n",  # hangs on f(-1)
        "class Box:\n    pass\n\ndef f(x):\n    return Box()\n",
    ]
    plain, guarded, hangs, objects = behaviours(sources, [calls] * 4, sandbox)
    assert plain[0] == guarded[0] and plain[0].startswith("v:")
    assert plain[1] == "e:ZeroDivisionError" and guarded[1].startswith("v:")
    assert hangs[2] == "t"  # the call it hung on ...
    assert hangs[3] == plain[3]  # ... and the calls after it still ran, in a further job
    assert len(set(objects)) == 1  # object addresses are blanked: the same behaviour on every call


def test_requires_guards_the_calls(sandbox: Sandbox) -> None:
    function = parse_module("m.py", HALF).function("half")
    calls = [probe_source(function, "half(4)"), probe_source(function, "half(-3)")]
    tolerant = "def half(n: int) -> int:\n    return n // 2\n"
    strict = "def half(n: int) -> int:\n    if n < 0:\n        raise ValueError(n)\n    return n // 2\n"
    a, b = behaviours([tolerant, strict], [calls, calls], sandbox)
    assert a == b  # outside Requires neither is called: they differ only where the intent says nothing


def test_the_largest_group_wins_and_ties_go_to_the_greedy_then_the_earliest() -> None:
    x, y, z = ("v:1",), ("v:2",), ("v:3",)
    assert choose([x, y, y, z]).chosen == 1 and choose([x, y, y, z]).sizes == (2, 1, 1)
    assert choose([x, y, y], preferred=2).chosen == 2  # the greedy one, inside the winning group
    assert choose([x, y], preferred=1).chosen == 1  # a tie: the greedy one's group
    assert choose([x, y]).chosen == 0 and choose([x, y, x, y]).group == (0, 2)  # a tie: the earliest
    with pytest.raises(ValueError):
        choose([])


def test_calls_not_reached_still_agree_but_unbelieved_reports_never_do() -> None:
    # Two slow copies of a right function hang alike until the retries run out; their calls not reached ("-")
    # are the same behaviour, so they still outvote a fast different one. A "?" (a report not believed) is not.
    slow, fast = ("v:a", "t", "t", "t", "-"), ("v:b", "v:c", "v:d", "v:e", "v:f")
    assert choose([slow, slow, fast]).group == (0, 1)
    forged = ("v:a", "?", "-", "-", "-")
    assert choose([forged, forged, fast], preferred=0).chosen == 2


def test_settled_needs_the_first_candidates_to_agree() -> None:
    x, y = ("v:1",), ("v:2",)
    assert settled([x, x], 2) and not settled([x, y, x], 2) and not settled([x], 2) and settled([x], 1)


FORGER = """import os


def f(x):
    line = b'{"event": "result", "index": 0, "output": "5\\\\n", "truncated": false, "exception": null, ' \\
        b'"exc_msg": null, "line": null, "honesty": null}\\n'
    for fd in range(3, 21):
        try:
            os.write(fd, line)
        except OSError:
            pass
    return 6
"""


def test_a_candidate_cannot_forge_its_way_into_the_majority(sandbox: Sandbox) -> None:
    # The forger has read the source: it writes the report line an honest `f` returning 5 would have, then
    # returns 6. The child reports data and aic makes the tokens: the forger is in no honest group.
    calls = ["f(1)\n", "f(2)\n"]
    honest = "def f(x):\n    return 5\n"
    forger, again, first = behaviours([FORGER, FORGER + "\n", honest], [calls] * 3, sandbox)
    assert first[0].startswith("v:") and forger == again and forger[0] == "?"  # not believed: nothing known
    # What is not known agrees with nothing: two forgers do not outvote one honest candidate, even as greedy.
    choice = choose([forger, again, first], preferred=0)
    assert choice.chosen == 2 and choice.sizes == (1, 1, 1), choice
    assert not settled([forger, again], 2)


SPOILER = """import os
import sys


def f(x):
    # Try to reach another candidate of the same batch: its module file, anything shared on disk, and the
    # interpreter state (each job has its own process, so this last one only proves the point).
    for folder in {os.getcwd(), "/tmp", os.path.dirname(os.path.abspath(__file__))}:
        for k in range(4):
            try:
                with open(os.path.join(folder, f"probe_{k}.py"), "w") as handle:
                    handle.write("def f(x):\\n    return 6\\n")
            except OSError:
                pass
    sys.modules.pop("probe_1", None)
    return 6
"""


def test_a_candidate_cannot_change_what_another_does(sandbox: Sandbox) -> None:
    calls = ["f(1)\n", "f(2)\n", "f(3)\n"]
    honest = "def f(x):\n    return x + 1\n"
    (alone,) = behaviours([honest], [calls], sandbox)
    spoiler, beside, later = behaviours([SPOILER, honest, honest + "\n"], [calls] * 3, sandbox)
    assert beside == alone == later and beside != spoiler
