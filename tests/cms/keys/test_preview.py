"""Draft preview: one revision of one page, for a key of the site the signed token names."""

import time
from unittest import mock

import pytest
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Revision, Site

from cms.keys.preview import make_token

from ...conftest import CALGARY_HOST, EDMONTON_HOST
from ...factories import LocalTreatmentPageFactory, RiskListFactory, TreatmentPageFactory
from .conftest import LIBRARY_HOST, get, issue

PREVIEW = "/api/v2/preview/"


def site(hostname):
    return Site.objects.get(hostname=hostname)


def token_for(page, revision=None, hostname=LIBRARY_HOST):
    revision = revision or page.get_latest_revision()
    return make_token(page.pk, revision.pk, site(hostname).pk)


def preview(client, token, key, **headers):
    return get(client, f"{PREVIEW}?token={token}", key, **headers)


def draft(page, **changes):
    """Save a draft revision of ``page`` with ``changes``; the live page keeps its content."""
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    return page.save_revision()


def assert_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == status
    assert "no-store" in response["Cache-Control"]
    return response.json()["message"]


# --- Happy path -----------------------------------------------------------------


def test_a_draft_is_served_at_its_revision_in_the_shape_of_the_pages_detail(
    client, treatment, library_key
):
    first = draft(treatment, summary="First draft summary.")
    draft(treatment, summary="Second draft summary.")

    response = preview(client, token_for(treatment, first), library_key)

    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["summary"] == "First draft summary."
    live = get(client, f"/api/v2/pages/{treatment.pk}/").json()
    assert body.keys() == live.keys()
    assert body["meta"].keys() == live["meta"].keys()
    assert body["id"] == live["id"] and body["meta"]["type"] == "treatment_pages.TreatmentPage"


def test_the_live_revision_previews_exactly_as_the_pages_endpoint_serves_it(
    client, treatment, library_key
):
    live = get(client, f"/api/v2/pages/{treatment.pk}/", library_key).json()

    response = preview(client, token_for(treatment, treatment.live_revision), library_key)

    body = response.json()
    # The one difference: a revision records the publish before it, not its own.
    body["meta"].pop("last_published_at")
    live["meta"].pop("last_published_at")
    assert body == live


def test_draft_inline_rows_are_the_revisions_not_the_live_ones(client, treatment, library_key):
    page = type(treatment).objects.get(pk=treatment.pk)
    page.uses.all()[0].name = "Chronic migraine"  # changes the in-memory row only
    uses = list(page.uses.all())
    uses[0].name = "Chronic migraine"
    page.uses = uses
    extra = RiskListFactory(name="Headache after treatment")
    from treatment_pages.models import TreatmentPageRiskList

    page.risk_list_links.add(TreatmentPageRiskList(risk_list=extra, sort_order=5))
    revision = page.save_revision()

    body = preview(client, token_for(treatment, revision), library_key).json()

    assert body["uses"][0]["name"] == "Chronic migraine"
    assert "Headache after treatment" in [r["name"] for r in body["risk_lists"]]
    live = get(client, f"/api/v2/pages/{treatment.pk}/").json()
    assert live["uses"][0]["name"] != "Chronic migraine"
    assert "Headache after treatment" not in [r["name"] for r in live["risk_lists"]]


def test_a_local_page_draft_is_merged_with_its_live_master(client, local_page, calgary_key):
    master_draft = draft(local_page.master, summary="Master draft, not published.")
    revision = draft(local_page, price_from=410, price_note="draft price")

    response = preview(client, token_for(local_page, revision, CALGARY_HOST), calgary_key)

    body = response.json()
    assert response.status_code == 200
    assert body["price"]["min"] == 410.0 and body["price"]["note"] == "draft price"
    assert body["summary"] != "Master draft, not published."
    assert body["clinic"]["title"] == "Calgary clinic"
    assert body["meta"]["html_url"] == f"http://{CALGARY_HOST}/therapeutic-botox/"
    assert master_draft.pk != revision.pk


def test_a_master_draft_previews_on_a_clinic_site_that_localises_it(
    client, local_page, calgary_key
):
    revision = draft(local_page.master, summary="Reworded by the clinical team.")

    response = preview(client, token_for(local_page.master, revision, CALGARY_HOST), calgary_key)

    assert response.status_code == 200
    assert response.json()["summary"] == "Reworded by the clinical team."


def test_a_never_published_page_can_be_previewed(client, library, risk_list, library_key):
    page = TreatmentPageFactory(parent=library, slug="coming-soon", publish=False, live=False)
    revision = draft(page, summary="Not live yet.")

    response = preview(client, token_for(page, revision), library_key)

    assert response.status_code == 200
    assert response.json()["summary"] == "Not live yet."
    assert get(client, f"/api/v2/pages/{page.pk}/").status_code == 404


# --- Refusals -------------------------------------------------------------------


def test_without_a_key_a_preview_is_a_401(client, treatment):
    response = preview(client, token_for(treatment), None)

    assert "API key" in assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_without_a_token_a_preview_is_a_400(client, treatment, library_key):
    assert "token" in assert_error(get(client, PREVIEW, library_key), 400)


def test_an_unknown_parameter_is_a_400(client, treatment, library_key):
    response = get(client, f"{PREVIEW}?token={token_for(treatment)}&child_of=1", library_key)

    assert "child_of" in assert_error(response, 400)


