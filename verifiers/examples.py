"""The examples engine: every `>>>` example runs in the sandbox and is compared as doctest compares.

The comparison happens in aic's process (sandbox_verdict.py, applied by Sandbox.run): the sandbox reports
output, aic decides. Findings sit on the example's `>>>` line; for an exception, a note names the module line
that raised it. A report that breaks the protocol fails the example it concerns (AIC409); where OS isolation
is unavailable and not waived, nothing runs and each module with examples gets one AIC410.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aic.ir import Diagnostic, Example, Module, Span, make
from aic.verifiers.budgets import Limits
from aic.verifiers.project import NO_PROJECT, ProjectModules
from aic.verifiers.sandbox import ExampleSpec, Job, Outcome, Sandbox
from aic.verifiers.sandbox_verdict import options

TOOL = "aic-sandbox"


def run_examples(
    modules: Sequence[Module], limits: Limits, sandbox: Sandbox, project: ProjectModules = NO_PROJECT
) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    plans: dict[str, tuple[Module, list[Example], list[tuple[ExampleSpec, ...]]]] = {}
    for number, module in enumerate(modules):
        examples: list[Example] = []
        groups: list[tuple[ExampleSpec, ...]] = []
        for function in module.functions:
            if "<locals>" in function.qualname:
                continue  # as doctest: a function nested in another is out of the examples' reach by name
            group = []
            for example in function.examples:
                problem = _syntax_problem(example)
                if problem:
                    diagnostics.append(make("AIC404", f"example is not valid Python: {problem}", TOOL, example.span))
                    continue
                returns = function.returns not in (None, "None", "NoReturn", "Never")
                group.append(ExampleSpec(len(examples), example.source, example.want, example.span.line, returns))
                examples.append(example)
            if group:
                groups.append(tuple(group))
        if groups:
            plans[str(number)] = (module, examples, groups)
    if sandbox.unavailable is not None:
        for _, examples, _ in plans.values():
            message = f"examples not run: {sandbox.unavailable}"
            diagnostics.append(make("AIC410", message, TOOL, examples[0].span))
        return diagnostics
    # A hang or a crash ends the child; the examples after it run again in a fresh child, so that one
    # bad example does not hide the verdict on the others. Each round drops at least one example.
    while plans:
        jobs = [
            Job(job_id, module.path, _module_name(module.path), module.source, tuple(groups), module.imports)
            for job_id, (module, _, groups) in sorted(plans.items())
        ]
        outcomes = sandbox.run(jobs, limits, project)
        resumed: dict[str, tuple[Module, list[Example], list[tuple[ExampleSpec, ...]]]] = {}
        for job_id, outcome in sorted(outcomes.items()):
            module, examples, groups = plans[job_id]
            found, stopped_at = _diagnose(module.path, examples, outcome, limits)
            diagnostics.extend(found)
            if stopped_at is not None:
                rest = [tuple(s for s in g if s.index > stopped_at) for g in groups]
                if any(rest):
                    resumed[job_id] = (module, examples, [g for g in rest if g])
        plans = resumed
    return diagnostics


def _syntax_problem(example: Example) -> str | None:
    try:
        compile(example.source, "<example>", "single", dont_inherit=True)
        options(ExampleSpec(0, example.source, example.want, example.span.line))  # its doctest directives
    except SyntaxError as err:
        return err.msg
    except ValueError as err:
        return str(err)
    return None


def _module_name(path: str) -> str:
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".py")
    return stem if stem.isidentifier() else "aic_module"


def _diagnose(
    path: str, examples: list[Example], outcome: Outcome, limits: Limits
) -> tuple[list[Diagnostic], int | None]:
    """The findings of one child, and the index of the example that stopped it (if one did)."""
    out: list[Diagnostic] = []
    if outcome.invalid is not None:
        span = examples[0].span if examples else Span(path, 1)
        return [make("AIC409", f"examples not believed: {outcome.invalid}", TOOL, span)], None
    started: int | None = None
    finished: set[int] = set()
    done = False
    for event in outcome.events:
        kind = event.get("event")
        if kind == "start":
            started = int(event["index"])
        elif kind == "result":
            index = int(event["index"])
            finished.add(index)
            if event.get("status") == "invalid":  # the report is not believed from here on: run the rest again
                what = f"example `{_short(examples[index].source)}`"
                out.append(make("AIC409", f"{what} not believed: {event.get('detail')}", TOOL, examples[index].span))
                return out, index
            found = _result(examples[index], event)
            if found:
                out.append(found)
        elif kind == "import_error":
            line = event.get("line") or 1
            message = f"importing the module raised {event.get('detail') or event.get('exception')}"
            out.append(make("AIC406", message, TOOL, Span(path, int(line))))
            done = True
        elif kind == "done":
            done = True
        elif kind == "internal":
            out.append(make("AIC003", f"the sandbox failed: {event.get('detail')}", TOOL, Span(path, 1)))
            return out, None
    if done and not outcome.timed_out:
        return out, None
    current = examples[started] if started is not None and started not in finished else None
    span = current.span if current else Span(path, 1)
    where = f"example `{_short(current.source)}`" if current else "importing the module"
    if outcome.timed_out or outcome.signal == "SIGXCPU":
        limit = f"{limits.timeout_seconds:g} s wall clock" if outcome.timed_out else f"{limits.cpu_seconds} s CPU"
        out.append(make("AIC402", f"{where} did not finish within {limit} (killed)", TOOL, span))
    elif outcome.signal == "SIGKILL":
        out.append(make("AIC403", f"{where} was killed, most likely past the {limits.memory_mb} MB limit", TOOL, span))
    else:
        how = f"signal {outcome.signal}" if outcome.signal else f"exit status {outcome.exit}"
        out.append(make("AIC405", f"{where} ended the process ({how}) before the examples finished", TOOL, span))
    return out, started if current is not None else None


def _result(example: Example, event: dict[str, Any]) -> Diagnostic | None:
    status = event.get("status")
    if status == "passed":
        return None
    if status == "failed":
        what = f"prose example `{_short(example.prose)}`" if example.prose else f"example `{_short(example.source)}`"
        message = f"{what} expected {_show(example.want)}, got {_show(event.get('got', ''))}"
        return make("AIC400", message, TOOL, example.span)
    exception = str(event.get("exception") or "Exception")
    detail = str(event.get("detail") or exception)
    notes = (f"raised at line {event['line']} of the module",) if event.get("line") else ()
    if exception == "MemoryError":
        message = f"example `{_short(example.source)}` ran out of memory (MemoryError under the sandbox limit)"
        return make("AIC403", message, TOOL, example.span, notes=notes)
    what = f"prose example `{_short(example.prose)}`" if example.prose else f"example `{_short(example.source)}`"
    message = f"{what} raised {_short(detail)}"
    return make("AIC401", message, TOOL, example.span, notes=notes)


def _short(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _show(text: str) -> str:
    return repr(_short(text.rstrip("\n"), 200)) if text else "nothing"
