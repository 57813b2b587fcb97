"""The shared cache on a real Redis, for tests of what production runs.

``redis_cache()`` points the ``default`` cache at Redis
(``cms.delivery.redis_cache.RedisCache``, ``CMS_TEST_REDIS_URL``, default
``redis://127.0.0.1:6379/9``) for the duration of a ``with`` block. Its keys
carry a prefix of their own, so concurrent test runs sharing the server do
not see each other's keys, and are deleted at the end. Without a Redis
server the test is skipped, saying how to start one, unless
``CMS_REQUIRE_REDIS=1`` (as ``.ci/run`` sets) makes that a failure.
"""

import os
import uuid
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.test import override_settings

from cms.delivery.caching import local_entries

from .servers import redis_reachable

REDIS_URL = os.environ.get("CMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@contextmanager
def redis_cache(url=REDIS_URL):
    if not redis_reachable(url):
        message = f"no Redis at {url}: start one (redis-server) or set CMS_TEST_REDIS_URL"
        if os.environ.get("CMS_REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings = {
        "default": {
            "BACKEND": "cms.delivery.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    local_entries.clear()
    with override_settings(CACHES=settings):
        try:
            yield cache
        finally:
            client = cache._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
            local_entries.clear()
