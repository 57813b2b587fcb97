"""Settings of the keys app, in ``settings.CMS_KEYS``, read through :func:`get_setting`."""

from django.conf import settings

DEFAULTS = {
    # Requests one API key may make per window, unless the key sets its own limit.
    "RATE_LIMIT": 1200,
    # Requests per window for each client address that sends no key. None: no limit.
    "ANONYMOUS_RATE_LIMIT": 300,
    # Length of a rate-limit window, in seconds.
    "RATE_LIMIT_WINDOW": 60,
    # Paths that take keys and are rate limited.
    "API_PREFIX": "/api/",
    # Seconds a key's record stays in the shared cache; saving or revoking a key
    # forgets it at once, so this only bounds a change the signals cannot see.
    "KEY_CACHE_TIMEOUT": 5 * 60,
    # A key's "last used" time is written at most once per this many seconds.
    "LAST_USED_INTERVAL": 5 * 60,
    # Seconds a preview link stays valid.
    "PREVIEW_MAX_AGE": 60 * 60,
}


def get_setting(name):
    if name not in DEFAULTS:
        raise KeyError(f"Unknown CMS_KEYS setting: {name}")
    return getattr(settings, "CMS_KEYS", {}).get(name, DEFAULTS[name])
