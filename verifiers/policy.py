"""aic's capability policy: an AST check of what the code could *do*, independent of any model's intent.

It refuses dynamic code, process spawning, network access, unsafe deserialisation, file writes, SQL built
by string formatting, native code and reflection escapes, each unless the project allows that capability.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from aic.ir import Diagnostic, Span, make
from aic.verifiers.policy_rules import (
    CALLS,
    CAPABILITY_CODES,
    ENVIRONMENT_ATTRIBUTES,
    ESCAPE_ATTRIBUTES,
    ESCAPE_NAMES,
    HOME_CALLS,
    MODULES,
    OPEN_CALLS,
    PATH_CALLS,
    REFLECTION_CALLS,
    SQL_VERBS,
    SQL_WORDS,
    WEAK_HASHES,
    WRITE_METHODS,
)
from aic.verifiers.policy_secrets import hardcoded_secrets

TOOL = "aic-policy"


def check_policy(path: str, source: str, allow: Iterable[str] = ()) -> list[Diagnostic]:
    """Policy findings for one module; capabilities in `allow` are not reported."""
    tree = ast.parse(source, filename=path)
    visitor = _PolicyVisitor(path, _bound_names(tree))
    visitor.visit(tree)
    for node, why in hardcoded_secrets(tree):
        visitor.report("secret", node, f"hard-coded secret: {why}; read it from configuration at run time")
    allowed = {CAPABILITY_CODES[name] for name in allow}
    return [d for d in visitor.found if d.code not in allowed]


# First components of the dotted names the tables know: a name the module never binds is taken for the module of
# that name (code cut out of a file, or a module smuggled in by other means, is judged by what it would reach).
_MODULE_ROOTS = frozenset(
    name.split(".")[0] for name in (*MODULES, *CALLS, *ENVIRONMENT_ATTRIBUTES) if "." in name or name in MODULES
) | {"hashlib"}


def _bound_names(tree: ast.AST) -> frozenset[str]:
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add(node.asname or node.name.split(".")[0])
    return frozenset(bound)


def _module_capability(module: str) -> str | None:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        capability = MODULES.get(".".join(parts[:end]))
        if capability:
            return capability
    return None


class _PolicyVisitor(ast.NodeVisitor):
    def __init__(self, path: str, bound: frozenset[str]) -> None:
        self.path = path
        self.bound = bound
        self.aliases: dict[str, str] = {}  # local name -> qualified name
        self.star: list[str] = []  # modules imported with `from M import *`
        self.found: list[Diagnostic] = []

    def report(self, capability: str, node: ast.expr | ast.stmt, message: str) -> None:
        end_line = node.end_lineno or node.lineno
        end_col = (node.end_col_offset or node.col_offset) + 1
        if (end_line, end_col) <= (node.lineno, node.col_offset + 1):
            end_line, end_col = node.lineno, node.col_offset + 2
        span = Span(self.path, node.lineno, node.col_offset + 1, end_line, end_col)
        code = CAPABILITY_CODES[capability]
        self.found.append(make(code, f"{message} [capability: {capability}]", TOOL, span, tool_code=capability))

    # imports -----------------------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            self.aliases[local] = alias.name if alias.asname else local
            self._check_import(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level == 0:
            self._check_import(base, node)
        for alias in node.names:
            if alias.name == "*":
                self.star.append(base)
                continue
            qualified = f"{base}.{alias.name}" if base else alias.name
            self.aliases[alias.asname or alias.name] = qualified
            if node.level == 0 and _module_capability(base) is None:
                capability = _module_capability(qualified) or CALLS.get(qualified)
                if capability:
                    self.report(capability, node, f"import of `{qualified}`")

    def _check_import(self, module: str, node: ast.stmt) -> None:
        capability = _module_capability(module)
        if capability:
            self.report(capability, node, f"import of module `{module}`")

    # names and calls ----------------------------------------------------------------------------------------
    def qualify(self, node: ast.expr, bare: bool = True) -> str | None:
        """The dotted name a call or attribute reaches. An attribute chain counts only when it starts at an
        imported name: a parameter called `code` or `socket` is not the module of that name."""
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return self.aliases[node.id]
            if node.id in self.bound:
                return node.id if bare else None
            for module in self.star:  # `from os import *` then `system(...)`
                if f"{module}.{node.id}" in CALLS or f"{module}.{node.id}" in ENVIRONMENT_ATTRIBUTES:
                    return f"{module}.{node.id}"
            return node.id if bare or node.id in _MODULE_ROOTS else None
        if isinstance(node, ast.Attribute):
            base = self.qualify(node.value, bare=False)
            return f"{base}.{node.attr}" if base else None
        return None

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in ESCAPE_NAMES:
            self.report("introspection", node, f"access to `{node.id}`")
        if self.aliases.get(node.id) in ENVIRONMENT_ATTRIBUTES:  # `from os import environ`
            self.report("environment", node, f"access to `{self.aliases[node.id]}`")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in ESCAPE_ATTRIBUTES:
            self.report("introspection", node, f"access to attribute `{node.attr}`")
        name = self.qualify(node)
        if name in ENVIRONMENT_ATTRIBUTES:
            self.report("environment", node, f"access to `{name}`")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = self.qualify(node.func)
        if name is not None:
            self._check_call(name, node)
        if isinstance(node.func, ast.Attribute):
            self._check_method(node.func.attr, node)
            template = node.func.value
            if node.func.attr == "format" and isinstance(template, ast.Constant) and isinstance(template.value, str):
                self._check_sql_text(node, [template.value])
        self.generic_visit(node)

    def _check_call(self, name: str, node: ast.Call) -> None:
        capability = CALLS.get(name)
        if capability is None and "." in name:
            capability = _module_capability(name.rsplit(".", 1)[0])
        if capability:
            self.report(capability, node, f"call of `{name}`")
        elif name in OPEN_CALLS and _writes(node):
            self.report("file-write", node, f"`{name}` in a writing mode")
        elif name in HOME_CALLS or (name in PATH_CALLS and _outside_path(node)):
            self.report("file-read", node, f"`{name}` reaches files outside the project")
        elif _weak_hash(name, node):
            self.report(
                "weak-crypto", node, f"`{name}` is broken for security; pass usedforsecurity=False for a checksum"
            )
        elif name == "yaml.load" and not _safe_yaml(node):
            self.report("deserialization", node, "`yaml.load` without a safe loader")
        elif name in REFLECTION_CALLS and node.args:
            self._check_reflection(name, node)

    def _check_reflection(self, name: str, node: ast.Call) -> None:
        target = self.qualify(node.args[0])
        on_module = target is not None and (target in self.aliases.values() or target in ("builtins", "sys"))
        attr = node.args[1] if len(node.args) > 1 else None
        dunder = isinstance(attr, ast.Constant) and isinstance(attr.value, str) and attr.value.startswith("__")
        if on_module or dunder:
            self.report("introspection", node, f"`{name}` on {'a module' if on_module else 'a dunder attribute'}")

    def _check_method(self, method: str, node: ast.Call) -> None:
        if method in WRITE_METHODS:
            self.report("file-write", node, f"call of `.{method}()`, which changes the file system")
        elif method == "open" and _writes(node, mode_index=0):
            self.report("file-write", node, "`.open()` in a writing mode")
        elif method in ("execute", "executemany", "executescript") and node.args and _formatted(node.args[0]):
            self.report("sql", node, "SQL built by string formatting; pass parameters instead")

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._check_sql_text(node, [v.value for v in node.values if isinstance(v, ast.Constant)])

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Mod | ast.Add):
            self._check_sql_text(node, _literals(node))
        self.generic_visit(node)

    def _check_sql_text(self, node: ast.expr, parts: list[object]) -> None:
        if _formatted(node) and _looks_like_sql(" ".join(p for p in parts if isinstance(p, str))):
            self.report("sql", node, "SQL text built by string formatting; use query parameters")


def _writes(node: ast.Call, mode_index: int = 1) -> bool:
    mode: ast.expr | None = node.args[mode_index] if len(node.args) > mode_index else None
    for keyword in node.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if mode is None:
        return False
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        return any(flag in mode.value for flag in "wax+")
    return True  # a mode computed at run time may write


def _outside_path(node: ast.Call) -> bool:
    first = node.args[0] if node.args else None
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str | bytes)):
        return False
    path = first.value if isinstance(first.value, str) else first.value.decode("latin-1")
    return path.startswith(("/", "~")) or path == ".." or path.startswith("../") or "/../" in path


def _weak_hash(name: str, node: ast.Call) -> bool:
    module, _, function = name.rpartition(".")
    if module != "hashlib":
        return False
    if function == "new":
        algorithm = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "name"), None)
        weak = isinstance(algorithm, ast.Constant) and str(algorithm.value).lower() in WEAK_HASHES
    else:
        weak = function in WEAK_HASHES
    checksum = any(
        k.arg == "usedforsecurity" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in node.keywords
    )
    return weak and not checksum


def _safe_yaml(node: ast.Call) -> bool:
    loaders = [k.value for k in node.keywords if k.arg == "Loader"] + node.args[1:2]
    return any(isinstance(v, ast.Attribute | ast.Name) and "Safe" in ast.unparse(v) for v in loaders)


def _formatted(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    return bool(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format")


def _literals(node: ast.expr) -> list[object]:
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    return []


def _looks_like_sql(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and words[0] in SQL_VERBS and any(word in SQL_WORDS for word in words[1:])
