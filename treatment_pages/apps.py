from django.apps import AppConfig


class TreatmentPagesConfig(AppConfig):
    name = "treatment_pages"
    verbose_name = "Treatment explainers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .governance.builtin_checks import register_common_checks, register_treatment_checks
        from .governance.mixins import GovernedPageMixin
        from .models import TreatmentPage

        register_common_checks(GovernedPageMixin)
        register_treatment_checks(TreatmentPage)
