"""Intents: what the user asks for, as Python stub modules (`*.py`) or Markdown files (`*.md`) whose fenced
python blocks hold the stubs and whose prose describes the module.

An intent function is a top-level `def` with every parameter and the return annotated, a docstring (the
description, `>>>` examples, `Requires:`/`Ensures:` lines) and `...` as its body. A `def` with a real body is
code the human gives: it is copied into the emitted module as written. A top-level class may hold method stubs
of the same form (`self` needs no annotation), generated like functions (aic.generate.classes). Anything else
is an IntentError naming the file and line; nothing is built from a malformed intent.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeGuard

from aic.generate.classes import IntentClass, read_class
from aic.ir import Function, Module, SourceSyntaxError, compile_check
from aic.ir.pyast import parse_eval

_FENCE = re.compile(r"^```\s*(python|py)\s*$")


class IntentError(Exception):
    """A malformed intent; str() is one line: `path:line: message`."""


@dataclass(frozen=True, slots=True)
class IntentModule:
    path: str  # the intent file
    name: str  # the emitted module's name
    description: str
    module: Module  # IR of the stub source; for Markdown, lines match the .md file
    functions: tuple[Function, ...]  # the functions and methods to generate, in source order
    header: tuple[str, ...]  # top-level imports and constants, carried into the emitted module
    classes: tuple[IntentClass, ...] = ()  # its classes, in source order, emitted before the functions

    def owner(self, function: Function) -> IntentClass | None:
        """The class whose method `function` is; None for a module-level function."""
        return next((c for c in self.classes if function.qualname in c.methods), None)


def load_intents(folder: Path) -> list[IntentModule]:
    if not folder.is_dir():
        raise IntentError(f"{folder}: the intents folder does not exist ([tool.aic] intents)")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".py", ".md") and not p.name.startswith("_"))
    if not files:
        raise IntentError(f"{folder}: no intent files (*.py stubs or *.md) in the intents folder")
    intents = [load_intent(path) for path in files]
    seen: dict[str, str] = {}
    for intent in intents:
        if intent.name in seen:
            raise IntentError(f"{intent.path}:1: module `{intent.name}` is also defined by {seen[intent.name]}")
        seen[intent.name] = intent.path
    return intents


def load_intent(path: Path, typed: bool = True) -> IntentModule:
    """`typed=False` accepts unannotated signatures (benchmark suites); mypy then judges only the body."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise IntentError(f"{path}:1: cannot read the intent: {err}") from None
    if path.suffix == ".md":
        source, prose = _markdown(text, path)
    else:
        source, prose = text, ""
    name = path.stem
    if not name.isidentifier():
        raise IntentError(f"{path}:1: `{name}` is not a valid module name")
    from aic.ir.lower import parse_module  # libcst: only when an intent is read

    try:
        tree = compile_check(str(path), source)
        module = parse_module(str(path), source, tree)  # the tree just checked: parsed once
    except SourceSyntaxError as err:
        raise IntentError(f"{path}:{err.span.line}:{err.span.column}: not valid Python: {err.message}") from None
    functions = _check_functions(tree, module, path, typed)
    description = (module.docstring or "") + ("\n\n" if module.docstring and prose else "") + prose
    placed = _header(tree, source, path)
    header = tuple(segment for _, segment in placed)
    lines = re.split(r"\r\n|\r|\n", source)  # as ast counts lines (str.splitlines also splits at \f, U+2028...)
    classes = tuple(
        replace(read_class(n, lines, _is_stub), after=sum(line < n.lineno for line, _ in placed))
        for n in tree.body
        if isinstance(n, ast.ClassDef)
    )
    return IntentModule(str(path), name, description.strip(), module, functions, header, classes)


def _markdown(text: str, path: Path) -> tuple[str, str]:
    """The stub source, each code line at its own line number (prose lines left blank), and the prose."""
    code: list[str] = []
    prose: list[str] = []
    inside = False
    for line in text.splitlines():
        if inside and line.strip().startswith("```"):
            inside = False
            code.append("")
        elif not inside and _FENCE.match(line.strip()):
            inside = True
            code.append("")
        elif inside:
            code.append(line)
        else:
            code.append("")
            prose.append(line.lstrip("#").strip() if line.startswith("#") else line)
    if inside:
        raise IntentError(f"{path}:{len(code)}: a ```python block is never closed")
    if not any(line.strip() for line in code):
        raise IntentError(f"{path}:1: no ```python block with function signatures")
    return "\n".join(code) + "\n", "\n".join(prose).strip()


