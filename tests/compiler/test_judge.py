"""The build's batched gates (compiler/generate/judge.py): texts handed in while a run is under way share the
next run, each text is told only its own findings, a batch never holds one path twice nor two projects, an error
reaches every text of its batch, and the real gates tell a text the same judged alone or in a batch."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from aic.config import load_config
from aic.generate.judge import Judge
from aic.ir import Diagnostic, Span, make
from aic.passes import Services, verify
from aic.verifiers.project import NO_PROJECT, ProjectModule, ProjectModules
from aic.verifiers.sandbox import Sandbox
from aic.verifiers.workers import Workers

OTHER = ProjectModules(("/p",), (ProjectModule("lib", "/p/lib.py", "X = 1\n", False),), ("lib",))


class Recorder:
    """A gate run that takes its time and finds one thing per text (its first line), recording each batch."""

    def __init__(self, fail_on: str = "") -> None:
        self.batches: list[tuple[dict[str, str], ProjectModules]] = []
        self.fail_on = fail_on
        self.lock = threading.Lock()

    def __call__(self, texts: Mapping[str, str], project: ProjectModules) -> list[Diagnostic]:
        with self.lock:
            self.batches.append((dict(texts), project))
        time.sleep(0.2)
        if self.fail_on in texts.values():
            raise RuntimeError("the gates failed")
        return [make("AIC300", text.splitlines()[0], "test", Span(path, 1)) for path, text in texts.items()]


def hand_in(judge: Judge, asks: list[tuple[str, str, ProjectModules]]) -> list[list[str] | str]:
    """Each ask from a thread of its own, started 20 ms apart; each thread's findings (messages) or error."""
    out: list[list[str] | str] = [[] for _ in asks]

    def ask(k: int) -> None:
        try:
            out[k] = [d.message for d in judge.check(*asks[k])]
        except RuntimeError as err:
            out[k] = str(err)

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(len(asks))]
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    return out


def test_texts_handed_in_during_a_run_share_the_next_one_and_hear_only_their_own_findings() -> None:
    run = Recorder()
    judge = Judge(run)
    asks = [(f"/m/{name}.py", f"{name}_text", NO_PROJECT) for name in "abcde"]
    assert hand_in(judge, asks) == [[f"{name}_text"] for name in "abcde"]
    assert [sorted(texts) for texts, _ in run.batches] == [["/m/a.py"], [f"/m/{n}.py" for n in "bcde"]]
    assert judge.runs == 2


def test_a_batch_never_holds_one_path_twice_nor_two_projects() -> None:
    run = Recorder()
    judge = Judge(run)
    asks = [
        ("/m/a.py", "first", NO_PROJECT), ("/m/b.py", "b", NO_PROJECT), ("/m/b.py", "b again", NO_PROJECT),
        ("/m/c.py", "c", OTHER), ("/m/d.py", "d", NO_PROJECT),
    ]  # fmt: skip
    assert hand_in(judge, asks) == [["first"], ["b"], ["b again"], ["c"], ["d"]]
    for texts, project in run.batches:
        assert len(set(texts)) == len(texts)
        assert (project == OTHER) == ("/m/c.py" in texts)
        assert project != OTHER or len(texts) == 1
    assert sum(len(texts) for texts, _ in run.batches) == 5 and len(run.batches) < 5


def test_a_run_that_raises_judges_its_texts_again_alone_and_only_the_culprit_meets_the_error() -> None:
    run = Recorder(fail_on="bad")
    judge = Judge(run)
    asks = [("/m/a.py", "a", NO_PROJECT), ("/m/b.py", "bad", NO_PROJECT), ("/m/c.py", "c", NO_PROJECT)]
    assert hand_in(judge, asks) == [["a"], "the gates failed", ["c"]]
    assert [sorted(texts) for texts, _ in run.batches] == [
        ["/m/a.py"],
        ["/m/b.py", "/m/c.py"],
        ["/m/b.py"],
        ["/m/c.py"],
    ]
    assert [d.message for d in judge.check("/m/d.py", "d", NO_PROJECT)] == ["d"]


