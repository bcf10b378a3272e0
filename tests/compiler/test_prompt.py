"""The first prompt's styles (compiler/generate/prompt.py): what each shows the model, and which one is
prefilled."""

from __future__ import annotations

from pathlib import Path

import pytest

from aic.config import STYLES
from aic.generate.intents import IntentModule, load_intent
from aic.generate.prompt import ask, opening, prefilled
from aic.ir import Function

INTENT = '''"""Text helpers."""

import re

WORD = re.compile(r"[a-z]+")


def words(text: str) -> list[str]:
    """The lower-case words of text.

    >>> words("a bc")
    ['a', 'bc']
    """
    ...


def count(text: str) -> int:
    """How many words text holds."""
    ...
'''


def loaded(tmp_path: Path) -> tuple[IntentModule, Function]:
    path = tmp_path / "text.py"
    path.write_text(INTENT, encoding="utf-8")
    intent = load_intent(path)
    return intent, next(f for f in intent.functions if f.name == "count")


@pytest.mark.parametrize("style", ["plain", "plan"])
def test_plain_styles_show_the_module_as_code_without_aics_system_prompt(tmp_path: Path, style: str) -> None:
    intent, function = loaded(tmp_path)
    messages = ask(intent, function, style, prefill=True)
    assert [m.role for m in messages] == ["user"] and not prefilled(style, True)
    text = messages[0].content
    assert 'WORD = re.compile(r"[a-z]+")' in text and "import re" in text  # the header, as code
    assert "def words(text: str) -> list[str]:\n    ...  # The lower-case words of text." in text
    assert text.rstrip().endswith('"""How many words text holds."""\n    ...\n```')
    assert ("short plan" in text) == (style == "plan")


def test_the_aic_style_is_prefilled_where_the_backend_allows(tmp_path: Path) -> None:
    intent, function = loaded(tmp_path)
    shown = ask(intent, function, "aic", prefill=False)
    hidden = ask(intent, function, "aic", prefill=True)
    assert shown[0].role == "system" and "def count(text: str) -> int:" in shown[1].content
    assert "def count(text: str) -> int:" not in hidden[1].content  # the opening will carry it
    assert prefilled("aic", True) and not prefilled("aic", False)
    assert opening(intent, function).startswith("```python\ndef count(text: str) -> int:")
    assert set(STYLES) == {"aic", "plain", "plan"}
