"""The build's summary, rendered for a terminal or as JSON: what `aic build` prints."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from aic.generate.project import Outcome
from aic.generate.results import Attempt, FunctionResult, ModuleResult
from aic.ir import blocking


def render_text(outcome: Outcome, seconds: float) -> str:
    """The build summary for a terminal: per module and function what happened, then the spend."""
    out: list[str] = []
    for result in outcome.results:
        out.extend(_module_lines(result, outcome.emitted.get(result.intent.name)))
    spend = outcome.spend
    locked = sum(1 for r in outcome.results for f in r.functions if f.origin == "lock")
    out.append(
        f"{len(outcome.emitted)} module(s) emitted; {locked} function(s) from aic.lock; {spend.calls} model call(s), "
        f"{spend.cache_hits} cache hit(s); {spend.prompt_tokens} prompt + {spend.completion_tokens} completion "
        f"tokens, ${spend.cost:.4f}; {spend.seconds:.1f} s generating ({spend.cpu_seconds:.1f} CPU s), "
        f"{seconds:.1f} s in all"
    )
    return "\n".join(out) + "\n"


def _module_lines(result: ModuleResult, paths: tuple[Any, Any] | None) -> list[str]:
    done = sum(1 for f in result.functions if f.accepted)
    where = f" -> {paths[0]} ({paths[1]})" if paths else " (nothing emitted)"
    if paths and result.stubs:
        where += f"; PARTIAL: {len(result.stubs)} function(s) not generated, written as stubs"
    out = [f"{result.intent.name}: {done}/{len(result.intent.functions)} functions verified{where}"]
    for function in result.functions:
        out.extend(_function_lines(function, function.name in result.stubs))
    out.extend(f"  module check: {d.span.file}:{d.span.line}: {d.code} {d.message}" for d in blocking(result.final)[:6])
    out.extend(f"  warning: {d.span.file}:{d.span.line}: {d.code} {d.message}" for d in result.warnings)
    return out


def _function_lines(function: FunctionResult, stubbed: bool) -> list[str]:
    attempts = function.calls
    if function.origin == "lock":
        if stubbed:
            return [f"  STUB   {function.name}: not generated (from aic.lock); write it and `aic adopt`"]
        return [f"  ok     {function.name}: from aic.lock, re-verified"]
    if function.accepted:
        chosen = function.attempts[function.chosen if function.chosen is not None else -1]
        evidence = f"; {function.evidence.describe()}" if function.evidence else ""
        where = f"sample {chosen.sample + 1}, repair {chosen.round}"
        return [f"  ok     {function.name}: {where}, {attempts} call(s){evidence}"]
    stub = " (emitted as a stub raising NotImplementedError)" if stubbed else ""
    out = [f"  FAILED {function.name}: no candidate passed every gate after {attempts} call(s){stub}"]
    out.extend(
        f"         {d.span.file}:{d.span.line}: {d.code} {d.message}" for d in blocking(function.diagnostics)[:6]
    )
    return out


def render_json(outcome: Outcome, seconds: float) -> str:
    """The build summary as JSON (`aic build --format json`)."""
    spend = outcome.spend
    data = {
        "modules": [_module_json(r, outcome.emitted.get(r.intent.name)) for r in outcome.results],
        "summary": {
            "emitted": len(outcome.emitted),
            "calls": spend.calls,
            "cache_hits": spend.cache_hits,
            "prompt_tokens": spend.prompt_tokens,
            "completion_tokens": spend.completion_tokens,
            "cost": spend.cost,
            "model_seconds": round(spend.seconds, 3),
            "cpu_seconds": round(spend.cpu_seconds, 3),
            "problems": outcome.problems,
            "stopped": outcome.stopped,
        },
        "seconds": round(seconds, 3),
    }
    return json.dumps(data, indent=2) + "\n"


def _module_json(result: ModuleResult, paths: tuple[Any, Any] | None) -> dict[str, Any]:
    return {
        "module": result.intent.name,
        "intent": result.intent.path,
        "emitted": str(paths[0]) if paths else None,
        "tests": str(paths[1]) if paths else None,
        "not_generated": [f.name for f in result.functions if f.name in result.stubs],
        "functions": [
            {
                "name": f.name,
                "accepted": f.accepted is not None,
                "verdict": "not-generated" if f.name in result.stubs else "verified" if f.accepted else "failed",
                "origin": f.origin,
                "chosen": f.chosen,
                "calls": f.calls,  # the attempts, and any call for proposed probe inputs
                "evidence": asdict(f.evidence) if f.evidence else None,
                "attempts": [_attempt_json(a) for a in f.attempts],
            }
            for f in result.functions
        ],
        "module_check": [d.to_json() for d in result.final],
        "warnings": [d.to_json() for d in result.warnings],
    }


def _attempt_json(attempt: Attempt) -> dict[str, Any]:
    return {
        "sample": attempt.sample,
        "repair": attempt.round,
        "prompt_tokens": attempt.prompt_tokens,
        "completion_tokens": attempt.completion_tokens,
        "seconds": round(attempt.seconds, 3),
        "cpu_seconds": round(attempt.cpu_seconds, 3),
        "cached": attempt.cached,
        "diagnostics": [d.to_json() for d in attempt.diagnostics],
        "reply": attempt.reply,
    }
