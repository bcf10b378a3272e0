"""Hard-coded secrets: string literals bound to a name that says password, secret, API key or token, and
literals shaped like a private key or a cloud provider's key whatever they are bound to.

Generated code never needs a credential written into it: a key in the code leaks with every copy of the code.
Empty strings are not secrets (they initialise a variable); names are matched on their words, so `tokens` or
`key` alone are not taken for credentials.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

# Words of a name (split on `_` and case changes) that mark it as holding a credential.
_SECRET_NAME = re.compile(
    r"(?:^|_)(?:pass(?:word|wd|phrase)?|secret|credentials?|(?:api|access|auth|secret|private|signing|client)_?key"
    r"|(?:auth|access|api|bearer|refresh|session|csrf|secret)_?token)(?:_|$|s$)",
)
_NOT_SECRET_WORDS = ("_env", "_file", "_path_var")  # names of where a secret comes from, not the secret
# Shapes of credentials that are recognisable on their own.
_SECRET_SHAPES = (
    re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),  # AWS access key id
    re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),  # Google API key
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),  # GitHub token
    re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),  # Slack token
    re.compile(r"\bsk-[A-Za-z0-9_\-]{20,}"),  # OpenAI/Anthropic-style secret key
)


def secret_name(name: str) -> bool:
    """True when `name` reads as holding a credential: `password`, `db_password`, `apiKey`, `client_secret`."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().strip("_")
    return bool(_SECRET_NAME.search(words)) and not words.endswith(_NOT_SECRET_WORDS)


def hardcoded_secrets(tree: ast.AST) -> Iterator[tuple[ast.expr, str]]:
    """(literal, why) for each secret written into the code."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
            text = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            if any(shape.search(text) for shape in _SECRET_SHAPES):
                yield node, "a literal shaped like a private key or access key"
                continue
        for name, value in _bindings(node):
            if _literal(value) and secret_name(name):
                yield value, f"a literal bound to `{name}`"


def _bindings(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    """(name, value) pairs a literal could be bound to: assignments, keywords, defaults, dict keys, comparisons."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            name = _target_name(target)
            if name:
                yield name, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        name = _target_name(node.target)
        if name:
            yield name, node.value
    elif isinstance(node, ast.keyword) and node.arg:
        yield node.arg, node.value
    elif isinstance(node, ast.arguments):
        positional = node.posonlyargs + node.args
        for arg, default in zip(positional[len(positional) - len(node.defaults) :], node.defaults, strict=True):
            yield arg.arg, default
        for arg, kw_default in zip(node.kwonlyargs, node.kw_defaults, strict=True):
            if kw_default is not None:
                yield arg.arg, kw_default
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key.value, value
    elif isinstance(node, ast.Compare) and len(node.comparators) == 1 and isinstance(node.ops[0], ast.Eq | ast.NotEq):
        name = _target_name(node.left)
        if name:
            yield name, node.comparators[0]


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
        key = target.slice.value
        return key if isinstance(key, str) else None
    return None


def _literal(value: ast.expr) -> bool:
    return isinstance(value, ast.Constant) and isinstance(value.value, str | bytes) and len(value.value) > 0
