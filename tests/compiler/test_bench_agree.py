"""The agreement check's parts (compiler/bench_agree.py): the probe calls made from a prompt's examples, and the
rule that picks the outliers among a task's accepted samples."""

from __future__ import annotations

from aic.bench.agree import outliers, probes
from aic.ir import parse_module

STUB = '''
def total(xs: list[int], k: int = 1) -> int:
    """Sum of xs times k.

    >>> total([1, 2], 3)
    9

    For xs = [4], k = 2 the output should be 8
    """
    ...
'''


def test_probes_vary_the_examples_within_the_domain_they_show() -> None:
    calls = probes(parse_module("m.py", STUB).function("total"))
    assert calls[0] == "total([1, 2], 3)" and "total([4], 2)" in calls  # the keyword call, in parameter order
    assert "total([2, 1], 3)" in calls and "total([1, 2], 33)" in calls  # reordered; larger of the same kind
    # The examples show non-empty lists and positive k only: no empty list, no zero or negative k.
    assert not any(c.startswith("total([],") or c.endswith(", 0)") or ", -" in c for c in calls), calls


def test_the_strictly_largest_group_of_accepted_samples_wins() -> None:
    prints = [["a", "b"], ["a", "c"], ["a", "b"], ["x", "y"], ["a", "b"]]
    assert outliers(prints, [True, True, True, False, True]) == [False, True, False, False, False]


def test_no_opinion_on_a_tie_or_too_few_samples() -> None:
    assert outliers([["a"], ["b"], ["a"], ["b"]], [True] * 4) == [False] * 4
    assert outliers([["a"], ["b"], ["b"]], [True, True, False]) == [False] * 3
    assert outliers([["a"], ["b"], ["c"]], [True] * 3) == [False] * 3  # no group of two


def test_a_call_that_raised_for_any_sample_does_not_count() -> None:
    # The second call raised in sample 0 (input outside the domain, perhaps): the samples agree on the first.
    prints = [["a", ""], ["a", "p"], ["a", "q"]]
    assert outliers(prints, [True] * 3) == [False] * 3
    hung = [["", ""], ["a", "p"], ["a", "p"], ["b", "p"]]  # sample 0's run hung: it takes no part
    assert outliers(hung, [True] * 4) == [False, False, False, True]
