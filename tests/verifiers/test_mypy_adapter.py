"""mypy behind its adapter: one run, files with clashing module names split, changed texts through shadows."""

from __future__ import annotations

from pathlib import Path

from aic.verifiers.mypy_adapter import MypyOptions, finish_mypy, start_mypy
from aic.verifiers.workspace import placed

BAD = "def f() -> int:\n    return 'x'\n"


def test_same_module_name_in_two_folders_is_checked_in_both(tmp_path: Path) -> None:
    files = {}
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "util.py"
        path.write_text(BAD)
        files[str(path)] = BAD
    with placed(files, files) as placement:
        found = finish_mypy(start_mypy(placement, MypyOptions(str(tmp_path / "cache"))))
    assert sorted((Path(d.span.file).parent.name, d.span.line, d.code) for d in found) == [
        ("a", 2, "AIC100"),
        ("b", 2, "AIC100"),
    ]


def test_a_changed_text_is_checked_in_place_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("def g() -> int:\n    return 1\n")
    main = tmp_path / "main.py"
    main.write_text("from helper import g\n\n\ndef f() -> int:\n    return g()\n")
    changed = "from helper import g\n\n\ndef f() -> str:\n    return g()\n"
    texts = {str(main): changed}
    with placed(texts, {str(main): main.read_text()}) as placement:
        assert placement.shadows  # the changed text lives in scratch, the file stays as it was
        found = finish_mypy(start_mypy(placement, MypyOptions(str(tmp_path / "cache"))))
    assert [(d.span.file, d.span.line, d.tool_code) for d in found] == [(str(main), 5, "return-value")]
    assert "def f() -> int" in main.read_text()
