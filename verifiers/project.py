"""The project's own modules that code under check may import: hand-written ones (`shop/models.py`) and modules
generated earlier in the build (`generated/cart.py`), found under the project's search roots (its root, and
`src/` in a src layout).

Only what is asked for is taken: the modules an intent imports, their packages, and the project modules those
import in turn. The gates use the set three ways: mypy searches the roots, so generated code is type-checked
against the real types; the sandbox serves these sources (read here, once, and sent with each request) to the
code it runs, which sees nothing else of the project (no `.env`, no lock, no cache); and the capability policy
allows importing exactly these modules, which aic.lock records.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import hashlib
import json
import sys
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aic.ir.pyast import parse


@dataclass(frozen=True, slots=True)
class ProjectModule:
    name: str  # dotted
    path: str  # relative to the project's root, "/"-separated
    source: str
    package: bool  # an `__init__.py`


@dataclass(frozen=True, slots=True)
class ProjectModules:
    roots: tuple[str, ...]  # absolute search roots, in order
    modules: tuple[ProjectModule, ...]  # sorted by name: those imported, their packages and their imports
    imported: tuple[str, ...] = ()  # the modules asked for by name (the intent's imports), sorted
    related: tuple[tuple[str, str], ...] = ()  # (module, name) shown beyond the imports, best first

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(module.name for module in self.modules)

    @property
    def allowed(self) -> tuple[str, ...]:
        """The policy's allowance (`module:name` entries): the public names each imported module defines itself
        (def, class, assignment). A name it imported, or assigned from one (`run = subprocess.run`), is left
        out: project code must not hand the code under check a module the policy refuses. Packages and the
        modules reached only through others are served to the sandbox but not allowed to be imported."""
        by_name = {module.name: module for module in self.modules}
        own = [f"{name}:{defined}" for name in self.imported for defined in _defined(by_name[name].source)]
        return tuple(dict.fromkeys([*own, *(f"{module}:{name}" for module, name in self.related)]))

    @property
    def digest(self) -> str:
        """What the code under check is verified against, as one sha256 ("" when it imports no project code)."""
        if not self.modules:
            return ""
        data = json.dumps([[[m.name, m.path, m.source] for m in self.modules], self.related], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def wire(self) -> list[list[object]]:
        """As the sandbox request carries them: [name, path, source, is_package]."""
        return [[m.name, m.path, m.source, m.package] for m in self.modules]


NO_PROJECT = ProjectModules((), ())


def imported_by(root: Path, statements: Sequence[str], related: Sequence[tuple[str, str]] = ()) -> ProjectModules:
    """The project modules a module's import `statements` (an intent's header) bring in, and those holding the
    `related` (module, name) definitions it is shown besides (aic.generate.related)."""
    wanted = set(imported_names(parse("\n".join(statements))))
    found = project_modules(root, wanted | {module for module, _ in related})
    served = set(found.names)
    imported = tuple(sorted(name for name in wanted if name in served))
    return dataclasses.replace(found, imported=imported, related=tuple(r for r in related if r[0] in served))


def search_roots(root: Path) -> tuple[Path, ...]:
    src = root / "src"
    return (root, src) if src.is_dir() else (root,)


def project_modules(root: Path, wanted: Collection[str]) -> ProjectModules:
    """The project modules named in `wanted` (dotted names; names that are no project module are skipped), their
    parent packages, and every project module they import, transitively. A standard-library name is never a
    project module: a project's `json.py` does not stand in for `json`."""
    roots = search_roots(root)
    found: dict[str, ProjectModule] = {}
    pending = list(wanted)
    while pending:
        name = pending.pop()
        if name in found or name.split(".")[0] in sys.stdlib_module_names:
            continue
        module = _find(root, roots, name)
        if module is None:
            continue
        found[name] = module
        parent = name.rpartition(".")[0]
        pending += [parent] if parent else []
        pending += list(_imports(module))
    ordered = tuple(found[name] for name in sorted(found))
    imported = tuple(sorted(name for name in set(wanted) if name in found))
    return ProjectModules(tuple(str(r.resolve()) for r in roots), ordered, imported)


def _find(root: Path, roots: tuple[Path, ...], name: str) -> ProjectModule | None:
    parts = name.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    for base in roots:
        for path, package in (
            (base.joinpath(*parts, "__init__.py"), True),
            (base.joinpath(*parts[:-1], f"{parts[-1]}.py"), False),
        ):
            if path.is_file():
                try:
                    source = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    return None  # unreadable: not served, so an import of it fails where the gates can say so
                return ProjectModule(name, path.relative_to(root).as_posix(), source, package)
    return None


def _imports(module: ProjectModule) -> Iterator[str]:
    try:
        tree = parse(module.source)
    except SyntaxError:
        return
    yield from imported_names(tree, module.name if module.package else module.name.rpartition(".")[0])


def imported_names(tree: ast.AST, package: str = "") -> Iterator[str]:
    """Absolute module names the code in `tree` imports, relative imports resolved against `package`; for
    `from a import b`, both `a` and `a.b` (b may be a module)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: max(len(package.split(".")) - node.level + 1, 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            if base:
                yield base
                yield from (f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`


def _defined(source: str) -> list[str]:
    """Public top-level names a module defines itself: its functions and classes, and constants assigned a
    literal (`RATE = 20`) or a builtin (`Cents = int`). Nothing that could hold a module or a capability: no
    name it imports anywhere, nothing assigned another expression, no name bound twice, and nothing at all
    from a module with a star import. Functions and classes are the user's code, trusted as written."""
    try:
        tree = parse(source)
    except SyntaxError:
        return []  # nothing to allow: importing it fails in the sandbox, where the gates report it
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    if any(alias.name == "*" for node in imports for alias in node.names):
        return []
    imported = {(alias.asname or alias.name).split(".")[0] for node in imports for alias in node.names}
    bound: list[str] = []
    kept: list[str] = []
    for node in tree.body:
        names = _bound(node)
        bound += names
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) or _plain_value(node):
            kept += names
    once = {name for name in bound if bound.count(name) == 1}
    return [n for n in dict.fromkeys(kept) if n in once and not n.startswith("_") and n not in imported]


def _bound(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    targets = (
        node.targets
        if isinstance(node, ast.Assign)
        else [node.target]
        if isinstance(node, ast.AnnAssign | ast.AugAssign)
        else []
    )
    return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]


def _plain_value(node: ast.stmt) -> bool:
    """An assignment of a literal or of a builtin name (a type alias such as `Cents = int`)."""
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return False
    if isinstance(node.value, ast.Name):
        return node.value.id in dir(builtins) and not node.value.id.startswith("_")
    try:
        ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True
