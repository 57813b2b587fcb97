"""A caching proxy in front (Varnish), purged by the shared cache's own dependency tokens.

The shared cache (:mod:`cms.delivery.caching`) answers a hit in Python; a
proxy in front answers it without reaching a web process at all. It may keep
a response only as long as the shared cache would, so the proxy is told what
each response depends on and is purged by the same tokens:

- A response the shared cache stores for everyone carries
  ``Surrogate-Key``: one short key per dependency token (a hash keyed with
  ``SECRET_KEY``, so no page id, snippet id or model name can be read from
  it), and
  ``Surrogate-Control: max-age=N``, how long the proxy may keep it. Both are
  for the proxy only: ``deploy/varnish.vcl`` keeps responses that carry
  them, passes everything else, and removes both before a client sees them.
- :func:`ban` runs when an invalidation commits, after the counters moved:
  every proxy configured with :class:`VarnishBackend` gets a ``BAN`` request
  naming the keys, and drops every response that carries one. A publish
  bans exactly what it invalidates in the shared cache, listings included.
- A response rendered from the rows before a publish, which reaches the
  proxy just after the ban, would be kept (a ban applies to what the proxy
  held when it came). The shared cache refuses such a render (its epoch
  moved), but one that finished just before the counters moved can still be
  on its way; so the ban is sent again ``BAN_REPEAT_SECONDS`` later, by one
  thread per process, which a process waits for before it exits.
- A response that depends on more than ``SURROGATE_KEY_LIMIT`` tokens (a
  sitemap of every page) carries no keys, so the proxy does not keep it:
  proxies limit header sizes, and such a response changes with every publish.

Keys are emitted only when ``CMS_CACHE["SURROGATE_KEYS"]`` is on, which the
settings turn on with a ``FRONTEND_CACHE_PURGE_URL`` (see docs/deploy.md).
"""

import atexit
import functools
import hashlib
import heapq
import logging
import threading
import time
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger("wagtail.frontendcache")

SURROGATE_KEY = "Surrogate-Key"
SURROGATE_CONTROL = "Surrogate-Control"


@functools.cache
def _hash_key(secret):
    return hashlib.sha256(f"cms.delivery.proxy:{secret}".encode()).digest()


def surrogate_key(token):
    """The short key a dependency token goes by outside the process: 10 hex digits."""
    key = _hash_key(settings.SECRET_KEY)
    return hashlib.blake2b(token.encode(), digest_size=5, key=key).hexdigest()


def surrogate_keys(tokens):
    return " ".join(sorted({surrogate_key(token) for token in tokens}))


class _MethodRequest(Request):
    def __init__(self, method, *args, **kwargs):
        self._method = method
        super().__init__(*args, **kwargs)

    def get_method(self):
        return self._method


class VarnishBackend(HTTPBackend):
    """Wagtail's ``HTTPBackend`` (``PURGE`` a URL), with a timeout and bans by key.

    ``LOCATION`` is the proxy's address; ``TIMEOUT`` (seconds, default 2)
    bounds each request, so a proxy that hangs cannot hold up a publish.
    Bans go as ``BAN /`` with the keys in a ``Surrogate-Key`` header, at
    most ``KEYS_PER_REQUEST`` a request (proxies limit header sizes).
    """

    KEYS_PER_REQUEST = 300

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2))
        location = params.get("LOCATION", "")
        parts = urlsplit(location)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                f"Front-end cache LOCATION {location!r} is not an http(s) URL: set "
                "FRONTEND_CACHE_PURGE_URL to e.g. http://varnish:6081"
            )
        super().__init__(params)

    def _send(self, method, path, host, headers=(), what="", query=""):
        url = urlunsplit([self.cache_scheme, self.cache_netloc, path, query, ""])
        headers = {
            "Host": host,
            "User-Agent": f"Wagtail-frontendcache/{wagtail_version}",
            **dict(headers),
        }
        try:
            with urlopen(_MethodRequest(method, url, headers=headers), timeout=self.timeout):  # noqa: S310 - configured LOCATION
                return True
        except HTTPError as e:
            logger.error(
                "Couldn't %s %s on %s: HTTP %d %s",
                method,
                what,
                self.cache_netloc,
                e.code,
                e.reason,
            )
        except Exception as e:  # noqa: BLE001 - a proxy's failure must never fail a publish
            logger.error(
                "Couldn't %s %s on %s: %r", method, what, self.cache_netloc, getattr(e, "reason", e)
            )
        return False

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        self._send("PURGE", parts.path, host, what=f"'{url}'", query=parts.query)

    def purge_keys(self, keys):
        keys = sorted(set(keys))
        for start in range(0, len(keys), self.KEYS_PER_REQUEST):
            chunk = keys[start : start + self.KEYS_PER_REQUEST]
            self._send(
                "BAN",
                "/",
                self.cache_netloc,
                {SURROGATE_KEY: " ".join(chunk)},
                what=f"{len(chunk)} keys",
            )


def key_backends():
    """The configured front-end cache backends that ban by key."""
    return [backend for backend in get_backends().values() if hasattr(backend, "purge_keys")]


class _Repeats:
    """Bans to send again later: one thread per process, a queue ordered by time.

    The thread is a daemon, so it never keeps a process alive on its own; at
    exit the process waits for what is queued (at most ``BAN_REPEAT_SECONDS``),
    so a management command or a recycled worker still sends its repeats.
    """

    def __init__(self):
        self._queue = []  # (due, sequence, backends, keys)
        self._sequence = 0
        self._condition = threading.Condition()
        self._thread = None

    def add(self, delay, backends, keys):
        with self._condition:
            self._sequence += 1
            heapq.heappush(self._queue, (time.monotonic() + delay, self._sequence, backends, keys))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="cms-ban-repeats", daemon=True
                )
                self._thread.start()
                atexit.register(self.drain)
            self._condition.notify()

    def _next_due(self):
        with self._condition:
            while True:
                if self._queue:
                    wait = self._queue[0][0] - time.monotonic()
                    if wait <= 0:
                        return heapq.heappop(self._queue)
                    self._condition.wait(wait)
                else:
                    self._condition.wait()

    def _run(self):
        while True:
            _, _, backends, keys = self._next_due()
            _send_keys(backends, keys)

    def drain(self):
        """Send what is queued once it is due (at process exit)."""
        while True:
            with self._condition:
                if not self._queue:
                    return
                due, _, backends, keys = heapq.heappop(self._queue)
            time.sleep(max(0.0, due - time.monotonic()))
            _send_keys(backends, keys)


_repeats = _Repeats()


def send_repeated_bans():
    """Send the queued repeated bans once each is due: before stopping a proxy they target."""
    _repeats.drain()


def _send_keys(backends, keys):
    for backend in backends:
        backend.purge_keys(keys)


def ban(tokens, repeat_after=0):
    """Ban every proxied response that depends on one of ``tokens``.

    With ``repeat_after`` (seconds), the same ban is sent again that much later.
    """
    backends = key_backends()
    if not backends or not tokens:
        return
    keys = [surrogate_key(token) for token in tokens]
    _send_keys(backends, keys)
    if repeat_after > 0:
        _repeats.add(repeat_after, backends, keys)
