"""Agreement between samples, a check derived from the prompt alone: every sample of a task is run on inputs
made from the prompt's example calls (the calls themselves, small variations of their literal arguments and
larger inputs of the same kind, kept within the domain the examples show), and an accepted sample outside the
strictly largest group of accepted samples that behave alike is refused (AIC408). The hidden tests play no
part: only the prompt's examples and the other samples' behaviour do.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from aic.ir import Function
from aic.verifiers.budgets import Limits
from aic.verifiers.sandbox import ExampleSpec, Job, Sandbox

MAX_PROBES = 64
MIN_ACCEPTED = 3  # fewer accepted samples than this cannot outvote anyone
LIMITS = Limits(timeout_seconds=10.0, cpu_seconds=5, memory_mb=512)
_PROBE_CALL = ExampleSpec(0, "__aic_probe__()\n", "<fingerprint>\n", 1)


def probes(function: Function) -> list[str]:
    """Call expressions of `function` on the examples' literal arguments and variations of them that stay in the
    domain the examples show (see `_mutations`)."""
    calls = [args for example in function.examples for args in _example_args(example.source, function)]
    seen: dict[str, None] = {}
    for args in calls:
        for variant in [args, *_variants(args, calls)]:
            try:
                text = f"{function.name}({', '.join(repr(v) for v in variant)})"
                ast.parse(text)
            except (SyntaxError, ValueError, RecursionError):
                continue
            seen.setdefault(text, None)
    return list(seen)[:MAX_PROBES]


def _example_args(source: str, function: Function) -> Iterator[tuple[Any, ...]]:
    """The literal arguments of each call of `function` in an example, in parameter order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    names = [p.name for p in function.params]
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function.name):
            continue
        try:
            given = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
            args = [ast.literal_eval(arg) for arg in node.args]
        except (ValueError, TypeError, SyntaxError, RecursionError):
            continue
        rest = names[len(args) : len(args) + len(given)]
        if set(given) == set(rest):  # keywords fill the next parameters: the call is positional in effect
            yield (*args, *(given[name] for name in rest))


def _variants(args: tuple[Any, ...], calls: Sequence[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for position, value in enumerate(args):
        shown = [c[position] for c in calls if len(c) > position]
        for other in _mutations(value):
            if _kind(other) in {_kind(v) for v in shown}:
                yield (*args[:position], other, *args[position + 1 :])


def _mutations(value: Any) -> list[Any]:
    """Small changes, and larger inputs of the same kind (examples show small cases; faults hide in big ones)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value + 1, value - 1, 0, -value, value * 2, value * 10 + 3, value * 97 + 1]
    if isinstance(value, float):
        return [value * 1.5, -value, 0.0, value + 1.0, value * 10.25]
    if isinstance(value, str):
        rotated = value[1:] + value[:1]
        return ["", value[::-1], value.upper(), value + value[:1], value[1:], rotated, value + value[::-1]]
    if isinstance(value, list | tuple):
        kind = type(value)
        return [kind(), kind(value[::-1]), kind(value[1:]), kind([*value, *value[:1]]), kind(sorted(value, key=repr)),
                kind([*value[1:], *value[:1]]), kind([*value, *value[::-1]])]  # fmt: skip
    return []


def _kind(value: Any) -> tuple[Any, ...]:
    """The coarse class of a value that a prompt's examples either show or not. A variation is kept only when
    some example shows a value of its class at that argument: a function shown positive numbers may not be
    defined on negative ones (right samples then differ, and no sample is wrong), nor one shown lower-case
    words on upper-case ones, nor one shown non-empty lists on an empty one."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (type(value), (value > 0) - (value < 0))
    if isinstance(value, str):
        return (str, bool(value), any(c.isupper() for c in value), any(c.islower() for c in value))
    if isinstance(value, list | tuple):
        return (type(value), bool(value))
    return (type(value),)


def fingerprints(sources: Sequence[str], calls: Sequence[Sequence[str]], sandbox: Sandbox) -> list[list[str]]:
    """Each module's result on each of its calls: a short digest of the value's repr, or "" when the call raised
    (out of the function's domain, perhaps: no opinion); all "" when the module timed out or crashed."""
    jobs = [
        Job(str(k), f"probe_{k}.py", f"probe_{k}", source + "\n\n" + _probe_code(call), ((_PROBE_CALL,),))
        for k, (source, call) in enumerate(zip(sources, calls, strict=True))
    ]
    outcomes = sandbox.run(jobs, LIMITS)
    out = []
    for k in range(len(jobs)):
        outcome = outcomes[str(k)]
        results = [e for e in outcome.events if e.get("event") == "result"]
        got = str(results[0].get("got", "")).strip() if results and results[0].get("status") == "failed" else ""
        values = got.split(",") if got and not outcome.timed_out else []
        out.append(values if len(values) == len(calls[k]) else [""] * len(calls[k]))
    return out


def _probe_code(calls: Sequence[str]) -> str:
    lambdas = "".join(f"        lambda: {call},\n" for call in calls)
    return (
        "def __aic_probe__():\n    import hashlib as _h\n    _out = []\n    for _call in (\n"
        f"{lambdas}    ):\n        try:\n            _out.append(repr(_call()))\n"
        "        except BaseException:\n            _out.append('')\n"
        "    print(','.join(_h.sha256(o.encode()).hexdigest()[:8] if o else '' for o in _out))\n"
    )


def outliers(prints: Sequence[Sequence[str]], accepted: Sequence[bool]) -> list[bool]:
    """For one task's samples in order: True where an accepted sample lies outside the largest group of accepted
    samples that behave alike.

    Only the accepted samples count (the others are refused already), and of them only those whose probe run
    returned something (one that hung or crashed takes no part, and is not refused for it). A call on which any
    of them raised or timed out is left out: its input may lie outside the function's domain, where right
    samples differ. The samples are grouped by their values on the other calls; when one group holds at least
    two samples and is strictly larger than every other, the accepted samples outside it are outliers. A tie,
    no group of two, or fewer than three accepted samples: no opinion (nobody is refused on a hunch)."""
    chosen = [k for k, ok in enumerate(accepted) if ok and any(prints[k])]  # all "": the run hung or crashed
    flags = [False] * len(prints)
    if len(chosen) < MIN_ACCEPTED:
        return flags
    calls = [c for c in range(len(prints[chosen[0]])) if all(prints[k][c] for k in chosen)]
    behaviour = {k: tuple(prints[k][c] for c in calls) for k in chosen}
    groups = Counter(behaviour.values()).most_common(2)
    (largest, size), runner_up = groups[0], (groups[1][1] if len(groups) > 1 else 0)
    if size < 2 or size == runner_up:
        return flags
    for k in chosen:
        flags[k] = behaviour[k] != largest
    return flags
