"""Python's own parser (`ast.parse`, `ast.literal_eval` on text) behind one lock: every aic module parses through
here, never through `ast` directly (tests/ir/test_pyast.py checks the sources).

Why: CPython 3.11 keeps the depth counter of the parser's object construction (ast2obj) in per-interpreter
state, shared by all threads. A build parses in several threads at once (replies read while candidates are
judged), and when the interpreter switches threads during a parse (a garbage collection running a finalizer is
enough) the counter of one parse is moved by another: `SystemError: AST constructor recursion depth mismatch`
(python/cpython#106905), seen ending a live `aic bench` with an internal error. Compiling text straight to code,
and `ast.literal_eval` or `compile` on a tree, build no Python objects that way and need no lock.
"""

from __future__ import annotations

import ast
import threading
from typing import Any

# Reentrant: a finalizer that runs during a parse and parses again must not deadlock its own thread.
_LOCK = threading.RLock()


def parse(source: str, filename: str = "<unknown>") -> ast.Module:
    """`ast.parse(source, filename)`, one thread at a time."""
    with _LOCK:
        return ast.parse(source, filename)


def parse_eval(source: str, filename: str = "<unknown>") -> ast.Expression:
    """`ast.parse(source, filename, mode="eval")`, one thread at a time."""
    with _LOCK:
        return ast.parse(source, filename, mode="eval")


def literal(text: str) -> Any:
    """`ast.literal_eval(text)`: the text parsed under the lock, then evaluated as a literal."""
    return ast.literal_eval(parse_eval(text.lstrip(" \t")))
