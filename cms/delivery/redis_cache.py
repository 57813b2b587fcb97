"""Django's Redis cache backend, with one client per server and a one-trip ``incr``.

``django.core.cache.backends.redis`` builds a new ``redis.Redis`` for every
cache call. With redis-py 8 that constructor copies the whole table of
response callbacks, which costs more than the network round trip: most of
the time of a cache hit went there. ``redis.Redis`` is thread-safe (each
command borrows a connection from the pool), so one per server is enough.

Django's ``incr`` also asks ``EXISTS`` before ``INCRBY``: two round trips,
and not atomic (a key that expires in between is created without a
timeout). Here it is one Lua script, which keeps Django's contract (a missing
key raises ``ValueError``). Version counters and rate-limit counters are
incremented on every publish and every API request.

:meth:`RedisCache.integers_unchanged` checks a cached response's dependency
counters in one script call (see ``cms.delivery.caching.from_entry``), and
:meth:`RedisCache.bump_counters` moves a publish's counters in another.

When Redis cannot be reached, the site keeps serving from the database:
reads miss and stores keep nothing (a warning is logged, at most once a
minute), so every response is rendered afresh and none is kept. After a
failure, reads and stores skip Redis for ``RETRY_AFTER`` seconds, so a Redis
that times out (the settings give it 1 s to connect, 2 s to answer) holds up
one request, not each one. Changes the cache must not miss (moving a
dependency counter, deleting a record) raise :class:`CacheUnavailable`
instead: skipping one could leave a stale response to be served once Redis
is back.

Everything else is Django's: settings, serialisation, key handling.
"""

import functools
import logging
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

#: What "cannot be reached" means: refused, timed out, no connection left in
#: the pool, no such host. Any other Redis error (a bad script, a wrong type)
#: is a bug, and raises.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

#: Seconds between two warnings that the cache is unreachable, per process.
WARN_EVERY = 60


class CacheUnavailable(Exception):
    """The shared cache could not be reached for a change it must not miss."""


#: Seconds during which reads skip Redis after one could not reach it, so a
#: Redis that times out costs one request a timeout, not every request.
RETRY_AFTER = 5

_last_warning = -WARN_EVERY
_skip_until = 0.0


def _skipping():
    return time.monotonic() < _skip_until


def _unreachable(error):
    """Skip Redis for a while, and say so (at most once per ``WARN_EVERY``)."""
    global _last_warning, _skip_until
    now = time.monotonic()
    _skip_until = now + RETRY_AFTER
    if now - _last_warning >= WARN_EVERY:
        _last_warning = now
        logger.warning(
            "The shared cache (REDIS_URL) is unreachable: rendering every response from the "
            "database and keeping none until it is back (%s)",
            error,
        )


def _loud_when_unreachable(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _unreachable(error)
            raise CacheUnavailable(
                f"The shared cache (REDIS_URL) is unreachable ({error}); nothing was changed in it."
            ) from error

    return wrapper


#: INCRBY, but only for a key that exists; nil otherwise (Django raises ValueError).
INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return nil
"""

#: Each key: add one, or start a missing counter at ARGV[1].
BUMP = """
for _, key in ipairs(KEYS) do
    if redis.call("EXISTS", key) == 1 then
        redis.call("INCR", key)
    else
        redis.call("SET", key, ARGV[1])
    end
end
"""

#: 1 when each key holds its expected value, else 0. Keys and values come as
#: two newline-separated arguments: packing two strings costs redis-py far less
#: than packing a hundred arguments. (Keys outside KEYS rule out Redis Cluster,
#: which Django's backend does not support anyway.)
ALL_EQUAL = """
local values = {}
for value in string.gmatch(ARGV[2], '[^\\n]+') do
    values[#values + 1] = value
end
local i = 0
for key in string.gmatch(ARGV[1], '[^\\n]+') do
    i = i + 1
    if redis.call('GET', key) ~= values[i] then
        return 0
    end
end
return 1
"""


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}
        self._scripts = {}

    def _script(self, client, source):
        script = self._scripts.get((id(client), source))
        if script is None:
            script = self._scripts[id(client), source] = client.register_script(source)
        return script

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        value = self._script(client, INCR_EXISTING)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def bump(self, keys, start):
        client = self.get_client(None, write=True)
        client.eval(BUMP, len(keys), *keys, start)

    def all_equal(self, keys, values):
        client = self.get_client(None)
        joined = ("\n".join(keys), "\n".join(values))
        return bool(self._script(client, ALL_EQUAL)(keys=[], args=joined))


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with :class:`RedisCacheClient`.

    Reads and stores degrade to a miss when Redis is unreachable; changes
    raise :class:`CacheUnavailable` (see the module docstring).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    # What is kept here can always be rebuilt from the database: unreachable,
    # a read misses and a store keeps nothing.

    @staticmethod
    def _or_missing(call, missing):
        """``call()``, or ``missing`` when Redis cannot be reached (or just could not)."""
        if _skipping():
            return missing
        try:
            return call()
        except UNREACHABLE as error:
            _unreachable(error)
            return missing

    def get(self, key, default=None, version=None):
        return self._or_missing(functools.partial(super().get, key, default, version), default)

    def get_many(self, keys, version=None):
        return self._or_missing(functools.partial(super().get_many, keys, version), {})

    def has_key(self, key, version=None):
        return self._or_missing(functools.partial(super().has_key, key, version), False)

    def set(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        self._or_missing(functools.partial(super().set, key, value, timeout, version), None)

    def add(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._or_missing(functools.partial(super().add, key, value, timeout, version), False)

    def set_many(self, data, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._or_missing(
            functools.partial(super().set_many, data, timeout, version), list(data)
        )

    def touch(self, key, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._or_missing(functools.partial(super().touch, key, timeout, version), False)

    # Changes that must not be skipped: loud.
    @_loud_when_unreachable
    def incr(self, key, delta=1, version=None):
        if _skipping():
            # Counting requests (cms.keys.ratelimit) must not wait on a Redis
            # that just failed; the writes that invalidate still try.
            raise CacheUnavailable("The shared cache (REDIS_URL) was unreachable moments ago.")
        return super().incr(key, delta, version)

    delete = _loud_when_unreachable(django_redis.RedisCache.delete)
    delete_many = _loud_when_unreachable(django_redis.RedisCache.delete_many)
    clear = _loud_when_unreachable(django_redis.RedisCache.clear)

    @_loud_when_unreachable
    def bump_counters(self, keys, start, version=None):
        """Add one to each counter, or start a missing one at ``start``: one round trip.

        A publish moves a few dozen dependency counters (``cms.delivery.caching``),
        where ``incr`` would cost a round trip each. Redis runs the script as
        one step, so nothing reads half of them moved.
        """
        names = [self.make_and_validate_key(key, version=version) for key in keys]
        self._cache.bump(names, start)

    def integers_unchanged(self, expected, version=None):
        """Whether each key of ``expected`` still holds its integer value, in one round trip.

        Integers are stored as their decimal text (Django's serializer does
        not pickle them), so the comparison runs in Redis and only a yes or
        no comes back: a response's dependency counters are checked without
        sending them all over the network and decoding them.
        """
        keys = [self.make_key(key, version=version) for key in expected]
        values = [str(int(value)) for value in expected.values()]
        return self._or_missing(functools.partial(self._cache.all_equal, keys, values), False)
