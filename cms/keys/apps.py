from django.apps import AppConfig


class KeysConfig(AppConfig):
    """API keys for the API's consumers: issued in the admin, stored hashed, bound to a site.

    A separate app from ``cms`` because it owns a model and its admin; the
    project wires it in ``MIDDLEWARE`` (``cms.keys.middleware``) and on the
    API router (the preview endpoint).
    """

    name = "cms.keys"
    label = "keys"
    verbose_name = "API keys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
