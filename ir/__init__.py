"""aic's code IR: modules, functions, examples, contracts, spans and diagnostics. Imports nothing of aic's."""

from typing import TYPE_CHECKING, Any

from aic.ir import pyast as pyast  # first: puts the lock around ast.parse (see there)
from aic.ir.canonical import canonical_json, digest, from_json, to_data
from aic.ir.codes import CODES, CodeInfo, Severity
from aic.ir.diagnostics import Applicability, Counterexample, Diagnostic, Fix, blocking, dedupe, make
from aic.ir.edits import TextEdit, apply_edits
from aic.ir.nodes import Contract, ContractKind, Example, Function, Module, Param, ParamKind
from aic.ir.span import Span
from aic.ir.syntax import SourceSyntaxError, compile_check

if TYPE_CHECKING:
    from aic.ir.lower import parse_module
    from aic.ir.rewrite import with_source


def __getattr__(name: str) -> Any:
    # libcst takes a tenth of a second to import: only the passes that build IR pay for it.
    if name == "parse_module":
        from aic.ir.lower import parse_module

        return parse_module
    if name == "with_source":
        from aic.ir.rewrite import with_source

        return with_source
    raise AttributeError(f"module 'aic.ir' has no attribute {name!r}")


__all__ = [
    "CODES",
    "Applicability",
    "CodeInfo",
    "Contract",
    "ContractKind",
    "Counterexample",
    "Diagnostic",
    "Example",
    "Fix",
    "Function",
    "Module",
    "Param",
    "ParamKind",
    "Severity",
    "SourceSyntaxError",
    "Span",
    "TextEdit",
    "apply_edits",
    "blocking",
    "canonical_json",
    "compile_check",
    "dedupe",
    "digest",
    "from_json",
    "make",
    "parse_module",
    "to_data",
    "with_source",
]
