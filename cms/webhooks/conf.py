"""Webhook settings: ``settings.CMS_WEBHOOKS``, read through :func:`get_setting`.

One accessor, so ``override_settings(CMS_WEBHOOKS={...})`` works in tests and
a deployment sets only what it changes.
"""

from django.conf import settings

DEFAULTS = {
    # The django-tasks backend alias that carries deliveries. It must be a
    # django-tasks-db DatabaseBackend: deliveries wait there for the worker.
    "TASK_BACKEND": "webhooks",
    # The queue name the worker reads (manage.py db_worker --queue-name webhooks).
    "QUEUE": "webhooks",
    # Seconds to wait for a receiver to connect, and then for each read.
    "TIMEOUT": 10,
    # Seconds a worker holds a delivery while it sends it. Another worker
    # takes the delivery over only after this, so it must comfortably exceed
    # the time one POST can take (connect + read timeouts).
    "LEASE": 60,
    # Retries: the first after FIRST_RETRY seconds, then twice as long each
    # time, at most MAX_RETRY seconds apart, until RETRY_WINDOW seconds after
    # the change was recorded; then the delivery is marked failed.
    "FIRST_RETRY": 30,
    "MAX_RETRY": 60 * 60,
    "RETRY_WINDOW": 24 * 60 * 60,
    # After a secret is rotated, deliveries are signed with the old secret too
    # for this many seconds, so a receiver can switch without losing any.
    "ROTATION_OVERLAP": 24 * 60 * 60,
    # Bytes of a receiver's response body kept in the attempt log.
    "RESPONSE_EXCERPT": 1000,
}


def get_setting(name):
    if name not in DEFAULTS:
        raise KeyError(f"Unknown CMS_WEBHOOKS setting: {name}")
    return getattr(settings, "CMS_WEBHOOKS", {}).get(name, DEFAULTS[name])