def _is_stub(node: ast.stmt) -> TypeGuard[ast.FunctionDef | ast.AsyncFunctionDef]:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    rest = node.body[1:] if ast.get_docstring(node) is not None else node.body
    return not rest or (len(rest) == 1 and isinstance(rest[0], ast.Expr) and _is_ellipsis(rest[0].value))


def _stubs(tree: ast.Module, path: Path) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """(qualname, node) of every function and method stub, in source order."""
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []
    named: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            if (isinstance(node, ast.ClassDef) and node.name in named) or named.get(node.name, 0) < 0:
                message = f"`{node.name}` is defined twice: a class needs a name of its own"
                raise IntentError(f"{path}:{node.lineno}: {message}")
            named[node.name] = -1 if isinstance(node, ast.ClassDef) else node.lineno
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_stub(node):
            found.append((node.name, node))
        elif isinstance(node, ast.ClassDef):
            found += [(f"{node.name}.{n.name}", n) for n in node.body if _is_stub(n)]
            _no_nested_stubs(node, path)
    return found


def _no_nested_stubs(cls: ast.ClassDef, path: Path) -> None:
    """A stub with a docstring deeper in a class (a nested class, an `if`) would be emitted as it is, `...`."""
    for statement in cls.body:
        if _is_stub(statement):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.stmt) and _is_stub(node) and ast.get_docstring(node) is not None:
                message = f"`{node.name}`: aic generates method stubs only directly in a top-level class"
                raise IntentError(f"{path}:{node.lineno}: {message}")


def _check_functions(tree: ast.Module, module: Module, path: Path, typed: bool) -> tuple[Function, ...]:
    defs = _stubs(tree, path)
    if not defs:
        raise IntentError(f"{path}:1: no function signatures (a top-level `def` with a docstring and `...`)")
    first_seen: dict[str, int] = {}
    for qualname, node in defs:
        where = f"{path}:{node.lineno}"
        if qualname in first_seen:
            raise IntentError(f"{where}: duplicate function `{qualname}` (first at line {first_seen[qualname]})")
        first_seen[qualname] = node.lineno
        args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        args += [a for a in (node.args.vararg, node.args.kwarg) if a is not None]
        if "." in qualname:
            args = _method_args(node, qualname, where)
        if typed and (node.returns is None or any(a.annotation is None for a in args)):
            raise IntentError(f"{where}: `{qualname}` needs a type on every parameter and on its return")
        if ast.get_docstring(node) is None:
            raise IntentError(f"{where}: `{qualname}` needs a docstring that says what it does")
    by_name = {f.qualname: f for f in module.functions}
    functions = tuple(by_name[qualname] for qualname, _ in defs)
    for function in functions:
        for example in function.examples:
            try:
                compile(example.source, str(path), "single", dont_inherit=True)
            except SyntaxError as err:
                line = example.span.line
                raise IntentError(f"{path}:{line}: example is not valid Python: {err.msg}") from None
        for contract in function.contracts:
            try:
                parse_eval(contract.expr)
            except (SyntaxError, ValueError) as err:
                where = f"{path}:{contract.span.line}: `{contract.kind.value.title()}:`"
                raise IntentError(f"{where} is not a Python expression: {getattr(err, 'msg', err)}") from None
    return functions


def _method_args(node: ast.FunctionDef | ast.AsyncFunctionDef, qualname: str, where: str) -> list[ast.arg]:
    """A method stub's parameters after `self`: it must take one, and have no decorator (a static method, a
    class method or a property is given as code; aic generates instance methods only)."""
    if node.decorator_list:
        raise IntentError(f"{where}: `{qualname}` is decorated: aic generates plain instance methods; give its code")
    positional = [*node.args.posonlyargs, *node.args.args]
    if not positional:
        raise IntentError(f"{where}: `{qualname}` needs `self` as its first parameter")
    rest = [*positional[1:], *node.args.kwonlyargs]
    return rest + [a for a in (node.args.vararg, node.args.kwarg) if a is not None]


def _is_ellipsis(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _header(tree: ast.Module, source: str, path: Path) -> list[tuple[int, str]]:
    """The header's statements with their lines, in source order."""
    lines: list[tuple[int, str]] = []
    for index, node in enumerate(tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_stub(node):
            continue
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring
        if isinstance(node, ast.ClassDef):
            continue  # a class of its own (aic.generate.classes)
        if isinstance(node, ast.Import | ast.ImportFrom | ast.Assign | ast.AnnAssign | ast.FunctionDef):
            segment = ast.get_source_segment(source, node)
            if segment:
                lines.append((node.lineno, segment))
            continue
        raise IntentError(f"{path}:{node.lineno}: intents hold imports, constants, classes, functions and stubs only")
    return lines
