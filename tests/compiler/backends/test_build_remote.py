"""`aic build` on the remote backends, their HTTP mocked: faults stop the build cleanly, nothing from a failed
call is cached or locked, a stopped build resumes from the cache, and the key appears in no output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest

from aic import backends
from aic.backends import Backend
from aic.backends.claude import ClaudeBackend
from aic.backends.openai_compat import OpenAIBackend
from aic.cli import main
from aic.config import BuildSettings
from tests.compiler.backends.fake_servers import KEY, Script, chat_completion, claude_message, status
from tests.compiler.scripted import fenced
from tests.compiler.test_build import CLAMP, DOUBLE

CODE = {"double": DOUBLE, "clamp": CLAMP}
MAKE_BACKEND = backends.make_backend


def answer(request: Any, lib: Any, kind: str) -> Any:
    body = json.loads(request.content)
    name = re.search(r"function `(\w+)`", json.dumps(body["messages"]))
    assert name is not None
    text = fenced(CODE[name.group(1)])
    return lib.Response(200, json=chat_completion(text) if kind == "openai" else claude_message(text))


def use(monkeypatch: pytest.MonkeyPatch, project: Path, kind: str, script: Script) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    config = project / "pyproject.toml"
    if "[tool.aic.prices]" not in config.read_text():
        with config.open("a") as handle:
            handle.write(f'[tool.aic.prices]\n"{kind}/served-model" = {{ input = 2.0, output = 10.0 }}\n')

    def make(settings: BuildSettings) -> Backend:
        assert settings.backend == kind and settings.model == "served-model"
        if kind == "openai":
            transport = script.httpx_transport()
            return OpenAIBackend("served-model", "https://api.example.com/v1", transport=transport, sleep=script.sleep)
        return ClaudeBackend("served-model", http_client=script.httpx2_client(), sleep=script.sleep)

    monkeypatch.setattr(backends, "make_backend", make)


def everything_written(project: Path, *streams: str) -> str:
    files = [p.read_text(errors="replace") for p in project.rglob("*") if p.is_file()]
    return "\n".join([*files, *streams])


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
def test_a_build_through_faults_succeeds_and_records_cost(
    project: Path, kind: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = httpx if kind == "openai" else httpx2
    script = Script([status(503, lib), status(429, lib, {"retry-after": "2"}), lambda r: answer(r, lib, kind)])
    use(monkeypatch, project, kind, script)
    code = main(["build", str(project), "--backend", kind, "--model", "served-model", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert len(script.requests) == 4 and script.waits[1] == 2.0
    summary = json.loads(out)["summary"]
    assert summary["calls"] == 2 and summary["cost"] == pytest.approx(2 * (120 * 2.0 + 30 * 10.0) / 1e6)
    lock = json.loads((project / "aic.lock").read_text())
    assert lock["modules"]["arith"]["functions"]["double"]["backend"] == kind
    assert KEY not in everything_written(project, out, err)


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
def test_a_failing_server_stops_the_build_and_it_resumes_from_the_cache(
    project: Path, kind: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = httpx if kind == "openai" else httpx2
    script = Script([lambda r: answer(r, lib, kind), status(500, lib)])
    use(monkeypatch, project, kind, script)
    args = ["build", str(project), "--backend", kind, "--model", "served-model"]
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert err.strip().splitlines()[-1] == f"aic: error: {kind}: HTTP 500, still failing after 5 tries"
    assert "Traceback" not in err and not (project / "aic.lock").exists()
    cached = list((project / ".aic" / "cache").rglob("*.json"))
    assert len(cached) == 1  # the answer that came back; nothing from the failed call
    healthy = Script([lambda r: answer(r, lib, kind)])
    use(monkeypatch, project, kind, healthy)
    assert main(args) == 0
    assert len(healthy.requests) == 1  # only clamp: double's answer came from the cache
    assert KEY not in everything_written(project, out, err, capsys.readouterr().err)


def test_a_missing_key_is_one_line_and_the_locked_build_needs_none(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    assert main(["build", str(project), "--backend", "anthropic", "--model", "claude-x"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("aic: error")]
    assert errors == ["aic: error: anthropic: no API key: set the environment variable ANTHROPIC_API_KEY"]
    assert main(["build", str(project), "--backend", "anthropic"]) == 2
    assert "needs a model" in capsys.readouterr().err
    assert main(["build", str(project), "--backend", "nonsense"]) == 2
    assert "invalid choice: 'nonsense'" in capsys.readouterr().err
    script = Script([lambda r: answer(r, httpx2, "anthropic")])
    use(monkeypatch, project, "anthropic", script)
    assert main(["build", str(project), "--backend", "anthropic", "--model", "served-model"]) == 0
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.setattr(backends, "make_backend", _never)
    assert main(["build", str(project), "--backend", "anthropic", "--model", "served-model", "--locked"]) == 0
    # Unlocked, the real backend is made but, everything answered by the lock, never asked for its key.
    monkeypatch.setattr(backends, "make_backend", MAKE_BACKEND)
    assert main(["build", str(project), "--backend", "anthropic", "--model", "served-model"]) == 0


def _never(settings: BuildSettings) -> Backend:
    raise AssertionError("no backend is made when the lock answers everything")
