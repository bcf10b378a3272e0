"""The same-value reading of examples (verifiers/sandbox_values.py): form may differ, value and type may not."""

from __future__ import annotations

from pathlib import Path

import pytest

from aic.cli import main
from aic.verifiers.sandbox_values import same_literal


def test_the_same_value_written_another_way_matches() -> None:
    assert same_literal('"abc"\n', "'abc'\n")
    assert same_literal("{2: 'b', 1: 'a'}", "{1: 'a', 2: 'b'}")
    assert same_literal("[1,2,  3]", "[1, 2, 3]")
    assert same_literal("0.3", "0.30000000000000004")  # floating-point noise only
    assert same_literal("{3, 1}", "{1, 3}")


def test_a_different_value_or_type_does_not() -> None:
    assert not same_literal("[1, 2]", "(1, 2)")
    assert not same_literal("1", "1.0")
    assert not same_literal("True", "1")
    assert not same_literal("0.33", "0.3333333333333333")  # a rounded docstring needs a rounded answer
    assert not same_literal("'a'", "'b'")
    assert not same_literal("[1, [2]]", "[1, (2,)]")


def test_text_that_is_not_a_literal_never_matches() -> None:
    assert not same_literal("Point(x=1)", "Point(x=1) ")
    assert not same_literal("", "''")
    assert not same_literal("x" * 200_000, "x" * 200_000)


QUOTED = '''
def flip(text: str) -> str:
    """The text backwards; the docstring writes strings with double quotes.

    >>> flip("abc")
    "cba"
    >>> sorted({"b": 2, "a": 1}.items())
    [("a", 1), ("b", 2)]
    """
    return text[::-1]


def pair(n: int) -> tuple[int, int]:
    """A pair, which a docstring showing a list does not describe.

    >>> pair(1)
    [1, 1]
    """
    return (n, n)
'''


def test_the_examples_gate_reads_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "quoted.py").write_text(QUOTED)
    assert main(["check", "--gates", "examples", str(tmp_path / "quoted.py")]) == 1
    out = capsys.readouterr().out
    assert out.count("AIC400") == 1 and "quoted.py:16:5: AIC400 example `pair(1)`" in out, out


NESTED = '''
def count_primes(n: int) -> int:
    """Primes below n.

    >>> count_primes(10)
    4
    """

    def is_prime(k: int) -> bool:
        """A nested helper's examples name it, but it is not reachable from the module: doctest skips them.

        >>> is_prime(7)
        True
        """
        return k > 1 and all(k % d for d in range(2, k))

    return sum(1 for k in range(n) if is_prime(k))
'''


def test_examples_of_a_nested_function_are_not_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "nested.py").write_text(NESTED)
    assert main(["check", "--gates", "examples", str(tmp_path / "nested.py")]) == 0, capsys.readouterr().out
