from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project itself: API wiring, demo content and other cross-cutting pieces."""

    name = "cms"
    verbose_name = "Clinic CMS"
    default_auto_field = "django.db.models.BigAutoField"
