from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = "Clinics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from treatment_pages.governance.checks import BLOCK, registry

        from . import openapi  # noqa: F401 - drf-spectacular finds its extensions by import
        from .models import FrontendSettings, LocalTreatmentPage

        @registry.register("translation.master_locale", BLOCK, LocalTreatmentPage)
        def master_in_other_language(page):
            """A local page localises the master explainer written in its own language."""
            master = page.master if page.master_id else None
            if master is not None and master.locale_id != page.locale_id:
                yield (
                    f"The shared explainer '{master.title}' is in "
                    f"{master.locale.get_display_name()}, but this page is in "
                    f"{page.locale.get_display_name()}. Translate the explainer first, then "
                    "choose its translation as this page's shared explainer.",
                    "master",
                )

        for signal in (post_save, post_delete):
            signal.connect(
                FrontendSettings.forget_base_urls,
                sender=FrontendSettings,
                dispatch_uid="locations-forget-frontend-urls",
            )
        m2m_changed.connect(
            FrontendSettings.forget_base_urls,
            sender=FrontendSettings.locales.through,
            dispatch_uid="locations-forget-site-languages",
        )
