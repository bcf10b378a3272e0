"""Modules built at once (compiler/generate/project.py, `Flight` in turns.py): what a build one module after
another does, the same at max_concurrency 1 and above, on the paths a review found broken: a module whose locked
code no longer passes is rebuilt; hand-written code importing a generated module keeps the modules in order;
a budget keeps them in order; a module not built is reported in its turn."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from aic import backends
from aic.backends import Reply, Request
from aic.cli import main
from aic.config import load_config
from aic.generate.context import reaches_generated
from tests.compiler.scripted import asked_function, fenced


def stub(name: str, example: str, want: str, extra: str = "") -> str:
    return f'\n\ndef {name}() -> int:\n    """Value.{extra}\n\n    >>> {example}\n    {want}\n    """\n    ...\n'


class Keyed:
    """Answers each function with its code by name (the same reply whatever the order of the calls)."""

    name, model, digest, prefill = "scripted", "keyed", "keyed", False

    def __init__(self, codes: dict[str, str]) -> None:
        self.codes = codes
        self.asked: list[str] = []

    def complete(self, request: Request) -> Reply:
        name = asked_function(request.messages)
        assert name is not None
        self.asked.append(name)
        return Reply(fenced(self.codes[name]), "stop", prompt_tokens=100, completion_tokens=20)

    def close(self) -> None:
        pass


def project(root: Path, width: int, files: dict[str, str], extra: str = "") -> Path:
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\n[tool.aic]\noutput = "pkg"\nsamples = 1\nagree = 1\n'
        f"extra_samples = 0\nmax_repairs = 0\npropose = false\nmax_concurrency = {width}\n{extra}"
    )
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def build(root: Path, codes: dict[str, str], monkeypatch: pytest.MonkeyPatch, *flags: str) -> tuple[int, str]:
    backend = Keyed(codes)
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["build", str(root), "--no-cache", *flags])
    return code, err.getvalue()


def written(root: Path) -> dict[str, Any]:
    lock = json.loads((root / "aic.lock").read_text()) if (root / "aic.lock").exists() else {}
    files = {p.relative_to(root).as_posix(): p.read_text() for p in sorted((root / "pkg").rglob("*.py"))}
    return {"lock": lock, "files": files}


TWO = {
    "intents/a.py": '"""A."""\n' + stub("one", "one()", "1"),
    "intents/b.py": '"""B."""\n' + stub("seven", "seven()", "7"),
}
CODES = {"one": "def one() -> int:\n    return 1\n", "seven": "def seven() -> int:\n    return 7\n"}


@pytest.mark.parametrize("width", [1, 4])
def test_a_module_whose_locked_code_no_longer_passes_is_built_afresh(
    tmp_path: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path / "p", width, TWO)
    assert build(root, CODES, monkeypatch)[0] == 0
    lock = json.loads((root / "aic.lock").read_text())
    entry = lock["modules"]["a"]["functions"]["one"]
    entry["code"] = [line.replace("return 1", "return 2") for line in entry["code"]]  # fails its example now
    entry["code_digest"] = hashlib.sha256(("\n".join(entry["code"]) + "\n").encode()).hexdigest()
    (root / "aic.lock").write_text(json.dumps(lock, indent=2))
    code, err = build(root, CODES, monkeypatch)
    assert code == 0, err
    assert "return 1" in (root / "pkg" / "a.py").read_text()


TRANSITIVE = {
    "intents/a.py": '"""A."""\n' + stub("one", "one()", "1"),
    "intents/b.py": '"""B."""\n\nfrom lib import two\n' + stub("three", "three()", "3"),
    "lib.py": "from pkg.a import one\n\n\ndef two() -> int:\n    return one() + 1\n",
}


def test_hand_written_code_importing_a_generated_module_keeps_the_modules_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # b imports only lib, and lib imports pkg.a: built at once, b would be judged before pkg.a exists.
    codes = {**CODES, "three": "def three() -> int:\n    return two() + 1\n"}
    trees = []
    for width in (1, 2):
        root = project(tmp_path / f"w{width}", width, TRANSITIVE)
        assert reaches_generated(load_config(root), "pkg")
        assert build(root, codes, monkeypatch)[0] == 0
        trees.append(written(root))
    assert trees[0] == trees[1]
    assert not reaches_generated(load_config(project(tmp_path / "plain", 2, TWO)), "pkg")


class Slow(Keyed):
    """Takes its time over each call and counts the calls in flight at once."""

    def __init__(self, codes: dict[str, str]) -> None:
        super().__init__(codes)
        self.lock, self.now, self.most = threading.Lock(), 0, 0

    def complete(self, request: Request) -> Reply:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(0.3)
        with self.lock:
            self.now -= 1
        return super().complete(request)


@pytest.mark.parametrize(("flags", "most"), [((), 2), (("--max-tokens", "100000"), 1)])
def test_under_a_budget_modules_are_built_one_after_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: tuple[str, ...], most: int
) -> None:
    # A module built ahead must not spend what an earlier one needs: with a cap, one module at a time.
    root = project(tmp_path / "p", 2, TWO)
    backend = Slow(CODES)
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", str(root), "--no-cache", *flags]) == 0
    assert backend.most == most


def test_a_module_not_built_is_reported_in_its_turn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        **TWO,
        "intents/c.py": '"""C."""\n\nfrom pkg.a import one\n' + stub("eight", "eight()", "8"),
    }
    codes = {**CODES, "eight": "def eight() -> int:\n    return one() + 7\n"}
    said = []
    for width in (1, 3):
        root = project(tmp_path / f"w{width}", width, files)
        assert build(root, codes, monkeypatch)[0] == 0
        for name in ("a", "b"):  # the lock no longer matches these intents: --locked cannot replay them
            intent = root / "intents" / f"{name}.py"
            intent.write_text(intent.read_text().replace("Value.", "The value."))
        code, err = build(root, codes, monkeypatch, "--locked", "--keep-going")
        assert code != 0
        said.append([line.split(": ")[2].split(".")[0] for line in err.splitlines() if line.startswith("aic: error: ")])
    assert said[0] == said[1]
    assert said[0] == ["a", "b", "c"]
