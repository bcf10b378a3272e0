"""The build loop: for each intent function, ask the model, run every gate on the candidate, feed the located
diagnostics back, and keep only what passes. The functions of a module are asked for together (up to
`max_concurrency` calls in flight) but judged one at a time in intent order, each verified inside its module
next to the functions accepted before it (later ones are stubs): see aic.generate.turns."""

from __future__ import annotations

import hashlib
import sysconfig
import threading
from collections.abc import Mapping
from dataclasses import replace
from functools import partial as partial_job
from pathlib import Path
from typing import Protocol

from aic.backends import Backend, Message, Request
from aic.config import Config
from aic.generate.context import context, hand_written, seen
from aic.generate.emit import format_source, module_file
from aic.generate.header import header, partial_line
from aic.generate.intents import IntentModule
from aic.generate.judge import Judge
from aic.generate.module import assemble, candidates_own
from aic.generate.pool import Pool, ask_inputs, weak_evidence
from aic.generate.prompt import ask, complete_reply, prefilled, repair, with_opening
from aic.generate.related import Definition
from aic.generate.reply import Candidate, read_reply, truncated
from aic.generate.results import Attempt, FunctionResult, ModuleResult, stub
from aic.generate.turns import Turn, Turns, in_order
from aic.ir import Diagnostic, Function, blocking
from aic.ir.unchecked import unchecked
from aic.passes import Services, pipeline, verify
from aic.verifiers.project import ProjectModules
from aic.verifiers.sandbox import Sandbox
from aic.verifiers.workers import Workers


class Watcher(Protocol):
    """What a build tells its progress display (`aic build`). Called from several threads."""

    def started(self, name: str) -> None:
        """Function `module.name` is being asked for."""

    def finished(self, name: str) -> None:
        """Function `module.name` is settled: built, refused, or replayed from the lock."""


class Quiet:
    """A watcher that shows nothing."""

    def started(self, name: str) -> None:
        pass

    def finished(self, name: str) -> None:
        pass


