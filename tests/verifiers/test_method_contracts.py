"""A method's contracts, checked on the calls its examples make (aic.verifiers.method_contracts): broken on a
call is a located AIC501, held is an AIC502 saying on how many calls, never "proved"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aic.cli import main

COUNTER = '''"""Counters."""


class Counter:
    """Counts up."""

    def __init__(self) -> None:
        self.n = 0

    def bump(self, by: int, *, twice: bool = False) -> int:
        """Add `by` (twice when asked) and give the new count.

        Requires: by >= 0
        Ensures: result == self.n
        Ensures: result >= by

        >>> c = Counter()
        >>> c.bump(2)
        2
        >>> c.bump(1, twice=True)
        4
        >>> c.bump(-1)
        3
        """
        self.n += by * (2 if twice else 1)
        return self.n
'''


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str) -> list[tuple[str, int, str]]:
    (tmp_path / "pyproject.toml").write_text("[tool.aic.limits]\ntimeout_seconds = 3.0\ncpu_seconds = 2\n")
    path = tmp_path / "counter.py"
    path.write_text(source)
    main(["check", str(path), "--format", "json", "--gates", "contracts"])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    return [(d["code"], d["line"], d["message"]) for d in found if d["code"].startswith("AIC5")]


def test_contracts_that_hold_on_the_examples_calls_are_reported_with_their_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The call outside Requires (`bump(-1)`) is not counted; keyword-only and default arguments pass through.
    ((code, line, message),) = check(tmp_path, capsys, COUNTER)
    assert code == "AIC502" and line == 13 and "held on the 2 call(s) its examples make" in message


def test_a_clause_broken_on_a_call_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = COUNTER.replace("        return self.n\n", "        return self.n - 1 if twice else self.n\n")
    ((code, line, message),) = check(tmp_path, capsys, broken)
    assert (
        code == "AIC501"
        and line == 14
        and "`result == self.n` fails (or raises) on call 2 of `Counter.bump`" in message
    )


def test_a_method_whose_examples_do_not_finish_is_not_called_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hangs = COUNTER.replace("        self.n += by", "        while twice:\n            pass\n        self.n += by")
    ((code, _, message),) = check(tmp_path, capsys, hangs)
    assert code == "AIC502" and "not checked" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # A module binding the builtins the report uses cannot forge it.
        (("class Counter:", "def print(*parts: object) -> None:\n    pass\n\n\nclass Counter:"), "AIC501"),
        (("class Counter:", "def repr(value: object) -> str:\n    return \"('', 0)\"\n\n\nclass Counter:"), "AIC501"),
        # A clause that raises is broken, not held.
        (("Ensures: result >= by", "Ensures: [][0] >= by"), "AIC501"),
        # Code that puts the original method back is not believed checked.
        (
            (
                "        self.n += by * (2 if twice else 1)\n",
                "        Counter.bump = _ORIGINAL\n        self.n += by * (2 if twice else 1)\n",
            ),
            "AIC502 not checked",
        ),
    ],
)
def test_the_code_under_check_cannot_make_a_broken_contract_look_held(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], expected: str
) -> None:
    broken = COUNTER.replace("        return self.n\n", "        return self.n - 1 if twice else self.n\n")
    broken = broken.replace(*change) + "\n\n_ORIGINAL = Counter.bump\n"
    ((code, _, message),) = check(tmp_path, capsys, broken)
    assert f"{code} {message}".startswith(expected) or (
        code == expected.split()[0] and expected.split(" ", 1)[1] in message
    )


def test_async_generator_and_decorated_methods_are_not_wrapped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generator = COUNTER.replace("        return self.n\n", "        yield self.n\n").replace(
        '-> int:\n        """Add', '-> object:\n        """Add'
    )
    ((code, _, message),) = check(tmp_path, capsys, generator)
    assert code == "AIC502" and "not checked: a generator" in message


def test_a_contract_may_name_a_mangled_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mangled = COUNTER.replace("self.n", "self.__n")
    ((code, _, message),) = check(tmp_path, capsys, mangled)
    assert code == "AIC502" and "held on the 2 call(s)" in message


SUMS = '''"""Sums."""


def total(xs: list[int]) -> int:
    """Sum.

    Ensures: result == sum(xs)

    >>> total([1, 2])
    3
    """
    out = 0
    for x in xs:
        out += x if x < 100 else 0
    return out


def half(n: int) -> int:
    """Half, at least zero.

    Ensures: result >= 0

    >>> half(4)
    2
    """
    return n // 2


def print(*parts: object) -> None:
    """Quiet: binds the name the checks' reports once printed through."""
'''


def test_a_module_binding_print_cannot_hide_a_functions_counterexample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The property test's report (total, beyond z3) and the replay of z3's counterexample (half) use builtins.
    found = check(tmp_path, capsys, SUMS)
    assert [(code, line) for code, line, _ in found] == [("AIC501", 7), ("AIC501", 21)]
    assert "by hypothesis" in found[0][2] and "by z3, replayed" in found[1][2]
