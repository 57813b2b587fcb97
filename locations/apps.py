from django.apps import AppConfig


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = "Clinics"
    default_auto_field = "django.db.models.BigAutoField"
