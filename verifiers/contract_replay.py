"""Replaying a counterexample: the real function, run in the sandbox on the inputs a prover found, must really
break the clause before aic reports it. A prover's model of Python is a model; the sandbox runs Python."""

from __future__ import annotations

import json
from dataclasses import dataclass

from aic.ir import Function, Module
from aic.verifiers.budgets import Limits
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.properties import HEADER, NoStrategy, property_test
from aic.verifiers.sandbox import ExampleSpec, Job, Sandbox


@dataclass(frozen=True, slots=True)
class Replay:
    confirmed: bool  # the real function broke the clause (or raised where the prover said it would)
    result: str  # repr of what it returned, or "raises Name"


def replay(
    sandbox: Sandbox, module: Module, function: str, inputs: tuple[tuple[str, str], ...], clause: str,
    limits: Limits, project: ProjectModules = NO_PROJECT,
) -> Replay:  # fmt: skip
    names = [name for name, _ in inputs]
    values = ", ".join(value for _, value in inputs)
    call = f"{function}({values})"
    b = '__import__("builtins")'  # the module under check may bind `print`, `repr`, `bool`: not used here
    if clause == "raises ZeroDivisionError":
        source = f"{b}.print({b}.repr({call}))\n"
    elif clause.startswith("Ensures: "):
        check = f"(lambda {', '.join([*names, 'result'])}: {b}.bool({clause.removeprefix('Ensures: ')}))"
        shown = f"{b}.repr(__aic_result := {call})"
        source = f"{b}.print({shown}, {check}({values}{', ' if values else ''}__aic_result))\n"
    else:  # the function ends without returning a value
        source = f"{b}.print({b}.repr({call}))\n"
    job = Job(
        "replay", module.path, "aic_replay_module", module.source, ((ExampleSpec(0, source, "", 1),),), module.imports
    )
    outcome = sandbox.run([job], limits, project)["replay"]
    event = next((e for e in outcome.events if e.get("event") == "result"), None)
    if event is None or outcome.timed_out:
        return Replay(False, "did not finish")
    if event.get("status") == "invalid":
        return Replay(False, "its report from the sandbox was not believed")
    if event.get("status") == "raised":
        name = str(event.get("exception", "an exception"))
        return Replay(clause == "raises ZeroDivisionError" and name == "ZeroDivisionError", f"raises {name}")
    got = str(event.get("got", "")).strip()
    if clause.startswith("Ensures: "):
        shown, _, verdict = got.rpartition(" ")
        return Replay(verdict == "False", shown)
    return Replay(clause != "raises ZeroDivisionError" and got == "None", got)


@dataclass(frozen=True, slots=True)
class Falsified:
    inputs: tuple[tuple[str, str], ...]
    result: str
    clause: str


_PROBE = """

{header}
import builtins as __aic_b__  # the module under check may bind `print`, `repr`...: they are not used here
__aic_seen__ = []


def __aic_call__(*args):
    __aic_seen__.append((args, "?"))
    try:
        value = {name}(*args)
    except __aic_b__.Exception as error:
        __aic_seen__[-1] = (args, "raises " + __aic_b__.type(error).__name__)
        raise
    try:
        shown = __aic_b__.repr(value)
    except __aic_b__.Exception:  # e.g. an int too long to print: the value is fine, only its repr is not
        shown = "<" + __aic_b__.type(value).__name__ + ">"
    __aic_seen__[-1] = (args, shown)
    return value


{test}

def __aic_run__():
    import json
    try:
        __aic_property__()
    except __aic_b__.AssertionError as error:
        clause = __aic_b__.str(error)
    except __aic_b__.Exception as error:
        first = error.exceptions[0] if __aic_b__.isinstance(error, __aic_b__.BaseExceptionGroup) else error
        b = __aic_b__
        clause = b.str(first) if b.isinstance(first, b.AssertionError) else "raises " + b.type(first).__name__
    else:
        return
    args, result = __aic_seen__[-1] if __aic_seen__ else ((), "?")
    if clause.startswith("raises ") and not result.startswith("raises "):
        # The function returned; the contract itself failed to evaluate (a name it does not know, ...).
        __aic_b__.print(json.dumps({{"contract_error": clause.removeprefix("raises ")}}))
        return
    inputs = [__aic_b__.repr(a) for a in args]
    __aic_b__.print(json.dumps({{"inputs": inputs, "result": result, "clause": clause}}))
"""


def falsify(
    sandbox: Sandbox, module: Module, function: Function, limits: Limits, project: ProjectModules = NO_PROJECT
) -> Falsified | str | None:
    """The property test of `function`'s contracts, run in the sandbox: a shrunk falsifying example, None when
    every generated input passed, or a one-line reason the test could not run."""
    try:
        test = property_test(function, "__aic_call__", "__aic_property__", target=function.name)
    except NoStrategy as err:
        return str(err)
    source = module.source + _PROBE.format(header=HEADER, name=function.name, test=test)
    # Imported before the sandbox drops root: the interpreter's files may be unreadable to `nobody`.
    imports = (*module.imports, "json", "typing", "hypothesis", "hypothesis.strategies")
    spec = ExampleSpec(0, "__aic_run__()\n", "", 1)
    job = Job("property", module.path, "aic_property_module", source, ((spec,),), imports)
    outcome = sandbox.run([job], limits, project)["property"]
    event = next((e for e in outcome.events if e.get("event") == "result"), None)
    if outcome.timed_out or event is None:
        return "the property test did not finish within the sandbox limits"
    if event.get("status") == "passed":
        return None
    if event.get("status") == "invalid":
        return f"the property test's report from the sandbox was not believed ({event.get('detail')})"
    if event.get("status") == "raised":
        return f"the property test could not run: {event.get('detail', event.get('exception'))}"
    try:
        data = json.loads(str(event.get("got", "")).strip().splitlines()[-1])
    except (ValueError, IndexError):
        return "the property test printed something aic cannot read"
    if "contract_error" in data:
        return f"a contract could not be evaluated ({data['contract_error']})"
    names = [p.name for p in function.params]
    inputs = tuple(zip(names, [str(v) for v in data["inputs"]], strict=False))
    return Falsified(inputs, str(data["result"]), str(data["clause"]))
