"""The code IR: a module and its functions, as frozen, slotted, self-validating nodes.

Nodes never change; rewriters (see `rewrite`) return new nodes. `canonical` gives each node a canonical JSON
form whose sha256 is the node's identity.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass
from enum import StrEnum

from aic.ir.span import Span


def _check_identifier(name: str, what: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"{what} is not a Python identifier: {name!r}")


@dataclass(frozen=True, slots=True)
class Example:
    """One `>>>` example of a docstring: the statement(s) and the output doctest would expect."""

    source: str
    want: str
    span: Span
    # Read from prose (`f(2) == 4`, `f(2) ➞ 4`) rather than a `>>>` line; `text` is the line as written.
    prose: str | None = None

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError("an example needs source code")
        if not self.source.endswith("\n"):
            raise ValueError("example source must end with a newline")
        if self.want and not self.want.endswith("\n"):
            raise ValueError("example output must be empty or end with a newline")


class ContractKind(StrEnum):
    REQUIRES = "requires"
    ENSURES = "ensures"


@dataclass(frozen=True, slots=True)
class Contract:
    """A `Requires:` / `Ensures:` line of a docstring; `expr` is a Python expression."""

    kind: ContractKind
    expr: str
    span: Span

    def __post_init__(self) -> None:
        if not self.expr.strip():
            raise ValueError(f"empty {self.kind.value} contract")


class ParamKind(StrEnum):
    POSITIONAL_ONLY = "positional_only"
    POSITIONAL = "positional"
    VAR_POSITIONAL = "var_positional"
    KEYWORD_ONLY = "keyword_only"
    VAR_KEYWORD = "var_keyword"


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: ParamKind
    annotation: str | None = None
    default: str | None = None

    def __post_init__(self) -> None:
        _check_identifier(self.name, "parameter name")


@dataclass(frozen=True, slots=True)
class Function:
    """A function definition (top level or in a class; `qualname` says which)."""

    name: str
    qualname: str
    params: tuple[Param, ...]
    returns: str | None
    is_async: bool
    docstring: str | None
    examples: tuple[Example, ...]
    contracts: tuple[Contract, ...]
    signature: str
    body: str
    span: Span

    def __post_init__(self) -> None:
        _check_identifier(self.name, "function name")
        if self.qualname.rsplit(".", 1)[-1] != self.name:
            raise ValueError(f"qualname {self.qualname!r} does not end with {self.name!r}")
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate parameter names in {self.qualname}")
        if self.examples and self.docstring is None:
            raise ValueError(f"{self.qualname} has examples but no docstring")
        for span in [e.span for e in self.examples] + [c.span for c in self.contracts]:
            if not self.span.line <= span.line <= self.span.end_line:
                raise ValueError(f"{self.qualname}: docstring item at line {span.line} is outside the function")


@dataclass(frozen=True, slots=True)
class Module:
    """A parsed source file. `source` is the exact text; everything else is derived from it."""

    path: str
    source: str
    docstring: str | None
    imports: tuple[str, ...]
    functions: tuple[Function, ...]

    def __post_init__(self) -> None:
        if not self.path:
            raise ValueError("a module needs a path")
        for function in self.functions:
            if function.span.file != self.path:
                raise ValueError(f"function {function.qualname} belongs to {function.span.file}, not {self.path}")
        # Redefinitions are legal Python (and a lint finding), so qualnames may repeat; lookups take the last.

    def function(self, qualname: str) -> Function:
        for function in reversed(self.functions):
            if function.qualname == qualname:
                return function
        raise KeyError(qualname)

    @property
    def examples(self) -> tuple[Example, ...]:
        return tuple(example for function in self.functions for example in function.examples)
