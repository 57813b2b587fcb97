from django.apps import AppConfig, apps


class ChangesConfig(AppConfig):
    """The change log, and the receivers that feed it from every publish and edit.

    Its own app, before ``cms.delivery`` in ``INSTALLED_APPS``: cache
    invalidation, webhooks and sync all read the one log.
    """

    name = "cms.changes"
    label = "changes"
    verbose_name = "Change log"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .receivers import connect

        connect(apps)
