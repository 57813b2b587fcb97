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

Everything else is Django's: settings, serialisation, key handling.
"""

from django.core.cache.backends import redis as django_redis

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
    """``django.core.cache.backends.redis.RedisCache`` with :class:`RedisCacheClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

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
        return self._cache.all_equal(keys, [str(int(value)) for value in expected.values()])
