"""The project's own modules code under check may import (aic.verifiers.project): only what is asked for, with
its packages and what it imports in turn; never a standard-library name; a digest that moves with the code."""

from __future__ import annotations

from pathlib import Path

from aic.verifiers.project import NO_PROJECT, project_modules


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SHOP = {
    "shop/__init__.py": "",
    "shop/models.py": "from .money import Cents\nfrom shop import units\n\nclass Item:\n    price: Cents\n",
    "shop/money.py": "Cents = int\n",
    "shop/units.py": "import json\nUNIT = 1\n",
    "shop/secret.py": "TOKEN = 'not for the sandbox'\n",
    "json.py": "raise RuntimeError('a project module named like the standard library')\n",
}


def test_only_what_is_imported_with_its_packages_and_imports(tmp_path: Path) -> None:
    found = project_modules(write(tmp_path, SHOP), ["shop.models", "shop.models.Item", "os.path", "nowhere"])
    assert found.names == ("shop", "shop.models", "shop.money", "shop.units")  # no secret, no json.py
    by_name = {m.name: m for m in found.modules}
    assert by_name["shop"].package and by_name["shop"].path == "shop/__init__.py"
    assert not by_name["shop.money"].package and by_name["shop.money"].source == "Cents = int\n"
    assert found.roots == (str(tmp_path.resolve()),)
    assert found.imported == ("shop.models",)
    assert found.allowed == ("shop.models:Item",)  # Cents and units are its imports: not handed on


def test_the_policy_allowance_leaves_out_what_a_module_imported(tmp_path: Path) -> None:
    source = (
        "import os\nimport subprocess as sp\nfrom json import dumps\n\nRATE = 20\nrun = sp.run\nwhere = os.path\n"
        "dump = dumps\nname: str = 'x'\n_private = 1\n\nclass Cart:\n    pass\n\ndef total() -> int:\n    return 1\n"
    )
    write(tmp_path, {"shop/__init__.py": "", "shop/tools.py": source})
    assert project_modules(tmp_path, ["shop.tools"]).allowed == (
        "shop.tools:RATE", "shop.tools:name", "shop.tools:Cart", "shop.tools:total"
    )  # fmt: skip


def test_a_src_layout_is_searched_too(tmp_path: Path) -> None:
    write(tmp_path, {"src/shop/__init__.py": "", "src/shop/models.py": "X = 1\n"})
    found = project_modules(tmp_path, ["shop.models"])
    assert found.names == ("shop", "shop.models")
    assert [m.path for m in found.modules] == ["src/shop/__init__.py", "src/shop/models.py"]
    assert found.roots == (str(tmp_path.resolve()), str((tmp_path / "src").resolve()))


def test_the_digest_moves_with_the_code_and_is_empty_without_any(tmp_path: Path) -> None:
    write(tmp_path, SHOP)
    before = project_modules(tmp_path, ["shop.models"]).digest
    assert before and before == project_modules(tmp_path, ["shop.models"]).digest
    (tmp_path / "shop" / "money.py").write_text("Cents = float\n", encoding="utf-8")  # an indirect import
    assert project_modules(tmp_path, ["shop.models"]).digest != before
    assert project_modules(tmp_path, ["json", "collections.abc"]).digest == "" == NO_PROJECT.digest


def test_an_unreadable_or_broken_module_is_not_served(tmp_path: Path) -> None:
    write(tmp_path, {"shop/__init__.py": "", "shop/bad.py": "def (:\n"})
    (tmp_path / "shop" / "latin.py").write_bytes(b"X = '\xe9'\n")  # not UTF-8
    found = project_modules(tmp_path, ["shop.bad", "shop.latin"])
    assert found.names == ("shop", "shop.bad")  # a syntax error is the gates' to report, on import


def test_nothing_that_could_hold_a_module_is_allowed(tmp_path: Path) -> None:
    reexports = (
        "try:\n    import subprocess\nexcept ImportError:\n    pass\n\nrun = subprocess.run\n"
        "pick = subprocess.run if True else None\ntools = {'sp': subprocess}\ndyn = __import__('subprocess')\n"
        "def helper() -> None:\n    pass\n\nhelper = subprocess\nCents = int\nLIMITS = (1, 2)\n"
    )
    write(tmp_path, {"shop/__init__.py": "", "shop/tools.py": reexports, "shop/star.py": "from os import *\n\nX = 1\n"})
    assert project_modules(tmp_path, ["shop.tools"]).allowed == ("shop.tools:Cents", "shop.tools:LIMITS")
    assert project_modules(tmp_path, ["shop.star"]).allowed == ()  # a star import: nothing is known to be safe
