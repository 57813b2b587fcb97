from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project itself: API wiring, demo content and other cross-cutting pieces."""

    name = "cms"
    verbose_name = "Clinic CMS"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from .security import cors_allow_frontends

        check_request_enabled.connect(cors_allow_frontends, dispatch_uid="cms-cors-frontends")
