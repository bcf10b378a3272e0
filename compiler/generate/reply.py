"""Reading a model's reply: find the code (fenced or not, prose around it, cut off at the end), take the
function it was asked for, and rebuild it with the intent's own signature and docstring.

The candidate may bring imports and helpers; the helpers and constants it uses move inside the function, so
candidates of different functions never clash (the module's other functions a reply echoes are dropped).
What the reply cannot give is a located diagnostic for the repair prompt.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TypeGuard

import libcst as cst
import libcst.matchers as m

from aic.ir import Diagnostic, Function, Span, make
from aic.ir.pyast import parse

_FENCE = re.compile(r"```[ \t]*(?:python3?|py)?[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)
TOOL = "aic-frontend"


@dataclass(frozen=True, slots=True)
class Candidate:
    imports: tuple[str, ...]  # import statements, one per line, as written
    function: str  # the complete function: intent signature and docstring, the model's body


def read_reply(
    text: str, function: Function, intent_path: str, classes: Collection[str] = ()
) -> Candidate | Diagnostic:
    """`classes`: the names of the intent's classes, which a reply may echo but never redefines (a method's
    reply may hold its whole class: the method is taken from it)."""
    where = Span(intent_path, function.span.line)
    module = _parse_code(text, function.name)
    if module is None:
        return make("AIC600", f"the reply holds no Python code defining `{function.name}`", TOOL, where)
    owner = function.qualname.split(".")[0] if "." in function.qualname else None
    # A method is taken from its class where the reply echoes it (a function of the same name may be beside it).
    found = [s for c in module.body if _is_class(c, owner or "") for s in _class_body(c) if _is_def(s, function.name)]
    found = found or [s for s in module.body if _is_def(s, function.name)]
    if not found:
        return make("AIC600", f"the reply's code does not define `{function.name}`", TOOL, where)
    candidate = found[-1]
    if not _same_signature(module.code_for_node(candidate.params), _returns(module, candidate), function):
        got = f"def {function.name}({module.code_for_node(candidate.params)})" + (
            f" -> {_returns(module, candidate)}" if candidate.returns else ""
        )
        return make("AIC601", f"signature changed: expected `{function.signature}`, got `{got}`", TOOL, where)
    imports = tuple(module.code_for_node(s).strip() for s in module.body if _is_import(s))
    kept = {*classes, *([owner] if owner else [])}
    extras = [s for s in module.body if _is_helper(s, function.name, kept)]  # statements only, so BaseStatement
    return Candidate(imports, _rebuild(candidate, _used(extras, candidate), function))


def _used(extras: Sequence[cst.BaseStatement], candidate: cst.FunctionDef) -> list[cst.BaseStatement]:
    """`extras` the function reaches by name, directly or through another kept one. A reply often echoes the
    module's other functions and constants: moved inside the function unused they would be dead code in the
    emitted module (and an unused constant is refused as an unused variable)."""
    wanted = _names(candidate)
    kept: set[int] = set()  # indexes into extras
    grown = True
    while grown:  # to a fixed point: a kept helper may use another helper or a constant
        fresh = {i for i, s in enumerate(extras) if i not in kept and _provides(s) & wanted}
        for i in fresh:
            wanted |= _names(extras[i])
        kept |= fresh
        grown = bool(fresh)
    return [s for i, s in enumerate(extras) if i in kept]


def _provides(statement: cst.BaseStatement) -> set[str]:
    if isinstance(statement, cst.FunctionDef | cst.ClassDef):
        return {statement.name.value}
    return _defines(statement) if isinstance(statement, cst.SimpleStatementLine) else set()


def _names(node: cst.CSTNode) -> set[str]:
    return {n.value for n in m.findall(node, m.Name()) if isinstance(n, cst.Name)}


def _defines(line: cst.SimpleStatementLine) -> set[str]:
    return {
        t.target.value
        for s in line.body
        if isinstance(s, cst.Assign)
        for t in s.targets
        if isinstance(t.target, cst.Name)
    }


def _parse_code(text: str, name: str) -> cst.Module | None:
    blocks = [m.group(1) for m in _FENCE.finditer(text)] or [text]
    blocks.sort(key=lambda block: f"def {name}" not in block)  # the block defining the function first
    # A method may come at its class's indentation, without the class.
    blocks += [dedented for block in blocks if (dedented := textwrap.dedent(block)) != block]
    for block in blocks:
        lines = block.splitlines()
        # A reply cut off mid-function: drop trailing lines until what is left parses.
        for end in range(len(lines), max(0, len(lines) - 40), -1):
            source = "\n".join(lines[:end]) + "\n"
            if f"def {name}" not in source:
                break
            try:
                module = cst.parse_module(source)
                compile(source, "<reply>", "exec", dont_inherit=True)
            except (cst.ParserSyntaxError, SyntaxError, ValueError, RecursionError):
                continue
            return module
    return None


def _returns(module: cst.Module, node: cst.FunctionDef) -> str | None:
    return module.code_for_node(node.returns.annotation) if node.returns else None


def _same_signature(params: str, returns: str | None, function: Function) -> bool:
    """Equal as Python, whatever the spacing: compare the ASTs of both headers."""

    def header(text: str) -> str:
        node = parse(text.removeprefix("async ") + ": pass").body[0]
        assert isinstance(node, ast.FunctionDef)
        return ast.dump(node.args) + (ast.dump(node.returns) if node.returns else "")

    got = f"def {function.name}({params})" + (f" -> {returns}" if returns else "")
    try:
        return header(got) == header(function.signature)
    except SyntaxError:
        return False


def _is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(s, cst.Import | cst.ImportFrom) for s in statement.body
    )


def _is_class(statement: cst.CSTNode, name: str) -> bool:
    return isinstance(statement, cst.ClassDef) and statement.name.value == name


def _class_body(statement: cst.CSTNode) -> Sequence[cst.BaseStatement | cst.BaseSmallStatement]:
    body = statement.body if isinstance(statement, cst.ClassDef) else None
    return body.body if isinstance(body, cst.IndentedBlock) else ()


def _is_def(statement: cst.CSTNode, name: str) -> TypeGuard[cst.FunctionDef]:
    return isinstance(statement, cst.FunctionDef) and statement.name.value == name


def _is_helper(statement: cst.CSTNode, name: str, kept: Collection[str] = ()) -> bool:
    """Whether a statement of the reply travels into the function: helpers, constants and classes of its own,
    never one of the intent's classes (`kept`) that the reply echoes."""
    if isinstance(statement, cst.FunctionDef):
        return statement.name.value != name and not statement.name.value.startswith("test")
    if isinstance(statement, cst.ClassDef):
        return statement.name.value not in kept
    if isinstance(statement, cst.SimpleStatementLine):
        # Constants (UPPER_CASE = ...) travel with the function; calls, prints and tests are dropped.
        return all(
            isinstance(s, cst.Assign)
            and all(isinstance(t.target, cst.Name) and t.target.value.isupper() for t in s.targets)
            for s in statement.body
        )
    return False


