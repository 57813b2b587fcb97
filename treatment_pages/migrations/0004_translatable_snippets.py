"""Risk lists and reviewers become translatable.

Existing rows join the default locale, each with its own translation key
(Wagtail's documented bootstrap: add the fields as nullable, fill them,
then make them required).
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def bootstrap(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=code)
    for name in ("RiskList", "Reviewer"):
        model = apps.get_model("treatment_pages", name)
        for pk in model.objects.filter(translation_key__isnull=True).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(translation_key=uuid.uuid4(), locale=locale)


class Migration(migrations.Migration):
    dependencies = [
        ("treatment_pages", "0003_seed_claim_rules"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        *(
            op
            for model in ("reviewer", "risklist")
            for op in (
                migrations.AddField(
                    model_name=model,
                    name="translation_key",
                    field=models.UUIDField(editable=False, null=True),
                ),
                migrations.AddField(
                    model_name=model,
                    name="locale",
                    field=models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            )
        ),
        migrations.RunPython(bootstrap, migrations.RunPython.noop),
        *(
            op
            for model in ("reviewer", "risklist")
            for op in (
                migrations.AlterField(
                    model_name=model,
                    name="translation_key",
                    field=models.UUIDField(default=uuid.uuid4, editable=False),
                ),
                migrations.AlterField(
                    model_name=model,
                    name="locale",
                    field=models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                migrations.AlterUniqueTogether(
                    name=model, unique_together={("translation_key", "locale")}
                ),
            )
        ),
        migrations.AlterField(
            model_name="risklist",
            name="name",
            field=models.CharField(
                help_text="What editors see when choosing the list, e.g. 'Botulinum toxin injections'.",
                max_length=120,
            ),
        ),
        migrations.AddConstraint(
            model_name="risklist",
            constraint=models.UniqueConstraint(
                fields=("name", "locale"), name="unique_risk_list_name_per_locale"
            ),
        ),
    ]
