"""The project code an intent imports, as the model is shown it (aic.generate.context): stubs read from the
source, only of what is imported, in a fixed order, cut to the token cap, none at 0."""

from __future__ import annotations

from pathlib import Path

from aic.generate.context import context
from aic.generate.intents import IntentModule, load_intent
from aic.verifiers.project import project_modules

MODELS = '''"""The shop's types."""

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """One line of a cart.

    Prices are in cents, never floats.
    A third line.
    A fourth line, shown: the docstring is short.
    """

    name: str
    unit_cents: int
    quantity: int = 1
    tags: list[str] = field(default_factory=list)

    def total(self) -> int:
        """unit_cents * quantity."""
        return self.unit_cents * self.quantity

    def _secret(self) -> None:
        os.remove("x")


def discount(item: Item, percent: int) -> Item:
    """A new item, `percent` off."""
    return item


RATE: int = 20
_HIDDEN = 1
'''


def project(tmp_path: Path, header: str) -> tuple[IntentModule, Path]:
    (tmp_path / "shop").mkdir(exist_ok=True)
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "models.py").write_text(MODELS)
    (tmp_path / "intents").mkdir(exist_ok=True)
    path = tmp_path / "intents" / "cart.py"
    path.write_text(
        f'"""Carts."""\n\n{header}\n\n\ndef f(x: int) -> int:\n    """x.\n\n    >>> f(1)\n    1\n    """\n    ...\n'
    )
    return load_intent(path), tmp_path


def shown(tmp_path: Path, header: str, tokens: int = 1024) -> str:
    intent, root = project(tmp_path, header)
    import ast

    from aic.verifiers.project import imported_names

    return context(intent, project_modules(root, set(imported_names(ast.parse(header)))), tokens)


def test_an_imported_class_is_shown_with_its_fields_and_public_methods(tmp_path: Path) -> None:
    text = shown(tmp_path, "from shop.models import Item")
    assert text == (
        '```python\n# shop.models\n@dataclass(frozen=True)\nclass Item:\n    """\n    One line of a cart.\n\n'
        "    Prices are in cents, never floats.\n    A third line.\n    A fourth line, shown: the docstring is short.\n"
        '    """\n    name: str\n    unit_cents: int\n    quantity: int = 1\n'
        "    tags: list[str] = field(default_factory=list)\n    def total(self) -> int:\n"
        '        """unit_cents * quantity."""\n        ...\n```'
    )
    assert "_secret" not in text and "os.remove" not in text and "discount" not in text  # only what is imported


def test_a_whole_module_import_shows_its_public_names(tmp_path: Path) -> None:
    for header in ("import shop.models", "from shop import models"):
        text = shown(tmp_path, header)
        assert "class Item" in text and "def discount(item: Item, percent: int) -> Item:" in text
        assert "RATE: int = 20" in text and "_HIDDEN" not in text and "import os" not in text


def test_the_cap_cuts_and_zero_or_no_project_code_shows_nothing(tmp_path: Path) -> None:
    full = shown(tmp_path, "import shop.models")
    cut = shown(tmp_path, "import shop.models", tokens=30)
    assert len(cut) < len(full) and cut.endswith("# ... (cut to the context's token cap)\n```")
    assert shown(tmp_path, "import shop.models", tokens=0) == ""
    assert shown(tmp_path, "import json") == ""
    assert shown(tmp_path, "import shop.models") == full  # the same every time


def test_a_long_docstring_is_shown_up_to_its_first_blank_line(tmp_path: Path) -> None:
    long = "\n".join(f"    Detail {k}." for k in range(14))
    (tmp_path / "tools.py").write_text(
        f'def scale(x: int) -> int:\n    """Scale x.\n    Twice.\n\n{long}\n    """\n    return x\n'
    )
    intent, root = project(tmp_path, "from tools import scale")
    text = context(intent, project_modules(root, {"tools"}), 1024)
    assert '    """\n    Scale x.\n    Twice.\n    """\n    ...' in text and "Detail" not in text
