"""Bad input: missing, binary, non-UTF-8, huge files and huge trees give a finding or a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from aic.check.sources import InputError, discover, read_sources
from aic.config import Config


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        discover([str(tmp_path / "ghost.py")], Config())


def test_unreadable_content_is_a_located_finding(tmp_path: Path) -> None:
    (tmp_path / "binary.py").write_bytes(b"x = 1\n\x00\x01\x02")
    (tmp_path / "latin1.py").write_bytes(b"x = 1\ny = '\xe9'\n")
    (tmp_path / "huge.py").write_text("x = 1\n" * 50_000)
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfx = 1\n")
    files = discover([str(tmp_path)], Config())
    loaded = read_sources(files, max_bytes=100_000)
    problems = {Path(d.span.file).name: d for d in loaded.problems}
    assert set(problems) == {"binary.py", "latin1.py", "huge.py"}
    assert all(d.code == "AIC002" for d in problems.values())
    assert (problems["latin1.py"].span.line, problems["latin1.py"].span.column) == (2, 6)
    assert "binary" in problems["binary.py"].message
    assert "limit" in problems["huge.py"].message
    assert loaded.sources[str(tmp_path / "bom.py")] == "x = 1\n"


def test_too_many_files_is_a_clear_error(tmp_path: Path) -> None:
    for index in range(30):
        (tmp_path / f"m{index}.py").write_text("x = 1\n")
    with pytest.raises(InputError, match="more than 20 Python files"):
        discover([str(tmp_path)], Config(max_files=20))


def test_excludes_and_default_excludes(tmp_path: Path) -> None:
    for name in ("keep/a.py", "skip/b.py", ".venv/c.py", "keep/__pycache__/d.py", "notes.txt"):
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("x = 1\n")
    files = discover([str(tmp_path)], Config(exclude=("skip",)))
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == ["keep/a.py"]
    assert discover([str(tmp_path / "notes.txt")], Config()) == [str(tmp_path / "notes.txt")]
