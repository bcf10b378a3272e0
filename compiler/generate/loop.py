"""The build loop: for each intent function, ask the model, run every gate on the candidate, feed the located
diagnostics back, and keep only what passes. Functions are built one at a time in intent order, each verified
inside its module next to the functions accepted before it (later ones are stubs)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aic.backends import Backend, Request
from aic.config import Config
from aic.generate.emit import format_source, module_file
from aic.generate.header import header, partial_line
from aic.generate.intents import IntentModule
from aic.generate.pool import Pool, ask_inputs
from aic.generate.prompt import ask, complete_reply, prefilled, repair, with_opening
from aic.generate.reply import Candidate, read_reply, truncated
from aic.ir import Diagnostic, Function, blocking
from aic.ir.unchecked import unchecked
from aic.passes import Services, pipeline, verify
from aic.state.lock import Evidence
from aic.verifiers.sandbox import Sandbox


@dataclass(slots=True)
class Attempt:
    sample: int
    round: int
    diagnostics: list[Diagnostic]
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    reply: str = ""
    prompt_digest: str = ""
    temperature: float = 0.0
    seed: int = 0
    max_tokens: int = 0
    cached: bool = False  # answered by the reply cache
    cpu_seconds: float = 0.0

    @property
    def accepted(self) -> bool:
        return not blocking(self.diagnostics)


@dataclass(slots=True)
class FunctionResult:
    name: str
    accepted: Candidate | None = None  # the candidate emitted: chosen by behaviour among those accepted
    attempts: list[Attempt] = field(default_factory=list)
    origin: str = "model"  # "lock" when the candidate came from aic.lock and no model was asked
    chosen: int | None = None  # the attempt whose candidate was emitted
    evidence: Evidence | None = None
    side_calls: list[tuple[int, int]] = field(default_factory=list)  # (prompt, completion) tokens of proposals

    @property
    def calls(self) -> int:
        return len(self.attempts) + len(self.side_calls)

    @property
    def tokens(self) -> tuple[int, int]:  # prompt and completion tokens of every call for this function
        calls = [(a.prompt_tokens, a.completion_tokens) for a in self.attempts] + self.side_calls
        return sum(p for p, _ in calls), sum(c for _, c in calls)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The emitted attempt's findings, else the last attempt's."""
        if self.chosen is not None:
            return self.attempts[self.chosen].diagnostics
        return self.attempts[-1].diagnostics if self.attempts else []


@dataclass(slots=True)
class ModuleResult:
    intent: IntentModule
    functions: list[FunctionResult] = field(default_factory=list)
    text: str | None = None  # the verified module: every function accepted, or a partial module
    final: list[Diagnostic] = field(default_factory=list)
    # A partial module's unbuilt functions -> their stubs (raising NotImplementedError; see aic.generate.project)
    stubs: dict[str, str] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)  # about the intent: functions nothing checks


# When the intent itself leaves its signature unannotated (benchmark suites), mypy's complaints about that are
# the intent's, not the candidate's.
UNTYPED_INTENT_CODES = frozenset(("no-untyped-def", "no-untyped-call", "no-any-return"))
SIGNATURE_CODES = frozenset(("no-untyped-def", "type-arg"))


def _annotated(function: Function) -> bool:
    return function.returns is not None and all(p.annotation is not None for p in function.params)


