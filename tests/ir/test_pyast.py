"""aic.ir.pyast: Python's parser one thread at a time (CPython 3.11 corrupts a shared counter otherwise), and no
aic module that runs in aic's own process parsing around it."""

from __future__ import annotations

import ast
import re
import sys
import threading
from collections.abc import Iterator

import pytest

from aic.ir.pyast import literal, parse, parse_eval
from tests.conftest import ROOT

SOURCE = "\n".join(f"def f{i}(x):\n    return [x + {i} for y in range(3) if (y and (x or y))]" for i in range(300))
# The sandbox's server and child run in processes of their own, one job at a time: they may use ast directly.
OWN_PROCESS = {"verifiers/sandbox_honest.py", "verifiers/sandbox_child.py", "verifiers/sandbox_server.py"}
DIRECT = re.compile(r"\bast\.parse\(|\bast\.literal_eval\((?!node|k\.value|arg\b|argument\b)")


class Finalized:
    """Garbage whose collection runs Python code, so the interpreter may switch threads in the middle of a parse."""

    other: Finalized

    def __del__(self) -> None:
        sum(range(50))


def churn() -> None:
    ring = [Finalized() for _ in range(200)]
    for k, item in enumerate(ring):
        item.other = ring[(k + 1) % len(ring)]


def test_threads_parsing_at_once_never_see_the_parser_fail() -> None:
    # On CPython 3.11 the same loop through ast.parse fails with "AST constructor recursion depth mismatch" in
    # nearly every run (four threads, 240 parses, a switch interval of a microsecond).
    errors: list[BaseException] = []

    def work() -> None:
        for _ in range(60):
            churn()
            try:
                parse(SOURCE)
                literal("[1, (2, 'x'), {3: None}]")
            except BaseException as err:  # any failure is the finding
                errors.append(err)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []


def test_the_wrappers_answer_as_ast_does() -> None:
    assert ast.dump(parse("x = 1\n", "m.py")) == ast.dump(ast.parse("x = 1\n", "m.py"))
    assert ast.dump(parse_eval("f(1)")) == ast.dump(ast.parse("f(1)", mode="eval"))
    assert literal("  {'a': (1, -2.5)}") == {"a": (1, -2.5)}
    with pytest.raises(SyntaxError):
        parse("def f(:\n")
    with pytest.raises(ValueError):
        literal("f(1)")


def sources() -> Iterator[tuple[str, str]]:
    for folder in ("compiler", "passes", "verifiers", "ir"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name not in OWN_PROCESS and name != "ir/pyast.py":
                yield name, path.read_text(encoding="utf-8")


def test_aic_parses_text_only_through_the_lock() -> None:
    found = [
        f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for name, text in sources() for m in DIRECT.finditer(text)
    ]
    assert found == []
