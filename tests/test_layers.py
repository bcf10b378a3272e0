"""Imports point one way. The rooms, from the top: the commands (aic.cli), then aic.guard (gate, adopt, report),
aic.bench, aic.check, aic.generate (the build), aic.state (lock, cache, cost, audit), aic.backends, aic.config,
aic.files, then aic.passes, aic.verifiers and aic.ir. A module may import its own room and the rooms below it,
never one above: every import counts, at the top of a module or inside a function, except type-only imports
(under `if TYPE_CHECKING:`), which never run."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

ROOMS = (
    "aic.cli", "aic.guard", "aic.bench", "aic.check", "aic.generate", "aic.state", "aic.backends", "aic.config",
    "aic.files", "aic.passes", "aic.verifiers", "aic.ir",
)  # fmt: skip
PACKAGES = {"compiler": "aic", "passes": "aic.passes", "verifiers": "aic.verifiers", "ir": "aic.ir"}


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder, package in PACKAGES.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            name = ".".join((package, *parts)).removesuffix(".__init__")
            found[name] = path
    return found


def room(module: str) -> int:
    """The index of `module`'s room in ROOMS; the package root (`aic`: its version) sits below them all."""
    if module == "aic.__main__":
        return 0
    return next((i for i, r in enumerate(ROOMS) if module == r or module.startswith(r + ".")), len(ROOMS))


def imports(path: Path, name: str) -> list[tuple[int, str]]:
    """(line, module) of every `aic` import that can run in the module at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("aic")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("aic"):
            targets = [node.module] if node.module != "aic" else [f"aic.{a.name}" for a in node.names]
            found += [(node.lineno, target) for target in targets]
    return found


def test_imports_point_down() -> None:
    found = modules()
    assert {"aic.cli", "aic.generate.loop", "aic.passes.verify", "aic.ir.nodes"} <= set(found)
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {name} ({ROOMS[room(name)] if room(name) < len(ROOMS) else 'aic'}) "
        f"imports {target} ({ROOMS[room(target)]})"
        for name, path in sorted(found.items())
        for line, target in imports(path, name)
        if room(target) < room(name)
    ]
    assert wrong == []


def test_the_check_itself_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import aic.cli\n\n"
        "def f():\n    from aic.generate import loop\n"
    )
    assert imports(module, "aic.passes.x") == [(6, "aic.generate")]
    assert room("aic.generate") < room("aic.passes.x")
