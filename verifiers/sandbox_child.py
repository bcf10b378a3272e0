"""One job inside the sandbox: import the module, run its examples, report what happened as plain data.

Runs in the sandbox's child (stdlib only, copied with the server). It decides nothing: per example it reports
the captured output and, when the example raised, the exception's type name, doctest's exception line(s) and
the module line; plus the honesty problem (sandbox_honest) if any. aic's own process judges the example with
doctest's rules (verifiers/sandbox_verdict.py) and checks the report event by event. One JSON object a line:

    {"event": "isolated", "layers": [str, ...]}
    {"event": "start", "index": int}
    {"event": "result", "index": int, "output": str, "truncated": bool, "exception": str | null,
     "exc_msg": str | null, "line": int | null, "honesty": str | null}
    {"event": "import_error", "exception": str, "detail": str, "line": int | null}
    {"event": "done"}                            {"event": "internal", "detail": str}

The functions the runner reports and runs with (os.write, the JSON string encoder, compile, exec, the display
hook...) are bound here, when the server starts and before any code under check is imported, so code that
rebinds json.dumps, builtins or sys.__displayhook__ cannot change the runner. What remains: code that takes
control of its own interpreter (the static policy switched off: reflection, native code, writing to the pipe's
descriptor) can still forge a complete, well-formed run. That is no stronger than special-casing the example
inputs, which such code can always do; the static policy is what keeps code from reaching the pipe.
"""

from __future__ import annotations
import __future__

import importlib.abc
import importlib.util
import io
import os
import sys
import traceback
import types
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any

MAX_TEXT = 2000
OUTPUT_SLACK = 1 << 20  # characters of output (and exception text) reported beyond the expected text's length
Emit = Callable[..., None]


def make_emitter(
    fd: int,
    write: Callable[[int, bytes], int] = os.write,
    quote: Callable[[str], str] = encode_basestring_ascii,
    kind: Callable[[object], type] = type,
    number: Callable[[int], str] = int.__repr__,
) -> Emit:
    """An emitter bound to `fd` and to the functions captured above (defaults: bound when this module loads)."""

    def value(item: object) -> str:
        if item is None:
            return "null"
        if item is True or item is False:
            return "true" if item else "false"
        if kind(item) is int:
            return number(item)  # type: ignore[arg-type]
        if kind(item) is list:
            return "[" + ",".join(value(x) for x in item) + "]"  # type: ignore[attr-defined]
        return quote(item if kind(item) is str else "")  # type: ignore[arg-type]

    def emit(**event: object) -> None:
        data = ("{" + ",".join(quote(k) + ":" + value(v) for k, v in event.items()) + "}\n").encode("ascii")
        while data:
            data = data[write(fd, data) :]

    return emit


def clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + f"... [{len(text) - MAX_TEXT} more characters]"


def faulty_line(tb: Any, path: str) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == path:
            line = lineno
    return line


class ProjectFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the project's own modules the job may import (aic.verifiers.project) from the sources the request
    carried: the job sees those modules and nothing else of the project's files."""

    def __init__(self, modules: list[list[Any]]) -> None:
        self.modules = {str(name): (str(path), str(source), bool(package)) for name, path, source, package in modules}

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in self.modules:
            return None
        origin, _, package = self.modules[fullname]
        return importlib.util.spec_from_loader(fullname, self, origin=origin, is_package=package)

    def exec_module(self, module: types.ModuleType) -> None:
        origin, source, _ = self.modules[module.__name__]
        module.__file__ = origin
        exec(compile(source, origin, "exec", dont_inherit=True), module.__dict__)


def serve_project(modules: list[list[Any]]) -> None:
    if modules:
        sys.meta_path.insert(0, ProjectFinder(modules))


def import_module(emit: Emit, job: dict[str, Any]) -> types.ModuleType | None:
    path, name = job["path"], job["module"]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    try:
        exec(compile(job["source"], path, "exec", dont_inherit=True), module.__dict__)
    except BaseException as err:  # the module's own code failed; anything it raises is a finding
        detail = clip("".join(traceback.format_exception_only(type(err), err)).strip())
        line = faulty_line(err.__traceback__, path)
        emit(event="import_error", exception=type(err).__name__, detail=detail, line=line)
        return None
    return module


def future_flags(namespace: dict[str, Any]) -> int:
    """As doctest: the __future__ features the module imported apply to its examples."""
    flags = 0
    for name in __future__.all_feature_names:
        feature = namespace.get(name)
        if feature is getattr(__future__, name):
            flags |= feature.compiler_flag
    return flags


def exception_text(err: BaseException, format_only: Callable[..., list[str]]) -> str:
    """doctest's exception message: format_exception_only, and for a SyntaxError only from its message line."""
    lines = format_only(type(err), err)
    if isinstance(err, SyntaxError):
        prefixes = (f"{type(err).__qualname__}:", f"{type(err).__module__}.{type(err).__qualname__}:")
        start = next((k for k, line in enumerate(lines) if line.startswith(prefixes)), 0)
        lines = lines[start:]
    return "".join(lines)


def run_examples(
    emit: Emit,
    module: types.ModuleType,
    job: dict[str, Any],
    checker: Any,
    run: Callable[..., Any] = exec,
    build: Callable[..., Any] = compile,
    displayhook: Callable[[object], None] = sys.__displayhook__,
    format_only: Callable[..., list[str]] = traceback.format_exception_only,
) -> None:
    """Every example of every docstring, each docstring in its own copy of the module's namespace (doctest)."""
    path, name = job["path"], job["module"]
    for group in job["groups"]:
        namespace = dict(module.__dict__)
        flags = future_flags(namespace)
        for number, item in enumerate(group):
            emit(event="start", index=item["index"])
            checker.start(item["want"], bool(item["returns_value"]))
            source = checker.rewrite(item["source"])
            source = source if source.endswith("\n") else source + "\n"
            capture = io.StringIO()
            sys.stdout, sys.displayhook = capture, displayhook
            error: BaseException | None = None
            try:
                run(build(source, f"<doctest {name}[{number}]>", "single", flags, True), namespace)
            except BaseException as err:  # whatever the example raises is reported, SystemExit included
                error = err
            finally:
                sys.stdout = sys.__stdout__
            output = capture.getvalue()
            if output and not output.endswith("\n"):
                output += "\n"  # as doctest: expected output cannot say that a final newline is missing
            _report(emit, item, output, error, checker, path, format_only)
    emit(event="done")


def _report(
    emit: Emit, item: dict[str, Any], output: str, error: BaseException | None, checker: Any, path: str,
    format_only: Callable[..., list[str]],
) -> None:  # fmt: skip
    limit = len(item["want"]) + OUTPUT_SLACK
    exc_msg = exception_text(error, format_only) if error is not None else None
    truncated = len(output) > limit or (exc_msg is not None and len(exc_msg) > limit)
    emit(
        event="result",
        index=item["index"],
        output=output[:limit],
        truncated=truncated,
        exception=type(error).__name__ if error is not None else None,
        exc_msg=exc_msg[:limit] if exc_msg is not None else None,
        line=faulty_line(error.__traceback__, path) if error is not None else None,
        honesty=checker.printed_instead(output),
    )
