"""The reply cache: keys, what is stored, and entries that do not read back."""

from __future__ import annotations

from pathlib import Path

from aic.backends import Message, Reply, Request
from aic.state.cache import CachingBackend, ReplyCache, cache_key
from aic.state.cost import Spend
from tests.compiler.scripted import ScriptedBackend

REQUEST = Request((Message("user", "write f"),), 100, 0.0, 1)


def test_the_key_covers_model_messages_and_sampling() -> None:
    backend = ScriptedBackend([])
    keys = {
        cache_key(backend, REQUEST),
        cache_key(backend, Request(REQUEST.messages, 101, 0.0, 1)),
        cache_key(backend, Request(REQUEST.messages, 100, 0.5, 1)),
        cache_key(backend, Request(REQUEST.messages, 100, 0.0, 2)),
        cache_key(backend, Request((Message("user", "write g"),), 100, 0.0, 1)),
    }
    backend.digest = "other weights"
    keys.add(cache_key(backend, REQUEST))
    assert len(keys) == 6


def test_a_hit_makes_no_call_and_a_miss_is_stored(tmp_path: Path) -> None:
    spend = Spend()
    backend = ScriptedBackend(["```python\ndef f(): ...\n```"])
    caching = CachingBackend(backend, ReplyCache(tmp_path), spend)
    first = caching.complete(REQUEST)
    second = caching.complete(REQUEST)
    assert len(backend.requests) == 1 and not first.cached and second.cached
    assert second.text == first.text and second.completion_tokens == first.completion_tokens
    assert spend.cache_hits == 1


def test_cut_off_and_empty_replies_are_not_stored(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path)
    cache.put("k1", Reply("def f(", "length"))
    cache.put("k2", Reply("  ", "stop"))
    cache.put("k3", Reply("I cannot help", "refusal"))
    assert not list(tmp_path.rglob("*.json"))


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path)
    key = cache_key(ScriptedBackend([]), REQUEST)
    cache.put(key, Reply("ok", "stop", 1, 1))
    assert cache.get(key) is not None
    path = cache.path(key)
    path.write_text(path.read_text()[:20])
    assert cache.get(key) is None
    path.write_text(path.read_text().replace(key, "0" * 64))
    assert cache.get(key) is None