def test_an_expired_token_is_a_401(client, treatment, library_key):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3601):
        token = token_for(treatment)

    response = preview(client, token, library_key)

    assert "expired" in assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@override_settings(CMS_KEYS={"PREVIEW_MAX_AGE": 7200})
def test_the_token_lifetime_is_configurable(client, treatment, library_key):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3601):
        token = token_for(treatment)

    assert preview(client, token, library_key).status_code == 200


@pytest.mark.parametrize("where", ["payload", "signature"])
def test_a_tampered_token_is_a_403(client, treatment, other_page, library_key, where):
    token = token_for(treatment)
    if where == "payload":
        # Swap in another page's token payload, keeping this token's signature.
        other = token_for(other_page).split(":")
        token = ":".join([other[0], *token.split(":")[1:]])
    else:
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    assert_error(preview(client, token, library_key), 403)


def test_a_token_signed_for_another_purpose_is_a_403(client, treatment, library_key):
    from django.core import signing

    token = signing.dumps({"page": treatment.pk, "revision": 1, "site": 1})

    assert_error(preview(client, token, library_key), 403)


def test_a_token_for_another_site_is_a_403(client, local_page, edmonton, calgary_key):
    token = token_for(local_page, hostname=EDMONTON_HOST)
    edmonton_key = issue(EDMONTON_HOST)

    assert "another site" in assert_error(preview(client, token, calgary_key), 403)
    # Edmonton's key matches the token's site, but Edmonton does not show the page.
    assert_error(preview(client, token, edmonton_key), 403)


def test_a_key_of_another_site_cannot_preview_with_its_host_or_site_parameter(
    client, local_page, edmonton_key
):
    token = token_for(local_page, hostname=CALGARY_HOST)

    assert_error(preview(client, token, edmonton_key, host=CALGARY_HOST), 403)
    response = get(client, f"{PREVIEW}?token={token}&site={CALGARY_HOST}", edmonton_key)
    assert response.status_code == 403


def test_a_deleted_revision_is_a_404(client, treatment, library_key):
    revision = draft(treatment, summary="Soon gone.")
    token = token_for(treatment, revision)
    Revision.objects.filter(pk=revision.pk).delete()

    assert_error(preview(client, token, library_key), 404)


def test_a_key_bound_to_other_locales_cannot_preview(client, treatment, french):
    french_only = issue(LIBRARY_HOST, locales=[french])

    assert_error(preview(client, token_for(treatment), french_only), 403)


def test_a_revoked_key_cannot_preview(client, treatment, library_key):
    library_key.key.revoke()

    assert preview(client, token_for(treatment), library_key).status_code == 401


# --- Live content is unaffected ---------------------------------------------------


def test_a_preview_is_never_cached_and_leaves_live_responses_alone(client, treatment, library_key):
    detail = f"/api/v2/pages/{treatment.pk}/"
    get(client, detail)
    get(client, detail, library_key)
    revision = draft(treatment, summary="Draft only.")
    token = token_for(treatment, revision)

    first = preview(client, token, library_key)
    second = preview(client, token, library_key)

    assert first.json()["summary"] == second.json()["summary"] == "Draft only."
    for response in (first, second):
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Cache"] == "miss"
    for key in (None, library_key):
        live = get(client, detail, key)
        assert live["X-Cache"] == "hit"
        assert live.json()["summary"] != "Draft only."
    treatment.refresh_from_db()
    assert treatment.summary != "Draft only." and treatment.live


# --- Query counts ---------------------------------------------------------------


def preview_queries(client, page, hostname, key):
    """Queries of a warm preview of ``page``, less those of Wagtail's revision restore.

    ``revision.as_object()`` checks that each foreign key in the revision
    still exists, one query per inline row (Wagtail's own preview pays the
    same); everything the endpoint adds must not grow with the page's content.
    """
    from django.db import connection

    revision = page.get_latest_revision()
    token = token_for(page, revision, hostname)
    preview(client, token, key)  # renditions and site root paths, once
    with CaptureQueriesContext(connection) as queries:
        response = preview(client, token, key)
    assert response.status_code == 200, response.content[:300]
    with CaptureQueriesContext(connection) as restore:
        Revision.objects.get(pk=revision.pk).as_object()
    return len(queries) - len(restore)


def test_a_previews_queries_do_not_grow_with_its_content(client, library, library_key):
    small = TreatmentPageFactory(parent=library, slug="small", risk_lists=[RiskListFactory()])
    large = TreatmentPageFactory(
        parent=library,
        slug="large",
        risk_lists=[RiskListFactory() for _ in range(4)],
        uses=[(f"Use {i}", "cosmetic") for i in range(6)],
    )

    counts = [preview_queries(client, page, LIBRARY_HOST, library_key) for page in (small, large)]

    assert counts[0] == counts[1]
    assert counts[0] <= 16


def test_a_local_page_previews_queries_do_not_grow_with_its_practitioners(
    client, calgary, treatment, calgary_key
):
    from ...factories import PractitionerFactory

    pages = [
        LocalTreatmentPageFactory(
            parent=calgary,
            master=treatment,
            slug=f"local-{n}",
            practitioners=[PractitionerFactory() for _ in range(n)],
        )
        for n in (1, 5)
    ]
    for page in pages:
        page.save_revision()

    counts = [preview_queries(client, page, CALGARY_HOST, calgary_key) for page in pages]

    assert counts[0] == counts[1]
    assert counts[0] <= 24


@pytest.fixture
def other_page(library):
    return TreatmentPageFactory(parent=library, slug="night-guards")
