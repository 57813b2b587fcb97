"""Fixed-window request counters in the shared cache, and the headers that report them.

Each key (or, without one, each client address) has one counter per window
(``RATE_LIMIT_WINDOW`` seconds, aligned to the clock), so every web process
shares it through the cache (Redis in production). The response says where
the client stands with the headers of the IETF draft *RateLimit header
fields for HTTP* (draft-ietf-httpapi-ratelimit-headers-07):

    RateLimit-Limit: 1200
    RateLimit-Remaining: 1187
    RateLimit-Reset: 42
    RateLimit-Policy: 1200;w=60

and a request over the limit gets a 429 with ``Retry-After``. The ``X-``
variants are left out on purpose: services disagree on what
``X-RateLimit-Reset`` means (seconds left, or an epoch time).

Written here rather than taken from django-ratelimit: that package limits
inside a view, behind the response cache, and its counter is the same
increment of a per-window cache key as below.
"""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache

from cms.delivery.redis_cache import CacheUnavailable

COUNTER_PREFIX = "cms:keys:rate:"


@dataclass(frozen=True)
class Usage:
    limit: int
    count: int
    window: int
    reset: float  # seconds until the window ends

    @property
    def exceeded(self):
        return self.count > self.limit

    @property
    def remaining(self):
        return max(0, self.limit - self.count)

    @property
    def reset_seconds(self):
        return max(1, math.ceil(self.reset))

    def apply(self, response):
        """Set the rate-limit headers on ``response`` (and ``Retry-After`` when exceeded)."""
        response["RateLimit-Limit"] = str(self.limit)
        response["RateLimit-Remaining"] = str(self.remaining)
        response["RateLimit-Reset"] = str(self.reset_seconds)
        response["RateLimit-Policy"] = f"{self.limit};w={self.window}"
        if self.exceeded:
            response["Retry-After"] = str(self.reset_seconds)
        return response


def hit(identity, limit, window, now=None):
    """Count one request for ``identity`` and return its :class:`Usage`; None when unlimited."""
    if not limit:
        return None
    now = time.time() if now is None else now
    start = int(now // window) * window
    counter = f"{COUNTER_PREFIX}{identity}:{start}"
    try:
        try:
            count = cache.incr(counter)
        except ValueError:
            # First request of the window; another process may have just made it.
            if cache.add(counter, 1, timeout=window + 5):
                count = 1
            else:
                count = cache.incr(counter)
    except CacheUnavailable:
        # The counters live in the shared cache: without it, requests are
        # served uncounted rather than refused (the cache logs that it is down).
        return None
    return Usage(limit=limit, count=count, window=window, reset=start + window - now)
