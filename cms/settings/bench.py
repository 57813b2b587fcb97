"""Benchmark settings (bench/run.py): production-like, plus a stock Wagtail pages endpoint.

``/api/plain/`` is Wagtail's own ``PagesAPIViewSet``, unmodified and never
cached, so one run can compare it with ours on the same data. It is mounted
only here (``cms.bench_urls``), never in production.
"""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("SECRET_KEY") or "bench-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "cms.bench_urls"
AXES_ENABLED = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
CMS_CACHE = {
    **CMS_CACHE,  # noqa: F405
    "ENABLED": os.environ.get("BENCH_CACHE", "1") == "1",
    "UNCACHED_PREFIXES": ("/documents/", "/api/plain/", "/plain-html/"),
}
# One address sends every request of the load: count them (the cost is part of
# what is measured) but never refuse one.
CMS_KEYS = {**CMS_KEYS, "RATE_LIMIT": 10**9, "ANONYMOUS_RATE_LIMIT": 10**9}  # noqa: F405
