"""Serving pages in fewer queries changes nothing readers or editors see.

``cms.serving`` matches the request to a site from cached rows, and pages
with known children route to them in one query (``treatment_pages.routing``):
both must answer exactly as Wagtail would, and follow every change at once.
"""

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from cms.serving import _match, _sites
from tests.conftest import CALGARY_HOST
from tests.factories import ClinicPageFactory, LocalTreatmentPageFactory

pytestmark = pytest.mark.django_db


def test_cached_sites_match_hosts_and_ports_as_wagtail_does(calgary, edmonton, root_page):
    other = ClinicPageFactory(parent=root_page, slug="other")
    Site.objects.create(hostname=CALGARY_HOST, port=8080, root_page=other, site_name="Staging")
    requests = [
        (CALGARY_HOST, 80),
        (CALGARY_HOST, 8080),
        (CALGARY_HOST, 443),
        ("unknown.example.test", 80),
        ("localhost", 8000),
    ]
    for hostname, port in requests:
        try:
            expected = get_site_for_hostname(hostname, port).pk
        except Site.DoesNotExist:
            expected = None
        row = _match(_sites(), hostname, port)

        assert (row["id"] if row else None) == expected, (hostname, port)


def test_a_new_hostname_is_served_on_the_next_request(client, local_page):
    assert client.get("/therapeutic-botox/", HTTP_HOST=CALGARY_HOST).status_code == 200
    site = Site.objects.get(hostname=CALGARY_HOST)
    site.hostname = "yyc.example.test"
    site.save()

    # The old name now falls back to the default site (the library), as Wagtail's would.
    library_page = client.get("/therapeutic-botox/", HTTP_HOST=CALGARY_HOST)
    assert b"Specific to Calgary clinic" not in library_page.content
    assert client.get("/therapeutic-botox/", HTTP_HOST="yyc.example.test").status_code == 200


def test_a_deleted_site_is_no_longer_served(client, calgary, local_page):
    assert client.get("/", HTTP_HOST=CALGARY_HOST).status_code == 200
    Site.objects.filter(hostname=CALGARY_HOST).delete()

    response = client.get("/", HTTP_HOST=CALGARY_HOST)
    assert b"Calgary clinic" not in response.content


def test_a_restriction_on_the_clinic_covers_its_local_pages(client, calgary, local_page):
    PageViewRestriction.objects.create(page=calgary, restriction_type="password", password="x")

    response = client.get("/therapeutic-botox/", HTTP_HOST=CALGARY_HOST)

    assert response.status_code == 200
    assert b"password" in response.content.lower()
    assert b"Specific to Calgary clinic" not in response.content
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_a_draft_local_page_is_not_served(client, calgary, treatment):
    page = LocalTreatmentPageFactory(parent=calgary, master=treatment, slug="draft-page")
    page.unpublish()

    assert client.get("/draft-page/", HTTP_HOST=CALGARY_HOST).status_code == 404


def test_an_alias_of_a_restricted_explainer_is_restricted_too(client, library, treatment):
    PageViewRestriction.objects.create(page=treatment, restriction_type="password", password="x")
    alias = treatment.create_alias(update_slug="botox-alias")

    response = client.get(f"/{alias.slug}/")

    assert response.status_code == 200
    assert b"password" in response.content.lower()
    assert treatment.summary.encode() not in response.content


def test_a_request_without_a_matching_site_is_a_404(client, calgary):
    Site.objects.all().delete()

    assert client.get("/", HTTP_HOST=CALGARY_HOST).status_code == 404


def test_the_site_found_for_the_request_is_wagtails(calgary, local_page, client):
    response = client.get("/therapeutic-botox/", HTTP_HOST=CALGARY_HOST)
    request = RequestFactory().get("/", HTTP_HOST=CALGARY_HOST)

    assert response.wsgi_request._wagtail_site.pk == Site.find_for_request(request).pk
