"""Reading a reply (compiler/generate/reply.py): which of the reply's other statements travel into the function."""

from __future__ import annotations

from pathlib import Path

from aic.generate.intents import load_intent
from aic.generate.reply import Candidate, read_reply

INTENT = '''"""Amounts."""


def to_cents(amount: str) -> int:
    """Parse "1.5" into 150.

    >>> to_cents("1.5")
    150
    """
    ...


def format_cents(cents: int) -> str:
    """Format 150 as "1.50".

    >>> format_cents(150)
    '1.50'
    """
    ...
'''

# A whole-module reply, as plan-style prompts often get: the asked function, a helper chain it uses, and the
# module's other function echoed with a helper and a constant of its own, and a hostile helper nothing calls.
REPLY = """```python
import os

SCALE = 100
WIDTH = 2


def _pad(text: str) -> str:
    return text.ljust(WIDTH, "0")


def _fraction(text: str) -> int:
    return int(_pad(text))


def format_cents(cents: int) -> str:
    return f"{cents // SEP}.{cents % SEP:02d}"


SEP = 100


def _run(cmd: str) -> int:
    return os.system(cmd)


def to_cents(amount: str) -> int:
    whole, _, fraction = amount.partition(".")
    return int(whole) * SCALE + _fraction(fraction)
```"""


def read(tmp_path: Path, reply: str) -> Candidate:
    (tmp_path / "amounts.py").write_text(INTENT)
    intent = load_intent(tmp_path / "amounts.py")
    candidate = read_reply(reply, intent.functions[0], intent.path)
    assert isinstance(candidate, Candidate)
    return candidate


def test_only_what_the_function_reaches_travels_with_it(tmp_path: Path) -> None:
    function = read(tmp_path, REPLY).function
    for kept in ("def _fraction", "def _pad", "SCALE = 100", "WIDTH = 2"):  # reached directly or through another
        assert kept in function, kept
    for dropped in ("def format_cents", "SEP", "def _run", "os.system"):
        assert dropped not in function, dropped
    namespace: dict[str, object] = {}
    exec(compile(function, "<candidate>", "exec"), namespace)  # trusted test code: the reply above
    assert namespace["to_cents"]("1.5") == 150  # type: ignore[operator]


def test_a_hostile_helper_the_function_calls_is_kept_for_the_gates(tmp_path: Path) -> None:
    reply = REPLY.replace("whole, _, fraction", "_run(amount)\n    whole, _, fraction")
    candidate = read(tmp_path, reply)
    assert "def _run" in candidate.function and "os.system(cmd)" in candidate.function
    assert candidate.imports == ("import os",)  # imports always travel: the allowlist judges them
