"""Helpers shared by the API tests: JSON requests and query counting."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

DEFAULT_HOST = "localhost"

#: Every master explainer, with all fields.
TREATMENT_LIST_URL = "/api/v2/pages/?type=treatment_pages.TreatmentPage&fields=*"


def detail_url(page):
    return f"/api/v2/pages/{page.pk}/"


#: Page and user fields that never leave the CMS: ownership, locking, revisions,
#: tree bookkeeping, scheduling, passwords and editors' email addresses.
INTERNAL_FIELDS = frozenset(
    {
        "owner",
        "locked",
        "locked_by",
        "locked_at",
        "latest_revision",
        "latest_revision_created_at",
        "live_revision",
        "has_unpublished_changes",
        "draft_title",
        "content_type",
        "path",
        "depth",
        "url_path",
        "expired",
        "go_live_at",
        "expire_at",
        "password",
        "email_address",
    }
)


def get_json(client, url, host=DEFAULT_HOST, status=200):
    """GET ``url`` on ``host``, assert the status and a JSON body, return the body."""
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def count_queries(client, url, host=DEFAULT_HOST):
    """Queries one GET of ``url`` costs once caches are warm (renditions made, sites cached).

    The first request is made and not counted: it creates image renditions and
    fills the site root paths cache, both one-off costs that are not per request.
    The shared response cache is off, so the count is the cost of rendering.
    """
    with override_settings(CMS_CACHE={"ENABLED": False}):
        get_json(client, url, host)
        with CaptureQueriesContext(connection) as queries:
            get_json(client, url, host)
    return len(queries)


def listing_counts(client, url, host=DEFAULT_HOST, sizes=(5, 20)):
    """Query counts for ``url`` at each page size, as ``{size: count}``."""
    separator = "&" if "?" in url else "?"
    return {size: count_queries(client, f"{url}{separator}limit={size}", host) for size in sizes}
