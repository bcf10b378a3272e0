"""The shape the code keeps: one place in the product builds the gate pipeline, and compiler/'s files and
functions stay small enough to read (at most 300 lines a file, 40 a function)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PRODUCT = ("compiler", "passes", "verifiers", "ir")


def sources(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def test_one_place_builds_the_gate_pipeline() -> None:
    builders = sorted(
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sources(*PRODUCT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "PassManager"
    )
    assert [b.split(":")[0] for b in builders] == ["passes/verify.py"], builders


def test_compiler_files_and_functions_stay_small() -> None:
    too_long = []
    for path in sources("compiler"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 300:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > 40:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} has {size} lines")
    assert too_long == []
