"""Python's own parser (`ast.parse`, `ast.literal_eval` on text) behind one lock: every aic module parses through
here, never through `ast` directly (tests/ir/test_pyast.py checks the sources).

Why: CPython 3.11 keeps the depth counter of the parser's object construction (ast2obj) in per-interpreter
state, shared by all threads. A build parses in several threads at once (replies read while candidates are
judged), and when the interpreter switches threads during a parse (a garbage collection running a finalizer is
enough) the counter of one parse is moved by another: `SystemError: AST constructor recursion depth mismatch`
(python/cpython#106905), seen ending a live `aic bench` with an internal error. Compiling text straight to code,
and `ast.literal_eval` or `compile` on a tree, build no Python objects that way and need no lock.

aic's threads also parse through libraries (libcst's `get_docstring` calls `ast.literal_eval` on text,
hypothesis parses sources while it draws), so importing this module puts the lock around `ast.parse` itself,
for the whole process: `ast.literal_eval` and every library calling `ast.parse` take it too. Only a direct
`compile(text, ..., ast.PyCF_ONLY_AST)` would pass it by (none of the libraries a build uses does).
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Callable
from typing import Any

# Reentrant: a finalizer that runs during a parse and parses again must not deadlock its own thread.
_LOCK = threading.RLock()
_UNLOCKED: Callable[..., ast.AST] = getattr(ast.parse, "__aic_unlocked__", ast.parse)


def _locked_parse(*args: Any, **kwargs: Any) -> Any:
    with _LOCK:
        return _UNLOCKED(*args, **kwargs)


_locked_parse.__aic_unlocked__ = _UNLOCKED  # type: ignore[attr-defined]
_locked_parse.__doc__ = _UNLOCKED.__doc__
ast.parse = _locked_parse


def parse(source: str, filename: str = "<unknown>") -> ast.Module:
    """`ast.parse(source, filename)`, one thread at a time."""
    return ast.parse(source, filename)


def parse_eval(source: str, filename: str = "<unknown>") -> ast.Expression:
    """`ast.parse(source, filename, mode="eval")`, one thread at a time."""
    return ast.parse(source, filename, mode="eval")


def literal(text: str) -> Any:
    """`ast.literal_eval(text)`: the text parsed under the lock, then evaluated as a literal."""
    return ast.literal_eval(parse_eval(text.lstrip(" \t")))