def test_texts_importing_a_name_like_another_texts_module_are_not_judged_together() -> None:
    run = Recorder()
    judge = Judge(run)
    asks = [
        ("/m/first.py", "first", NO_PROJECT), ("/m/b.py", "b", NO_PROJECT),
        ("/m/c.py", "c\nimport b", NO_PROJECT), ("/m/d.py", "d\nfrom .b import x", NO_PROJECT),
        ("/m/e.py", "e\ndef (", NO_PROJECT),
    ]  # fmt: skip
    hand_in(judge, asks)
    for texts, _ in run.batches:
        assert "/m/b.py" not in texts or texts.keys() == {"/m/b.py"} or not {"/m/c.py", "/m/d.py"} & texts.keys()
        assert "/m/e.py" not in texts or len(texts) == 1  # not Python: alone


TYPED_WRONG = 'def g(x: int) -> str:\n    """Text."""\n    return x\n'
RELATIVE = 'from . import zz\n\n\ndef f(x: int) -> int:\n    """Same."""\n    return x\n'
CLEAN = 'def h(x: int) -> int:\n    """Same."""\n    return x\n'


def test_a_tool_failing_on_one_text_does_not_hide_the_others_findings(tmp_path: Path) -> None:
    # mypy stops at `from . import zz` (a blocking error) and reports nothing on the other files of its run.
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n[tool.aic]\n')
    config = load_config(tmp_path)
    static = ("syntax", "lint", "types", "security")
    path = {name: str(tmp_path / "pkg" / f"{name}.py") for name in "abc"}
    with Workers() as workers:
        services = Services(None, workers=workers)

        def run(texts: Mapping[str, str], _: ProjectModules) -> list[Diagnostic]:
            if CLEAN in texts.values():
                time.sleep(0.5)  # holds the run while a and b are handed in, so that they share the next one
            return list(verify(texts, config, services=services, gates=static).diagnostics)

        judge = Judge(run)
        alone = [d.message for d in judge.check(path["a"], TYPED_WRONG, NO_PROJECT)]
        found = hand_in(judge, [(path["c"], CLEAN, NO_PROJECT), (path["a"], TYPED_WRONG, NO_PROJECT),
                                (path["b"], RELATIVE, NO_PROJECT)])  # fmt: skip
    assert any("Incompatible return value type" in m for m in alone)
    assert found[1] == alone
    assert judge.runs == 5  # alone; c; a and b together, then each again alone


# Modules with findings from each gate, and one without: judged alone and all together.
MODULES = {
    "typed": 'def f(x: int) -> str:\n    """Text."""\n    return x\n',
    "lint": 'import os\n\n\ndef f(x: int) -> int:\n    """Same."""\n    return x\n',
    "unsafe": 'def f(x: str) -> object:\n    """Evaluate."""\n    return eval(x)\n',
    "example": 'def f(x: int) -> int:\n    """Double.\n\n    >>> f(2)\n    4\n    """\n    return x + 1\n',
    "contract": 'def f(x: int) -> int:\n    """Up.\n\n    Ensures: result > x\n    """\n    return x - 1\n',
    "clean": 'def f(x: int) -> int:\n    """Double.\n\n    >>> f(2)\n    4\n    """\n    return x * 2\n',
}


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[Diagnostic]], dict[str, list[Diagnostic]]]:
    root = tmp_path_factory.mktemp("judge")
    (root / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n[tool.aic]\n')
    config = load_config(root)
    paths = {name: str(root / "pkg" / f"{name}.py") for name in MODULES}
    with Workers() as workers, Sandbox(isolation=config.isolation) as sandbox:
        services = Services(sandbox, workers=workers)
        alone = {
            name: list(verify({paths[name]: text}, config, services=services).diagnostics)
            for name, text in MODULES.items()
        }
        run = verify({paths[name]: text for name, text in MODULES.items()}, config, services=services)
        together = {name: run.on(paths[name]) for name in MODULES}
    return alone, together


def test_the_gates_tell_a_text_the_same_alone_or_in_a_batch(
    judged: tuple[dict[str, list[Diagnostic]], dict[str, list[Diagnostic]]],
) -> None:
    alone, together = judged
    assert together == alone
    # Each gate found its fault (so the comparison compared findings, not empty lists).
    codes = {name: {d.tool for d in found} for name, found in alone.items()}
    assert "mypy" in codes["typed"] and "ruff" in codes["lint"] and codes["clean"] <= {"contracts"}
    assert {d.code for d in alone["example"]} & {"AIC400"}
    assert alone["unsafe"] and alone["contract"]
