"""French beside English in the API: ?locale=, marked fallbacks, translated snippets, the rules.

Translations are made the way the admin's Translate action makes them
(``copy_for_translation``), then edited and published.
"""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from locations.models import FrontendSettings
from tests.api_helpers import count_queries, get_json, listing_counts
from tests.conftest import CALGARY_HOST
from tests.factories import RiskListFactory, TreatmentPageFactory
from tests.translations import fr, publish, publish_french_ancestors, translate
from treatment_pages.governance.checks import PublishBlocked
from treatment_pages.models import RiskList

PAGES = "/api/v2/pages/"


@pytest.fixture
def french_risk_list(risk_list):
    return translate(risk_list, name="Injections de toxine botulique")


@pytest.fixture
def french_treatment(treatment, french_risk_list):
    page = translate(treatment, title="Botox thérapeutique", slug="botox-therapeutique")
    publish_french_ancestors(page)
    return publish(page)


@pytest.fixture
def untranslated(library, risk_list):
    return TreatmentPageFactory(
        parent=library, title="Night guards", slug="night-guards", risk_lists=[risk_list]
    )


def items_by_title(body):
    return {item["title"]: item for item in body["items"]}


# --- Locales and translating ---------------------------------------------------


@pytest.mark.django_db
def test_every_content_language_has_a_locale():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en-ca", "fr-ca"}
    assert Locale.get_default().language_code == "en-ca"


def test_translating_an_explainer_points_it_at_the_translated_risk_list_and_reviewer(
    treatment, french_risk_list
):
    french_reviewer = translate(treatment.reviewer, credentials="DMD, FRCD(C) (fr)")

    page = translate(treatment)

    assert [link.risk_list for link in page.risk_list_links.all()] == [french_risk_list]
    assert page.reviewer == french_reviewer
    draft = page.get_latest_revision_as_object()
    assert [link.risk_list_id for link in draft.risk_list_links.all()] == [french_risk_list.pk]


def test_a_french_page_showing_an_english_risk_list_cannot_be_published(treatment):
    page = translate(treatment, title="Botox thérapeutique")
    publish_french_ancestors(page)

    with pytest.raises(PublishBlocked) as blocked:
        publish(page)

    assert "risks.untranslated" in {finding.check_id for finding in blocked.value.findings}
    assert "Botulinum toxin injections" in str(blocked.value)
    assert not Page.objects.get(pk=page.pk).live


def test_a_french_local_page_must_localise_the_french_master(local_page, treatment):
    page = translate(local_page)
    assert page.master_id == treatment.pk  # no French master yet: left as it was
    publish_french_ancestors(page)

    with pytest.raises(PublishBlocked) as blocked:
        publish(page)

    assert "translation.master_locale" in {f.check_id for f in blocked.value.findings}


def test_translating_a_local_page_after_its_master_points_at_the_french_master(
    local_page, french_treatment
):
    page = translate(local_page)

    assert page.master_id == french_treatment.pk


def test_a_clinic_site_serves_the_french_master_behind_its_french_local_page(
    client, local_page, french_treatment
):
    french_local = translate(local_page, title="Botox thérapeutique")
    publish_french_ancestors(french_local)
    french_local = publish(french_local)

    body = get_json(client, f"{PAGES}?locale=fr-CA&limit=100", CALGARY_HOST)
    served = {item["id"]: item["meta"] for item in body["items"]}
    assert french_treatment.pk in served and served[french_treatment.pk]["fallback"] is False
    assert local_page.master_id not in served  # the English master is not served as a fallback
    assert served[french_local.pk]["fallback"] is False
    get_json(client, f"{PAGES}{french_treatment.pk}/", CALGARY_HOST)


# --- ?locale= on pages --------------------------------------------------------


def test_locale_serves_the_translation_and_marks_the_fallback(
    client, french_treatment, untranslated
):
    body = get_json(client, f"{PAGES}?locale=fr-CA&type=treatment_pages.TreatmentPage")
    items = items_by_title(body)

    assert set(items) == {"Botox thérapeutique", "Night guards"}
    assert items["Botox thérapeutique"]["meta"]["locale"] == "fr-CA"
    assert items["Botox thérapeutique"]["meta"]["fallback"] is False
    assert items["Night guards"]["meta"]["locale"] == "en-CA"
    assert items["Night guards"]["meta"]["fallback"] is True


def test_without_locale_a_listing_serves_the_default_language(
    client, french_treatment, untranslated
):
    body = get_json(client, f"{PAGES}?type=treatment_pages.TreatmentPage")

    assert set(items_by_title(body)) == {"Therapeutic Botox", "Night guards"}
    assert {item["meta"]["locale"] for item in body["items"]} == {"en-CA"}
    assert {item["meta"]["fallback"] for item in body["items"]} == {False}


@pytest.mark.parametrize("code", ["fr-CA", "fr-ca", "FR_ca"])
def test_locale_is_read_in_any_case(client, french_treatment, code):
    body = get_json(client, f"{PAGES}?locale={code}&type=treatment_pages.TreatmentPage")

    assert set(items_by_title(body)) == {"Botox thérapeutique"}


def test_an_unknown_locale_is_a_400_naming_the_ones_served(client, french_treatment):
    body = get_json(client, f"{PAGES}?locale=de-DE", status=400)

    assert "de-DE" in body["message"]
    assert "en-CA, fr-CA" in body["message"]


