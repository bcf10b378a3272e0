"""corpus/hostile end to end: every snippet refused by `aic check`, and contained while it runs.

Each snippet aims at the same three targets the test sets up: a canary file, a secret in aic's environment and a
listening local socket. The first test runs the default gates (refused, mostly before any code runs); the
second switches the policy off entirely (`--gates syntax,examples`), so the snippets' examples really run in the
OS-isolated sandbox, and checks that the sandbox alone keeps the canary, the secret and the socket safe, lets no
process outlive the check, no file escape, and no verdict be forged or faked.

Every snippet starts with `# expect: CODE...` (the codes the default gates must report at least) and
`# class: N`, the kind of attack (see CLASSES).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from aic.ir.codes import CODES, Severity
from aic.verifiers.policy_rules import CAPABILITY_CODES
from tests.compiler.test_cli_check import AIC
from tests.compiler.traps import CANARY, MARKER, PORT, SECRET_NAME, Trap, leftovers
from tests.conftest import CORPUS

HOSTILE = CORPUS / "hostile"
RUN_LIMIT = 240.0  # seconds for the whole corpus; each example also has the sandbox's own limit (below)
CLASSES = {
    0: "a capability used by its plain name (os.system, socket, pickle...)",
    1: "names the old policy did not follow: aliases, reflection, format fields, private modules, module chains",
    2: "an attack in a docstring example's own lines",
    3: "sandbox gaps: new sessions, mknod/mkfifo, renames onto the canary, dir_fd, reads printed, /dev/shm",
    4: "forging the verdict: fake or garbage report lines, closed or dup2-ed fds, exiting early",
    5: "examples that lie: objects equal to anything (mock.ANY, MagicMock, lying __eq__/__repr__/__str__)",
    6: "suppression comments hiding a finding: type: ignore, mypy: ignore-errors, noqa, nosec",
}


def snippets() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(HOSTILE.glob("*.py"))}


def expected() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, text in snippets().items():
        match = re.search(r"^# expect: (.+)$", text, re.MULTILINE)
        assert match, f"{name} has no `# expect:` line"
        out[name] = set(match.group(1).split())
    return out


def classes() -> dict[str, int]:
    out: dict[str, int] = {}
    for name, text in snippets().items():
        match = re.match(r"# expect: .+\n# class: (\d)\n", text)
        assert match, f"{name} does not start with `# expect:` then `# class:`"
        out[name] = int(match.group(1))
    return out


def aimed() -> list[str]:
    """Snippets that name a target: their example claims the attack on it succeeded."""
    targets = (str(CANARY), str(PORT), SECRET_NAME)
    return [name for name, text in snippets().items() if any(target in text for target in targets)]


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
    output = result.stdout + result.stderr
    assert trap.secret not in output, "the secret reached aic's output"
    assert trap.canary.strip() not in output, "the canary's text reached aic's output"
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


def test_the_corpus_has_every_class_of_attack() -> None:
    kinds = expected()
    assert len(kinds) >= 120
    codes = set().union(*kinds.values())
    assert {c for c in codes if c.startswith("AIC3")} >= set(CAPABILITY_CODES.values())
    assert all(CODES[c].severity is Severity.ERROR for c in codes), "an expected code is not an error code"
    per_class = {k: sorted(n for n, c in classes().items() if c == k) for k in CLASSES}
    assert set(classes().values()) <= set(CLASSES)
    assert {k: len(names) for k, names in per_class.items() if k and len(names) < 5} == {}
    assert all(text.count("\n") < 30 for text in snippets().values()), "a snippet is 30 lines or longer"
    assert len(aimed()) >= 60
    assert sum(MARKER in text for text in snippets().values()) >= 5


def test_every_hostile_snippet_is_refused(trap: Trap, tmp_path: Path) -> None:
    folder = copy_corpus(tmp_path, "")
    with leftovers():
        result, found = check(trap, folder, "--config", str(tmp_path / "pyproject.toml"))
    assert result.returncode == 1
    missing = {name: sorted(codes - found.get(name, set())) for name, codes in expected().items()}
    assert {name: codes for name, codes in missing.items() if codes} == {}
    assert found.get("endless_loop.py", set()) >= {"AIC402"}  # stopped at the sandbox's time limit


def test_the_sandbox_contains_them_when_the_policy_is_off(trap: Trap, tmp_path: Path) -> None:
    folder = copy_corpus(tmp_path, "")
    with leftovers():
        result, found = check(trap, folder, "--gates", "syntax,examples", "--config", str(tmp_path / "pyproject.toml"))
    assert result.returncode == 1
    # Every snippet aimed at the canary, the listener or the secret must fail its own example: the attack did
    # not do what the example says it did. So must every forged verdict (4) and every lying example (5).
    kind = classes()
    must_fail = sorted({*aimed(), *(name for name, k in kind.items() if k in (4, 5))})
    assert len(must_fail) >= 70
    unharmed = [name for name in must_fail if not any(code.startswith("AIC40") for code in found.get(name, set()))]
    assert unharmed == []
