"""The capability policy's judgement of calls and string building: which call needs which capability, and the
calls that reach attributes by a name made at run time (getattr, attrgetter, str.format fields)."""

from __future__ import annotations

import ast

from aic.verifiers.policy_allowlist import NAMED_ACCESS
from aic.verifiers.policy_checks import (
    formatted,
    literal_name,
    literals,
    looks_like_sql,
    module_capability,
    outside_path,
    reaching_field,
    safe_yaml,
    unsafe_attribute,
    weak_hash,
    writes,
)
from aic.verifiers.policy_rules import CALLS, HOME_CALLS, OPEN_CALLS, PATH_CALLS, WRITE_METHODS

ATTRIBUTE_GETTERS = frozenset(("operator.attrgetter", "operator.methodcaller"))


class CallChecks(ast.NodeVisitor):
    """Mixed into the policy visitor, which provides the state below."""

    aliases: dict[str, str]
    modules: dict[str, str]
    bound: frozenset[str]
    constants: dict[str, list[str]]
    callees: set[int]

    def report(self, capability: str, node: ast.AST, message: str) -> None:
        raise NotImplementedError

    def qualify(self, node: ast.expr, bare: bool = True) -> str | None:
        raise NotImplementedError

    def is_module(self, name: str) -> bool:
        raise NotImplementedError

    def visit_Call(self, node: ast.Call) -> None:
        name = self.qualify(node.func)
        if name is not None:
            self._check_call(name, node)
        if isinstance(node.func, ast.Attribute):
            self._check_method(node.func.attr, node)
            if node.func.attr in ("format", "format_map"):
                self.check_template(node.func.value, node)
        self.generic_visit(node)

    def _check_call(self, name: str, node: ast.Call) -> None:
        capability = CALLS.get(name)
        if capability is None and "." in name:
            capability = module_capability(name.rsplit(".", 1)[0])
        if capability:
            self.report(capability, node, f"call of `{name}`")
        elif name in OPEN_CALLS and writes(node):
            self.report("file-write", node, f"`{name}` in a writing mode")
        elif name == "open" and "open" not in self.bound:
            self.report("file-read", node, "`open` reads files: the policy allows no file access by default")
        elif name in HOME_CALLS or (name in PATH_CALLS and outside_path(node)):
            self.report("file-read", node, f"`{name}` reaches files outside the project")
        elif weak_hash(name, node, self.qualify):
            self.report(
                "weak-crypto", node, f"`{name}` is broken for security; pass usedforsecurity=False for a checksum"
            )
        elif name == "yaml.load" and not safe_yaml(node):
            self.report("deserialization", node, "`yaml.load` without a safe loader")
        elif name in NAMED_ACCESS and name not in self.bound:
            self._check_named_access(name, node)
        elif name in ATTRIBUTE_GETTERS:
            self._check_getter(name, node)

    def _check_named_access(self, name: str, node: ast.Call) -> None:
        target = self.qualify(node.args[0]) if node.args else None
        if target is not None and (self.is_module(target) or target in ("builtins", "sys")):
            self.report("introspection", node, f"`{name}` on a module")
            return
        attr = literal_name(node.args[1]) if len(node.args) > 1 else None
        if attr is None:
            self.report("introspection", node, f"`{name}` with an attribute name made at run time")
        elif unsafe_attribute(attr):
            self.report("introspection", node, f"`{name}` of the attribute `{attr}`")

    def _check_getter(self, name: str, node: ast.Call) -> None:
        texts = [literal_name(arg) for arg in (node.args if name.endswith("attrgetter") else node.args[:1])]
        if not texts or any(text is None for text in texts) or (node.keywords and name.endswith("attrgetter")):
            self.report("introspection", node, f"`{name}` with an attribute name made at run time")
        elif any(unsafe_attribute(part) for text in texts for part in str(text).split(".")):
            self.report("introspection", node, f"`{name}` reaching an interpreter attribute")

    def check_template(self, template: ast.expr, node: ast.AST) -> None:
        text = literal_name(template)
        known = [text] if text is not None else None
        if known is None and isinstance(template, ast.Name):
            known = self.constants.get(template.id)
        if known is None:
            self.report("introspection", node, "`.format` of a template made at run time can reach any attribute")
            return
        for candidate in known:
            field = reaching_field(candidate)
            if field is not None:
                self.report("introspection", node, f"format field `{{{field}}}` looks up attributes or indexes")
                return
        if text is not None and isinstance(node, ast.Call):
            self._check_sql_text(node, [text])

    def _check_method(self, method: str, node: ast.Call) -> None:
        if method in WRITE_METHODS:
            self.report("file-write", node, f"call of `.{method}()`, which changes the file system")
        elif method == "open" and writes(node, mode_index=0):
            self.report("file-write", node, "`.open()` in a writing mode")
        elif method in ("execute", "executemany", "executescript") and node.args and formatted(node.args[0]):
            self.report("sql", node, "SQL built by string formatting; pass parameters instead")

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._check_sql_text(node, [v.value for v in node.values if isinstance(v, ast.Constant)])
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Mod | ast.Add):
            self._check_sql_text(node, literals(node))
        self.generic_visit(node)

    def _check_sql_text(self, node: ast.expr, parts: list[object]) -> None:
        if formatted(node) and looks_like_sql(" ".join(p for p in parts if isinstance(p, str))):
            self.report("sql", node, "SQL text built by string formatting; use query parameters")
