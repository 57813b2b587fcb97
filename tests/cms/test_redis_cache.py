"""The Redis cache backend (cms.delivery.redis_cache) and the per-process copy of responses."""

import time
from unittest import mock

import pytest
from django.test import RequestFactory, override_settings

from cms.delivery import caching
from cms.delivery.caching import LocalEntries, local_entries

from ..redis import redis_cache


@pytest.fixture
def redis():
    with redis_cache() as cache:
        yield cache


def test_the_default_cache_is_the_project_backend(redis):
    assert type(redis._cache).__module__ == "cms.delivery.redis_cache"


def test_one_client_serves_every_call(redis):
    redis.set("a", 1)
    redis.get("a")
    backend = redis._cache
    assert backend.get_client(write=True) is backend.get_client(write=False)
    assert backend.get_client("a") is backend.get_client("b", write=True)


def test_incr_counts_an_existing_key_in_one_step(redis):
    redis.set("counter", 41, timeout=100)
    assert redis.incr("counter") == 42
    assert redis.incr("counter", 8) == 50
    assert redis.get("counter") == 50
    client = redis._cache.get_client()
    assert 0 < client.ttl(redis.make_key("counter")) <= 100  # the timeout is kept


def test_incr_of_a_missing_key_raises_and_creates_nothing(redis):
    with pytest.raises(ValueError, match="not found"):
        redis.incr("missing")
    assert redis.get("missing") is None


def test_integers_unchanged_compares_every_counter(redis):
    counters = {f"dep:{i}": 10**18 + i for i in range(200)}
    redis.set_many(counters, timeout=None)
    assert redis.integers_unchanged(counters)
    redis.incr("dep:150")
    assert not redis.integers_unchanged(counters)
    assert redis.integers_unchanged({**counters, "dep:150": 10**18 + 151})
    redis.delete("dep:3")
    assert not redis.integers_unchanged({"dep:3": 10**18 + 3})
    assert redis.integers_unchanged({})


def test_a_local_copy_is_served_while_its_counters_hold_and_dropped_after(redis, client, treatment):
    url = f"/api/v2/pages/{treatment.pk}/"
    client.get(url, HTTP_HOST="localhost")
    assert client.get(url, HTTP_HOST="localhost")["X-Cache"] == "hit"
    # The shared entry goes; this process's copy still answers, as current as it was.
    redis.clear()
    redis.set_many(
        {caching.DEP_PREFIX + token: version for entry in _local(local_entries)
         for token, version in entry["versions"].items()},
        timeout=None,
    )  # fmt: skip
    assert client.get(url, HTTP_HOST="localhost")["X-Cache"] == "hit"
    # A counter moves (a publish anywhere): the copy is not served again.
    caching.invalidate([f"page:{treatment.pk}"])
    assert client.get(url, HTTP_HOST="localhost")["X-Cache"] == "miss"


def _local(entries):
    return [entry for entry, _expires in entries._entries.values()]


@override_settings(CMS_CACHE={"LOCAL_BYTES": 1000})
def test_local_copies_keep_within_their_byte_budget():
    entries = LocalEntries()
    for i in range(10):
        entries.put(f"k{i}", {"body": b"x" * 200}, timeout=60)
    assert entries._bytes <= 1000
    assert entries.get("k9") is not None  # the newest stay
    assert entries.get("k0") is None  # the oldest went first
    entries.put("big", {"body": b"x" * 600}, timeout=60)  # over a quarter of the budget
    assert entries.get("big") is None


def test_local_copies_expire_with_their_entry(monkeypatch):
    entries = LocalEntries()
    entries.put("k", {"body": b"x"}, timeout=5)
    assert entries.get("k") is not None
    clock = caching.time.monotonic() + 6
    monkeypatch.setattr(caching.time, "monotonic", lambda: clock)
    assert entries.get("k") is None


def test_a_bump_moves_each_counter_and_starts_missing_ones_at_a_new_version(db, redis):
    redis.set(caching.DEP_PREFIX + "page:1", 41, timeout=None)
    started = time.time_ns()

    caching.invalidate(["page:1", "page:2"])

    assert redis.get(caching.DEP_PREFIX + "page:1") == 42
    assert redis.get(caching.DEP_PREFIX + "page:2") >= started
    client = redis._cache.get_client(write=True)
    assert client.ttl(redis.make_and_validate_key(caching.DEP_PREFIX + "page:2")) == -1


def test_an_invalidation_is_one_round_trip(db, redis):
    import redis as redis_py

    tokens = [f"page:{pk}" for pk in range(30)]
    with mock.patch.object(
        redis_py.Redis,
        "execute_command",
        autospec=True,
        side_effect=redis_py.Redis.execute_command,
    ) as command:
        caching.invalidate(tokens)

    assert command.call_count == 1


def stored_entry(seconds_left, body=b"{}"):
    return {
        "status": 200,
        "headers": [("Content-Type", "application/json")],
        "body": body,
        "etag": '"e"',
        "last_modified": None,
        "versions": {},
        "clock": None,
        "expires": time.time() + seconds_left,
    }


def serve_from_shared(monkeypatch, entry, key="cms:resp:k"):
    monkeypatch.setattr(caching.cache, "get_many", lambda keys: {key: entry, caching.EPOCH_KEY: 1})
    response, _epoch = caching.lookup(RequestFactory().get("/"), key)
    assert response is not None and response["X-Cache"] == "hit"
    return key


def test_a_local_copy_ends_when_the_shared_entry_does(monkeypatch):
    key = serve_from_shared(monkeypatch, stored_entry(seconds_left=2))

    _entry, expires = local_entries._entries[key]
    assert expires - caching.time.monotonic() <= 2


@override_settings(CMS_CACHE={"LOCAL_BYTES": 0})
def test_no_local_copies_when_the_budget_is_zero(monkeypatch):
    serve_from_shared(monkeypatch, stored_entry(seconds_left=60, body=b""))

    assert not local_entries._entries
