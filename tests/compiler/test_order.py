"""Build order (aic.generate.order): an intent importing another intent's generated module is built after it;
a cycle is a one-line error naming it, and `aic build` exits 2 on it without asking a model."""

from __future__ import annotations

from pathlib import Path

import pytest

from aic.cli import main
from aic.generate.intents import IntentError, IntentModule, load_intent
from aic.generate.order import build_order


def intent(folder: Path, name: str, imports: str = "") -> IntentModule:
    folder.mkdir(exist_ok=True)
    doc = f'    """x.\n\n    >>> f_{name}(1)\n    1\n    """\n'
    body = f'"""{name}."""\n\n{imports}\n\n\ndef f_{name}(x: int) -> int:\n{doc}    ...\n'
    path = folder / f"{name}.py"
    path.write_text(body, encoding="utf-8")
    return load_intent(path)


def test_a_module_is_built_after_the_generated_modules_it_imports(tmp_path: Path) -> None:
    folder = tmp_path / "intents"
    intents = [
        intent(folder, "alpha", "from pkg.gamma import f_gamma"),  # name order would build it first
        intent(folder, "beta", "import pkg.alpha"),
        intent(folder, "gamma"),
        intent(folder, "delta", "from pkg import beta\nfrom os import path"),
    ]
    order = [i.name for i in build_order(intents, "pkg")]
    assert order == ["gamma", "alpha", "beta", "delta"]
    assert [i.name for i in build_order(list(reversed(intents)), "pkg")] == order  # whatever the input order


def test_independent_modules_keep_name_order_and_other_packages_do_not_count(tmp_path: Path) -> None:
    folder = tmp_path / "intents"
    intents = [intent(folder, "b", "from shop.a import x"), intent(folder, "a"), intent(folder, "c", "import pkgs.a")]
    assert [i.name for i in build_order(intents, "pkg")] == ["a", "b", "c"]


def test_a_cycle_is_one_line_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "intents"
    intents = [intent(folder, "a", "from pkg.b import f_b"), intent(folder, "b", "from pkg.c import f_c")]
    intents.append(intent(folder, "c", "from pkg import a"))
    with pytest.raises(IntentError) as raised:
        build_order(intents, "pkg")
    message = str(raised.value)
    assert "\n" not in message and message.endswith("in a cycle: a imports b imports c imports a")
    assert message.startswith(str(folder / "a.py") + ":1:")


def test_an_intent_importing_its_own_module_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IntentError, match="imports its own generated module"):
        build_order([intent(tmp_path / "intents", "a", "import pkg.a")], "pkg")


def test_aic_build_stops_on_a_cycle_before_any_model_call(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.aic]\noutput = "src/pkg"\nbackend = "anthropic"\n')
    intent(tmp_path / "intents", "a", "from pkg.b import f_b")
    intent(tmp_path / "intents", "b", "from pkg.a import f_a")
    assert main(["build", str(tmp_path)]) == 2  # no API key either: the cycle is found first
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.endswith("in a cycle: a imports b imports a"), err
