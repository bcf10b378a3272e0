"""Intents that use the project's own code (issue 21): a hand-written module of types and an intent importing
another intent's generated module. Built in import order; the gates see the project (mypy checks against the
real types, the sandbox serves the imported modules, the policy allows exactly those and the lock records
them); a changed dependency invalidates only its dependents; `--locked` replays byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aic import backends
from aic.backends import Reply, Request
from aic.cli import main
from aic.config import BuildSettings
from aic.state.lock import read_lock
from tests.compiler.scripted import run_emitted_tests

MODELS = '''"""The shop's types."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    name: str
    unit_cents: int
    quantity: int
'''
CART = '''"""Cart totals."""

from shop.models import Item


def total_cents(items: list[Item]) -> int:
    """Each item's unit price times its quantity, summed.

    >>> total_cents([Item("pen", 150, 2), Item("ink", 300, 1)])
    600
    """
    ...
'''
BASKET = '''"""Baskets with tax."""

from pkg.cart import total_cents
from shop.models import Item


def with_tax(items: list[Item], rate_percent: int) -> int:
    """The cart's total plus `rate_percent` percent tax, rounded down.

    >>> with_tax([Item("pen", 100, 1)], 20)
    120
    """
    ...
'''
GREET = '''"""Greetings."""


def greet(name: str) -> str:
    """Hello.

    >>> greet("Ada")
    'Hello, Ada'
    """
    ...
'''
RIGHT = {
    "total_cents": "def total_cents(items: list[Item]) -> int:\n"
    "    return sum(i.unit_cents * i.quantity for i in items)\n",
    "with_tax": "def with_tax(items: list[Item], rate_percent: int) -> int:\n"
    "    return total_cents(items) * (100 + rate_percent) // 100\n",
    "greet": "def greet(name: str) -> str:\n    return f'Hello, {name}'\n",
}


class ByName:
    """Answers by the function a request is about, whatever the order (inputs proposals get no calls)."""

    name, model, digest, prefill = "scripted", "scripted-model", "scripted-model", False

    def __init__(self, code: dict[str, str]) -> None:
        self.code = code
        self.asked: list[str] = []
        self.prompts: dict[str, str] = {}  # function -> the text of its first request for code
        self.stderr = ""  # what the build it served wrote on stderr

    def complete(self, request: Request) -> Reply:
        text = json.dumps([m.content for m in request.messages])
        name = next(n for n in self.code if f"`{n}`" in text)
        self.asked.append(name)
        if "Write the body" in text:  # not the call asking for probe inputs
            self.prompts.setdefault(name, text)
        return Reply(f"```python\n{self.code[name]}```", "stop", prompt_tokens=10, completion_tokens=10, seconds=0.01)

    def close(self) -> None:
        pass


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "shop"\nversion = "0"\n[tool.aic]\noutput = "pkg"\nsamples = 1\nagree = 1\n'
        'extra_samples = 0\nmax_repairs = 0\n[tool.pytest.ini_options]\npythonpath = ["."]\n'
    )
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "models.py").write_text(MODELS)
    (tmp_path / "shop" / "secret.py").write_text("TOKEN = 'never imported by an intent'\n")
    (tmp_path / "intents").mkdir()
    for name, text in (("basket", BASKET), ("cart", CART), ("greet", GREET)):
        (tmp_path / "intents" / f"{name}.py").write_text(text)
    return tmp_path


def build(
    root: Path,
    code: dict[str, str] | ByName,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *flags: str,
) -> tuple[int, dict[str, Any], ByName]:
    """A build's exit status and JSON report, answered by `code` (or that backend)."""
    backend = code if isinstance(code, ByName) else ByName(code)

    def make(settings: BuildSettings) -> ByName:
        return backend

    monkeypatch.setattr(backends, "make_backend", make)
    status = main(["build", str(root), "--format", "json", "--no-cache", *flags])
    captured = capsys.readouterr()
    backend.stderr = captured.err
    assert captured.out, captured.err
    return status, json.loads(captured.out), backend


def findings(report: dict[str, Any], name: str) -> list[str]:
    function = next(f for m in report["modules"] for f in m["functions"] if f["name"] == name)
    return [f"{d['code']} {d['message']}" for a in function["attempts"] for d in a["diagnostics"]]


def test_modules_are_built_in_import_order_against_the_project(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report, backend = build(shop, RIGHT, monkeypatch, capsys)
    assert status == 0, report
    assert [m["module"] for m in report["modules"]] == ["cart", "basket", "greet"]  # not name order
    assert list(dict.fromkeys(backend.asked)) == ["total_cents", "with_tax", "greet"]
    assert run_emitted_tests(shop).returncode == 0
    lock = read_lock(shop / "aic.lock")
    assert lock is not None
    assert lock.modules["basket"].project == ("pkg.cart:total_cents", "shop.models:Item")  # Item: cart imports it
    assert lock.modules["cart"].project == ("shop.models:Item",) and lock.modules["greet"].project == ()


def test_the_gates_judge_against_the_real_types_and_modules(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    unknown = {**RIGHT, "total_cents": RIGHT["total_cents"].replace("i.unit_cents * i.quantity", "i.price")}
    status, report, backend = build(shop, unknown, monkeypatch, capsys, "--keep-going")
    assert status == 1
    assert 'AIC100 "Item" has no attribute "price"' in findings(report, "total_cents")  # mypy read shop/models.py
    assert [m["module"] for m in report["modules"]] == ["cart", "greet"]  # basket waits for a cart that failed
    assert "aic: error: basket: not built: it imports pkg.cart, which was not emitted" in backend.stderr
    status, report, _ = build(
        shop, {**RIGHT, "with_tax": RIGHT["with_tax"].replace("// 100", "// 10")}, monkeypatch, capsys
    )
    assert status == 1
    assert findings(report, "with_tax") == [
        "AIC400 example `with_tax([Item(\"pen\", 100, 1)], 20)` expected '120', got '1200'"
    ]  # ran in the sandbox on the real Item and the cart emitted before it


def test_a_changed_dependency_rebuilds_only_its_dependents_and_locked_replays_byte_for_byte(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(shop, RIGHT, monkeypatch, capsys)[0] == 0
    files = {p: p.read_bytes() for p in [shop / "aic.lock", *sorted((shop / "pkg").glob("*.py"))]}
    status, _, backend = build(shop, RIGHT, monkeypatch, capsys, "--locked")
    assert status == 0 and backend.asked == []
    assert {p: p.read_bytes() for p in files} == files
    (shop / "shop" / "models.py").write_text(MODELS + "\n\nTAX = 20\n")
    status, _, backend = build(shop, RIGHT, monkeypatch, capsys, "--locked")
    assert status == 1 and backend.asked == []
    status, _, backend = build(shop, RIGHT, monkeypatch, capsys)
    assert status == 0 and set(backend.asked) == {"total_cents", "with_tax"}  # greet imports none of it


@pytest.mark.parametrize(
    "reach",
    ["import shop.secret", "from shop import secret", "from shop.secret import TOKEN", "import shop",
     "from shop.models import dataclass", "import shop.models as m\n    print(m.dataclass)"],
)  # fmt: skip
def test_a_candidate_may_import_only_the_project_modules_its_intent_imports(
    shop: Path, reach: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = RIGHT["total_cents"].replace("    return", f"    {reach}\n    return")
    status, report, _ = build(shop, {**RIGHT, "total_cents": body}, monkeypatch, capsys, "--keep-going")
    assert status == 1 and not (shop / "pkg" / "cart.py").exists()
    assert any(f.startswith("AIC316 ") and "shop" in f for f in findings(report, "total_cents"))


def test_the_model_is_shown_the_project_code_the_intent_imports_unless_switched_off(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, backend = build(shop, RIGHT, monkeypatch, capsys)
    assert "class Item:" in backend.prompts["total_cents"] and "unit_cents: int" in backend.prompts["total_cents"]
    assert "def total_cents(items: list[Item]) -> int:" in backend.prompts["with_tax"]  # the generated module's
    assert "secret" not in backend.prompts["total_cents"] and "class Item" not in backend.prompts["greet"]
    _, _, backend = build(shop, RIGHT, monkeypatch, capsys, "--no-context", "--refresh")
    assert "unit_cents" not in backend.prompts["total_cents"]


def test_explain_prints_the_prompt_with_its_context_and_calls_no_model(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_model(settings: BuildSettings) -> ByName:
        raise AssertionError("--explain asked for a backend")

    monkeypatch.setattr(backends, "make_backend", no_model)
    assert main(["build", str(shop), "--explain", "basket.with_tax"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# basket.with_tax: the first prompt (aic style)")
    assert "# pkg.cart\n" not in out  # not built yet: nothing generated to show
    assert "# shop.models\n@dataclass(frozen=True)\nclass Item:\n    name: str\n    unit_cents: int" in out
    assert not (shop / "pkg").exists() and not (shop / "aic.lock").exists()
    assert main(["build", str(shop), "--explain", "nowhere"]) == 2
    assert capsys.readouterr().err.strip() == "aic: error: --explain nowhere: no intent holds that function"


PRICING = '''"""Prices."""


