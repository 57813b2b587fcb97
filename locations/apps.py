from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = "Clinics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .models import FrontendSettings

        for signal in (post_save, post_delete):
            signal.connect(
                FrontendSettings.forget_base_urls,
                sender=FrontendSettings,
                dispatch_uid="locations-forget-frontend-urls",
            )
