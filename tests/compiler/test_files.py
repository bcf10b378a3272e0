"""aic.files: atomic writes, output files in folders that do not exist yet, and paths that loop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aic.cli import main
from aic.files import PathError, output_file, resolve, write_atomically


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    return tmp_path / "a"


def test_a_loop_is_a_path_error_naming_it(loop: Path) -> None:
    with pytest.raises(PathError, match=f"^{loop}: a loop of symbolic links$"):
        resolve(loop)


def test_an_output_file_gets_its_folders(tmp_path: Path) -> None:
    target = output_file(tmp_path / "x" / "y" / "r.json")
    assert target.parent.is_dir() and not target.exists()
    write_atomically(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    write_atomically(target, "text\n")
    assert target.read_text() == "text\n" and os.listdir(target.parent) == ["r.json"]


def test_an_output_file_that_cannot_be(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(PathError, match="cannot create its folder"):
        output_file(tmp_path / "file" / "r.json")
    with pytest.raises(PathError, match="is a folder"):
        output_file(tmp_path)


@pytest.mark.parametrize(
    "command",
    [["check", "{a}"], ["check", "{a}.py"], ["gate", "{a}.py"], ["build", "{a}"], ["report", "{a}"],
     ["adopt", "{a}.py"], ["init", "{a}"], ["audit", "verify", "{a}"]],
)  # fmt: skip
def test_every_command_names_a_loop(command: list[str], loop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (loop.parent / "a.py").symlink_to(loop.parent / "a.py")
    argv = [arg.format(a=loop) for arg in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" not in err and str(loop) in err, err


def test_a_check_report_goes_into_new_folders(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("X = 1\n")
    out = tmp_path / "out" / "check.json"
    assert main(["check", "--gates", "syntax", "--format", "json", "-o", str(out), str(tmp_path / "m.py")]) == 0
    assert '"exit_code": 0' in out.read_text()
