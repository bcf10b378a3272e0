"""aic's capability policy: an AST check of what the code could *do*, independent of any model's intent.

Imports and builtins are judged against an allowlist (policy_allowlist.py): a module nobody listed is refused
(AIC316) whatever it offers, so a low-level twin of a known module (`posix`, `_posixsubprocess`) gains nothing.
Reflection is refused by construction: unsafe dunder and frame attributes, `vars`/`locals`/`globals`,
`getattr`-family calls and `operator.attrgetter`/`methodcaller` without a literal name, format templates
whose fields follow attributes or indexes, a module object used as a value or changed. Capabilities a project
may allow on purpose (network, file-write, ...) keep their own codes. The docstring examples and the code inside
string annotations are judged by the same rules as the module, since both run.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable, Sequence

from aic.ir import Diagnostic, Span, make
from aic.ir.pyast import parse, parse_eval
from aic.verifiers.policy_allowlist import ALLOWED_BUILTINS, NAMED_ACCESS, SAFE_NAMES, Allowlist, is_dunder
from aic.verifiers.policy_calls import ATTRIBUTE_GETTERS, CallChecks
from aic.verifiers.policy_checks import (
    literal_name,
    module_capability,
    string_constants,
    unsafe_attribute,
    weak_hash_value,
)
from aic.verifiers.policy_rules import CALLS, CAPABILITY_CODES, ENVIRONMENT_ATTRIBUTES, HAZARDS, IMPORT_CODE, MODULES
from aic.verifiers.policy_secrets import hardcoded_secrets
from aic.verifiers.policy_structure import Owned, computed_annotation, foreign_encoding, owned, shadowing

TOOL = "aic-policy"


def check_policy(
    path: str,
    source: str,
    allow: Iterable[str] = (),
    imports: Iterable[str] = (),
    examples: Sequence[tuple[str, int]] = (),
    tree: ast.Module | None = None,
) -> list[Diagnostic]:
    """Policy findings for one module and its examples (`(source, line)` pairs); capabilities in `allow` are not
    reported, and `imports` extends the allowlist. `tree`: the module's AST when the caller parsed it already."""
    tree = tree if tree is not None else parse(source, path)
    trees = [(_parse(text), line) for text, line in examples]
    parsed = [(example, line) for example, line in trees if example is not None]
    granted = frozenset(allow)
    shadows = [(node, name, 0) for node, name in shadowing(tree)]
    shadows += [(node, name, line - 1) for example, line in parsed for node, name in shadowing(example)]
    bound = _bound_names(tree, *(t for t, _ in parsed)) - {name for _, name, _ in shadows}
    visitor = _PolicyVisitor(path, bound, Allowlist.build(imports), granted)
    visitor.constants = string_constants(tree)
    visitor.owned = owned(tree, *(t for t, _ in parsed))
    encoding = foreign_encoding(source)
    if encoding:
        message = f"`coding: {encoding}` makes Python read other code than the checks read (UTF-8 only)"
        visitor.report("dynamic-code", tree.body[0] if tree.body else tree, message)
    for node, name, offset in shadows:
        visitor.offset = offset
        visitor.report("introspection", node, f"binding `{name}` hides a builtin the policy refuses")
    visitor.visit_tree(tree, 0)
    for example, line in parsed:
        visitor.visit_tree(example, line - 1)
    for node, why in hardcoded_secrets(tree):
        visitor.report("secret", node, f"hard-coded secret: {why}; read it from configuration at run time")
    allowed = {CAPABILITY_CODES[name] for name in granted}
    return [d for d in visitor.found if d.code not in allowed]


def _parse(text: str) -> ast.Module | None:
    try:
        return parse(text)
    except (SyntaxError, ValueError):  # the examples gate reports an example that is not Python (AIC404)
        return None


