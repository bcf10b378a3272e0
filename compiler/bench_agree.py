"""Agreement between samples, a check derived from the prompt alone: every sample of a task is run on inputs
made from the prompt's example calls (the calls themselves and small variations of their literal arguments),
and an accepted sample whose behaviour differs from the largest group of samples that behave alike is refused
(AIC408). The hidden tests play no part: only the prompt's examples and the other samples' behaviour do.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from aic.ir import Function
from aic.verifiers.sandbox import ExampleSpec, Job, Limits, Sandbox

MAX_PROBES = 48
MIN_VOTERS = 3  # samples that returned a value on a call
STRONG = 0.75  # share of them that must agree for a consensus to refuse a sample
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
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value + 1, value - 1, 0, -value, value * 2]
    if isinstance(value, float):
        return [value * 1.5, -value, 0.0, value + 1.0]
    if isinstance(value, str):
        return ["", value[::-1], value.upper(), value + value[:1], value[1:]]
    if isinstance(value, list | tuple):
        kind = type(value)
        return [kind(), kind(value[::-1]), kind(value[1:]), kind([*value, *value[:1]]), kind(sorted(value, key=repr))]
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
    """For one task's samples in order: True where an accepted sample's value differs from a strong consensus.

    Per call, the samples that returned a value vote (one that raised abstains: the input may be outside the
    function's domain). A consensus is strong when at least MIN_VOTERS samples voted and STRONG of them agree;
    an accepted sample that returned something else on such a call is an outlier."""
    flags = [False] * len(prints)
    for call in range(len(prints[0]) if prints else 0):
        votes = Counter(p[call] for p in prints if p[call])
        voters = sum(votes.values())
        if voters < MIN_VOTERS:
            continue
        value, count = votes.most_common(1)[0]
        if count < STRONG * voters:
            continue
        for k, p in enumerate(prints):
            if accepted[k] and p[call] and p[call] != value:
                flags[k] = True
    return flags