def format_cents(cents: int) -> str:
    """Cents as dollars with two decimals: 1234 -> '$12.34'."""
    return f"${cents // 100}.{cents % 100:02d}"


def parse_sku(text: str) -> tuple[str, int]:
    """A stock-keeping unit 'ABC-12' as its letters and number."""
    letters, _, number = text.partition("-")
    return letters, int(number)
'''
RECEIPT = '''"""Receipts."""

from shop.models import Item


def receipt_line(item: Item) -> str:
    """One receipt line: the item's name, its quantity and its total price formatted as dollars.

    >>> receipt_line(Item("pen", 150, 2))
    'pen x2: $3.00'
    """
    ...
'''
LINE = (
    "def receipt_line(item: Item) -> str:\n"
    "    return f'{item.name} x{item.quantity}: {format_cents(item.unit_cents * item.quantity)}'\n"
)


def test_related_project_code_is_shown_and_only_what_is_shown_may_be_imported(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (shop / "shop" / "pricing.py").write_text(PRICING)
    (shop / "intents" / "receipt.py").write_text(RECEIPT)
    code = {**RIGHT, "receipt_line": "from shop.pricing import format_cents\n\n" + LINE}
    status, report, backend = build(shop, code, monkeypatch, capsys)
    assert status == 0, report
    assert "# related, not imported: from shop.pricing import format_cents" in backend.prompts["receipt_line"]
    assert "parse_sku" not in backend.prompts["receipt_line"]  # nothing in common with a receipt line
    lock = read_lock(shop / "aic.lock")
    assert lock is not None and "shop.pricing:format_cents" in lock.modules["receipt"].project
    sku = {**code, "receipt_line": "from shop.pricing import parse_sku\n\n" + LINE.replace("format_cents(", "str(")}
    status, report, _ = build(shop, sku, monkeypatch, capsys, "--refresh", "--keep-going")
    assert any(f.startswith("AIC316 ") and "parse_sku" in f for f in findings(report, "receipt_line"))
    status, report, _ = build(shop, code, monkeypatch, capsys, "--refresh", "--keep-going", "--no-context")
    assert any(f.startswith("AIC316 ") and "shop.pricing" in f for f in findings(report, "receipt_line"))
