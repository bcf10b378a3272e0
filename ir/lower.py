"""Lowering: Python source text -> module IR, through libcst (positions from its metadata)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from aic.ir.docstring import DocLocator, read_contracts, read_examples
from aic.ir.nodes import Contract, Example, Function, Module, Param, ParamKind
from aic.ir.span import Span

_Code = Callable[[cst.CSTNode], str]


class SourceSyntaxError(Exception):
    """The source is not valid Python; `span` locates the first error."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


def parse_module(path: str, source: str) -> Module:
    """Parse `source` (the text of `path`) into a Module; raises SourceSyntaxError with an exact location."""
    _compile_check(path, source)
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as err:
        raise SourceSyntaxError(err.message, Span(path, err.raw_line, err.raw_column + 1)) from None
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    collector = _Collector(path, wrapper)
    wrapper.visit(collector)
    return Module(
        path=path,
        source=source,
        docstring=tree.get_docstring(clean=True),
        imports=tuple(collector.imports),
        functions=tuple(collector.functions),
    )


def _compile_check(path: str, source: str) -> None:
    # CPython's compiler is the reference: it also rejects what a parser accepts (e.g. `return` at top level).
    try:
        compile(source, path, "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_TYPE_COMMENTS, dont_inherit=True)
        compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as err:
        line = max(err.lineno or 1, 1)
        column = max(err.offset or 1, 1)
        end_line = err.end_lineno if err.end_lineno and err.end_lineno >= line else line
        end_column = err.end_offset if err.end_offset and (end_line, err.end_offset) > (line, column) else 0
        raise SourceSyntaxError(err.msg, Span(path, line, column, end_line, end_column)) from None
    except ValueError as err:  # e.g. "source code string cannot contain null bytes"
        raise SourceSyntaxError(str(err), Span(path, 1, 1)) from None


class _Collector(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, path: str, wrapper: MetadataWrapper) -> None:
        super().__init__()
        self.path = path
        self.module = wrapper.module
        self.scope: list[str] = []
        self.functions: list[Function] = []
        self.imports: list[str] = []

    def _range(self, node: cst.CSTNode) -> CodeRange:
        return self.get_metadata(PositionProvider, node)

    def _span(self, node: cst.CSTNode) -> Span:
        r = self._range(node)
        return Span(self.path, r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scope.append(node.name.value)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scope.pop()

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self.imports.append(self.module.code_for_node(alias.name))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        dots = "." * len(node.relative)
        name = self.module.code_for_node(node.module) if node.module else ""
        self.imports.append(dots + name)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scope.append(node.name.value)
        self.functions.append(self._lower(node, ".".join(self.scope)))
        self.scope.append("<locals>")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        del self.scope[-2:]

    def _lower(self, node: cst.FunctionDef, qualname: str) -> Function:
        code = self.module.code_for_node
        returns = code(node.returns.annotation) if node.returns else None
        signature = f"def {node.name.value}({code(node.params)})" + (f" -> {returns}" if returns else "")
        if node.asynchronous:
            signature = "async " + signature
        docstring = node.get_docstring(clean=True)
        raw_doc = node.get_docstring(clean=False)
        examples: tuple[Example, ...] = ()
        contracts: tuple[Contract, ...] = ()
        if raw_doc is not None:
            # Locate items in the uncleaned text: cleaning drops leading lines and indentation.
            where = self._doc_locator(node, raw_doc)
            examples, contracts = read_examples(raw_doc, where), read_contracts(raw_doc, where)
        return Function(
            name=node.name.value,
            qualname=qualname,
            params=_params(node.params, code),
            returns=returns,
            is_async=node.asynchronous is not None,
            docstring=docstring,
            examples=examples,
            contracts=contracts,
            signature=signature,
            body=code(node.body),
            span=self._span(node),
        )

    def _doc_locator(self, node: cst.FunctionDef, evaluated: str) -> DocLocator:
        body = node.body
        assert isinstance(body, cst.IndentedBlock | cst.SimpleStatementSuite)
        first = body.body[0]
        stmt = first.body[0] if isinstance(first, cst.SimpleStatementLine) else first
        assert isinstance(stmt, cst.Expr)
        string = stmt.value
        start = self._range(string).start
        raw = string.value if isinstance(string, cst.SimpleString) else ""
        # Line i of the docstring is line start+i of the file unless escapes or implicit concatenation shift it.
        exact = isinstance(string, cst.SimpleString) and raw.count("\n") == evaluated.count("\n")
        quote = len(raw) - len(raw.lstrip("rRbBuUfF")) + (3 if raw.lstrip("rRbBuUfF")[:3] in ('"""', "'''") else 1)
        return DocLocator(self.path, start.line, start.column + 1 + quote, exact)


def _params(params: cst.Parameters, code: _Code) -> tuple[Param, ...]:
    out: list[Param] = []

    def add(items: Sequence[cst.Param], kind: ParamKind) -> None:
        for p in items:
            annotation = code(p.annotation.annotation) if p.annotation else None
            default = code(p.default) if p.default else None
            out.append(Param(p.name.value, kind, annotation, default))

    add(params.posonly_params, ParamKind.POSITIONAL_ONLY)
    add(params.params, ParamKind.POSITIONAL)
    if isinstance(params.star_arg, cst.Param):
        add([params.star_arg], ParamKind.VAR_POSITIONAL)
    add(params.kwonly_params, ParamKind.KEYWORD_ONLY)
    if params.star_kwarg is not None:
        add([params.star_kwarg], ParamKind.VAR_KEYWORD)
    return tuple(out)
