"""An index on Wagtail's page table for listings in one language, in tree order.

Every pages listing filters on ``locale_id`` and orders by ``path``. With only
Wagtail's separate indexes, the database picks the rows of the language and
then sorts all of them, bodies included, to return the first 20: the cost grew
with the number of pages listed. With ``(locale_id, path)`` it reads them in
order and stops at the page size. (A Wagtail table, so the index is made here.)
"""

from django.db import migrations

INDEX = "treatment_pages_page_locale_path"


class Migration(migrations.Migration):
    dependencies = [
        ("treatment_pages", "0004_translatable_snippets"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (locale_id, path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
