"""The OpenAI-compatible backend end to end, no mock: the embedded runtime serves its OpenAI-compatible API on
127.0.0.1 and `aic build --backend openai` builds a small intent against it over real HTTP.

Runs wherever the weights are installed, like test_build_local.py (AIC_SKIP_MODEL_TESTS=1 leaves it out).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from aic.backends.local import LocalBackend
from aic.cli import main
from aic.config import DEFAULT_MODEL
from tests.compiler.scripted import run_emitted_tests

pytestmark = pytest.mark.skipif(os.environ.get("AIC_SKIP_MODEL_TESTS") == "1", reason="AIC_SKIP_MODEL_TESTS=1")

INTENT = '''def add(a: int, b: int) -> int:
    """The sum of a and b.

    >>> add(2, 3)
    5
    """
    ...
'''


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    local = LocalBackend(DEFAULT_MODEL)  # llama.cpp also serves the loaded model over HTTP on 127.0.0.1
    try:
        yield str(local._server.listening_address) + "/v1"
    finally:
        local.close()


def test_build_against_the_embedded_models_own_server(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert server_url.startswith("http://127.0.0.1:")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "tiny"\nversion = "0"\n[tool.aic]\noutput = "tiny"\nbackend = "openai"\n'
        f'model = "qwen-local"\nbase_url = "{server_url}"\nsamples = 2\nmax_repairs = 1\nmax_reply_tokens = 256\n'
        '[tool.pytest.ini_options]\npythonpath = ["."]\n'
    )
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "sums.py").write_text(INTENT)
    code = main(["build", str(tmp_path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0, report
    assert report["summary"]["calls"] >= 1 and report["summary"]["completion_tokens"] > 0
    lock = json.loads((tmp_path / "aic.lock").read_text())
    entry = lock["modules"]["sums"]["functions"]["add"]
    assert (entry["backend"], entry["model"]) == ("openai", "qwen-local")
    result = run_emitted_tests(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
