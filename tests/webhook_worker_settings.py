"""Settings for the ``db_worker`` process the webhook tests start: short timeouts and lease."""

from cms.settings.test import *  # noqa: F403

CMS_WEBHOOKS = {"TIMEOUT": 5, "LEASE": 6}
