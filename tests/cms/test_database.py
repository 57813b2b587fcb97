"""The database connection as the settings build it: on PostgreSQL, plans kept per connection.

A page's detail joins the page, its master explainer, the reviewer and the
sources; PostgreSQL takes longer to plan those joins than to run them. So on
PostgreSQL queries are bound by the server and prepared after
``DB_PREPARE_THRESHOLD`` runs on a connection (``cms.settings.base``).
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from locations.models import LocalTreatmentPage


def database_options(**env):
    """The default database's OPTIONS under ``cms.settings.base`` with ``env`` added."""
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k != "DB_PREPARE_THRESHOLD"},
            "DJANGO_SETTINGS_MODULE": "cms.settings.base",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result


POSTGRES = "postgres://postgres@127.0.0.1:5432/clinic_cms"


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(None, 5), ("", 5), ("2", 2), ("0", 0), ("off", None), ("OFF", None)],
)
def test_postgresql_binds_on_the_server_and_prepares_after_the_threshold(threshold, expected):
    env = {"DATABASE_URL": POSTGRES}
    if threshold is not None:
        env["DB_PREPARE_THRESHOLD"] = threshold
    result = database_options(**env)

    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)
    assert options == {"server_side_binding": True, "prepare_threshold": expected}


def test_a_threshold_that_is_not_a_number_stops_start_up_saying_what_to_set():
    result = database_options(DATABASE_URL=POSTGRES, DB_PREPARE_THRESHOLD="five")

    assert result.returncode != 0
    assert "DB_PREPARE_THRESHOLD must be a whole number of runs or 'off'" in result.stderr


def test_sqlite_is_left_as_it_is():
    result = database_options(DATABASE_URL="sqlite:///db.sqlite3")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_a_repeated_page_query_is_planned_once(local_page):
    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    threshold = connection.connection.prepare_threshold
    if threshold is None:
        pytest.skip("prepared statements are turned off (DB_PREPARE_THRESHOLD=off)")
    for _ in range(threshold + 1):
        page = LocalTreatmentPage.objects.select_related("master").get(pk=local_page.pk)
        assert page.master_id == local_page.master_id

    statements = [s for s in prepared() if '"locations_localtreatmentpage"' in s]
    assert statements, "the page query was not prepared"
    assert all("$1" in s for s in statements)  # bound by the server, not inlined
