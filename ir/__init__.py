"""aic's code IR: modules, functions, examples, contracts, spans and diagnostics. Imports nothing of aic's."""

from aic.ir.canonical import canonical_json, digest, from_json, to_data
from aic.ir.codes import CODES, CodeInfo, Severity
from aic.ir.diagnostics import Applicability, Diagnostic, Fix, dedupe, make
from aic.ir.lower import SourceSyntaxError, parse_module
from aic.ir.nodes import Contract, ContractKind, Example, Function, Module, Param, ParamKind
from aic.ir.rewrite import TextEdit, apply_edits, with_source
from aic.ir.span import Span

__all__ = [
    "CODES",
    "Applicability",
    "CodeInfo",
    "Contract",
    "ContractKind",
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
    "canonical_json",
    "dedupe",
    "digest",
    "from_json",
    "make",
    "parse_module",
    "to_data",
    "with_source",
]
