"""Several model calls in flight (`max_concurrency`, compiler/generate/turns.py): a build with calls answered in
a scrambled order writes the same lock, audit log and files as a build one call at a time; a 429 storm under
concurrency ends in the usual one-line error with nothing cached; calls in flight never pass a budget."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from aic import backends
from aic.backends import Backend, BackendError, Message, Reply, Request
from aic.backends.openai_compat import OpenAIBackend
from aic.backends.retry import Pacer
from aic.cli import main
from aic.config import BuildSettings, Price
from aic.state.audit import AUDIT_NAME
from aic.state.cost import BudgetExceeded, MeteredBackend, Spend
from tests.compiler.backends.fake_servers import KEY, Script, status
from tests.compiler.scripted import asked_function, fenced
from tests.conftest import ROOT

INTENT = '''"""Small helpers."""


def double(x: int) -> int:
    """Twice x.

    >>> double(4)
    8
    """
    ...


def clamp(value: int, low: int, high: int) -> int:
    """Clamp value into [low, high].

    >>> clamp(5, 0, 3)
    3
    """
    ...


def last(items: list[int]) -> int:
    """The last item, or 0 for an empty list.

    >>> last([1, 2, 3])
    3
    """
    ...


def quad(x: int) -> int:
    """Four times x, by doubling twice.

    >>> quad(3)
    12
    """
    ...


def neg(x: int) -> int:
    """Minus x.

    >>> neg(3)
    -3
    """
    ...


def sign(x: int) -> int:
    """-1, 0 or 1 as x is negative, zero or positive.

    >>> sign(-5)
    -1
    """
    ...
'''

# Per function, the answers by sample: wrong ones (refused by the examples, then repaired), a lucky one that
# passes the example but disagrees on other inputs, and right ones in several spellings.
ANSWERS = {
    "double": ["return x + 2", "return x * 2", "return x + x", "return 2 * x"],
    "clamp": [
        "return max(low, min(value, high))",
        "return 3 if value > 3 else value",
        "return min(max(value, low), high)",
    ],
    "last": [
        "return items[-1] if items else 0",
        "return max(items, default=0)",
        "return items[len(items) - 1] if items else 0",
    ],
    "quad": ["return double(double(x))", "return x * 4", "return 4 * x"],
    # Past `samples` (4): four accepted candidates that all disagree, then a fifth that agrees with the first.
    "neg": [
        "return -x",
        "return -x if x < 10 else x",
        "return -x if x != 2 else 0",
        "return -x if x != 1 else 5",
        "return 0 - x",
    ],
    # ... and nothing accepted in all six fresh candidates: the first is then repaired into a right one.
    "sign": ["return 1", "return 0", "return x", "return 2", "return 3", "return x // 2"],
}
REPAIRED = {"sign": "return (x > 0) - (x < 0)"}  # a repair's answer (only `sign` is ever repaired)
SIGNATURES = {
    "double": "def double(x: int) -> int:",
    "clamp": "def clamp(value: int, low: int, high: int) -> int:",
    "last": "def last(items: list[int]) -> int:",
    "quad": "def quad(x: int) -> int:",
    "neg": "def neg(x: int) -> int:",
    "sign": "def sign(x: int) -> int:",
}


class KeyedBackend:
    """Answers by what is asked (the function, the sample's seed, the repair round), never by call order, after
    a random pause, so concurrent calls come back in a scrambled order; records how many were in flight."""

    name, model, digest, prefill = "scripted", "keyed", "keyed", False

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.flying = self.most = self.calls = 0

    def complete(self, request: Request) -> Reply:
        with self.lock:
            self.flying += 1
            self.most = max(self.most, self.flying)
            self.calls += 1
            pause = self.rng.random() * 0.05
        time.sleep(pause)
        try:
            return Reply(fenced(self.code(request.messages, request.seed)), "stop", 100, 20, pause)
        finally:
            with self.lock:
                self.flying -= 1

    @staticmethod
    def code(messages: tuple[Message, ...], seed: int) -> str:
        name = asked_function(messages)
        assert name is not None
        sample, repair = divmod(seed - 1, 100)
        options = ANSWERS[name]
        body = REPAIRED[name] if repair else options[min(sample, len(options) - 1)]
        return f"{SIGNATURES[name]}\n    {body}\n"

    def close(self) -> None:
        pass


def project(root: Path, concurrency: int) -> Path:
    (root / "intents").mkdir(parents=True)
    (root / "intents" / "helpers.py").write_text(INTENT)
    (root / "intents" / "more.py").write_text(INTENT.replace("Small helpers.", "The same, once more."))
    (root / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\n[tool.aic]\noutput = "pkg"\nsamples = 4\nagree = 2\n'
        f"extra_samples = 2\nmax_repairs = 1\npropose = false\nmax_concurrency = {concurrency}\n"
    )
    return root


def build(root: Path, backend: Backend, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    def make(settings: BuildSettings) -> Backend:
        return backend

    monkeypatch.setattr(backends, "make_backend", make)
    code = main(["build", str(root), "--format", "json", "--no-cache"])
    assert code == 0
    return {
        "lock": (root / "aic.lock").read_text(),
        "files": {p.relative_to(root).as_posix(): p.read_text() for p in (root / "pkg").rglob("*.py")},
        "tests": {p.name: p.read_text() for p in (root / "tests").rglob("*.py")},
        "audit": [
            {k: v for k, v in json.loads(line).items() if k not in ("at", "hash", "prev")}
            for line in (root / AUDIT_NAME).read_text().splitlines()
        ],
    }


def test_a_concurrent_build_equals_one_call_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    one = KeyedBackend(seed=1)
    alone = build(project(tmp_path / "one", 1), one, monkeypatch)
    many = KeyedBackend(seed=2)
    together = build(project(tmp_path / "four", 4), many, monkeypatch)
    assert one.most == 1 and many.most > 1  # the second build really had calls in flight together
    assert one.calls == many.calls  # no speculative call was wasted: the modules all built
    assert together == alone
    lock = json.loads(alone["lock"])["modules"]["helpers"]["functions"]
    # The waves asked what a build one call at a time asks: a third candidate where the examples refused the
    # first or the first two disagreed, two where they agreed; past the budget, one more where four disagreed,
    # and one at a time where none was accepted, then (all six refused) a repair of the first.
    calls = {"double": 3, "clamp": 3, "last": 3, "quad": 2, "neg": 5, "sign": 7}
    assert {name: entry["calls"] for name, entry in lock.items()} == calls
    assert lock["neg"]["evidence"]["groups"] == [2, 1, 1, 1] and lock["sign"]["evidence"]["accepted"] == 1
    capsys.readouterr()


def test_the_same_concurrent_build_twice_is_identical_whatever_the_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = build(project(tmp_path / "a", 4), KeyedBackend(seed=3), monkeypatch)
    second = build(project(tmp_path / "b", 4), KeyedBackend(seed=4), monkeypatch)
    assert first == second
    capsys.readouterr()


def test_a_429_storm_under_concurrency_stops_in_one_line_and_caches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "p", 4)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    script = Script([status(429, httpx, {"retry-after": "1"})])

    def make(settings: BuildSettings) -> Backend:
        transport = script.httpx_transport()
        return OpenAIBackend("served-model", "https://api.example.com/v1", retries=2, transport=transport,
                             sleep=script.sleep)  # fmt: skip

    monkeypatch.setattr(backends, "make_backend", make)
    code = main(["build", str(root), "--backend", "openai", "--model", "served-model"])
    err = capsys.readouterr().err
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("aic: error:")]
    assert errors == ["aic: error: openai: HTTP 429, still failing after 3 tries"]
    assert "Traceback" not in err
    assert not (root / "aic.lock").exists() and not (root / "pkg").exists()
    cache = root / ".aic" / "cache"
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*"))
    assert script.waits and all(0 < w <= 1.0 for w in script.waits)  # a hold waited out, never more


def test_a_hold_from_one_request_slows_every_request_to_that_backend() -> None:
    now, slept = [100.0], []
    held, release = threading.Event(), threading.Event()

    def sleep(seconds: float) -> None:
        if threading.current_thread().name == "faulted":  # the request that got the 429 waits its 3 s
            held.set()
            release.wait(5)
            now[0] += seconds
        else:
            slept.append(seconds)
            now[0] += seconds

    pacer = Pacer(sleep=sleep, clock=lambda: now[0])
    worker = threading.Thread(target=pacer.pause, args=(3.0,), name="faulted")
    worker.start()
    assert held.wait(5)
    now[0] = 101.0
    pacer.wait()  # another request, while the hold is in force: it waits out the rest
    assert slept == [2.0]
    release.set()
    worker.join(5)
    pacer.wait()  # the hold is over: no more waiting
    assert slept == [2.0]


def test_a_shorter_hold_does_not_end_a_longer_one() -> None:
    now, slept = [0.0], []
    gates = {name: threading.Event() for name in ("long", "short")}
    asleep = {name: threading.Event() for name in ("long", "short")}

    def sleep(seconds: float) -> None:
        name = threading.current_thread().name
        if name in gates:  # a faulted request's own wait, ended by the test
            asleep[name].set()
            gates[name].wait(5)
        else:
            slept.append(seconds)

    pacer = Pacer(sleep=sleep, clock=lambda: now[0])
    threads = {
        name: threading.Thread(target=pacer.pause, args=(s,), name=name) for name, s in (("long", 10.0), ("short", 1.0))
    }
    threads["long"].start()  # at 0: a 10 s hold
    assert asleep["long"].wait(5)
    now[0] = 1.0
    threads["short"].start()  # at 1: a 1 s hold, over at 2
    assert asleep["short"].wait(5)
    now[0] = 2.0
    gates["short"].set()
    threads["short"].join(5)
    pacer.wait()  # a new request at 2: the 10 s hold still stands
    assert slept == [8.0]
    gates["long"].set()
    threads["long"].join(5)


class Blocking:
    """A backend whose calls wait until released, so a test can hold calls in flight."""

    name, model, digest, prefill = "blocking", "m", "m", False

    def __init__(self) -> None:
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()

    def complete(self, request: Request) -> Reply:
        self.entered.release()
        self.release.wait(5)
        return Reply("done", "stop", prompt_tokens=10, completion_tokens=10)

    def close(self) -> None:
        pass


def test_a_call_waits_for_the_calls_in_flight_before_it_could_pass_the_budget() -> None:
    request = Request((Message("user", "x" * 30),), max_tokens=100)  # worst case: 18 + 100 tokens
    backend = Blocking()
    metered = MeteredBackend(backend, Spend(), Price(0.0, 0.0), max_tokens=300, max_concurrency=4)
    threads = [threading.Thread(target=metered.complete, args=(request,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert backend.entered.acquire(timeout=5) and backend.entered.acquire(timeout=5)
    # 2 x 118 in flight + 118 could pass 300: the third call waits, though nothing is spent yet ...
    assert not backend.entered.acquire(timeout=0.3)
    assert metered.spend.flying == 2
    backend.release.set()
    for thread in threads:
        thread.join(5)
    # ... and goes once the two used 20 tokens each: 40 + 118 is within the cap.
    assert metered.spend.tokens == 60 and metered.spend.calls == 3


def test_calls_in_flight_never_pass_the_budget_together() -> None:
    request = Request((Message("user", "x" * 30),), max_tokens=100)

    class Greedy(Counting):  # every call uses its whole worst case
        def complete(self, request: Request) -> Reply:
            super().complete(request)
            return Reply("ok", "stop", prompt_tokens=18, completion_tokens=100)

    metered = MeteredBackend(Greedy(), Spend(), None, max_tokens=300, max_concurrency=4)
    outcomes: list[str] = []

    def call() -> None:
        try:
            metered.complete(request)
            outcomes.append("done")
        except BudgetExceeded:
            outcomes.append("refused")

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes) == ["done", "done", "refused", "refused"]
    assert metered.spend.tokens == 236 <= 300


def test_at_most_max_concurrency_calls_are_in_flight() -> None:
    request = Request((Message("user", "hello"),), max_tokens=10)
    counted = Counting()
    metered = MeteredBackend(counted, Spend(), None, max_concurrency=3)
    threads = [threading.Thread(target=metered.complete, args=(request,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert counted.most == 3 and counted.calls == 8


class Counting:
    name, model, digest, prefill = "counting", "m", "m", False

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.flying = self.most = self.calls = 0

    def complete(self, request: Request) -> Reply:
        with self.lock:
            self.flying += 1
            self.calls += 1
            self.most = max(self.most, self.flying)
        time.sleep(0.05)
        with self.lock:
            self.flying -= 1
        return Reply("ok", "stop", 1, 1)

    def close(self) -> None:
        pass


def test_the_embedded_model_is_loaded_once_however_many_first_calls_race(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []

    def factory() -> Backend:
        made.append(1)
        time.sleep(0.05)
        return Counting()

    lazy = backends.LazyBackend("local", "m", "m", True, factory)
    threads = [threading.Thread(target=lazy.complete, args=(Request((Message("user", "x"),)),)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert made == [1]


def test_the_progress_bar_shows_calls_in_flight_and_tokens_per_second(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from rich.console import Console

    from aic.cli import build as command

    spend = Spend(completion_tokens=500, flying=3)
    monkeypatch.setattr(time, "monotonic", lambda: 110.0)
    shown = command._live_column(spend, began=100.0).render(None)
    assert str(shown) == "3 in flight, 50.0 tokens/s"
    console = Console(file=open(os.devnull, "w"), force_terminal=True)  # noqa: SIM115
    monkeypatch.setattr("rich.console.Console", lambda file: console)
    with command._Display(argparse.Namespace(format="text"), total=4, spend=spend) as display:
        display.started("m.f")
        display.finished("m.f")
        assert display.bar is not None and display.bar.tasks[0].completed == 1 and display.bar.tasks[0].total == 4
    console.file.close()


class Scenario(KeyedBackend):
    """As KeyedBackend, but a function may answer slowly, in prose only (no code), or fail."""

    def __init__(self, slow: str = "", prose: str = "", failing: str = "") -> None:
        super().__init__(seed=0)
        self.slow, self.prose, self.failing = slow, prose, failing
        self.asked: list[str] = []

    def complete(self, request: Request) -> Reply:
        name = asked_function(request.messages)
        assert name is not None
        with self.lock:
            self.asked.append(name)
        if name == self.slow:
            time.sleep(0.5)
        if name == self.failing:
            raise BackendError(f"the server failed on {self.failing}")
        if name == self.prose:
            return Reply("I cannot write this function.", "stop", 100, 20)
        return super().complete(request)


def run_scenario(
    root: Path, backend: Backend, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *flags: str
) -> tuple[int, str]:
    monkeypatch.setattr(backends, "make_backend", lambda settings: backend)
    code = main(["build", str(root), "--no-cache", *flags])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_function_that_never_reaches_the_gates_waits_for_its_turn(
    tmp_path: Path, concurrency: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "p", concurrency)
    (root / "intents" / "more.py").unlink()
    code, err = run_scenario(root, Scenario(slow="double", prose="clamp"), monkeypatch, capsys, "--keep-going")
    assert code == 1 and "internal error" not in err
    lock = json.loads((root / "aic.lock").read_text())["modules"]["helpers"]["functions"]
    assert lock["clamp"]["verdict"] == "not-generated" and lock["quad"]["verdict"] == "verified"


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_later_functions_backend_error_is_reported_as_itself(
    tmp_path: Path, concurrency: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "p", concurrency)
    code, err = run_scenario(root, Scenario(slow="double", failing="last"), monkeypatch, capsys)
    assert code == 2 and "internal error" not in err
    assert "aic: error: the server failed on last" in err


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_function_no_candidate_passed_stops_the_ones_after_it(
    tmp_path: Path, concurrency: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "p", concurrency)
    backend = Scenario(prose="double")
    code, err = run_scenario(root, backend, monkeypatch, capsys)
    assert code == 1 and "internal error" not in err
    # At 1 nothing after `double` is asked; at 4 at most the first wave of each later function was in flight, in
    # each of the two modules (built at once: the second module's `double` fails too, and stops it).
    later = [name for name in backend.asked if name != "double"]
    assert later == [] if concurrency == 1 else len(later) <= 2 * 3 * 2


FILLED = """
import sys, sysconfig
from pathlib import Path
from aic.config import load_config
from aic.generate.loop import Builder
from tests.compiler.scripted import ScriptedBackend
assert sysconfig._CONFIG_VARS is None, "filled before the build: this test proves nothing"
Builder(load_config(Path(sys.argv[1])), ScriptedBackend([]))
print(sysconfig._CONFIG_VARS is not None and sysconfig.get_config_var("EXE") is not None)
"""


def test_a_build_fills_sysconfig_before_its_threads_start(tmp_path: Path) -> None:
    # sysconfig fills its table on first use without a lock: a build's threads (hypothesis importing in one,
    # ruff looked up in another) once saw `EXE` as None, an internal error of `aic build`.
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n[tool.aic]\n')
    command = [sys.executable, "-c", FILLED, str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.stdout.strip() == "True", done.stderr
