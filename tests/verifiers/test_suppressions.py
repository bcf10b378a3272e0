"""Code under check cannot switch its own checks off: every suppression comment mypy, ruff and bandit know is
inert, the finding comes back on the span it has without the comment.

Each case is first shown to be a suppression the tool obeys when aic's switch or blanking is not in the way (so
that a misspelt form cannot pass unnoticed), then run through aic's own gate or adapter. All cases of one tool
share one run (one module each), because mypy is slow to start.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from bandit.core import config as bandit_config
from bandit.core import manager as bandit_manager
from ruff.__main__ import find_ruff_bin

from aic.ir import Diagnostic
from aic.passes import PassManager, Unit
from aic.verifiers.bandit_adapter import run_bandit
from aic.verifiers.mypy_adapter import MypyOptions, finish_mypy, start_mypy
from aic.verifiers.suppressions import blank_mypy_suppressions
from aic.verifiers.workspace import placed

# (first line, tail of the offending line): the finding is always on line 3, whatever the comment.
MYPY_FORMS = {
    "line": ("", "  # type: ignore"),
    "line_code": ("", "  # type: ignore[return-value]"),
    "line_codes": ("", "  # type: ignore[return-value, misc]"),
    "line_tight": ("", "  #type:ignore"),
    "line_tabs": ("", "  #\ttype:\tignore[return-value]"),
    "line_unicode_space": ("", "  #\u3000type:\u3000ignore"),
    "line_reason": ("", "  # type: ignore  # the test says so"),
    "file": ("# type: ignore", ""),
    "inline_ignore_errors": ("# mypy: ignore-errors", ""),
    "inline_no_space": ("# mypy:ignore-errors", ""),
    "inline_disable_code": ("# mypy: disable-error-code=return-value", ""),
    "inline_option_list": ("# mypy: strict=False, ignore-errors=True", ""),
}
MYPY_TEMPLATE = '{head}\ndef f() -> int:\n    return "x"{tail}\n'

RUFF_FORMS = {
    "noqa": ("", "  # noqa"),
    "noqa_code": ("", "  # noqa: F401"),
    "noqa_tight_upper": ("", "  #NOQA:F401"),
    "noqa_no_colon": ("", "  # noqa F401"),
    "ruff_ignore": ("", "  # ruff: ignore[F401]"),
    "file_ruff_noqa": ("# ruff: noqa", ""),
    "file_ruff_noqa_code": ("# ruff: noqa: F401", ""),
    "file_ruff_noqa_tight": ("#ruff:noqa", ""),
    "file_flake8_noqa": ("# flake8: noqa", ""),
    "file_ruff_disable": ("# ruff: disable[F401]", ""),
    "file_ruff_file_ignore": ("# ruff: file-ignore[F401]", ""),
}
RUFF_TEMPLATE = "{head}\nimport os{tail}\n"

BANDIT_FORMS = {
    "nosec": "  # nosec",
    "nosec_id": "  # nosec B307",
    "nosec_colon": "  # nosec: B307",
    "nosec_tight": "  #nosec",
    "nosec_ids": "  # nosec B102, B307",
    "nosec_name": "  # nosec eval",
    "nosec_after_noqa": "  # noqa  # nosec",
}
BANDIT_TEMPLATE = "def f(x: str) -> object:\n    return eval(x){tail}\n"


def _write(folder: Path, texts: dict[str, str]) -> dict[str, str]:
    out = {}
    for name, text in texts.items():
        path = folder / f"{name}.py"
        path.write_text(text, newline="")
        out[str(path)] = text
    return out


def _spans(found: list[Diagnostic] | tuple[Diagnostic, ...], tool: str) -> dict[str, list[tuple[object, ...]]]:
    out: dict[str, list[tuple[object, ...]]] = {}
    for d in found:
        if d.tool == tool:
            s = d.span
            where = (s.line, s.column, s.end_line, s.end_column)
            out.setdefault(Path(s.file).stem, []).append((d.code, d.tool_code, *where))
    return out


def test_every_mypy_suppression_is_blanked(tmp_path: Path) -> None:
    texts = {"plain": MYPY_TEMPLATE.format(head="", tail="")}
    texts |= {name: MYPY_TEMPLATE.format(head=head, tail=tail) for name, (head, tail) in MYPY_FORMS.items()}
    files = _write(tmp_path, texts)
    with placed(files, files) as placement:  # mypy on the text as written: every form silences it
        obeyed = _spans(finish_mypy(start_mypy(placement, MypyOptions(str(tmp_path / "cache")))), "mypy")
    assert set(obeyed) == {"plain"}
    result = PassManager(["types"]).run(Unit(files))
    expected = [("AIC100", "return-value", 3, 12, 3, 14)]
    assert obeyed["plain"] == expected
    assert _spans(result.unit.diagnostics, "mypy") == {name: expected for name in texts}
    assert all(Path(path).read_text() == text for path, text in files.items())  # the files are left as written


def test_a_module_not_on_disk_is_blanked_too() -> None:
    text = MYPY_TEMPLATE.format(head="# mypy: ignore-errors", tail="")
    result = PassManager(["types"]).run(Unit({"nowhere/m.py": text}))
    assert _spans(result.unit.diagnostics, "mypy") == {"m": [("AIC100", "return-value", 3, 12, 3, 14)]}


def test_type_comments_still_work_and_lose_only_their_ignore(tmp_path: Path) -> None:
    texts = {
        "typed": "x = []  # type: list[int]\nx.append(1)\n",
        "mistyped": "x = []  # type: list[int]\nx.append('s')\n",
        "mistyped_ignored": "x = []  # type: list[int]  # type: ignore\nx.append('s')  # type: ignore[arg-type]\n",
        "signature": "def f(a):  # type: (int) -> str  # type: ignore\n    return a\n",
    }
    result = PassManager(["types"]).run(Unit(_write(tmp_path, texts)))
    found = _spans(result.unit.diagnostics, "mypy")
    assert "typed" not in found
    # Without its type comment `x = []` would take its type from the append: the finding proves the comment read.
    assert found["mistyped"] == found["mistyped_ignored"] == [("AIC100", "arg-type", 2, 10, 2, 12)]
    assert [finding[1] for finding in found["signature"]] == ["return-value"]


def test_blanking_keeps_positions_strings_and_type_comments() -> None:
    kept = [
        's = "# type: ignore"\n',
        's = """\n# mypy: ignore-errors\n"""\n',
        "x = []  # type: list[int]\n",
        "x = 1  # type: ignoreé\n",  # a type comment naming a type, for CPython as for mypy
        "x = 1  # noqa  # nosec\n",  # not mypy's; ruff and bandit have their own switches
    ]
    for text in kept:
        assert blank_mypy_suppressions(text) == text
    after_type_comment = "x = []  # type: list[int]  # type: ignore\n"
    assert blank_mypy_suppressions(after_type_comment) == "x = []  # type: list[int]" + " " * 16 + "\n"
    after_string = 's = "# type: ignore"  # type: ignore\r\n'
    assert blank_mypy_suppressions(after_string) == 's = "# type: ignore"' + " " * 16 + "\r\n"
    assert blank_mypy_suppressions("x = 1\r# mypy: ignore-errors\r") == "x = 1\r" + " " * 21 + "\r"


