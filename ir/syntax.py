"""What CPython accepts as Python: the reference the syntax gate and the IR lowering both use."""

from __future__ import annotations

import ast

from aic.ir.pyast import parse
from aic.ir.span import Span


class SourceSyntaxError(Exception):
    """The source is not valid Python; `span` locates the first error."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


def compile_check(path: str, source: str) -> ast.Module:
    """The module's AST; raises SourceSyntaxError unless CPython compiles `source`."""
    # CPython's compiler is the reference: it also rejects what a parser accepts (e.g. `return` at top level).
    try:
        syntax_tree = parse(source, path)
        compile(syntax_tree, path, "exec", dont_inherit=True)
    except SyntaxError as err:
        line = max(err.lineno or 1, 1)
        column = max(err.offset or 1, 1)
        end_line = err.end_lineno if err.end_lineno and err.end_lineno >= line else line
        end_column = err.end_offset if err.end_offset and (end_line, err.end_offset) > (line, column) else 0
        raise SourceSyntaxError(err.msg, Span(path, line, column, end_line, end_column)) from None
    except ValueError as err:  # e.g. "source code string cannot contain null bytes"
        raise SourceSyntaxError(str(err), Span(path, 1, 1)) from None
    assert isinstance(syntax_tree, ast.Module)
    return syntax_tree
