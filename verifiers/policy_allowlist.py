"""What checked code may import and name: an allowlist, so that what nobody thought of is refused.

An entry names a whole module (`"math"`) or one name in it (`"pathlib:PurePath"`). A module entry covers the
module's public names only: a private name (`_x`) or a name whose value is another module (`dataclasses.sys`,
`json.decoder`) needs that module's own entry. Submodules are never covered by their parent's entry.

The default is pure standard-library code that cannot reach the operating system; a project extends it with
`[tool.aic.policy] imports`, which aic.lock and the compliance report record like every allowance.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.util
import types
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

DEFAULT_MODULES = (
    "__future__", "abc", "array", "base64", "binascii", "bisect", "calendar", "cmath", "collections",
    "collections.abc", "copy", "csv", "dataclasses", "datetime", "decimal", "difflib", "enum", "fnmatch",
    "fractions", "functools", "graphlib", "hashlib", "heapq", "hmac", "html", "ipaddress", "itertools", "json",
    "math", "numbers", "operator", "re", "secrets", "statistics", "struct", "textwrap", "typing", "unicodedata",
    "urllib.parse", "zlib",
)  # fmt: skip
# Modules of which only some names are pure: the rest reach files, processes or the interpreter's internals.
DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "contextlib": ("AbstractContextManager", "ExitStack", "asynccontextmanager", "closing", "contextmanager",
                   "nullcontext", "suppress"),
    "io": ("BytesIO", "StringIO"),
    "pathlib": ("PurePath", "PurePosixPath", "PureWindowsPath"),
    "string": ("Template", "ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords", "digits",
               "hexdigits", "octdigits", "printable", "punctuation", "whitespace"),
    "sys": ("byteorder", "float_info", "getrecursionlimit", "getsizeof", "hash_info", "int_info", "maxsize",
            "maxunicode", "setrecursionlimit", "version_info"),
    "types": ("EllipsisType", "GenericAlias", "MappingProxyType", "NoneType", "NotImplementedType",
              "SimpleNamespace", "UnionType"),
    "uuid": ("NAMESPACE_DNS", "NAMESPACE_OID", "NAMESPACE_URL", "NAMESPACE_X500", "UUID", "uuid3", "uuid4",
             "uuid5"),
}  # fmt: skip

# Builtins checked code may name. Everything else in `builtins` (eval, exec, open, vars, globals, help,
# breakpoint, __import__, __build_class__, ...) is refused, with its capability's code where it has one.
_PLAIN_BUILTINS = frozenset(
    (
        "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr",
        "classmethod", "complex", "dict", "dir", "divmod", "enumerate", "exit", "filter", "float", "format",
        "frozenset", "hash", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "list", "map",
        "max", "memoryview", "min", "next", "object", "oct", "ord", "pow", "print", "property", "quit", "range",
        "repr", "reversed", "round", "set", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple",
        "type", "zip", "Ellipsis", "NotImplemented", "True", "False", "None", "__debug__",
    )
)  # fmt: skip
ALLOWED_BUILTINS = _PLAIN_BUILTINS | frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException) and not name.startswith("_")
)
# Builtins allowed only with a literal, non-dunder attribute name (checked where they are called).
NAMED_ACCESS = frozenset(("getattr", "setattr", "delattr", "hasattr"))
# Module-level dunder names with no reach beyond the module itself.
SAFE_NAMES = frozenset(
    ("__name__", "__doc__", "__file__", "__qualname__", "__module__", "__all__", "__slots__", "__match_args__",
     "__version__", "__class__", "__debug__")
)  # fmt: skip
# Dunder attributes that are the object protocol, not a way into the interpreter: `super().__init__()`,
# `type(x).__name__`, `object.__setattr__(self, ...)` in a frozen dataclass.
_OPERATORS = (
    "add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod", "pow", "lshift", "rshift", "and",
    "xor", "or",
)  # fmt: skip
SAFE_DUNDERS = frozenset(
    (
        "__init__", "__new__", "__post_init__", "__name__", "__qualname__", "__doc__", "__class__", "__module__",
        "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__repr__", "__str__",
        "__format__", "__bool__", "__len__", "__iter__", "__next__", "__reversed__", "__contains__",
        "__getitem__", "__setitem__", "__delitem__", "__missing__", "__enter__", "__exit__", "__call__",
        "__setattr__", "__delattr__", "__neg__", "__pos__", "__abs__", "__invert__", "__int__", "__float__",
        "__index__", "__round__", "__slots__", "__match_args__", "__all__", "__version__",
        *(f"__{op}__" for op in _OPERATORS), *(f"__r{op}__" for op in _OPERATORS),
        *(f"__i{op}__" for op in _OPERATORS),
    )
)  # fmt: skip


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


@dataclass(frozen=True, slots=True)
class Allowlist:
    """Module -> None (the whole module) or the names allowed in it."""

    entries: dict[str, frozenset[str] | None]

    @classmethod
    def build(cls, extra: Iterable[str] = ()) -> Allowlist:
        entries: dict[str, frozenset[str] | None] = dict.fromkeys(DEFAULT_MODULES)
        for module, names in DEFAULT_NAMES.items():
            entries[module] = frozenset(names)
        for entry in extra:
            module, _, name = parse_entry(entry)
            if not name:
                entries[module] = None
            elif entries.get(module, frozenset()) is not None:
                entries[module] = (entries.get(module) or frozenset()) | {name}
        return cls(entries)

    def has_module(self, module: str) -> bool:
        return module in self.entries

    def whole(self, module: str) -> bool:
        return module in self.entries and self.entries[module] is None

    def name_refusal(self, module: str, name: str) -> str | None:
        """Why `module.name` may not be used (None: it may). `module` must be on the list."""
        names = self.entries[module]
        if names is not None:
            return None if name in names else f"`{module}.{name}` is not on the allowlist"
        if f"{module}.{name}" in self.entries:
            return None
        if name.startswith("_"):
            return f"`{module}.{name}` is private to `{module}`"
        if _is_module(module, name):
            return f"`{module}.{name}` is a module the allowlist does not name"
        return None


def parse_entry(entry: str) -> tuple[str, str, str]:
    """`"pkg.mod"` or `"pkg.mod:name"` as (module, ":", name); ValueError for anything else."""
    module, colon, name = entry.partition(":")
    parts = module.split(".")
    if not all(part.isidentifier() for part in parts) or (colon and not name.isidentifier()):
        raise ValueError(f"imports: {entry!r} is not a module (`pkg.mod`) or one name in it (`pkg.mod:Name`)")
    return module, colon, name


@cache
def _is_module(module: str, name: str) -> bool:
    """Whether `module.name` is a module: a submodule, or a module the module imported (`dataclasses.sys`).
    Only allowlisted modules are ever imported here, in aic's own process."""
    try:
        loaded = importlib.import_module(module)
    except BaseException:  # a listed module that does not import has no attributes to judge
        return False
    if isinstance(getattr(loaded, name, None), types.ModuleType):
        return True
    if hasattr(loaded, "__path__"):
        try:
            return importlib.util.find_spec(f"{module}.{name}") is not None
        except (ImportError, ValueError):
            return False
    return False
