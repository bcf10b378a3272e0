"""`aic build [PROJECT]`: intents -> model -> every gate -> repair -> emit the verified modules and tests.

Functions whose intent is unchanged since aic.lock was written are replayed from it (their code re-verified, no
model call); `--locked` replays only, and an entry missing or stale is an error. Exit 0 when every module was
built and emitted, 1 when a function could not be verified or replayed (nothing unverified is written), 2 for a
malformed intent, configuration or lock, missing weights, a failing backend or a reached budget cap.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from aic.backends import Backend, BackendError, LazyBackend
from aic.config import BACKENDS, DEFAULT_MODEL, BuildSettings, ConfigError, load_config
from aic.files import resolve

if TYPE_CHECKING:
    from aic.project import Outcome

HELP = "generate, verify and emit the modules described by the project's intents"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", nargs="?", default=".", help="the project folder (holding pyproject.toml)")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="build the other functions after a failure and emit a partial module: each function no "
        "candidate passed is a stub raising NotImplementedError ([tool.aic] partial = true does the same)",
    )
    parser.add_argument("--samples", type=int, help="candidates per function (overrides [tool.aic] samples)")
    parser.add_argument("--max-repairs", type=int, help="repair rounds per candidate")
    parser.add_argument("--backend", choices=BACKENDS, help="overrides [tool.aic] backend")
    parser.add_argument("--model", help="overrides [tool.aic] model")
    parser.add_argument("--locked", action="store_true", help="replay aic.lock only: no model call")
    parser.add_argument("--refresh", action="store_true", help="ask the model again for every function")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the reply cache")
    parser.add_argument("--max-tokens", type=int, help="stop before the build's model calls could pass N tokens")
    parser.add_argument("--max-cost", type=float, help="stop before the build's model calls could pass USD X")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def make_backend(settings: BuildSettings) -> Backend:
    """The configured backend, made on its first call (a build answered by the lock or cache loads nothing)."""
    if settings.backend == "local":
        from aic.backends.weights import MODELS

        spec = MODELS.get(settings.model)
        if spec is None:
            raise BackendError(f"unknown local model {settings.model!r} (known: {', '.join(MODELS)})")

        def load() -> Backend:
            from aic.backends.local import LocalBackend

            return LocalBackend(settings.model)

        return LazyBackend("local", settings.model, spec.sha256, True, load)
    if settings.model == DEFAULT_MODEL:
        raise BackendError(f"backend {settings.backend!r} needs a model: set [tool.aic] model or pass --model")
    if settings.backend == "anthropic":

        def claude() -> Backend:
            from aic.backends.claude import ClaudeBackend

            env = settings.api_key_env or "ANTHROPIC_API_KEY"
            return ClaudeBackend(settings.model, env, timeout=settings.request_timeout, retries=settings.retries)

        return LazyBackend("anthropic", settings.model, settings.model, False, claude)
    if settings.backend == "openai":

        def server() -> Backend:
            from aic.backends.openai_compat import OpenAIBackend

            env = settings.api_key_env or "OPENAI_API_KEY"
            return OpenAIBackend(
                settings.model, settings.base_url, env, timeout=settings.request_timeout, retries=settings.retries
            )

        return LazyBackend("openai", settings.model, settings.model, False, server)
    raise BackendError(f"unknown backend {settings.backend!r} (known: {', '.join(BACKENDS)})")


def _settings(args: argparse.Namespace, settings: BuildSettings) -> BuildSettings:
    overrides = {
        "samples": args.samples, "max_repairs": args.max_repairs, "max_tokens": args.max_tokens,
        "max_cost": args.max_cost, "backend": args.backend, "model": args.model,
    }  # fmt: skip
    given = {k: v for k, v in overrides.items() if v is not None}
    return replace(settings, **given) if given else settings


def run(args: argparse.Namespace) -> int:
    # Imported here: the build's modules (libcst among them) must not slow every other `aic` command down.
    from aic.audit import AuditError
    from aic.intents import IntentError, load_intents
    from aic.lock import LockError
    from aic.project import NoModel, Options, build_project

    root = Path(args.project)
    resolve(root)  # a loop of symbolic links is named as one (PathError), not as a missing pyproject.toml
    try:
        if not (root / "pyproject.toml").is_file():
            raise ConfigError(f"{root}: no pyproject.toml (run `aic init {root}` to write a starter)")
        config = load_config(root, root / "pyproject.toml")
        settings = _settings(args, config.build)
        config = replace(config, build=settings)
        intents = load_intents(config.root / settings.intents)
        backend: Backend = NoModel() if args.locked else make_backend(settings)
    except (ConfigError, IntentError, BackendError, ValueError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    options = Options(locked=args.locked, refresh=args.refresh, keep_going=args.keep_going, cache=not args.no_cache)
    try:
        outcome = build_project(config, intents, backend, options, _progress(args))
    except (LockError, AuditError, BackendError, OSError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    finally:
        backend.close()
    seconds = time.perf_counter() - start
    sys.stdout.write(_json(outcome, seconds) if args.format == "json" else _text(outcome, seconds))
    for problem in outcome.problems:
        print(f"aic: error: {problem}", file=sys.stderr)
    if outcome.stopped:
        print(f"aic: error: {outcome.stopped}", file=sys.stderr)
        return 2
    complete = len(outcome.emitted) == len(intents) and not any(r.stubs for r in outcome.results)
    return 0 if complete and not outcome.problems else 1


def _progress(args: argparse.Namespace) -> Callable[[str], None]:
    def show(name: str) -> None:
        if args.format == "text":
            print(f"building {name} ...", file=sys.stderr, flush=True)

    return show


def _text(outcome: Outcome, seconds: float) -> str:
    from aic.ir import blocking

    out: list[str] = []
    emitted = outcome.emitted
    for result in outcome.results:
        name = result.intent.name
        done = sum(1 for f in result.functions if f.accepted)
        where = f" -> {emitted[name][0]} ({emitted[name][1]})" if name in emitted else " (nothing emitted)"
        if name in emitted and result.stubs:
            where += f"; PARTIAL: {len(result.stubs)} function(s) not generated, written as stubs"
        out.append(f"{name}: {done}/{len(result.intent.functions)} functions verified{where}")
        for function in result.functions:
            attempts = len(function.attempts)
            if function.origin == "lock" and function.name in result.stubs:
                out.append(f"  STUB   {function.name}: not generated (from aic.lock); write it and `aic adopt`")
                continue
            if function.origin == "lock":
                out.append(f"  ok     {function.name}: from aic.lock, re-verified")
                continue
            if function.accepted:
                last = function.attempts[-1]
                out.append(
                    f"  ok     {function.name}: sample {last.sample + 1}, repair {last.round}, {attempts} call(s)"
                )
                continue
            stubbed = " (emitted as a stub raising NotImplementedError)" if function.name in result.stubs else ""
            out.append(f"  FAILED {function.name}: no candidate passed every gate after {attempts} call(s){stubbed}")
            for d in blocking(function.diagnostics)[:6]:
                out.append(f"         {d.span.file}:{d.span.line}: {d.code} {d.message}")
        for d in blocking(result.final)[:6]:
            out.append(f"  module check: {d.span.file}:{d.span.line}: {d.code} {d.message}")
    spend = outcome.spend
    locked = sum(1 for r in outcome.results for f in r.functions if f.origin == "lock")
    out.append(
        f"{len(emitted)} module(s) emitted; {locked} function(s) from aic.lock; {spend.calls} model call(s), "
        f"{spend.cache_hits} cache hit(s); {spend.prompt_tokens} prompt + {spend.completion_tokens} completion "
        f"tokens, ${spend.cost:.4f}; {spend.seconds:.1f} s generating ({spend.cpu_seconds:.1f} CPU s), "
        f"{seconds:.1f} s in all"
    )
    return "\n".join(out) + "\n"


def _json(outcome: Outcome, seconds: float) -> str:
    results, emitted, spend = outcome.results, outcome.emitted, outcome.spend
    data = {
        "modules": [
            {
                "module": r.intent.name,
                "intent": r.intent.path,
                "emitted": str(emitted[r.intent.name][0]) if r.intent.name in emitted else None,
                "tests": str(emitted[r.intent.name][1]) if r.intent.name in emitted else None,
                "not_generated": [f.name for f in r.functions if f.name in r.stubs],
                "functions": [
                    {
                        "name": f.name,
                        "accepted": f.accepted is not None,
                        "verdict": "not-generated" if f.name in r.stubs else "verified" if f.accepted else "failed",
                        "origin": f.origin,
                        "attempts": [
                            {
                                "sample": a.sample,
                                "repair": a.round,
                                "prompt_tokens": a.prompt_tokens,
                                "completion_tokens": a.completion_tokens,
                                "seconds": round(a.seconds, 3),
                                "cpu_seconds": round(a.cpu_seconds, 3),
                                "cached": a.cached,
                                "diagnostics": [d.to_json() for d in a.diagnostics],
                                "reply": a.reply,
                            }
                            for a in f.attempts
                        ],
                    }
                    for f in r.functions
                ],
                "module_check": [d.to_json() for d in r.final],
            }
            for r in results
        ],
        "summary": {
            "emitted": len(emitted),
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