def test_text_tokenize_cannot_read_is_blanked_everywhere() -> None:
    # Fail closed: the syntax gate refuses such text anyway, and no directive in it may stay in force.
    assert blank_mypy_suppressions('s = """\n# type: ignore\n') == 's = """\n' + " " * 14 + "\n"


def _ruff_obeys(paths: list[str]) -> set[str]:
    """Stems of the files with an F401 finding when ruff honours suppressions (no --ignore-noqa)."""
    args = [find_ruff_bin(), "check", "--isolated", "--no-cache", "--select", "F401", "--output-format", "json"]
    done = subprocess.run([*args, "--exit-zero", "--", *paths], capture_output=True, check=True)
    return {Path(record["filename"]).stem for record in json.loads(done.stdout)}


def test_every_ruff_suppression_is_ignored(tmp_path: Path) -> None:
    texts = {"plain": RUFF_TEMPLATE.format(head="", tail="")}
    texts |= {name: RUFF_TEMPLATE.format(head=head, tail=tail) for name, (head, tail) in RUFF_FORMS.items()}
    files = _write(tmp_path, texts)
    assert _ruff_obeys(sorted(files)) == {"plain"}
    result = PassManager(["lint"]).run(Unit(files))
    expected = [("AIC202", "F401", 2, 8, 2, 10)]
    assert _spans(result.unit.diagnostics, "ruff") == {name: expected for name in texts}


@pytest.mark.parametrize("name", ["noqa_code", "file_ruff_noqa", "ruff_ignore"])
def test_autofix_fixes_what_a_suppression_covers(tmp_path: Path, name: str) -> None:
    head, tail = RUFF_FORMS[name]
    text = RUFF_TEMPLATE.format(head=head, tail=tail) + "\n\ndef f() -> int:\n    return 1\n"
    files = _write(tmp_path, {name: text})
    result = PassManager(["lint", "autofix"]).run(Unit(files))
    fixed = result.unit.texts[next(iter(files))]
    assert "import os" not in fixed and "def f() -> int:" in fixed
    assert [d for d in result.unit.diagnostics if d.tool == "ruff"] == []


def _bandit_obeys(paths: list[str]) -> set[str]:
    """Stems of the files with a B307 finding when bandit honours `# nosec`."""
    manager = bandit_manager.BanditManager(bandit_config.BanditConfig(), "file", quiet=True)
    manager.discover_files(paths)
    manager.run_tests()
    return {Path(issue.fname).stem for issue in manager.get_issue_list() if issue.test_id == "B307"}


def test_every_bandit_suppression_is_ignored(tmp_path: Path) -> None:
    texts = {"plain": BANDIT_TEMPLATE.format(tail="")}
    texts |= {name: BANDIT_TEMPLATE.format(tail=tail) for name, tail in BANDIT_FORMS.items()}
    files = _write(tmp_path, texts)
    assert _bandit_obeys(sorted(files)) == {"plain"}
    with placed(files, files) as placement:
        found = _spans(run_bandit(placement), "bandit")
    expected = [("AIC301", "B307", 2, 12, 2, 19)]
    assert found == {name: expected for name in texts}
