from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed webhooks: each change log entry POSTed to the subscriptions of its sites.

    Deliveries wait in a django-tasks-db queue for ``manage.py db_worker``;
    see :mod:`cms.webhooks` for the guarantees.
    """

    name = "cms.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
        from .receivers import connect

        connect()
