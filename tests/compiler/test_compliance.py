"""`aic report`: the compliance report from the lock and the audit log, in each format, holding no secrets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aic import backends
from aic.cli import main
from aic.state.lock import LOCK_NAME, loads
from tests.compiler.scripted import ScriptedBackend, fenced
from tests.compiler.test_build import CLAMP, DOUBLE

SECRET = "sk-ant-do-not-leak-0123456789"


@pytest.fixture
def reported(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    backend = ScriptedBackend([fenced(DOUBLE), fenced(CLAMP)])
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    assert main(["build", str(project)]) == 0
    return project


def report(project: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    target = project / "rep" / kind / f"report.{kind}"  # folders that do not exist yet are created
    assert main(["report", str(project), "--format", kind, "--output", str(target)]) == 0
    text = target.read_text()
    assert SECRET not in text
    return text


def test_json_holds_who_what_and_which_checks(reported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(report(reported, "json", capsys))
    assert data["summary"]["functions"] == 2 and data["summary"]["audit_chain"] == "intact"
    function = data["modules"][0]["functions"][0]
    assert function["name"] == "clamp" and function["backend"] == "scripted"
    assert set(function["gates"]) == {"syntax", "lint", "types", "security", "examples", "contracts"}
    assert {"mypy", "ruff", "bandit", "z3-solver"} <= set(function["tools"])
    assert [h["event"] for h in function["history"]] == ["built"]


def test_markdown_and_html_are_readable_and_self_contained(reported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    markdown = report(reported, "md", capsys)
    assert "## Summary" in markdown and "## Module `arith`" in markdown and "| `double` |" in markdown
    page = report(reported, "html", capsys)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "id='summary'" in page
    assert "<script" not in page and "<link" not in page
    assert re.findall(r"https?://[^'\"]+", page) == ["http://www.w3.org/2000/svg"]  # the SVG namespace only


def test_sarif_of_the_emitted_modules(reported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(report(reported, "sarif", capsys))
    assert data["version"] == "2.1.0" and data["runs"][0]["tool"]["driver"]["name"] == "aic"
    rules = data["runs"][0]["tool"]["driver"]["rules"]
    assert any(rule["id"] == "AIC501" for rule in rules)


def test_no_lock_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path), "--format", "json"]) == 2
    assert "aic.lock: not found" in capsys.readouterr().err


def test_policy_waivers_are_recorded_in_the_lock_and_the_report(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "pyproject.toml"
    plain = config.read_text()
    config.write_text(plain + '[tool.aic.policy]\nallow = ["random", "network"]\nimports = ["numpy"]\nbandit = false\n')
    monkeypatch.setattr(backends, "make_backend", lambda settings: ScriptedBackend([fenced(DOUBLE), fenced(CLAMP)]))
    assert main(["build", str(project)]) == 0
    lock = loads((project / LOCK_NAME).read_text())
    assert (lock.allow, lock.disabled) == (("import:numpy", "network", "random"), ("bandit",))
    summary = json.loads(report(project, "json", capsys))["summary"]
    assert summary["policy_allowances"] == "import:numpy (AIC316), network (AIC305), random (AIC312)"
    assert summary["gates_off"] == "bandit"
    assert "<td class='bad'>import:numpy (AIC316), network (AIC305), random (AIC312)</td>" in report(
        project, "html", capsys
    )
    assert "| policy allowances | import:numpy (AIC316), network (AIC305), random (AIC312) |" in report(
        project, "md", capsys
    )
    # Narrowing the policy: a --locked build refuses to pretend the lock was verified under it ...
    config.write_text(plain)
    capsys.readouterr()
    assert main(["build", str(project), "--locked"]) == 1
    assert "the policy differs from the one the lock was built under" in capsys.readouterr().err
    # ... and an ordinary build re-verifies the locked code (no model call) and records the new policy.
    monkeypatch.setattr(backends, "make_backend", lambda settings: ScriptedBackend([]))
    assert main(["build", str(project)]) == 0
    assert loads((project / LOCK_NAME).read_text()).allow == ()


def test_an_isolation_waiver_is_recorded_in_the_lock_and_the_report(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AIC_BWRAP", "/nonexistent/bwrap")  # no OS isolation: the examples run only when waived
    config = project / "pyproject.toml"
    config.write_text(config.read_text().replace("[tool.aic]\n", '[tool.aic]\nisolation = "waived"\n', 1))
    monkeypatch.setattr(backends, "make_backend", lambda settings: ScriptedBackend([fenced(DOUBLE), fenced(CLAMP)]))
    assert main(["build", str(project)]) == 0
    assert loads((project / LOCK_NAME).read_text()).disabled == ("isolation",)
    assert json.loads(report(project, "json", capsys))["summary"]["gates_off"] == "isolation"
    assert "<td class='bad'>isolation</td>" in report(project, "html", capsys)