class Builder:
    def __init__(
        self, config: Config, backend: Backend, sandbox: Sandbox | None = None, watcher: Watcher | None = None,
        workers: Workers | None = None,
    ) -> None:  # fmt: skip
        """`sandbox` and `workers` (the tools' worker processes): shared by every check of this builder (a build
        checks many candidates, and warm ones answer much sooner); without them, each check opens its own."""
        # sysconfig fills its table on first use without a lock, and a build's threads use it (hypothesis on
        # import, finding ruff): one that read it while another filled it saw a value as None.
        sysconfig.get_config_vars()
        self.config = config
        self.settings = config.build
        self.backend = backend
        self.services = Services(sandbox, workers=workers)
        self.watcher: Watcher = watcher or Quiet()
        self.concurrency = self.settings.max_concurrency
        self.judge = Judge(self._gate_run)  # the threads' texts judged in batches (aic.generate.judge)
        self._reading = threading.Lock()  # the project's code, read by one thread at a time
        self._projects: dict[str, ProjectModules] = {}  # intent name -> the project modules it may import
        self._corpus: list[Definition] | None = None  # the project's hand-written definitions, read once

    def project(self, intent: IntentModule, fresh: bool = False) -> ProjectModules:
        """The project's own modules `intent` imports (and theirs), read from disk when its build starts: a module
        generated earlier in this build is seen as emitted."""
        with self._reading:
            if fresh or intent.name not in self._projects:
                if self._corpus is None:
                    self._corpus = hand_written(self.config) if self.settings.context_related else []
                self._projects[intent.name] = seen(self.config, intent, self._corpus)
            return self._projects[intent.name]

    def output_path(self, intent: IntentModule) -> Path:
        return module_file(self.config.root, self.settings.output, intent.name)

    def build_module(
        self,
        intent: IntentModule,
        keep_going: bool,
        given: dict[str, Candidate] | None = None,
        partial: bool = False,
        stubs: dict[str, str] | None = None,
        turns: Turns[Candidate] | None = None,
    ) -> ModuleResult:
        """`given` holds candidates taken from the lock: not asked for again, judged in the module check; `stubs`
        the lock's stubs of a partial module (replayed as they are). With `partial`, a function no candidate
        passed becomes a stub and the rest of the module is still emitted. The functions are asked for together
        and judged in intent order (aic.generate.turns); `turns.stop(-1)` ends them: the build raises Stopped."""
        result = ModuleResult(intent, stubs=dict(stubs or {}), warnings=unchecked(intent.functions, intent.path))
        self.project(intent)  # read when first asked for (a build reads it afresh for each module it builds)
        given, turns = given or {}, turns or Turns()
        stops = not (partial or keep_going)  # a function no candidate passed ends the module
        jobs = [
            partial_job(self._function_job, intent, k, f, turns, given, set(result.stubs), stops)
            for k, f in enumerate(intent.functions)
        ]
        try:
            futures = in_order(jobs, self.concurrency)
        except BaseException:  # interrupted (Ctrl-C): the threads still running make no further call
            turns.stop(-1)
            raise
        for function, future in zip(intent.functions, futures, strict=False):
            outcome = future.result()  # the first failure in intent order, as one function after another
            result.functions.append(outcome)
            result.warnings.extend(weak_evidence(function, outcome.evidence, intent.path))
            if outcome.accepted is None and outcome.origin == "model":
                if partial:
                    result.stubs[function.qualname] = stub(function, outcome)
                elif not keep_going:
                    return result
        accepted = turns.settled
        # A partial module needs one generated function: a module of stubs only would be the intent again.
        if len(accepted) + len(result.stubs) == len(intent.functions) and (accepted or not result.stubs):
            result.text, result.final = self.finish_module(intent, accepted, result.stubs)
        return result

    def _function_job(
        self, intent: IntentModule, index: int, function: Function, turns: Turns[Candidate],
        given: dict[str, Candidate], stubbed: set[str], stops: bool,
    ) -> FunctionResult:  # fmt: skip
        """One function of a module, in a thread of its own: asked for at once, judged in its turn. `given` and
        `stubbed` (the lock's code and stubs) are replayed, not asked for."""
        name, turn = f"{intent.name}.{function.qualname}", Turn(turns, index)
        try:
            turn.check()
            if function.qualname in stubbed or function.qualname in given:
                outcome = FunctionResult(function.qualname, given.get(function.qualname), origin="lock")
            else:
                self.watcher.started(name)
                outcome = self.build_function(intent, function, turn)
            turn.wait()  # a function whose replies never reached the gates has not waited for its turn yet
            if outcome.accepted is None and outcome.origin == "model" and stops:
                turns.stop(index)  # before settling: the next function must not take its turn
            turns.settle(index, function.qualname, outcome.accepted)
            self.watcher.finished(name)
            return outcome
        except BaseException:
            turns.stop(index)  # the functions after this one wait for a turn that will not come
            raise

    def build_function(self, intent: IntentModule, function: Function, turn: Turn[Candidate]) -> FunctionResult:
        """Candidates for `function` until enough accepted ones agree (see aic.generate.pool) or the budgets are
        spent; an accepted one joins the pool. Only when every fresh candidate was refused is the first one
        repaired with its findings (up to `max_repairs` rounds): on the embedded model a fresh sample costs a
        third of a repair, so repairs are kept for the functions fresh samples cannot settle. `turn` waits until
        the functions before this one are settled and gives the ones accepted (the gates judge each candidate
        next to them). Candidates are asked in waves (`Pool.wave`), so exactly the candidates a build one call at
        a time asks for."""
        result = FunctionResult(function.qualname)
        runs_code = "examples" in pipeline(self.config)
        pool = Pool(function, self.settings.agree, self.services.sandbox if runs_code else None, self.project(intent))
        if pool.wants_inputs and self.settings.propose:
            calls, reply = ask_inputs(self.backend, intent, function, self.settings.seed)
            pool.propose(calls)
            result.side_calls.append((reply.prompt_tokens, reply.completion_tokens))
        asked = 0
        while wave := pool.wave(asked, self.settings.samples, self.settings.extra_samples):
            jobs = [partial_job(self.sample, intent, function, turn, n) for n in wave]
            for future in in_order(jobs, self.concurrency):
                attempts, joined = future.result()
                result.attempts.extend(attempts)
                if joined is not None:
                    pool.add(len(result.attempts) - 1, *joined)
            asked = wave.stop
        if not pool.members and result.attempts and self.settings.max_repairs:
            attempts, joined = self.sample(intent, function, turn, 0, result.attempts[0])
            result.attempts.extend(attempts)
            if joined is not None:
                pool.add(len(result.attempts) - 1, *joined)
        chosen = pool.chosen(len(result.attempts))
        if chosen is not None:
            member, result.evidence = chosen
            result.accepted, result.chosen = member.candidate, member.attempt
        return result

    def sample(
        self, intent: IntentModule, function: Function, turn: Turn[Candidate], sample: int,
        refused: Attempt | None = None,
    ) -> tuple[list[Attempt], tuple[Candidate, str, bool] | None]:  # fmt: skip
        """One fresh candidate, or with `refused` (this sample's first, refused attempt) its repairs until one
        passes every gate or `max_repairs` rounds run out: the attempts, and what joins the pool (the candidate,
        its module as the gates saw it, whether it was greedy)."""
        prefill, history = self._conversation(intent, function, sample, refused)
        attempts: list[Attempt] = []
        for round_ in range(1) if refused is None else range(1, self.settings.max_repairs + 1):
            # Each style's first answer is greedy, the rest sampled with fixed seeds: repairs differ, rebuilds repeat.
            temperature = 0.0 if self._style(sample)[1] and round_ == 0 else self.settings.temperature
            seed = self.settings.seed + 100 * sample + round_
            messages = with_opening(history, intent, function) if prefill else history
            request = Request(messages, self.settings.max_reply_tokens, temperature, seed)
            turn.check()  # an earlier function stopped the module: no more calls for this one
            reply = self.backend.complete(request)
            text = complete_reply(reply.text, intent, function) if prefill else reply.text
            attempt = Attempt(
                sample, round_, [], reply.prompt_tokens, reply.completion_tokens, reply.seconds, text,
                request.prompt_digest(), temperature, seed, request.max_tokens, reply.cached, reply.cpu_seconds,
            )  # fmt: skip
            attempts.append(attempt)
            candidate = read_reply(text, function, intent.path, [c.name for c in intent.classes])
            if reply.truncated:
                attempt.diagnostics = [truncated(reply.completion_tokens, request.max_tokens, function, intent.path)]
            elif isinstance(candidate, Diagnostic):
                attempt.diagnostics = [candidate]
            else:
                accepted = turn.wait()
                attempt.diagnostics = self.verify(intent, function, accepted, candidate)
                if attempt.accepted:
                    module = assemble(intent, {**accepted, function.qualname: candidate}, function.qualname)[0]
                    return attempts, (candidate, module, temperature == 0.0)
            history = repair(history, text, blocking(attempt.diagnostics), function)
        return attempts, None

    def _conversation(
        self, intent: IntentModule, function: Function, sample: int, refused: Attempt | None
    ) -> tuple[bool, tuple[Message, ...]]:
        """Whether the reply starts prefilled, and the messages so far: the first prompt in the sample's style (the
        styles take turns), and for a repair the refused reply and its blocking findings."""
        style = self._style(sample)[0]
        shown = context(intent, self.project(intent), self.settings.context_tokens)
        history = ask(intent, function, style, self.backend.prefill, shown)
        if refused is not None:
            history = repair(history, refused.reply, blocking(refused.diagnostics), function)
        return prefilled(style, self.backend.prefill), history

    def _style(self, sample: int) -> tuple[str, bool]:
        """The style candidate `sample` is asked in, and whether greedily: the first `samples` take `styles` in
        turn, the extra ones `extra_styles` (if set); a style's first answer is greedy, once per build of a function
        (a second greedy answer in a style already asked would repeat the first)."""
        extra = bool(self.settings.extra_styles) and sample >= self.settings.samples
        styles = self.settings.extra_styles if extra else self.settings.styles
        k = sample - self.settings.samples if extra else sample
        style = styles[k % len(styles)]
        return style, k < len(styles) and not (extra and style in self.settings.styles)

    def verify(
        self, intent: IntentModule, function: Function, accepted: dict[str, Candidate], candidate: Candidate
    ) -> list[Diagnostic]:
        """The gates' verdict on one candidate, placed in its module; only findings on its own lines count."""
        text, lines = assemble(intent, {**accepted, function.qualname: candidate}, current=function.qualname)
        return candidates_own(function, text, lines, self.check(text, intent))

    def check(self, text: str, intent: IntentModule) -> list[Diagnostic]:
        return self.judge.check(str(self.output_path(intent)), text, self.project(intent))

    def _gate_run(self, texts: Mapping[str, str], project: ProjectModules) -> list[Diagnostic]:
        """One run of every gate over `texts` (path -> text), all judged against `project`."""
        return list(verify(texts, self.config, services=replace(self.services, project=project)).diagnostics)

    def finish_module(
        self, intent: IntentModule, accepted: dict[str, Candidate], stubs: dict[str, str] | None = None
    ) -> tuple[str, list[Diagnostic]]:
        """The whole module, formatted, with its header, checked once more as a whole. Safe lint fixes (an
        import no function uses any more) are applied first. `stubs` (a partial module's functions that were
        not generated) are written as they are and named in the header."""
        stubs = stubs or {}
        written = {**accepted, **{name: Candidate((), code) for name, code in stubs.items()}}
        body, _ = assemble(intent, written, current=None)
        if stubs:
            body = partial_line(f.qualname for f in intent.functions if f.qualname in stubs) + body
        path = str(self.output_path(intent))
        body = format_source(body)
        fixed = verify({path: body}, self.config, gates=("lint",), fix=True)  # lint switched off: no fixes
        body = format_source(fixed.unit.texts.get(path, body))
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        text = header(intent.path, digest, self.config.root) + body
        return text, self.check(text, intent)
