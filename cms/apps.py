from django.apps import AppConfig, apps


class CmsConfig(AppConfig):
    """The project itself: API wiring, demo content and other cross-cutting pieces."""

    name = "cms"
    verbose_name = "Clinic CMS"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from corsheaders.signals import check_request_enabled
        from django.db.models.signals import post_migrate

        from .i18n import ensure_locales
        from .security import cors_allow_frontends

        check_request_enabled.connect(cors_allow_frontends, dispatch_uid="cms-cors-frontends")
        post_migrate.connect(
            ensure_locales,
            sender=apps.get_app_config("wagtailcore"),
            dispatch_uid="cms-ensure-locales",
        )