# First components of the dotted names the tables know: a name the module never binds is taken for the module of
# that name (code cut out of a file, or a module smuggled in by other means, is judged by what it would reach).
_MODULE_ROOTS = frozenset(
    name.split(".")[0] for name in (*MODULES, *CALLS, *ENVIRONMENT_ATTRIBUTES) if "." in name or name in MODULES
) | {"hashlib"}


def _bound_names(*trees: ast.AST) -> frozenset[str]:
    bound: set[str] = set()
    for tree in trees:
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


class _PolicyVisitor(CallChecks):
    def __init__(self, path: str, bound: frozenset[str], allowlist: Allowlist, granted: frozenset[str]) -> None:
        self.path, self.bound, self.allowlist, self.granted = path, bound, allowlist, granted
        self.aliases: dict[str, str] = {}  # local name -> qualified name
        self.modules: dict[str, str] = {}  # local name -> the module object it holds
        self.partial: set[str] = set()  # roots bound by `import a.b` where `a` itself is not on the list
        self.star: list[str] = []  # modules imported with `from M import *`
        self.constants: dict[str, list[str]] = {}
        self.owned = Owned(frozenset(), frozenset(), {}, frozenset(), False)  # its own objects (policy_structure)
        self.found: list[Diagnostic] = []
        self.offset = 0  # added to line numbers: an example's lines are counted from its `>>>` line
        self.anchor: ast.AST | None = None  # report here instead (code inside a string annotation)
        self.bases: set[int] = set()  # ids of nodes that are the object of an attribute access
        self.callees: set[int] = set()  # ids of nodes that are called

    def visit_tree(self, tree: ast.AST, offset: int) -> None:
        outer, self.offset = self.offset, offset
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                self.bases.add(id(node.value))
            elif isinstance(node, ast.Call):
                self.callees.add(id(node.func))
        self.visit(tree)
        self.offset = outer

    def report(self, capability: str, node: ast.AST, message: str) -> None:
        where = self.anchor or node
        line = getattr(where, "lineno", 1) + self.offset
        col = getattr(where, "col_offset", 0) + 1
        end_line = (getattr(where, "end_lineno", None) or line - self.offset) + self.offset
        end_col = (getattr(where, "end_col_offset", None) or col - 1) + 1
        if (end_line, end_col) <= (line, col):
            end_line, end_col = line, col + 1
        span = Span(self.path, line, col, end_line, end_col)
        if capability == "import":
            self.found.append(make(IMPORT_CODE, message, TOOL, span, tool_code="import"))
            return
        code = CAPABILITY_CODES[capability]
        self.found.append(make(code, f"{message} [capability: {capability}]", TOOL, span, tool_code=capability))

    # imports -----------------------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            root = alias.name.split(".")[0]
            local = alias.asname or root
            self.aliases[local] = alias.name if alias.asname else root
            self.modules[local] = alias.name if alias.asname else root
            allowed = self._check_module(alias.name, node)
            if allowed and not alias.asname and root != alias.name and not self.allowlist.has_module(root):
                self.partial.add(root)  # `import os.path` binds `os`, of which only `os.path` is allowed

    def _check_module(self, module: str, node: ast.stmt) -> bool:
        """Whether names in `module` need judging one by one (it is on the list); reports it otherwise."""
        capability = module_capability(module)
        if capability:
            self.report(capability, node, f"import of module `{module}`")
            return False
        if module in HAZARDS:
            self.report(HAZARDS[module][0], node, f"import of `{module}`, which {HAZARDS[module][1]}")
        if not self.allowlist.has_module(module):
            self.report("import", node, f"import of `{module}`, which the policy's allowlist does not name")
            return False
        return True

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        for alias in node.names:
            if alias.name != "*":
                qualified = f"{base}.{alias.name}" if base and node.level == 0 else alias.name
                self.aliases[alias.asname or alias.name] = qualified
        if node.level:
            message = f"relative import of `{'.' * node.level}{base}`: the project's modules are not on the allowlist"
            self.report("import", node, message)
            return
        judge = self._check_module(base, node)
        for alias in node.names:
            self._check_imported_name(base, alias, node, judge)

    def _check_imported_name(self, base: str, alias: ast.alias, node: ast.ImportFrom, judge: bool) -> None:
        if alias.name == "*":
            self.star.append(base)
            if judge:  # the names it binds would escape every rule that is keyed on `module.name`
                self.report("import", node, f"`from {base} import *`: import the names the code uses")
            return
        qualified = f"{base}.{alias.name}"
        capability = module_capability(qualified) or CALLS.get(qualified)
        if capability and not module_capability(base):
            self.report(capability, node, f"import of `{qualified}`")
        if qualified in HAZARDS:
            self.report(HAZARDS[qualified][0], node, f"import of `{qualified}`, which {HAZARDS[qualified][1]}")
        if self.allowlist.has_module(qualified):
            self.modules[alias.asname or alias.name] = qualified
        elif judge:
            refusal = self.allowlist.name_refusal(base, alias.name)
            if refusal:
                self.report("import", node, refusal)

    # names ----------------------------------------------------------------------------------------------------
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
        name = node.id
        if name in self.modules and isinstance(node.ctx, ast.Load) and id(node) not in self.bases:
            self.report("introspection", node, f"the module `{self.modules[name]}` used as a value")
        if self.aliases.get(name) in ENVIRONMENT_ATTRIBUTES:  # `from os import environ`
            self.report("environment", node, f"access to `{self.aliases[name]}`")
        if self.aliases.get(name) in ATTRIBUTE_GETTERS and id(node) not in self.callees:
            self.report("introspection", node, f"`{self.aliases[name]}` used as a value")
        if weak_hash_value(self.aliases.get(name)) and id(node) not in self.callees:
            self.report(
                "weak-crypto", node, f"`{self.aliases[name]}` used as a value: call it with usedforsecurity=False"
            )
        if is_dunder(name) and name not in SAFE_NAMES:  # bound or not: `__annotations__ = {...}` counts too
            if not (id(node) in self.callees and name in CALLS):
                capability = "dynamic-import" if name == "__import__" else "introspection"
                self.report(capability, node, f"access to `{name}`")
        elif name not in self.bound and name not in self.aliases:
            self._check_builtin(node)

    def _check_builtin(self, node: ast.Name) -> None:
        name, called = node.id, id(node) in self.callees
        if name not in vars(builtins) or name in ALLOWED_BUILTINS:
            return
        elif name in CALLS or name == "open" or name in NAMED_ACCESS:
            if not called:  # a call is judged with its arguments (visit_Call); a bare reference escapes that
                capability = CALLS.get(name) or ("file-read" if name == "open" else "introspection")
                self.report(capability, node, f"the builtin `{name}` used as a value")
        else:
            self.report("introspection", node, f"the builtin `{name}` is not allowed")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if unsafe_attribute(node.attr):
            self.report("introspection", node, f"access to attribute `{node.attr}`")
        name = self.qualify(node)
        if name in ENVIRONMENT_ATTRIBUTES:
            self.report("environment", node, f"access to `{name}`")
        base = self.qualify(node.value, bare=False)
        used = isinstance(node.ctx, ast.Load) and id(node) not in self.bases
        if base is not None and not isinstance(node.ctx, ast.Load):
            self.report("introspection", node, f"`{base}.{node.attr}` changes what the module `{base}` holds")
        elif name is not None and used and self.is_module(name):
            self.report("introspection", node, f"the module `{name}` used as a value")
        if name in ATTRIBUTE_GETTERS and id(node) not in self.callees:
            self.report("introspection", node, f"`{name}` used as a value")
        elif name in CALLS and id(node) not in self.callees:  # `shell = os.system`: judged as its call would be
            self.report(CALLS[name], node, f"`{name}` used as a value")
        elif weak_hash_value(name) and id(node) not in self.callees:
            self.report("weak-crypto", node, f"`{name}` used as a value: call it with usedforsecurity=False")
        if node.attr in ("format", "format_map") and id(node) not in self.callees:
            self.check_template(node.value, node)  # `leak = "{0.__globals__}".format`
        if base is not None:
            self._check_module_attribute(base, node)
        elif node.attr.startswith("_") and not is_dunder(node.attr) and not self._owns(node.value):
            self.report("introspection", node, f"private attribute `{node.attr}` of an object the module did not make")
        if self._unbound(node):
            message = f"`{ast.unparse(node)}` reached through its class: it would trust any first argument as `self`"
            self.report("introspection", node, message)
        self.generic_visit(node)

    def is_module(self, name: str) -> bool:
        """Whether the dotted `name` is a module object here (imported, on the list, or a capability's)."""
        return (
            name in self.modules.values()
            or name in self.partial
            or self.allowlist.has_module(name)
            or name in MODULES  # exactly a capability's module: `socket`, not `socket.socket`
        )

    def _unbound(self, node: ast.Attribute) -> bool:
        """`Own.method` used other than called with a trusted `self` first (`Base.__init__(self)`)."""
        owner = node.value.id if isinstance(node.value, ast.Name) else ""
        methods = self.owned.unbound.get(owner, frozenset()) if owner in self.owned.classes else frozenset()
        return node.attr in methods and id(node) not in self.owned.unbound_ok

    def _owns(self, node: ast.expr) -> bool:
        """`self._x`, `cls._x`, `Defined._x`, `super()._x`: private names of the module's own classes."""
        if isinstance(node, ast.Name):
            return id(node) in self.owned.selves or node.id in self.owned.classes
        if not isinstance(node, ast.Call) or node.args or node.keywords:  # `super()`, never `super(T, x)`
            return False
        return isinstance(node.func, ast.Name) and node.func.id == "super" and self.owned.super_ok

    def visit_MatchClass(self, node: ast.MatchClass) -> None:
        for attr in node.kwd_attrs:  # `case object(__self__=m)` reads the attribute by that name
            if unsafe_attribute(attr):
                self.report("introspection", node, f"a class pattern reading the attribute `{attr}`")
        self.generic_visit(node)

    def _check_module_attribute(self, base: str, node: ast.Attribute) -> None:
        qualified = f"{base}.{node.attr}"
        if qualified in HAZARDS:
            self.report(HAZARDS[qualified][0], node, f"`{qualified}` {HAZARDS[qualified][1]}")
        if base in self.partial:  # `import os.path` binds `os`: only the listed submodule is reachable
            if not self.allowlist.has_module(qualified):
                self.report("import", node, f"`{qualified}`: `{base}` is not on the allowlist")
        elif self.allowlist.has_module(base) and not module_capability(base):
            refusal = self.allowlist.name_refusal(base, node.attr)
            if refusal:
                self.report("import", node, refusal)

    # annotations: text in them is code that typing.get_type_hints (and so singledispatch) will evaluate --------
    def visit_arg(self, node: ast.arg) -> None:
        self._annotation(node.annotation)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._annotation(node.returns)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._annotation(node.annotation)
        self.generic_visit(node)

    def _annotation(self, annotation: ast.expr | None) -> None:
        if annotation is None or self.anchor is not None:
            return
        computed = computed_annotation(annotation)
        if computed is not None:
            self.report("introspection", computed, "an annotation computed at run time (typing evaluates it)")
        for part in ast.walk(annotation):
            text = literal_name(part) if isinstance(part, ast.expr) else None
            code = _parse_expression(text) if text else None
            if code is not None:
                self.anchor = part
                try:
                    self.visit_tree(code, self.offset)
                finally:
                    self.anchor = None


def _parse_expression(text: str) -> ast.Expression | None:
    try:
        return parse_eval(text.strip())
    except (SyntaxError, ValueError):
        return None
