"""The hand-written project code most related to an intent (aic.generate.related): a BM25 ranking over names,
parameter names and docstrings, of the project's packages only, without what the intent already imports."""

from __future__ import annotations

from pathlib import Path

from aic.generate.intents import IntentModule, load_intent
from aic.generate.related import definitions
from aic.generate.related import related as ranked

PRICING = '''"""Prices."""


def format_cents(cents: int) -> str:
    """Cents as dollars with two decimals: 1234 -> '$12.34'."""
    return ""


def apply_discount(cents: int, percent: int) -> int:
    """The price after a discount of `percent` percent, rounded down."""
    return cents


def parse_sku(text: str) -> tuple[str, int]:
    """A stock-keeping unit 'ABC-12' as its letters and number."""
    return text, 0


def _dollars_helper() -> None:
    """Dollars dollars dollars: private, never shown."""
'''
INTENT = '''"""Receipts."""

from shop.pricing import apply_discount


def receipt_line(name: str, cents: int) -> str:
    """One receipt line: the name and the price formatted as dollars.

    >>> receipt_line("pen", 300)
    'pen: $3.00'
    """
    ...
'''


def project(root: Path, files: dict[str, str]) -> IntentModule:
    for name, text in {
        "shop/__init__.py": "",
        "shop/pricing.py": PRICING,
        "intents/receipt.py": INTENT,
        **files,
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return load_intent(root / "intents" / "receipt.py")


SKIP = {"intents", "tests", "generated"}


def related(root: Path, intent: IntentModule, skip: set[str], k: int) -> list[tuple[str, str]]:
    return ranked(intent, definitions(root, skip), k)


def test_the_most_related_definitions_come_first_without_what_is_imported(tmp_path: Path) -> None:
    intent = project(tmp_path, {})
    assert related(tmp_path, intent, SKIP, 3) == [("shop.pricing", "format_cents")]  # the others score 0
    assert related(tmp_path, intent, SKIP, 0) == []


def test_only_hand_written_packages_are_ranked(tmp_path: Path) -> None:
    dollars = 'def dollars_format(dollars: int) -> str:\n    """Dollars formatted as dollars."""\n    return ""\n'
    places = ["generated", "tests", ".hidden", "venv", "loose"]
    files = {f"{place}/__init__.py": "" for place in places if place != "loose"}
    files.update({f"{place}/money.py": dollars for place in places})
    files["venv/pyvenv.cfg"] = "home = /usr\n"
    intent = project(tmp_path, files)
    (tmp_path / "loose" / "__init__.py").unlink(missing_ok=True)  # not a package: not entered
    assert related(tmp_path, intent, SKIP, 5) == [("shop.pricing", "format_cents")]
    (tmp_path / "src" / "lib").mkdir(parents=True)
    (tmp_path / "src" / "lib" / "__init__.py").write_text("")
    (tmp_path / "src" / "lib" / "money.py").write_text(dollars)  # a src layout is searched
    assert related(tmp_path, intent, SKIP, 5) == [("lib.money", "dollars_format"), ("shop.pricing", "format_cents")]
    assert related(tmp_path, intent, SKIP, 1) == [("lib.money", "dollars_format")]
    assert related(tmp_path, intent, SKIP, 5) == related(tmp_path, intent, SKIP, 5)  # the same every time
