from django.apps import AppConfig


class TreatmentPagesConfig(AppConfig):
    name = "treatment_pages"
    verbose_name = "Treatment explainers"
    default_auto_field = "django.db.models.BigAutoField"
