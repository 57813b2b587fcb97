from django.db import migrations


def seed_rules(apps, schema_editor):
    from treatment_pages.governance.default_rules import DEFAULT_RULES

    ClaimRule = apps.get_model("treatment_pages", "ClaimRule")
    for rule in DEFAULT_RULES:
        fields = dict(rule)
        ClaimRule.objects.get_or_create(name=fields.pop("name"), defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("treatment_pages", "0002_clinical_governance")]

    operations = [migrations.RunPython(seed_rules, migrations.RunPython.noop)]
