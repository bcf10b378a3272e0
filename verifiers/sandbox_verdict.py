"""aic's verdict on one sandbox job, decided in aic's process, never in the sandbox.

The sandbox child reports plain data (sandbox_child.py): per example its output and what it raised. Here the
report is read strictly — known event kinds, exact fields and types, each example's start and result once and
in the order sent, nothing after the end — and each example is judged with doctest's rules: its directives,
output compared by ValueChecker (doctest's comparison plus the same-value reading of literals), an expected
exception compared by its exception line (IGNORE_EXCEPTION_DETAIL honoured), and the honesty problem the
child found believed only against it. Any event that breaks the rules makes the example it concerns (the one
it names, else the one due) a failure marked "invalid" (AIC409): the report from there on is not believed and
the examples after it run again in a fresh child. A report never raises here and is never a pass by default.

The judged events keep the shape callers read: {"event": "result", "index", "status": "passed" | "failed" |
"raised" | "invalid", ...}, "start", "import_error", "internal", "done".
"""

from __future__ import annotations

import doctest
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aic.verifiers.sandbox_values import ValueChecker

if TYPE_CHECKING:
    from aic.verifiers.sandbox import ExampleSpec, Job

MAX_TEXT = 2000
_NONE = type(None)
_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "isolated": {"layers": (list,)},
    "start": {"index": (int,)},
    "result": {
        "index": (int,),
        "output": (str,),
        "truncated": (bool,),
        "exception": (str, _NONE),
        "exc_msg": (str, _NONE),
        "line": (int, _NONE),
        "honesty": (str, _NONE),
    },
    "import_error": {"exception": (str,), "detail": (str,), "line": (int, _NONE)},
    "done": {},
    "internal": {"detail": (str,)},
}
_PARSER = doctest.DocTestParser()


@dataclass(frozen=True, slots=True)
class Plan:
    """What one job runs, in order (examples marked SKIP left out), with each example's option flags."""

    specs: tuple[ExampleSpec, ...]
    flags: dict[int, int]
    groups: list[list[ExampleSpec]] = field(default_factory=list)


def options(spec: ExampleSpec) -> int:
    """The example's doctest directives (`# doctest: +ELLIPSIS`) as option flags; ValueError if malformed."""
    flags = 0
    found = _PARSER._find_options(spec.source, "example", spec.line)  # type: ignore[attr-defined]
    for flag, on in found.items():
        flags = flags | flag if on else flags & ~flag
    return flags


def plan(job: Job) -> Plan:
    flags: dict[int, int] = {}
    groups: list[list[ExampleSpec]] = []
    for group in job.groups:
        kept = []
        for spec in group:
            try:
                flags[spec.index] = options(spec)
            except ValueError:  # examples.py reports malformed directives; other callers write none
                flags[spec.index] = 0
            if not flags[spec.index] & doctest.SKIP:
                kept.append(spec)
        if kept:
            groups.append(kept)
    return Plan(tuple(s for g in groups for s in g), flags, groups)


