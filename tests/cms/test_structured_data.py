"""Every demo page's schema.org JSON-LD: the required properties per type, and HTML == API.

The demo is loaded once per module (small images keep it quick) inside a
transaction rolled back afterwards, as in ``test_load_demo``.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site

from tests.cms.test_load_demo import clear_caches
from tests.html import parse

REQUIRED = {
    "MedicalWebPage": {
        "name",
        "url",
        "lastReviewed",
        "reviewedBy",
        "audience",
        "citation",
        "about",
    },
    "Dentist": {
        "name",
        "url",
        "address",
        "geo",
        "telephone",
        "openingHoursSpecification",
        "medicalSpecialty",
    },
}


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker):
    clear_caches()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", image_width=96, stdout=io.StringIO())
        pages = []
        for site in Site.objects.select_related("root_page"):
            host = f"{site.hostname}:{site.port}"
            for page in site.root_page.get_descendants(inclusive=True).live().specific():
                pages.append((host, page))
        yield pages
        transaction.set_rollback(True)
    clear_caches()


def json_ld(client, host, page):
    response = client.get(page.get_url_parts()[2], HTTP_HOST=host)
    assert response.status_code == 200, page
    scripts = parse(response).find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


def api_json_ld(client, host, page):
    response = client.get(f"/api/v2/pages/{page.pk}/", HTTP_HOST=host)
    assert response.status_code == 200, page
    return response.json().get("structured_data")


def assert_medical_web_page(data, local):
    reviewer = data["reviewedBy"]
    assert reviewer["@type"] == "Person"
    assert reviewer["name"] and reviewer["honorificSuffix"]
    assert reviewer["memberOf"]["@type"] == "Organization"
    assert data["audience"] == {"@type": "Patient"}
    assert all(c["@type"] == "CreativeWork" and c["url"] for c in data["citation"])
    about = data["about"]
    assert about["@type"] in {"TherapeuticProcedure", "MedicalProcedure"}
    assert about["name"] and about["howPerformed"]
    assert "<" not in about["howPerformed"]
    assert about["adverseOutcome"]
    assert all(o["@type"] == "MedicalEntity" and o["name"] for o in about["adverseOutcome"])
    if local:
        provider = data["provider"]
        assert provider["@type"] == "Dentist"
        assert provider["telephone"].startswith("+1")
        assert provider["address"]["@type"] == "PostalAddress"


def assert_dentist(data):
    assert data["telephone"].startswith("+1")
    assert data["address"]["@type"] == "PostalAddress"
    assert data["address"]["addressCountry"] == "CA"
    assert data["geo"]["@type"] == "GeoCoordinates"
    for spec in data["openingHoursSpecification"]:
        assert spec["@type"] == "OpeningHoursSpecification"
        assert spec["opens"] and spec["closes"]
        assert "dayOfWeek" in spec or "validFrom" in spec


def test_every_demo_page_has_valid_json_ld_identical_in_html_and_api(client, demo_pages, db):
    seen = set()
    for host, page in demo_pages:
        model = type(page).__name__
        found = json_ld(client, host, page)
        if model == "TreatmentLibraryPage":
            assert found == [], page
            continue
        (data,) = found
        assert data["@context"] == "https://schema.org"
        kind = data["@type"]
        assert REQUIRED[kind] <= set(data), (page, REQUIRED[kind] - set(data))
        assert data["url"] == page.get_full_url(), page
        if kind == "MedicalWebPage":
            assert_medical_web_page(data, local=model == "LocalTreatmentPage")
        else:
            assert_dentist(data)
        assert api_json_ld(client, host, page) == data, page
        seen.add(model)
    assert seen == {"TreatmentPage", "LocalTreatmentPage", "ClinicPage"}


def test_json_ld_cannot_close_its_script_element(client, demo_pages, db):
    host, page = next((h, p) for h, p in demo_pages if type(p).__name__ == "TreatmentPage")
    page.summary = "Safe </script><script>alert(1)</script> & sound"
    page.save_revision().publish()

    response = client.get(page.url, HTTP_HOST=host)

    body = response.content.decode()
    assert "</script><script>alert(1)" not in body
    (data,) = [
        json.loads(s.string) for s in parse(response).find_all("script", type="application/ld+json")
    ]
    assert data["description"] == page.summary