def _rebuild(node: cst.FunctionDef, extras: Sequence[cst.BaseStatement], function: Function) -> str:
    body = node.body
    statements: list[cst.BaseStatement] = []
    if isinstance(body, cst.IndentedBlock):
        statements = list(body.body)
    elif isinstance(body, cst.SimpleStatementSuite):  # `def f(x): return x` on one line
        statements = [cst.SimpleStatementLine(body=body.body)]
    if statements and _is_docstring(statements[0]):
        statements = statements[1:]
    doc = cst.parse_statement(_docstring(function.docstring or ""))
    new_body = [doc, *extras, *statements] if statements or extras else [doc, cst.parse_statement("pass\n")]
    header = cst.parse_statement(f"{function.signature}:\n    pass\n")
    assert isinstance(header, cst.FunctionDef)
    rebuilt = header.with_changes(body=cst.IndentedBlock(body=new_body))
    return cst.Module(body=[rebuilt]).code


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _docstring(doc: str) -> str:
    """The intent's docstring as a statement of a top-level function's body (continuation lines indented)."""
    text = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = text.splitlines() or [""]
    if len(lines) == 1:
        return f'"""{lines[0]}"""\n'
    rest = "\n".join(f"    {line}" if line.strip() else "" for line in lines[1:])
    return f'"""{lines[0]}\n{rest}\n    """\n'


def truncated(tokens: int, limit: int, function: Function, path: str) -> Diagnostic:
    """AIC602 at the function: its reply was cut off at the token limit."""
    message = (
        f"the reply was cut off at the token limit ({tokens} of max_reply_tokens {limit}); write a shorter function"
    )
    return make("AIC602", message, "aic", Span(path, function.span.line))
