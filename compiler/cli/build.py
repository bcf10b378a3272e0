"""`aic build [PROJECT]`: intents -> model -> every gate -> repair -> emit the verified modules and tests.

Exit 0 when every module was built and emitted, 1 when a function could not be verified (nothing unverified is
written), 2 for a malformed intent or configuration, missing weights or a failing backend.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aic.backends import Backend, BackendError
from aic.config import BuildSettings, ConfigError, load_config

if TYPE_CHECKING:
    from aic.build import ModuleResult

HELP = "generate, verify and emit the modules described by the project's intents"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", nargs="?", default=".", help="the project folder (holding pyproject.toml)")
    parser.add_argument("--keep-going", action="store_true", help="build the other functions after a failure")
    parser.add_argument("--samples", type=int, help="candidates per function (overrides [tool.aic] samples)")
    parser.add_argument("--max-repairs", type=int, help="repair rounds per candidate")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def make_backend(settings: BuildSettings) -> Backend:
    if settings.backend == "local":
        from aic.backends.local import LocalBackend

        return LocalBackend(settings.model)
    raise BackendError(f'backend {settings.backend!r} is not available yet; use backend = "local"')


def run(args: argparse.Namespace) -> int:
    # Imported here: the build's modules (libcst among them) must not slow every other `aic` command down.
    from aic.build import Builder, blocking
    from aic.emit import emit_module
    from aic.intents import IntentError, load_intents
    from aic.verifiers.sandbox import Sandbox

    root = Path(args.project)
    try:
        if not (root / "pyproject.toml").is_file():
            raise ConfigError(f"{root}: no pyproject.toml (run `aic init {root}` to write a starter)")
        config = load_config(root, root / "pyproject.toml")
        settings = config.build
        if args.samples is not None or args.max_repairs is not None:
            from dataclasses import replace

            settings = replace(
                settings,
                samples=args.samples if args.samples is not None else settings.samples,
                max_repairs=args.max_repairs if args.max_repairs is not None else settings.max_repairs,
            )
            config = replace(config, build=settings)
        intents = load_intents(config.root / settings.intents)
        backend = make_backend(settings)
    except (ConfigError, IntentError, BackendError, ValueError) as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results: list[ModuleResult] = []
    emitted: dict[str, tuple[Path, Path]] = {}
    try:
        with Sandbox() as sandbox:
            builder = Builder(config, backend, sandbox, _progress(args))
            for intent in intents:
                result = builder.build_module(intent, args.keep_going)
                results.append(result)
                if result.text is not None and not blocking(result.final):
                    emitted[intent.name] = emit_module(
                        config.root, settings.output, settings.tests, intent, result.text
                    )
                elif not args.keep_going:
                    break
    except BackendError as err:
        print(f"aic: error: {err}", file=sys.stderr)
        return 2
    finally:
        backend.close()
    ok = len(emitted) == len(intents)
    report = (
        _json(results, emitted, time.perf_counter() - start)
        if args.format == "json"
        else _text(results, emitted, time.perf_counter() - start)
    )
    sys.stdout.write(report)
    return 0 if ok else 1


def _progress(args: argparse.Namespace) -> Callable[[str], None]:
    def show(name: str) -> None:
        if args.format == "text":
            print(f"building {name} ...", file=sys.stderr, flush=True)

    return show


def _text(results: list[ModuleResult], emitted: dict[str, tuple[Path, Path]], seconds: float) -> str:
    from aic.build import blocking, summary_tokens

    out: list[str] = []
    for result in results:
        name = result.intent.name
        done = sum(1 for f in result.functions if f.accepted)
        where = f" -> {emitted[name][0]} ({emitted[name][1]})" if name in emitted else " (nothing emitted)"
        out.append(f"{name}: {done}/{len(result.intent.functions)} functions verified{where}")
        for function in result.functions:
            attempts = len(function.attempts)
            if function.accepted:
                last = function.attempts[-1]
                out.append(
                    f"  ok     {function.name}: sample {last.sample + 1}, repair {last.round}, {attempts} call(s)"
                )
                continue
            out.append(f"  FAILED {function.name}: no candidate passed every gate after {attempts} call(s)")
            for d in blocking(function.diagnostics)[:6]:
                out.append(f"         {d.span.file}:{d.span.line}: {d.code} {d.message}")
        for d in blocking(result.final)[:6]:
            out.append(f"  module check: {d.span.file}:{d.span.line}: {d.code} {d.message}")
    prompt, completion, model_seconds = summary_tokens(results)
    calls = sum(len(f.attempts) for r in results for f in r.functions)
    out.append(
        f"{len(emitted)} module(s) emitted; {calls} model call(s), {prompt} prompt + {completion} completion "
        f"tokens, {model_seconds:.1f} s generating, {seconds:.1f} s in all"
    )
    return "\n".join(out) + "\n"


def _json(results: list[ModuleResult], emitted: dict[str, tuple[Path, Path]], seconds: float) -> str:
    data = {
        "modules": [
            {
                "module": r.intent.name,
                "intent": r.intent.path,
                "emitted": str(emitted[r.intent.name][0]) if r.intent.name in emitted else None,
                "tests": str(emitted[r.intent.name][1]) if r.intent.name in emitted else None,
                "functions": [
                    {
                        "name": f.name,
                        "accepted": f.accepted is not None,
                        "attempts": [
                            {
                                "sample": a.sample,
                                "repair": a.round,
                                "prompt_tokens": a.prompt_tokens,
                                "completion_tokens": a.completion_tokens,
                                "seconds": round(a.seconds, 3),
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
        "seconds": round(seconds, 3),
    }
    return json.dumps(data, indent=2) + "\n"
