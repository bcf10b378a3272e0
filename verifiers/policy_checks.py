"""Small syntactic predicates the capability policy applies to single nodes (no state, no reporting)."""

from __future__ import annotations

import ast
import string
from collections.abc import Callable

from aic.verifiers.policy_allowlist import SAFE_DUNDERS, is_dunder
from aic.verifiers.policy_rules import (
    DIGEST_ARGUMENTS,
    ESCAPE_ATTRIBUTES,
    MODULES,
    SQL_VERBS,
    SQL_WORDS,
    STRONG_HASHES,
    WEAK_HASHES,
)


def module_capability(module: str) -> str | None:
    """The capability importing `module` grants wholesale (a parent package counts), if any."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        capability = MODULES.get(".".join(parts[:end]))
        if capability:
            return capability
    return None


def unsafe_attribute(name: str) -> bool:
    """An attribute name that reaches the interpreter's internals from any object."""
    return (is_dunder(name) and name not in SAFE_DUNDERS) or name in ESCAPE_ATTRIBUTES


def literal_name(node: ast.expr | None) -> str | None:
    """The text of a string literal, else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def format_fields(template: str, depth: int = 0) -> list[str]:
    """The field names of a str.format template, nested format specs included."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # str.format would raise on it: nothing is reached
        return []
    fields: list[str] = []
    for _, field, spec, _ in parsed:
        if field is not None:
            fields.append(field)
        if spec and depth < 2:
            fields.extend(format_fields(spec, depth + 1))
    return fields


def reaching_field(template: str) -> str | None:
    """A field that looks up an attribute or an index (`{0.__globals__}`, `{0[os]}`), which str.format follows
    on whatever object it is given."""
    return next((f for f in format_fields(template) if "." in f or "[" in f), None)


def string_constants(tree: ast.AST) -> dict[str, list[str]]:
    """Names every binding of which is a string literal: `TEMPLATE = "{} items"` (a known format template)."""
    texts: dict[str, list[str]] = {}
    bindings: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and literal_name(node.value) is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    texts.setdefault(target.id, []).append(str(literal_name(node.value)))
        name = _bound_name(node)
        if name:
            bindings[name] = bindings.get(name, 0) + 1
    # Any other binding (a loop variable, a parameter, an augmented assignment, an import) disqualifies a name.
    return {name: found for name, found in texts.items() if bindings.get(name) == len(found)}


def _bound_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return node.id
    if isinstance(node, ast.arg):
        return node.arg
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.alias):
        return node.asname or node.name.split(".")[0]
    return None


def writes(node: ast.Call, mode_index: int = 1) -> bool:
    if any(k.arg is None for k in node.keywords) or any(isinstance(a, ast.Starred) for a in node.args):
        return True  # `open(p, **options)`: the mode is not visible, so it may write
    mode: ast.expr | None = node.args[mode_index] if len(node.args) > mode_index else None
    for keyword in node.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if mode is None:
        return False
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        return any(flag in mode.value for flag in "wax+")
    return True  # a mode computed at run time may write


def outside_path(node: ast.Call) -> bool:
    first = node.args[0] if node.args else None
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str | bytes)):
        return False
    path = first.value if isinstance(first.value, str) else first.value.decode("latin-1")
    return path.startswith(("/", "~")) or path == ".." or path.startswith("../") or "/../" in path


def weak_hash(name: str, node: ast.Call, qualify: Callable[[ast.expr], str | None]) -> bool:
    """Whether the call `name` (qualified) makes a weak hash for security; `qualify` resolves a name as imported."""
    if name in DIGEST_ARGUMENTS:
        weak = weak_digest(node, *DIGEST_ARGUMENTS[name], qualify)
    else:
        module, _, function = name.rpartition(".")
        weak = module == "hashlib" and function in WEAK_HASHES
    checksum = any(
        k.arg == "usedforsecurity" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in node.keywords
    )
    return weak and not checksum


def weak_digest(node: ast.Call, position: int, keyword: str, qualify: Callable[[ast.expr], str | None]) -> bool:
    """Fail closed: a digest named by a literal must name a strong algorithm; one given as `hashlib.X` is judged
    where it is named (`weak_hash_value`); anything made at run time ("m" + "d5", a variable, *args) could be MD5."""
    given = node.args[position] if len(node.args) > position else None
    given = given or next((k.value for k in node.keywords if k.arg == keyword), None)
    if given is None:
        return any(k.arg is None for k in node.keywords) or any(isinstance(a, ast.Starred) for a in node.args)
    if (qualify(given) or "").startswith("hashlib."):
        return False  # `hmac.new(key, msg, hashlib.md5)`: the reference itself is judged
    named = given.value if isinstance(given, ast.Constant) else None
    return not isinstance(named, str) or named.lower().replace("-", "").replace("_", "") not in STRONG_HASHES


def weak_hash_value(name: str | None) -> bool:
    """`hashlib.md5` or `hashlib.new` named other than as the callee of a call: `f = hashlib.md5` then `f(data)`
    would escape the check of the call's arguments (`weak_hash`), so the reference itself counts as weak."""
    module, _, function = (name or "").rpartition(".")
    return module == "hashlib" and (function in WEAK_HASHES or function == "new")


def safe_yaml(node: ast.Call) -> bool:
    loaders = [k.value for k in node.keywords if k.arg == "Loader"] + node.args[1:2]
    return any(isinstance(v, ast.Attribute | ast.Name) and "Safe" in ast.unparse(v) for v in loaders)


def formatted(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    return bool(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format")


def literals(node: ast.expr) -> list[object]:
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, ast.BinOp):
        return literals(node.left) + literals(node.right)
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    return []


def looks_like_sql(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and words[0] in SQL_VERBS and any(word in SQL_WORDS for word in words[1:])
