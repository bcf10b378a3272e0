"""aic.ir.pyast: Python's parser one thread at a time (CPython 3.11 corrupts a shared counter otherwise), for aic's
own parses and for the libraries' calls of ast.parse and ast.literal_eval alike."""

from __future__ import annotations

import ast
import sys
import threading

import pytest

from aic.ir.pyast import literal, parse, parse_eval

SOURCE = "\n".join(f"def f{i}(x):\n    return [x + {i} for y in range(3) if (y and (x or y))]" for i in range(300))


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
                ast.parse(SOURCE)  # as a library calls it (hypothesis, libcst's get_docstring)
                ast.literal_eval("[1, (2, 'x'), {3: None}]")
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


def test_the_lock_is_around_ast_parse_itself_for_the_libraries_too() -> None:
    import aic.generate.loop  # noqa: F401 - what a build imports installs it

    assert getattr(ast.parse, "__aic_unlocked__", None) is not None
    assert parse_eval("1").body is not None and ast.literal_eval("(1,)") == (1,)
