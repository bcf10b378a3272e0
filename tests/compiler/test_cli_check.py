"""`aic check` end to end: formats, exit codes, --fix, timings, IR dumps and bad input (never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aic.cli import main
from aic.ir import CODES
from tests.conftest import CORPUS

AIC = Path(sys.executable).with_name("aic")
CLEAN = CORPUS / "check" / "clean_text.py"
SHELL = CORPUS / "check" / "shell_true.py"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(AIC), *args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False)


def assert_one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2
    assert result.stderr.startswith("aic: error: ")
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_console_script_json(tmp_path: Path) -> None:
    result = run("check", "--format", "json", str(SHELL))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert {d["line"] for d in report["diagnostics"]} == {3, 7}
    assert report["summary"]["exit_code"] == 1
    clean = run("check", "--format", "json", str(CLEAN))
    assert clean.returncode == 0
    assert json.loads(clean.stdout)["diagnostics"] == []


def test_text_output_is_ruff_style_with_a_frame(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SHELL)]) == 1
    out = capsys.readouterr().out
    assert f"{SHELL}:7:12: AIC304 " in out
    assert " 7 |     return subprocess.call(" in out
    assert "^^^^" in out
    assert "\x1b[" not in out  # no colour when not a terminal
    assert out.rstrip().endswith("in 1 file.")


def test_sarif_has_every_rule_and_physical_locations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "sarif", str(SHELL)]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    assert [rule["id"] for rule in run_["tool"]["driver"]["rules"]] == list(CODES)
    result = run_["results"][1]
    assert result["ruleId"] == "AIC304"
    assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "AIC304"
    location = result["locations"][0]["physicalLocation"]
    assert location["region"]["startLine"] == 7
    assert location["artifactLocation"]["uri"].endswith("corpus/check/shell_true.py")


def test_fix_rewrites_only_safe_fixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "m.py"
    target.write_text("import os, sys\n\n\ndef f() -> int:\n    unused = 1\n    return 2\n")
    assert main(["check", "--fix", "--gates", "lint", str(target)]) == 1  # F841's fix is unsafe: still reported
    assert target.read_text() == "\n\ndef f() -> int:\n    unused = 1\n    return 2\n"
    assert "F841" not in capsys.readouterr().out  # the text names the code AIC200; the JSON carries F841
    assert main(["check", "--format", "json", "--gates", "lint", str(target)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [d["tool_code"] for d in report["diagnostics"]] == ["F841"]


def test_timings_and_ir_dump_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--timings", "--dump-ir", "lower", "--gates", "syntax,examples", str(CLEAN)]) == 0
    captured = capsys.readouterr()
    assert "--- IR after lower ---" in captured.err
    dumped = json.loads(captured.err.split("--- IR after lower ---\n", 1)[1].split("\nsyntax ", 1)[0])
    assert dumped[str(CLEAN)]["_type"] == "Module"
    assert [f["name"] for f in dumped[str(CLEAN)]["functions"]] == ["most_common_letter", "initials"]
    assert "examples " in captured.err
    assert "All checks passed" in captured.out


def test_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(CORPUS / "check" / name) for name in ("wrong_example.py", "type_error.py", "sql_format.py")]
    main(["check", "--format", "json", *paths])
    first = capsys.readouterr().out
    main(["check", "--format", "json", *paths])
    assert capsys.readouterr().out == first


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "/definitely/not/here.py"], "no such file or directory"),
        (["check", "--gates", "speling", str(CLEAN)], "unknown gate 'speling'"),
        (["check", "--format", "xml", str(CLEAN)], "invalid choice"),
        (["check"], "the following arguments are required"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], needle: str) -> None:
    assert_one_line_error(run(*args), needle)


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.aic.limits]\nmemory_mb = 'lots'\n")
    (tmp_path / "m.py").write_text("x = 1\n")
    assert_one_line_error(run("check", str(tmp_path / "m.py")), "memory_mb")


def test_bad_files_are_findings_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "binary.py").write_bytes(b"\x7fELF\x00\x00\x01")
    (tmp_path / "latin1.py").write_bytes(b"s = '\xff'\n")
    (tmp_path / "huge.py").write_text("x = 1\n" * 300_000)
    result = run("check", "--format", "json", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    codes = {(Path(d["file"]).name, d["code"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert codes == {("binary.py", "AIC002"), ("latin1.py", "AIC002"), ("huge.py", "AIC002")}


def test_directory_of_ten_thousand_files_is_a_clear_error(tmp_path: Path) -> None:
    tree = tmp_path / "many"
    tree.mkdir()
    for index in range(10_000):
        (tree / f"m{index}.py").write_text("x = 1\n")
    assert_one_line_error(run("check", str(tree)), "more than 5000 Python files")
