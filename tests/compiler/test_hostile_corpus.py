"""corpus/hostile end to end: every snippet refused by `aic check`, and contained while it runs.

Each snippet aims at the same three targets the test sets up: a canary file, a secret in aic's environment and a
listening local socket. The first test runs the default gates (refused, mostly before any code runs); the
second allows every capability and turns bandit off, so the snippets' examples really run in the sandbox, and
checks that the sandbox alone still keeps the canary, the secret and the socket safe.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from aic.verifiers.policy_rules import CAPABILITY_CODES
from tests.compiler.test_cli_check import AIC
from tests.compiler.traps import CANARY, PORT, SECRET_NAME, Trap
from tests.conftest import CORPUS

HOSTILE = CORPUS / "hostile"
RUN_LIMIT = 240.0  # seconds for the whole corpus; each example also has the sandbox's own limit (below)


def expected() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in sorted(HOSTILE.glob("*.py")):
        match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        assert match, f"{path.name} has no `# expect:` line"
        out[path.name] = set(match.group(1).split())
    return out


def check(trap: Trap, folder: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict[str, set[str]]]:
    env = {**os.environ, SECRET_NAME: trap.secret}
    started = time.monotonic()
    result = subprocess.run(
        [str(AIC), "check", "--format", "json", *extra, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=RUN_LIMIT,
        check=False,
    )
    assert time.monotonic() - started < RUN_LIMIT
    assert trap.secret not in result.stdout + result.stderr, "the secret reached aic's output"
    assert "Traceback" not in result.stderr
    found: dict[str, set[str]] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        if d["severity"] == "error":
            found.setdefault(Path(d["file"]).name, set()).add(d["code"])
    return result, found


def copy_corpus(tmp_path: Path, config: str) -> Path:
    folder = tmp_path / "hostile"
    shutil.copytree(HOSTILE, folder)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.aic.limits]\ntimeout_seconds = 8.0\ncpu_seconds = 4\nmemory_mb = 512\n" + config, encoding="utf-8"
    )
    return folder


def test_the_corpus_has_forty_distinct_kinds() -> None:
    kinds = expected()
    assert len(kinds) >= 40
    codes = set().union(*kinds.values())
    assert {c for c in codes if c.startswith("AIC3")} >= set(CAPABILITY_CODES.values())


def test_every_hostile_snippet_is_refused(trap: Trap, tmp_path: Path) -> None:
    folder = copy_corpus(tmp_path, "")
    result, found = check(trap, folder, "--config", str(tmp_path / "pyproject.toml"))
    assert result.returncode == 1
    missing = {name: sorted(codes - found.get(name, set())) for name, codes in expected().items()}
    assert {name: codes for name, codes in missing.items() if codes} == {}
    assert found.get("endless_loop.py", set()) >= {"AIC402"}  # stopped at the sandbox's time limit


def test_the_sandbox_contains_them_when_the_policy_allows_everything(trap: Trap, tmp_path: Path) -> None:
    allow = ", ".join(f'"{name}"' for name in sorted(CAPABILITY_CODES))
    folder = copy_corpus(tmp_path, f"[tool.aic.policy]\nallow = [{allow}]\nbandit = false\n")
    result, found = check(
        trap, folder, "--gates", "syntax,security,examples", "--config", str(tmp_path / "pyproject.toml")
    )
    assert result.returncode == 1
    # Every snippet aimed at the canary, the listener or the secret must fail its own example: the attack did
    # not do what the example says it did.
    aimed = [
        path.name
        for path in sorted(HOSTILE.glob("*.py"))
        if any(target in path.read_text(encoding="utf-8") for target in (str(CANARY), str(PORT), SECRET_NAME))
    ]
    assert len(aimed) >= 15
    unharmed = [name for name in aimed if not any(code.startswith("AIC40") for code in found.get(name, set()))]
    assert unharmed == []