class Builder:
    def __init__(
        self,
        config: Config,
        backend: Backend,
        sandbox: Sandbox | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        """`sandbox`: one shared by every check of this builder (a build checks many candidates); without one,
        each check opens its own."""
        self.config = config
        self.settings = config.build
        self.backend = backend
        self.services = Services(sandbox)
        self.progress = progress or (lambda _: None)

    def output_path(self, intent: IntentModule) -> Path:
        return module_file(self.config.root, self.settings.output, intent.name)

    def build_module(
        self,
        intent: IntentModule,
        keep_going: bool,
        given: dict[str, Candidate] | None = None,
        partial: bool = False,
        stubs: dict[str, str] | None = None,
    ) -> ModuleResult:
        """`given` holds candidates taken from the lock: not asked for again, judged in the module check; `stubs`
        the lock's stubs of a partial module (replayed as they are). With `partial`, a function no candidate
        passed becomes a stub and the rest of the module is still emitted."""
        result = ModuleResult(intent, stubs=dict(stubs or {}), warnings=unchecked(intent.functions, intent.path))
        accepted: dict[str, Candidate] = {}
        given = given or {}
        for function in intent.functions:
            if function.name in result.stubs:
                result.functions.append(FunctionResult(function.name, origin="lock"))
                continue
            if function.name in given:
                accepted[function.name] = given[function.name]
                result.functions.append(FunctionResult(function.name, given[function.name], origin="lock"))
                continue
            self.progress(f"{intent.name}.{function.name}")
            outcome = self.build_function(intent, function, accepted)
            result.functions.append(outcome)
            if outcome.accepted is None:
                if partial:
                    result.stubs[function.name] = stub(function, outcome)
                elif not keep_going:
                    return result
                continue
            accepted[function.name] = outcome.accepted
        # A partial module needs one generated function: a module of stubs only would be the intent again.
        if len(accepted) + len(result.stubs) == len(intent.functions) and (accepted or not result.stubs):
            result.text, result.final = self.finish_module(intent, accepted, result.stubs)
        return result

    def build_function(
        self, intent: IntentModule, function: Function, accepted: dict[str, Candidate]
    ) -> FunctionResult:
        """Candidates for `function` until enough accepted ones agree (see aic.generate.pool) or the budget is
        spent; a refused candidate is repaired with its findings, an accepted one joins the pool."""
        result = FunctionResult(function.name)
        runs_code = "examples" in pipeline(self.config)
        pool = Pool(function, self.settings.agree, self.services.sandbox if runs_code else None)
        if pool.wants_inputs and self.settings.propose:
            calls, reply = ask_inputs(self.backend, intent, function, self.settings.seed)
            pool.propose(calls)
            result.side_calls.append((reply.prompt_tokens, reply.completion_tokens))
        for sample in range(self.settings.samples):
            self.sample(intent, function, accepted, sample, result, pool)
            if pool.enough():
                break
        chosen = pool.chosen(len(result.attempts))
        if chosen is not None:
            member, result.evidence = chosen
            result.accepted, result.chosen = member.candidate, member.attempt
        return result

    def sample(
        self, intent: IntentModule, function: Function, accepted: dict[str, Candidate], sample: int,
        result: FunctionResult, pool: Pool,
    ) -> None:  # fmt: skip
        """One candidate and its repairs, until one passes every gate (it joins `pool`) or the rounds run out."""
        style = self.settings.styles[sample % len(self.settings.styles)]  # the styles take turns
        prefill, history = prefilled(style, self.backend.prefill), ask(intent, function, style, self.backend.prefill)
        for round_ in range(self.settings.max_repairs + 1):
            # Each style's first answer is greedy, the rest sampled with fixed seeds: repairs differ, rebuilds repeat.
            temperature = 0.0 if sample < len(self.settings.styles) and round_ == 0 else self.settings.temperature
            seed = self.settings.seed + 100 * sample + round_
            messages = with_opening(history, intent, function) if prefill else history
            request = Request(messages, self.settings.max_reply_tokens, temperature, seed)
            reply = self.backend.complete(request)
            text = complete_reply(reply.text, intent, function) if prefill else reply.text
            attempt = Attempt(
                sample, round_, [], reply.prompt_tokens, reply.completion_tokens, reply.seconds, text,
                request.prompt_digest(), temperature, seed, request.max_tokens, reply.cached, reply.cpu_seconds,
            )  # fmt: skip
            result.attempts.append(attempt)
            candidate = read_reply(text, function, intent.path)
            if reply.truncated:
                attempt.diagnostics = [truncated(reply.completion_tokens, request.max_tokens, function, intent.path)]
            elif isinstance(candidate, Diagnostic):
                attempt.diagnostics = [candidate]
            else:
                attempt.diagnostics = self.verify(intent, function, accepted, candidate)
                if attempt.accepted:
                    module = assemble(intent, {**accepted, function.name: candidate}, function.name)[0]
                    pool.add(len(result.attempts) - 1, candidate, module, greedy=temperature == 0.0)
                    return
            history = repair(history, text, blocking(attempt.diagnostics), function)

    def verify(
        self, intent: IntentModule, function: Function, accepted: dict[str, Candidate], candidate: Candidate
    ) -> list[Diagnostic]:
        """The gates' verdict on one candidate, placed in its module; only findings on its own lines count."""
        text, lines = assemble(intent, {**accepted, function.name: candidate}, current=function.name)
        return candidates_own(function, text, lines, self.check(text, intent))

    def check(self, text: str, intent: IntentModule) -> list[Diagnostic]:
        path = str(self.output_path(intent))
        return list(verify({path: text}, self.config, services=self.services).diagnostics)

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
            body = partial_line(f.name for f in intent.functions if f.name in stubs) + body
        path = str(self.output_path(intent))
        body = format_source(body)
        fixed = verify({path: body}, self.config, gates=("lint",), fix=True)  # lint switched off: no fixes
        body = format_source(fixed.unit.texts.get(path, body))
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        text = header(intent.path, digest, self.config.root) + body
        return text, self.check(text, intent)


def stub(function: Function, outcome: FunctionResult) -> str:
    """The body of a function no candidate passed: it raises NotImplementedError naming the function and why.
    It has no docstring, so no gate runs the intent's examples or contracts on it; `aic adopt` takes a body."""
    codes = sorted({d.code for d in blocking(outcome.diagnostics)})[:3]
    why = f"no candidate passed every gate in {len(outcome.attempts)} call(s)" + (
        f" (last findings: {', '.join(codes)})" if codes else ""
    )
    message = f"aic did not generate `{function.name}`: {why}"
    return (
        f"{function.signature}:\n    # Not generated by aic: write the body, then take it over with `aic adopt`.\n"
        f"    raise NotImplementedError({message!r})\n"
    )


def candidates_own(function: Function, text: str, lines: tuple[int, int], found: list[Diagnostic]) -> list[Diagnostic]:
    """The findings in `found` (on the module `text`) that are the candidate's: on its lines (`lines`), not about
    the intent's own signature, and not the untyped-intent complaints of an unannotated suite prompt."""
    low, high = lines
    ignored = UNTYPED_INTENT_CODES if not _annotated(function) else frozenset()
    header = text.splitlines().index(f"{function.signature}:") + 1

    def own(d: Diagnostic) -> bool:
        # The signature is the intent's: lint or typing findings about it (a parameter named `l`, a bare
        # `list`) are not the candidate's to fix. A missing return, also reported there, still counts.
        if d.span.line == header and (d.tool == "ruff" or d.tool_code in SIGNATURE_CODES):
            return False
        return (low <= d.span.line <= high or d.code == "AIC003") and d.tool_code not in ignored

    return [d for d in found if own(d)]


def assemble(
    intent: IntentModule, candidates: dict[str, Candidate], current: str | None
) -> tuple[str, tuple[int, int]]:
    """Module text from the intent's header and the candidates (a function without one is a stub), and the
    1-based line range holding `current` and the imports it brings."""
    lines = [*f'"""{_escape(intent.description or intent.name)}"""'.split("\n"), ""]
    own = set(candidates[current].imports) if current in candidates else set()
    seen: set[str] = set()
    first_own = 0
    for statement in [
        *intent.header,
        *(i for f in intent.functions if f.name in candidates for i in candidates[f.name].imports),
    ]:
        if statement in seen:
            continue
        seen.add(statement)
        if statement in own and not first_own:
            first_own = len(lines) + 1
        lines += statement.split("\n")
    span = (0, 0)
    for function in intent.functions:
        lines += ["", ""]
        start = len(lines) + 1
        code = candidates[function.name].function if function.name in candidates else None
        lines += (code or f"{function.signature}:\n    raise NotImplementedError").rstrip("\n").split("\n")
        if function.name == current:
            span = (first_own or start, len(lines))
    return "\n".join(lines) + "\n", span


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
