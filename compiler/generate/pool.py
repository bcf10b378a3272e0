"""A function's candidate pool: every candidate that passed the gates, run against the others on shared probe
inputs, and the one to emit chosen by behaviour (aic.verifiers.behaviour).

The build asks for candidates until `agree` accepted ones behave alike on every probe (or the `samples` budget
is spent), so an easy function costs `agree` calls and a hard one the budget; where the budget leaves the
evidence unsettled (nothing accepted, or accepted candidates that disagree), up to `extra_samples` more. A
function with no probe input of its own (no example to vary, no parameter type to draw from) is given the
calls the model proposes (one call per function, `propose`); with none of those either it cannot be compared:
its first accepted candidate is emitted, and the evidence says that nothing compared it. Nothing runs when the
examples gate is switched off: the project chose not to run generated code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from aic.backends import Backend, Reply, Request
from aic.generate.intents import IntentModule
from aic.generate.prompt import propose, proposed_calls
from aic.generate.reply import Candidate
from aic.ir import Function
from aic.ir.diagnostics import Diagnostic, make
from aic.ir.span import Span
from aic.state.lock import Evidence
from aic.verifiers.behaviour import Choice, Tokens, behaviours, choose, probe_source
from aic.verifiers.probes import POSITIONAL, Probe, probes
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.sandbox import Sandbox

PROPOSE_TOKENS = 256  # a proposal reply: eight calls on small literals


def ask_inputs(backend: Backend, intent: IntentModule, function: Function, seed: int) -> tuple[list[str], Reply]:
    """The calls the model proposes as probe inputs (one greedy call, through the backend's cache and budgets),
    and the reply, for the function's accounting."""
    reply = backend.complete(Request(propose(intent, function), PROPOSE_TOKENS, 0.0, seed))
    return proposed_calls(reply.text), reply


def wants_proposals(function: Function) -> bool:
    """Whether a function's candidates are compared on the calls the model proposes: none of its own probes, and
    a signature a call on literals can fill."""
    return not probes(function) and fillable(function)


def fillable(function: Function) -> bool:
    """Whether a call on literals can fill the signature (probes keep positional arguments only)."""
    return bool(function.params) and all(p.kind in POSITIONAL for p in function.params)


@dataclass(slots=True)
class Member:
    attempt: int  # index into the function's attempts
    candidate: Candidate
    greedy: bool
    tokens: Tokens


@dataclass(slots=True)
class Pool:
    function: Function
    need: int  # accepted candidates that must behave alike before no more are asked for
    sandbox: Sandbox | None  # None: candidates are not run (the examples gate is off)
    project: ProjectModules = NO_PROJECT  # the project's modules the candidates may import
    inputs: list[Probe] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    compared: bool = field(init=False, default=False)  # whether its candidates run against each other

    def __post_init__(self) -> None:
        # A method's candidates are not compared: a probe would have to build its object (so it runs its
        # examples only, and its first accepted candidate is emitted, as the evidence says).
        self.compared = self.sandbox is not None and self.function.qualname == self.function.name
        self.inputs = probes(self.function) if self.compared else []

    @property
    def wants_inputs(self) -> bool:
        """Whether proposed calls could help: candidates run, none proposed yet, and wants_proposals."""
        return self.compared and not self.inputs and fillable(self.function)  # no inputs: none of its own

    def propose(self, calls: list[str]) -> None:
        """Extra probe calls (the model's proposed inputs), taken before any candidate has joined."""
        if self.compared and not self.members:
            self.inputs = probes(self.function, proposed=calls)

    def add(self, attempt: int, candidate: Candidate, module: str, greedy: bool) -> None:
        """A candidate that passed every gate; `module` is its module's text as the gates saw it."""
        tokens: Tokens = ()
        if self.sandbox is not None and self.inputs:
            examples = [probe_source(self.function, p.call) for p in self.inputs]
            tokens = behaviours([module], [examples], self.sandbox, project=self.project)[0]
        self.members.append(Member(attempt, candidate, greedy, tokens))

    def missing(self) -> int:
        """Accepted candidates still needed at the least before enough agree: the next wave's size (a build one
        call at a time could not stop sooner, so asking them together asks for nothing more)."""
        need = self.need if self.inputs else 1
        return max(1, need - (self._choice().agreeing if self.members else 0))

    def wave(self, asked: int, samples: int, extra: int) -> range:
        """The candidates to ask for next, after `asked` (empty: no more): up to `samples` until enough agree, then
        up to `extra` more while the evidence is unsettled. A wave never holds a candidate a build one call at a
        time would not ask for: it stops at `samples`, and past it an empty pool gets one at a time (one
        accepted candidate settles it), a split one as many as could still complete the agreement."""
        if self.enough():
            return range(asked, asked)
        if asked < samples:
            return range(asked, min(samples, asked + self.missing()))
        if asked >= samples + extra or not self.unsettled():
            return range(asked, asked)
        return range(asked, min(samples + extra, asked + (self.missing() if self.members else 1)))

    def unsettled(self) -> bool:
        """Nothing accepted yet, or accepted candidates that behave differently: where `extra_samples` asks on."""
        return not self.members or (bool(self.inputs) and len(self._choice().sizes) > 1)

    def enough(self) -> bool:
        if not self.members:
            return False
        if not self.inputs:
            return True  # nothing to compare candidates on: a second one would tell nothing more
        return self._choice().agreeing >= self.need

    def chosen(self, asked: int) -> tuple[Member, Evidence] | None:
        """The member to emit and the evidence for it; `asked`: the calls made for this function."""
        if not self.members:
            return None
        choice = self._choice()
        digest = hashlib.sha256("\n".join(p.call for p in self.inputs).encode("utf-8")).hexdigest()
        evidence = Evidence(
            examples=len(self.function.examples), contracts=len(self.function.contracts),
            probes=len(self.inputs), probes_digest=digest if self.inputs else "", asked=asked,
            accepted=len(self.members), groups=choice.sizes if self.inputs else (),
        )  # fmt: skip
        return self.members[choice.chosen], evidence

    def _choice(self) -> Choice:
        greedy = next((k for k, m in enumerate(self.members) if m.greedy), None)
        return choose([m.tokens for m in self.members], greedy)


def weak_evidence(function: Function, evidence: Evidence | None, path: str) -> list[Diagnostic]:
    """A warning where the evidence for the emitted function is weak (Evidence.weakness): a reviewer's first
    stop. Agreement orders candidates and never refuses one; this only says how far to trust the order. None
    (nothing emitted, or the function came from the lock, which the compliance report reads): no warning."""
    if evidence is None:
        return []
    where, name, described = Span(path, function.span.line), f"`{function.qualname}`", evidence.describe()
    if evidence.weakness == "disputed":
        message = f"{name} was chosen from accepted candidates that behave differently ({described}): check it"
        return [make("AIC412", f"{message} against its intent, or add an example that settles it", "aic", where)]
    if evidence.weakness == "unconfirmed":
        message = f"{name} rests on one accepted candidate, no other confirms its behaviour ({described})"
        return [make("AIC413", f"{message}: check it against its intent, or add an example", "aic", where)]
    return []
