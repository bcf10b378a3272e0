"""Lowering: Python source text -> module IR, through libcst (positions from its metadata)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence

import libcst as cst

from aic.ir.docstring import DocLocator, read_contracts, read_examples
from aic.ir.nodes import Contract, Example, Function, Module, Param, ParamKind
from aic.ir.prose import read_prose_examples
from aic.ir.span import Span
from aic.ir.syntax import SourceSyntaxError, compile_check

_Code = Callable[[cst.CSTNode], str]


def parse_module(path: str, source: str, syntax_tree: ast.Module | None = None) -> Module:
    """Parse `source` (the text of `path`) into a Module; raises SourceSyntaxError with an exact location.
    `syntax_tree`: CPython's AST of `source` when the caller has it already (then it is not parsed again)."""
    syntax_tree = syntax_tree or compile_check(path, source)
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as err:
        raise SourceSyntaxError(err.message, Span(path, err.raw_line, err.raw_column + 1)) from None
    # Positions come from CPython's AST (cheap) rather than libcst's metadata pass (costly): both trees list
    # the functions in the same pre-order, so the n-th libcst def is the n-th AST def.
    nodes = list(_statements(syntax_tree.body))
    positions = [node for node in nodes if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    collector = _Collector(path, tree, source, positions)
    collector.walk(tree.body)
    return Module(
        path=path,
        source=source,
        docstring=tree.get_docstring(clean=True),
        imports=tuple(_imports(nodes)),
        functions=tuple(collector.functions),
    )


def _imports(nodes: list[ast.stmt]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "")


def _statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement in pre-order, descending only into statement lists (a `def` is always a statement)."""
    for node in body:
        yield node
        yield from _statements(getattr(node, "body", None) or [])
        for child in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
            yield from _statements(child.body)
        yield from _statements(getattr(node, "orelse", None) or [])
        yield from _statements(getattr(node, "finalbody", None) or [])


class _Collector:
    def __init__(self, path: str, module: cst.Module, source: str, positions: Sequence[ast.AST]) -> None:
        self.path = path
        self.module = module
        self.lines = source.splitlines()
        self.positions = iter(positions)
        self.scope: list[str] = []
        self.functions: list[Function] = []
        self.classes: list[int] = []  # the scope depth of each class body being walked

    def _column(self, line: int, byte_offset: int) -> int:
        # AST columns count UTF-8 bytes; spans count characters.
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1

    def walk(self, statements: Sequence[cst.BaseStatement | cst.BaseSmallStatement]) -> None:
        """Visit the statements only (expressions cannot hold a `def`): far cheaper than a full libcst visit."""
        for statement in statements:
            if isinstance(statement, cst.FunctionDef):
                in_class = self.classes and self.classes[-1] == len(self.scope)
                self.scope.append(statement.name.value)
                self.functions.append(self._lower(statement, ".".join(self.scope), method=bool(in_class)))
                self.scope.append("<locals>")
                for block in _blocks(statement):
                    self.walk(block)
                del self.scope[-2:]
            elif isinstance(statement, cst.ClassDef):
                self.scope.append(statement.name.value)
                self.classes.append(len(self.scope))  # the scope depth of this class's body
                for block in _blocks(statement):
                    self.walk(block)
                self.classes.pop()
                self.scope.pop()
            elif isinstance(statement, cst.BaseCompoundStatement):
                for block in _blocks(statement):
                    self.walk(block)

    def _lower(self, node: cst.FunctionDef, qualname: str, method: bool = False) -> Function:
        position = next(self.positions)
        assert isinstance(position, ast.FunctionDef | ast.AsyncFunctionDef) and position.name == node.name.value
        code = self.module.code_for_node
        returns = code(node.returns.annotation) if node.returns else None
        signature = f"def {node.name.value}({code(node.params)})" + (f" -> {returns}" if returns else "")
        if node.asynchronous:
            signature = "async " + signature
        docstring = node.get_docstring(clean=True)
        raw_doc = node.get_docstring(clean=False)
        examples: tuple[Example, ...] = ()
        contracts: tuple[Contract, ...] = ()
        params = _params(node.params, code)
        if raw_doc is not None:
            # Locate items in the uncleaned text: cleaning drops leading lines and indentation.
            where = self._doc_locator(node, position, raw_doc)
            # A method's prose (`apply(3) returns 6`) calls it through an object it does not name: not a check.
            prose = () if method else read_prose_examples(raw_doc, where, node.name.value, params)
            examples = read_examples(raw_doc, where) + prose
            examples = tuple(sorted(examples, key=lambda e: e.span.line))
            contracts = read_contracts(raw_doc, where)
        return Function(
            name=node.name.value,
            qualname=qualname,
            params=params,
            returns=returns,
            is_async=node.asynchronous is not None,
            docstring=docstring,
            examples=examples,
            contracts=contracts,
            signature=signature,
            body=self._body_text(position),
            span=self._function_span(position),
        )

    def _body_text(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
        # Sliced from the source by the AST's positions: regenerating it from libcst costs far more.
        first, end = node.body[0], node.end_lineno or node.body[-1].lineno
        head = self.lines[first.lineno - 1]
        prefix = head.encode("utf-8")[: first.col_offset].decode("utf-8", "replace")
        if prefix.strip():  # `def f(): return 1`: the body shares the header's line
            return "\n".join([head[len(prefix) :], *self.lines[first.lineno : end]]) + "\n"
        return "\n".join(self.lines[first.lineno - 1 : end]) + "\n"

    def _function_span(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Span:
        # From the `def` (or `async def`) keyword to the end of the body; decorators are not part of it.
        line, column = node.lineno, self._column(node.lineno, node.col_offset)
        end_line = node.end_lineno or node.lineno
        return Span(self.path, line, column, end_line, self._column(end_line, node.end_col_offset or 0))

    def _doc_locator(self, node: cst.FunctionDef, position: ast.AST, evaluated: str) -> DocLocator:
        body = node.body
        assert isinstance(body, cst.IndentedBlock | cst.SimpleStatementSuite)
        first = body.body[0]
        stmt = first.body[0] if isinstance(first, cst.SimpleStatementLine) else first
        assert isinstance(stmt, cst.Expr)
        string = stmt.value
        assert isinstance(position, ast.FunctionDef | ast.AsyncFunctionDef)
        doc_node = position.body[0]
        start_line, start_column = doc_node.lineno, self._column(doc_node.lineno, doc_node.col_offset)
        raw = string.value if isinstance(string, cst.SimpleString) else ""
        # Line i of the docstring is line start+i of the file unless escapes or implicit concatenation shift it.
        exact = isinstance(string, cst.SimpleString) and raw.count("\n") == evaluated.count("\n")
        quote = len(raw) - len(raw.lstrip("rRbBuUfF")) + (3 if raw.lstrip("rRbBuUfF")[:3] in ('"""', "'''") else 1)
        return DocLocator(self.path, start_line, start_column + quote, exact)


def _blocks(node: cst.CSTNode) -> Iterator[Sequence[cst.BaseStatement | cst.BaseSmallStatement]]:
    """The statement lists directly below a compound statement, in source order (elif/else/except included).

    Explicit attributes rather than `node.children`, which visits every field and costs more than the parse."""
    body = getattr(node, "body", None)
    if isinstance(body, cst.IndentedBlock | cst.SimpleStatementSuite):
        yield body.body
    for child in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
        yield from _blocks(child)
    orelse = getattr(node, "orelse", None)
    if isinstance(orelse, cst.If):
        yield [orelse]
    elif isinstance(orelse, cst.Else):
        yield from _blocks(orelse)
    finalbody = getattr(node, "finalbody", None)
    if isinstance(finalbody, cst.Finally):
        yield from _blocks(finalbody)


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
