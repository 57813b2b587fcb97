"""End-to-end runs: the browser tests (tests/browser/) and the soak (bench/soak.py).

Production's behaviour where it matters to a visitor: ``DEBUG`` off, so the
real 404 and 500 pages, security headers and CSP are served; the shared cache
is Redis when ``REDIS_URL`` is set. Unlike production it needs no
``collectstatic``: WhiteNoise serves static files straight from the apps'
folders, and Django serves media, so a server can start from a fresh checkout
in seconds. Never use it in production: the secret below is public.
"""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("SECRET_KEY") or "e2e-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1"]
ROOT_URLCONF = "cms.e2e_urls"

MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")  # noqa: F405
STATIC_ROOT = None  # nothing collected: WhiteNoise reads the apps' static folders
