"""Replaying a counterexample: the real function, run in the sandbox on the inputs a prover found, must really
break the clause before aic reports it. A prover's model of Python is a model; the sandbox runs Python."""

from __future__ import annotations

from dataclasses import dataclass

from aic.ir import Module
from aic.verifiers.sandbox import ExampleSpec, Job, Limits, Sandbox


@dataclass(frozen=True, slots=True)
class Replay:
    confirmed: bool  # the real function broke the clause (or raised where the prover said it would)
    result: str  # repr of what it returned, or "raises Name"


def replay(
    sandbox: Sandbox, module: Module, function: str, inputs: tuple[tuple[str, str], ...], clause: str,
    limits: Limits,
) -> Replay:  # fmt: skip
    names = [name for name, _ in inputs]
    values = ", ".join(value for _, value in inputs)
    call = f"{function}({values})"
    if clause == "raises ZeroDivisionError":
        source = f"print(repr({call}))\n"
    elif clause.startswith("Ensures: "):
        check = f"(lambda {', '.join([*names, 'result'])}: bool({clause.removeprefix('Ensures: ')}))"
        source = f"print(repr(__aic_result := {call}), {check}({values}{', ' if values else ''}__aic_result))\n"
    else:  # the function ends without returning a value
        source = f"print(repr({call}))\n"
    job = Job("replay", module.path, "aic_replay_module", module.source, ((ExampleSpec(0, source, "", 1),),))
    outcome = sandbox.run([job], limits)["replay"]
    event = next((e for e in outcome.events if e.get("event") == "result"), None)
    if event is None or outcome.timed_out:
        return Replay(False, "did not finish")
    if event.get("status") == "raised":
        name = str(event.get("exception", "an exception"))
        return Replay(clause == "raises ZeroDivisionError" and name == "ZeroDivisionError", f"raises {name}")
    got = str(event.get("got", "")).strip()
    if clause.startswith("Ensures: "):
        shown, _, verdict = got.rpartition(" ")
        return Replay(verdict == "False", shown)
    return Replay(clause != "raises ZeroDivisionError" and got == "None", got)
