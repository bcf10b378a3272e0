"""The embedded backend: Qwen2.5-Coder on llama.cpp (the prebuilt `xllamacpp` wheel), in-process, offline.

Loaded once per build. Greedy decoding with a fixed seed unless a request asks for a temperature.

A reply depends on the calls before it, not on the request alone: the runtime's prompt cache reads a prompt that
shares a prefix with the one before from that point on only, and the arithmetic of the split differs from reading
it whole (most likely its kernels for a long batch of tokens and a short one round differently; not looked into).
Measured here, HumanEval/146's greedy answer was 44 tokens long asked first and 76 after HumanEval/145; with the
cache off it was 44 either way. A build repeats (the same calls in the same order; the lock replays replies), but
a module built alone may get other replies than within its project. The cache stays on: off, every call reads its
whole prompt, and the example project's `money.to_cents` found no accepted candidate in 11 calls (it does at the
4th with the cache on, by the same luck of arithmetic); `reuse_prompts=False` measures the difference
(benchmarks/prompt_cache.py).
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from aic.backends import BackendError, Reply, Request
from aic.backends.weights import MODELS, ensure_weights


class LocalBackend:
    name = "local"
    prefill = True

    def __init__(
        self, model: str, threads: int | None = None, context: int = 4096, parallel: int = 1,
        reuse_prompts: bool = True,
    ) -> None:  # fmt: skip
        spec = MODELS.get(model)
        if spec is None:
            raise BackendError(f"unknown local model {model!r} (known: {', '.join(MODELS)})")
        self.model = model
        self.reuse_prompts = reuse_prompts  # False only to measure a reply that depends on its request alone
        self.weights_sha256 = spec.sha256
        self.digest = spec.sha256
        path = ensure_weights(spec)
        try:
            import xllamacpp
        except ImportError:
            raise BackendError("the embedded runtime is not installed: run `make setup-model`") from None
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        # Each of `parallel` slots holds a whole context; with continuous batching the runtime decodes the
        # requests in flight together (about 2x the tokens/s of one on two cores).
        params.n_ctx = context * parallel
        params.n_parallel = parallel
        params.cont_batching = parallel > 1
        params.warmup = False
        params.verbosity = -1
        params.cpuparams.n_threads = threads or os.cpu_count() or 2
        params.cpuparams_batch.n_threads = threads or os.cpu_count() or 2
        with _quiet_stderr():
            self._server: Any = xllamacpp.Server(params)

    def complete(self, request: Request) -> Reply:
        body = {
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "seed": request.seed,
            "top_k": 1 if request.temperature == 0 else 40,
            "cache_prompt": self.reuse_prompts,
        }
        start = time.perf_counter()
        try:
            with _quiet_stderr():
                answer = self._server.handle_chat_completions(body)
        except Exception as err:  # the runtime's own failure, reported as the backend's, in one line
            raise BackendError(f"the embedded model failed: {type(err).__name__}: {err}") from None
        seconds = time.perf_counter() - start
        if not isinstance(answer, dict) or "choices" not in answer:
            detail = answer.get("error", answer) if isinstance(answer, dict) else answer
            raise BackendError(f"the embedded model failed: {str(detail)[:200]}")
        choice = answer["choices"][0]
        usage = answer.get("usage") or {}
        return Reply(
            text=str(choice.get("message", {}).get("content") or ""),
            finish_reason=str(choice.get("finish_reason") or "stop"),
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
            seconds=seconds,
        )

    def close(self) -> None:
        self._server = None


class _quiet_stderr:
    """llama.cpp logs to file descriptor 2 from C; send it to /dev/null while it works. Calls may overlap (the
    runtime's parallel slots serve several threads): the first one in redirects, the last one out restores, so
    an overlap never leaves the process's stderr pointing at /dev/null."""

    _lock = threading.Lock()
    _inside = 0
    _saved = -1

    def __enter__(self) -> None:
        cls = type(self)
        with cls._lock:
            if cls._inside == 0:
                saved = os.dup(2)
                try:
                    null = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(null, 2)
                    os.close(null)
                except OSError:  # not silenced, then: nothing to restore, no descriptor left open
                    os.close(saved)
                    raise
                cls._saved = saved
            cls._inside += 1

    def __exit__(self, *exc: object) -> None:
        cls = type(self)
        with cls._lock:
            cls._inside -= 1
            if cls._inside == 0:
                os.dup2(cls._saved, 2)
                os.close(cls._saved)