def test_a_draft_translation_is_never_served_the_source_is_marked_as_fallback(client, treatment):
    RiskList.objects.get(pk=treatment.risk_lists[0].pk)
    translate(treatment, title="Brouillon secret")  # a draft: never published

    body = get_json(client, f"{PAGES}?locale=fr-CA&type=treatment_pages.TreatmentPage")

    assert [item["title"] for item in body["items"]] == ["Therapeutic Botox"]
    assert body["items"][0]["meta"]["fallback"] is True
    assert b"Brouillon" not in str(body).encode()


def test_detail_with_locale_serves_the_translation_or_the_marked_source(
    client, treatment, french_treatment, untranslated
):
    body = get_json(client, f"{PAGES}{treatment.pk}/?locale=fr-CA")
    assert body["id"] == french_treatment.pk
    assert body["title"] == "Botox thérapeutique"
    assert body["meta"]["locale"] == "fr-CA"
    assert body["meta"]["fallback"] is False
    assert body["risk_lists"][0]["name"] == "Injections de toxine botulique"
    assert body["risk_lists"][0]["locale"] == "fr-CA"
    assert body["risk_lists"][0]["fallback"] is False

    body = get_json(client, f"{PAGES}{untranslated.pk}/?locale=fr-CA")
    assert body["id"] == untranslated.pk
    assert body["meta"] == body["meta"] | {"locale": "en-CA", "fallback": True}

    body = get_json(client, f"{PAGES}{french_treatment.pk}/")
    assert body["meta"]["locale"] == "fr-CA"
    assert body["meta"]["fallback"] is False


def test_a_site_serves_only_the_languages_it_declares(client, calgary, french_treatment):
    settings = FrontendSettings.for_site(calgary.get_site())
    settings.save()
    settings.locales.set([Locale.objects.get(language_code="en-ca")])

    body = get_json(client, f"{PAGES}?locale=fr-CA", CALGARY_HOST, status=400)
    assert "en-CA" in body["message"]
    assert "fr-CA" not in body["message"].split("use one of:")[1]

    get_json(client, f"{PAGES}?locale=fr-CA", status=200)  # the library site serves both


def test_a_site_chooses_its_fallback_language(client, french_treatment, untranslated, library):
    settings = FrontendSettings.for_site(library.get_site())
    settings.fallback_locale = fr()
    settings.save()

    body = get_json(client, f"{PAGES}?type=treatment_pages.TreatmentPage")
    assert [item["title"] for item in body["items"]] == ["Botox thérapeutique"]

    body = get_json(client, f"{PAGES}?locale=en-CA&type=treatment_pages.TreatmentPage")
    assert set(items_by_title(body)) == {"Therapeutic Botox", "Night guards"}


def test_query_counts_stay_constant_with_locale(
    client, treatment, french_risk_list, library, risk_list
):
    for number in range(6):
        english = TreatmentPageFactory(parent=library, risk_lists=[risk_list])
        if number % 2:
            publish(translate(english, title=f"Page {number} (fr)"))
    url = f"{PAGES}?type=treatment_pages.TreatmentPage&fields=*"

    plain = listing_counts(client, url, sizes=(2, 6))
    french = listing_counts(client, f"{url}&locale=fr-CA", sizes=(2, 6))

    assert french[2] == french[6]
    assert french[6] == plain[6]
    detail = f"{PAGES}{treatment.pk}/"
    assert count_queries(client, f"{detail}?locale=fr-CA") <= count_queries(client, detail) + 1


# --- ?locale= elsewhere -------------------------------------------------------


def test_risk_lists_follow_locale_with_marked_fallbacks(client, french_risk_list, risk_list):
    other = RiskListFactory(name="Oral appliances")

    body = get_json(client, "/api/v2/risk-lists/?locale=fr-CA")
    by_name = {item["name"]: item["meta"] for item in body["items"]}

    assert by_name == {
        "Injections de toxine botulique": by_name["Injections de toxine botulique"]
        | {"locale": "fr-CA", "fallback": False},
        "Oral appliances": by_name["Oral appliances"] | {"locale": "en-CA", "fallback": True},
    }
    body = get_json(client, f"/api/v2/risk-lists/{risk_list.pk}/?locale=fr-CA")
    assert body["id"] == french_risk_list.pk
    body = get_json(client, f"/api/v2/risk-lists/{other.pk}/?locale=fr-CA")
    assert body["meta"]["fallback"] is True


def test_risk_list_search_keeps_to_the_language(client, french_risk_list):
    body = get_json(client, "/api/v2/risk-lists/?locale=fr-CA&search=toxine")

    assert [item["name"] for item in body["items"]] == ["Injections de toxine botulique"]


@pytest.mark.parametrize("endpoint", ["images", "documents", "clinics"])
def test_every_endpoint_takes_locale(client, library, endpoint):
    get_json(client, f"/api/v2/{endpoint}/?locale=fr-CA")
    body = get_json(client, f"/api/v2/{endpoint}/?locale=xx", status=400)
    assert "xx" in body["message"]


# --- Editors: what is out of date ------------------------------------------------


def test_report_lists_translations_whose_source_changed(admin_client, treatment, french_treatment):
    url = reverse("cms_outdated_translations")
    assert "Botox thérapeutique" not in admin_client.get(url).content.decode()

    publish(treatment)  # the English source changes after the translation

    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Botox thérapeutique" in response.content.decode()
    assert "fr-CA" in response.content.decode()
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Translations to update" in dashboard


def test_report_lists_risk_lists_whose_source_changed(admin_client, risk_list, french_risk_list):
    risk_list.introduction = "Updated wording."
    risk_list.save()

    content = admin_client.get(reverse("cms_outdated_translations")).content.decode()

    assert "Injections de toxine botulique" in content
