"""Building a whole project: aic.lock decides what is reused, the reply cache what need not be asked again, the
budget when to stop. One build at a time per project (a file lock), every file written atomically, and the lock
updated after each emitted module, so that a build killed at any moment leaves every file old or new and the
next build carries on from there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial as partial_job
from pathlib import Path
from typing import NamedTuple

from aic.backends import Backend, BackendError, Reply, Request
from aic.config import Config, Price
from aic.files import locked
from aic.generate.context import reaches_generated
from aic.generate.emit import emit_module, package_name
from aic.generate.intents import IntentModule
from aic.generate.loop import Builder, Watcher
from aic.generate.order import generated_imports
from aic.generate.records import (
    audit_built,
    own_findings,
    record_spend,
    relative,
    reusable,
    verdicts,
    waivers,
    written_entry,
)
from aic.generate.reply import Candidate
from aic.generate.results import FunctionResult, ModuleResult
from aic.generate.turns import Flight, Turns, land
from aic.ir import blocking
from aic.state.cache import CachingBackend, ReplyCache
from aic.state.cost import MeteredBackend, Spend, price_for
from aic.state.lock import (
    LOCK_NAME,
    FunctionEntry,
    Lock,
    ModuleEntry,
    intent_digest,
    read_lock,
    sha256_text,
    write_lock,
)
from aic.verifiers.sandbox import Sandbox
from aic.verifiers.workers import Workers


@dataclass(frozen=True, slots=True)
class Options:
    locked: bool = False  # replay aic.lock only: no model call, an entry missing or stale is an error
    refresh: bool = False  # ask the model again for every function (the reply cache still answers)
    keep_going: bool = False
    cache: bool = True


@dataclass(slots=True)
class Outcome:
    results: list[ModuleResult] = field(default_factory=list)
    emitted: dict[str, tuple[Path, Path]] = field(default_factory=dict)
    spend: Spend = field(default_factory=Spend)
    problems: list[str] = field(default_factory=list)  # one line each: what --locked could not replay
    stopped: str | None = None  # why the build stopped early (a cap, a failing backend)


class NoModel:
    """The backend of a --locked build: any call is a bug, reported rather than made."""

    name, model, digest, prefill = "none", "none", "none", False

    def complete(self, request: Request) -> Reply:
        raise BackendError("a --locked build makes no model calls")

    def close(self) -> None:
        pass


def build_project(
    config: Config, intents: list[IntentModule], backend: Backend, options: Options,
    watcher: Watcher | None = None, spend: Spend | None = None,
) -> Outcome:  # fmt: skip
    """`spend`: the running totals to fill (a progress display reads them while the build runs)."""
    root = config.root
    outcome = Outcome(spend=spend or Spend())
    with project_lock(root):
        lock_path = root / LOCK_NAME
        found = read_lock(lock_path)
        if options.locked and found is None:
            outcome.problems.append(f"{lock_path}: not found: run `aic build` without --locked once to write it")
            return outcome
        lock = found or Lock(modules={})
        if options.locked and (lock.allow, lock.disabled) != waivers(config):
            allow, disabled = waivers(config)
            outcome.problems.append(
                f"{lock_path}: the policy differs from the one the lock was built under (lock: allow "
                f"{list(lock.allow)}, off {list(lock.disabled)}; now: allow {list(allow)}, off {list(disabled)}): "
                "run `aic build` without --locked to re-verify under it"
            )
            return outcome
        settings = config.build
        price = price_for(config.prices, backend.name, backend.model)
        model: Backend = MeteredBackend(
            backend, outcome.spend, price, settings.max_tokens, settings.max_cost, settings.max_concurrency
        )
        if options.cache:
            model = CachingBackend(model, ReplyCache(root / ".aic" / "cache"), outcome.spend)
        with Sandbox(isolation=config.isolation) as sandbox, Workers() as workers:
            builder = Builder(config, model, sandbox, watcher, workers)
            run = _Run(config, builder, lock, outcome, options, price)
            run.all(intents)
        record_spend(root, outcome.spend, outcome.results)
    return outcome


class _Built(NamedTuple):
    entry: ModuleEntry | None  # the lock's entry when the build started
    result: ModuleResult | None  # None: --locked could not replay it (`problems` say why)
    problems: list[str]


def _unbuilt(problem: str, turns: Turns[Candidate]) -> _Built:
    """A module not built (a module it imports was not emitted): its problem, reported in its turn."""
    return _Built(None, None, [problem])


@dataclass(slots=True)
class _Run:
    config: Config
    builder: Builder
    lock: Lock
    outcome: Outcome
    options: Options
    price: Price | None

    def all(self, intents: list[IntentModule]) -> None:
        """Modules that import none of those still being built are built at once (up to max_concurrency), and
        committed (emitted, locked, audited) in build order, so the files, the lock and the audit log are those
        of a build one module after another. Where that build would have stopped, the modules built ahead are
        stopped and dropped (their calls are spent and their replies cached; nothing else of them is written)."""
        queue, flights = deque(intents), deque[tuple[IntentModule, Flight[_Built]]]()
        names, width = {i.name for i in intents}, self._width()
        try:
            while queue or flights:
                self._launch(queue, flights, names, width)
                ok = self._commit(*flights[0]) if flights else True  # still in flights: landed if this raises
                if flights:
                    flights.popleft()
                if not (ok or self.options.keep_going or self.config.build.partial):
                    return
        except BackendError as err:  # a cap reached, or the backend failed: stop cleanly, keep what is done
            self.outcome.stopped = str(err)
            return
        finally:
            land(flight for _, flight in flights)
        if self.options.locked:
            return
        if set(self.lock.modules) - names or (self.lock.allow, self.lock.disabled) != waivers(self.config):
            # Intents removed since the last build, or the policy changed (every module was re-verified under it).
            self._save({k: v for k, v in self.lock.modules.items() if k in names})

    def _width(self) -> int:
        """How many modules are built at once: `max_concurrency`, but one after another under a budget (a module
        built ahead must not spend what an earlier one needs) and where hand-written code imports generated
        modules (a module could then depend on one it does not import: its digests and gates would change)."""
        settings = self.config.build
        if settings.max_tokens or settings.max_cost or reaches_generated(self.config, package_name(settings.output)):
            return 1
        return settings.max_concurrency

    def _launch(
        self, queue: deque[IntentModule], flights: deque[tuple[IntentModule, Flight[_Built]]], names: set[str],
        width: int,
    ) -> None:  # fmt: skip
        """Starts the next modules in build order while there is room, up to one importing a module in flight."""
        package = package_name(self.config.build.output)
        while queue and len(flights) < width:
            needed = set(generated_imports(queue[0], package)) & names
            if needed & {started.name for started, _ in flights}:
                return  # it imports a module still being built: it starts once that one is committed
            intent = queue.popleft()
            missing = sorted(needed - set(self.outcome.emitted))
            if missing:  # built in import order: a dependency missing now failed in this build (reported in turn)
                listed = ", ".join(f"{package}.{name}" for name in missing)
                problem = f"{intent.name}: not built: it imports {listed}, which was not emitted"
                flights.append((intent, Flight.start(partial_job(_unbuilt, problem), False)))
                continue
            flights.append((intent, Flight.start(partial_job(self._build, intent), threaded=width > 1)))

    def _build(self, intent: IntentModule, turns: Turns[Candidate]) -> _Built:
        """One module's functions, built (in a thread of its own when modules are built at once)."""
        entry = self.lock.modules.get(intent.name)
        context = self.builder.project(intent, fresh=True).digest  # read now: the modules it imports are emitted
        given, stubs, problems = reusable(intent, entry, self.config.root, context)
        if self.options.locked and problems:
            return _Built(entry, None, problems)
        if self.options.refresh:
            given = {}
        if not self.options.locked:
            stubs = {}  # a function that was not generated is asked for again; --locked replays its stub
        keep_going = self.options.keep_going
        partial = keep_going or self.config.build.partial
        result = self.builder.build_module(intent, keep_going, given, partial, stubs, turns)
        if given and not self.options.locked and (result.text is None or blocking(result.final)):
            # Locked code no longer passes (a gate tool changed): build the module afresh.
            turns.restart()
            result = self.builder.build_module(intent, keep_going, {}, partial, turns=turns)
        return _Built(entry, result, [])

    def _commit(self, intent: IntentModule, flight: Flight[_Built]) -> bool:
        """A built module, in build order: emitted, locked and audited if it passed. Whether it passed whole."""
        entry, result, problems = flight.result()
        if result is None:
            self.outcome.problems.extend(problems)
            return False
        self.outcome.results.append(result)
        if result.text is None or blocking(result.final):
            return False
        if self.options.locked and entry is not None and sha256_text(result.text) != entry.output_digest:
            self.outcome.problems.append(
                f"{intent.name}: the module rebuilt from {LOCK_NAME} differs from the one it records "
                "(another aic or formatter version?): run `aic build` without --locked to update it"
            )
            return False
        self.outcome.emitted[intent.name] = paths = emit_module(
            self.config.root, self.config.build.output, self.config.build.tests, intent, result.text, result.stubs
        )
        if not self.options.locked:
            new = self.entry(intent, result, entry, paths)
            if new != entry:
                self._save({**self.lock.modules, intent.name: new})
                audit_built(self.config.root, intent.name, result, new)
        return not result.stubs

    def _save(self, modules: dict[str, ModuleEntry]) -> None:
        allow, disabled = waivers(self.config)
        self.lock = Lock(modules=modules, allow=allow, disabled=disabled)
        write_lock(self.config.root / LOCK_NAME, self.lock)

    def written(
        self, digest: str, outcome: FunctionResult, code: str, imports: tuple[str, ...], gates: dict[str, str],
        verdict: str = "verified",
    ) -> FunctionEntry:  # fmt: skip
        return written_entry(digest, outcome, self.builder.backend, self.price, code, imports, gates, verdict)

    def entry(
        self, intent: IntentModule, result: ModuleResult, old: ModuleEntry | None, paths: tuple[Path, Path]
    ) -> ModuleEntry:
        root = self.config.root
        functions: dict[str, FunctionEntry] = {}
        for function, outcome in zip(intent.functions, result.functions, strict=True):
            digest = intent_digest(intent, function, self.builder.project(intent).digest)
            if outcome.origin == "lock" and old is not None and function.qualname in result.stubs:
                functions[function.qualname] = old.functions[function.qualname]
            elif function.qualname in result.stubs:  # not generated: its stub and what was spent, no verdicts
                stub = result.stubs[function.qualname]
                functions[function.qualname] = self.written(digest, outcome, stub, (), {}, "not-generated")
            elif outcome.origin == "lock" and old is not None:
                recorded = old.functions[function.qualname]
                assert result.text is not None
                own = own_findings(result.text, result.final, function.qualname)
                gates = verdicts(self.config, function, own, recorded.gates)
                functions[function.qualname] = recorded if gates == recorded.gates else replace(recorded, gates=gates)
            else:
                assert outcome.accepted is not None
                gates = verdicts(self.config, function, outcome.diagnostics)
                accepted = outcome.accepted
                functions[function.qualname] = self.written(digest, outcome, accepted.function, accepted.imports, gates)
        assert result.text is not None
        # A human's adoption stays on record while every function is still the one adopted.
        kept = old is not None and all(f.origin == "lock" for f in result.functions)
        return ModuleEntry(
            intent=relative(Path(intent.path), root),
            output=relative(paths[0], root),
            output_digest=sha256_text(result.text),
            tests=relative(paths[1], root),
            tests_digest=sha256_text(paths[1].read_text(encoding="utf-8")),
            functions=functions,
            adopted_by=old.adopted_by if kept and old else "",
            adopted_at=old.adopted_at if kept and old else "",
            project=self.builder.project(intent).allowed,
        )


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """One build of a project at a time: a second one waits for the first (and says so)."""
    folder = root / ".aic"
    folder.mkdir(exist_ok=True)
    with locked(folder / "build.lock", "waiting for another build of this project to finish ..."):
        yield
