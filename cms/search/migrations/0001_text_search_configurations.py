"""The ``cms_french`` text search configuration (PostgreSQL only).

A copy of PostgreSQL's ``french`` that strips accents before stemming, so
"epaule" finds "épaule" and "transpiration excessive" finds "Transpiration
excessive". It needs the ``unaccent`` extension, which a database owner may
create since PostgreSQL 13 (it is "trusted"). Where it cannot be created
(an older server, a role without the CREATE privilege, a server built
without the contrib modules), ``cms_french`` stays a plain copy of
``french``: stemming works, accents must be typed. Create the extension
later (``CREATE EXTENSION unaccent;`` as a superuser), then run
``manage.py migrate cms_search zero``, ``manage.py migrate`` and
``manage.py update_index``.

Other databases have nothing to create: see ``cms.search.backend``.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)


def create_configurations(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS cms_french")
        cursor.execute("CREATE TEXT SEARCH CONFIGURATION cms_french (COPY = pg_catalog.french)")
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        except DatabaseError as e:
            logger.warning(
                "French search will not ignore accents: the PostgreSQL extension 'unaccent' "
                "could not be created (%s). Stemming still works. See "
                "cms/search/migrations/0001_text_search_configurations.py.",
                str(e).strip(),
            )
            return
        cursor.execute(
            "ALTER TEXT SEARCH CONFIGURATION cms_french "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
        )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # The extension stays: other configurations or functions may use it.
        cursor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS cms_french")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_configurations, drop_configurations)]