def judge(job_plan: Plan, lines: list[str], problem: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """The events aic believes, and why the report is not believed when no example is concerned.
    `problem`: what the client found wrong with the stream as a whole (cut off, too large), checked last."""
    reader = _Reader(job_plan)
    for line in lines:
        event = _parse(line)
        why = event if isinstance(event, str) else reader.feed(event)
        if why is not None:
            return reader.refuse(why, event.get("index") if isinstance(event, dict) else None)
    if problem is not None:
        return reader.refuse(problem, None)
    return reader.events, None


def _parse(line: str) -> dict[str, Any] | str:
    """The event on one line, or why it is not one."""
    try:
        event = json.loads(line)
    except (ValueError, RecursionError):
        return "a line that is not JSON"
    if type(event) is not dict:
        return "a line that is not a JSON object"
    kind = event.get("event")
    fields = _FIELDS.get(kind) if type(kind) is str else None
    if fields is None:
        return f"an unknown event {_short(repr(kind))}"
    if set(event) != {"event", *fields}:
        return f"a {kind} event with the wrong fields"
    for name, types in fields.items():
        if type(event[name]) not in types:
            return f"a {kind} event whose {name} is a {type(event[name]).__name__}"
    if kind == "isolated" and not all(type(layer) is str for layer in event["layers"]):
        return "an isolated event whose layers are not strings"
    if kind == "result" and (event["exception"] is None) != (event["exc_msg"] is None):
        return "a result event with an exception and no message, or a message and no exception"
    return event


class _Reader:
    def __init__(self, job_plan: Plan) -> None:
        self.plan = job_plan
        self.order = [spec.index for spec in job_plan.specs]
        self.specs = {spec.index: spec for spec in job_plan.specs}
        self.events: list[dict[str, Any]] = []
        self.position = 0  # into self.order: the example due
        self.started = False
        self.ended = False  # after "done", "import_error" or "internal" nothing may follow
        self.seen = False  # any event read yet ("isolated" comes first)

    def feed(self, event: dict[str, Any]) -> str | None:
        kind = event["event"]
        first, self.seen = not self.seen, True
        if self.ended:
            return f"a {kind} event after the end of the report"
        if kind == "internal":  # the child's own failure, even before it was confined
            self.ended = True
            self.events.append({"event": "internal", "detail": event["detail"]})
            return None
        if kind == "isolated":
            return None if first else "a second isolated event"
        if first:
            return f"a {kind} event before the sandbox said it was isolated"
        if kind in ("start", "result"):
            return self._example(kind, event)
        if kind == "import_error" and self.position == 0 and not self.started:
            self.ended = True
            self.events.append(event)
            return None
        if kind == "done" and self.position == len(self.order) and not self.started:
            self.ended = True
            self.events.append(event)
            return None
        return f"a {kind} event out of order"

    def _example(self, kind: str, event: dict[str, Any]) -> str | None:
        due = self.order[self.position] if self.position < len(self.order) else None
        if due is None or event["index"] != due or self.started != (kind == "result"):
            return f"a {kind} event for example {_short(repr(event['index']))} out of order"
        if kind == "start":
            self.started = True
            self.events.append({"event": "start", "index": due})
            return None
        self.started = False
        self.position += 1
        self.events.append(verdict(self.specs[due], self.plan.flags.get(due, 0), event))
        return None

    def refuse(self, why: str, named: object) -> tuple[list[dict[str, Any]], str | None]:
        """The events before the example concerned, then that example as invalid."""
        if not self.order:
            return [], f"the sandbox's report is not valid: {why}"
        # The example the event names when it was already reported (its verdict is withdrawn), else the one due.
        at = self.order.index(named) if type(named) is int and named in self.specs else len(self.order)
        at = min(at, self.position, len(self.order) - 1)
        concerned = self.order[at]
        before = set(self.order[:at])
        kept = [e for e in self.events if e["event"] in ("start", "result") and e["index"] in before]
        detail = f"the sandbox's report is not valid: {why}"
        return [*kept, {"event": "start", "index": concerned}, _invalid(concerned, detail)], None


def _invalid(index: int, detail: str) -> dict[str, Any]:
    return {"event": "result", "index": index, "status": "invalid", "detail": detail}


def verdict(spec: ExampleSpec, flags: int, event: dict[str, Any]) -> dict[str, Any]:
    """One example judged as doctest judges it, from what the child reported."""
    want = spec.want if not spec.want or spec.want.endswith("\n") else spec.want + "\n"
    match = _PARSER._EXCEPTION_RE.match(want)  # type: ignore[attr-defined]  # as DocTestParser reads it
    wanted_exception = match.group("msg") if match else None
    checker = ValueChecker()
    output, exc_msg = event["output"], event["exc_msg"]
    got = output
    if event["exception"] is None:
        success = not event["truncated"] and checker.check_output(want, output, flags)
    elif wanted_exception is None:
        line = event["line"]
        return {"event": "result", "index": spec.index, "status": "raised", "exception": event["exception"],
                "detail": _clip(exc_msg.strip()), "line": line}  # fmt: skip
    else:
        success = not event["truncated"] and (
            checker.check_output(wanted_exception, exc_msg, flags)
            or (
                bool(flags & doctest.IGNORE_EXCEPTION_DETAIL)
                and checker.check_output(_strip_detail(wanted_exception), _strip_detail(exc_msg), flags)
            )
        )
        got = f"{output}Traceback (most recent call last):\n  ...\n{exc_msg}"
    if success and event["honesty"]:  # the text matched, but not honestly (see sandbox_honest)
        return _failed(spec.index, f"{got.strip()} ({event['honesty']})")
    if success:
        return {"event": "result", "index": spec.index, "status": "passed"}
    return _failed(spec.index, got)


def _failed(index: int, got: str) -> dict[str, Any]:
    return {"event": "result", "index": index, "status": "failed", "got": _clip(got)}


def _strip_detail(message: str) -> str:
    return doctest._strip_exception_details(message)  # type: ignore[attr-defined,no-any-return]


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + f"... [{len(text) - MAX_TEXT} more characters]"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
