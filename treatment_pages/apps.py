from django.apps import AppConfig


class TreatmentPagesConfig(AppConfig):
    name = "treatment_pages"
    verbose_name = "Treatment explainers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale
        from wagtail.signals import copy_for_translation_done

        from .governance.admin_api import govern_admin_api
        from .governance.builtin_checks import register_common_checks, register_treatment_checks
        from .governance.mixins import GovernedPageMixin
        from .models import TreatmentPage
        from .openapi import extensions  # noqa: F401 - drf-spectacular finds them by import
        from .translation import (
            end_request_locales,
            forget_locales,
            on_copy_for_translation_done,
            start_request_locales,
        )

        register_common_checks(GovernedPageMixin)
        register_treatment_checks(TreatmentPage)
        govern_admin_api()
        for signal in (post_save, post_delete):
            signal.connect(forget_locales, sender=Locale, dispatch_uid="treatment-pages-locales")
        request_started.connect(start_request_locales, dispatch_uid="treatment-pages-locales")
        request_finished.connect(end_request_locales, dispatch_uid="treatment-pages-locales")
        copy_for_translation_done.connect(
            on_copy_for_translation_done, dispatch_uid="treatment-pages-localize-references"
        )
