"""``load_demo`` builds the demo library, clinics and sites, and a second run changes nothing.

The command runs twice once per module (small images keep it quick) inside a
transaction that is rolled back afterwards; each test then reads that state in
its own nested transaction.
"""

import io
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    Site,
)

from cms.demo import content
from locations.models import ClinicPage, LocalTreatmentPage, OpeningHours, Practitioner
from tests.html import parse, text
from treatment_pages.conf import get_setting
from treatment_pages.governance.checks import run_checks
from treatment_pages.governance.text import page_texts
from treatment_pages.models import Reviewer, RiskItem, RiskList, TreatmentPage, TreatmentUse

SITES = {
    "localhost": "treatments",
    "calgary.localhost": "calgary",
    "edmonton.localhost": "edmonton",
    "reddeer.localhost": "red-deer",
}
COUNTED_MODELS = [
    Page,
    Revision,
    PageLogEntry,
    ModelLogEntry,
    ReferenceIndex,
    Site,
    Collection,
    get_image_model(),
    get_image_model().get_rendition_model(),
    RiskList,
    RiskItem,
    Reviewer,
    Practitioner,
    TreatmentUse,
    OpeningHours,
    get_user_model(),
]


def load_demo():
    out = io.StringIO()
    call_command("load_demo", image_width=96, stdout=out)
    return out.getvalue()


def snapshot():
    """Row counts plus the timestamps a needless save or publish would move."""
    return {
        "counts": {model._meta.label: model.objects.count() for model in COUNTED_MODELS},
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "latest_revision_id", "last_published_at", "path"
            )
        ),
        "risk_lists": list(
            RiskList.objects.order_by("pk").values_list("pk", "updated_at", "locale_id")
        ),
        "sites": list(
            Site.objects.order_by("pk").values_list(
                "pk", "hostname", "port", "root_page_id", "is_default_site"
            )
        ),
    }


def clear_caches():
    # Wagtail caches site root paths and renditions by id; ids are reused after
    # a rollback, so cached entries from other tests would be mistaken for ours.
    for backend in caches.all():
        backend.clear()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    clear_caches()
    with django_db_blocker.unblock(), transaction.atomic():
        first_output = load_demo()
        after_first = snapshot()
        second_output = load_demo()
        after_second = snapshot()
        yield SimpleNamespace(
            first_output=first_output,
            second_output=second_output,
            after_first=after_first,
            after_second=after_second,
        )
        transaction.set_rollback(True)
    clear_caches()


@pytest.fixture
def site_pages(demo, db):
    """{hostname: [specific pages in that site's tree]}, in the default language."""
    return {
        site.hostname: list(site.root_page.get_descendants(inclusive=True).specific())
        for site in Site.objects.select_related("root_page")
    }


def french():
    return Locale.objects.get(language_code=content.FRENCH_LOCALE)


def french_of(page):
    return page.get_translation(french()).specific


def french_page_count():
    return (
        1  # the library
        + len(content.FRENCH["treatments"])
        + sum(1 + len(spec["treatments"]) for spec in content.FRENCH["clinics"].values())
    )


def created_count(output):
    return int(re.search(r"(\d+) created, \d+ updated", output).group(1))


def test_first_run_creates_the_content_and_the_admin_login(demo, db):
    assert created_count(demo.first_output) > 0
    assert "'admin' with password 'changeme'" in demo.first_output
    assert get_user_model().objects.get(username="admin").check_password("changeme")


def test_second_run_creates_and_changes_nothing(demo, db):
    assert demo.after_second == demo.after_first
    assert ": 0 created, 0 updated" in demo.second_output
    assert "already exists; its password is unchanged" in demo.second_output


def test_welcome_page_is_replaced_by_the_library_as_default_site(demo, db):
    root = Page.get_first_root_node()
    english = root.get_children().filter(locale=Locale.get_default())
    assert sorted(english.values_list("slug", flat=True)) == sorted(SITES.values())
    default = Site.objects.get(is_default_site=True)
    assert (default.hostname, default.port) == ("localhost", 8000)
    assert default.root_page.slug == "treatments"
    assert Site.objects.count() == len(SITES)


def test_each_clinic_is_the_root_of_its_own_site(demo, db):
    for hostname, slug in SITES.items():
        site = Site.objects.get(hostname=hostname, port=8000)
        assert site.root_page.slug == slug
    for spec in content.CLINICS:
        clinic = ClinicPage.objects.get(slug=spec["slug"])
        local_pages = LocalTreatmentPage.objects.child_of(clinic)
        assert sorted(page.master.slug for page in local_pages) == sorted(
            local["master"] for local in spec["treatments"]
        )
        assert clinic.opening_hours.count() == len(spec["hours"])
        assert clinic.practitioner_links.count() == len(spec["practitioners"])


def test_every_demo_page_is_live_and_published_from_a_revision(demo, db):
    pages = Page.objects.filter(depth__gt=1)
    english = (
        1 + len(content.TREATMENTS) + sum(1 + len(spec["treatments"]) for spec in content.CLINICS)
    )
    assert pages.count() == english + french_page_count()
    for page in pages:
        assert page.live, page
        assert not page.has_unpublished_changes, page
        assert page.live_revision_id == page.latest_revision_id, page


def test_every_explainer_discloses_at_least_one_risk_list(demo, db):
    treatments = TreatmentPage.objects.all()
    assert treatments.count() == len(content.TREATMENTS) + len(content.FRENCH["treatments"])
    for treatment in treatments:
        assert treatment.risk_list_links.exists(), treatment


def test_botox_explainer_holds_the_reference_facts(demo, db):
    botox = TreatmentPage.objects.get(slug="therapeutic-botox")
    categories = [use.category for use in botox.uses.all()]
    assert (categories.count("cosmetic"), categories.count("therapeutic")) == (4, 8)
    assert [str(botox.onset), str(botox.full_effect), str(botox.duration)] == [
        "2–3 days",
        "up to 2 weeks",
        "3–6 months",
    ]
    assert {block.block_type for block in botox.body} == {"section", "list", "faq", "callout"}
    assert botox.hero_image is not None
    (risk_list,) = botox.risk_lists
    assert risk_list.name == "Botulinum toxin injections"
    assert [item.frequency for item in risk_list.items.all()] == ["rare"] * 5


def test_a_risk_list_is_shared_by_several_explainers(demo, db):
    shared = RiskList.objects.get(name="Custom-made mouth appliances")
    assert shared.page_links.count() == 2


def test_calgary_botox_page_sets_its_own_price_and_coverage(demo, db):
    page = LocalTreatmentPage.objects.get(url_path="/calgary/therapeutic-botox/")
    assert page.price["min"] == 350
    assert "price" in page.overridden_fields
    assert "cost_and_coverage" in page.overridden_fields
    assert page.summary == page.master.summary


def test_images_have_alt_text_and_every_configured_rendition(demo, db):
    specs = {*get_setting("IMAGE_RENDITIONS"), get_setting("HERO_IMAGE_SRC")}
    images = get_image_model().objects.filter(collection__name="Demo")
    assert images.count() == len(content.HERO_IMAGES) + len(content.PRACTITIONERS)
    for image in images:
        assert image.description, image
        assert {r.filter_spec for r in image.renditions.all()} >= specs, image


def test_explainers_are_in_the_search_index(demo, db):
    results = (
        TreatmentPage.objects.live().filter(locale=Locale.get_default()).search("hyperhidrosis")
    )
    assert [page.slug for page in results] == ["therapeutic-botox"]


def test_pages_answer_over_http_on_their_own_hostname(demo, client, site_pages):
    for hostname, pages in site_pages.items():
        for page in pages:
            _, _, path = page.get_url_parts()
            response = client.get(path, HTTP_HOST=hostname)
            assert response.status_code == 200, (hostname, path)
            assert response.context["page"] == page, (hostname, path)


def test_api_on_a_clinic_hostname_lists_its_pages_and_the_masters_they_localise(
    demo, client, site_pages
):
    response = client.get("/api/v2/pages/", {"limit": 50}, HTTP_HOST="calgary.localhost:8000")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    own = site_pages["calgary.localhost"]
    masters = {
        page.specific.master_id
        for page in own
        if page.specific_class.__name__ == "LocalTreatmentPage"
    }
    assert ids == {page.pk for page in own} | masters


def test_a_changed_page_is_restored_with_one_new_revision(demo, db):
    botox = TreatmentPage.objects.get(slug="therapeutic-botox")
    botox.summary = "Edited by hand."
    botox.save_revision().publish()
    revisions = Revision.objects.count()

    output = load_demo()

    assert ": 0 created, 1 updated" in output
    assert Revision.objects.count() == revisions + 1
    botox.refresh_from_db()
    assert botox.summary.startswith("Botulinum toxin")


def test_changed_inline_rows_are_restored_in_the_published_revision(demo, db):
    calgary = ClinicPage.objects.get(slug="calgary")
    calgary.special_hours.update(label="Edited by hand")

    output = load_demo()

    assert ": 0 created, 1 updated" in output
    calgary = ClinicPage.objects.get(pk=calgary.pk)
    labels = ["Christmas Eve", "Christmas Day", "Boxing Day"]
    assert list(calgary.special_hours.values_list("label", flat=True)) == labels
    revision = calgary.live_revision.content
    assert [row["label"] for row in revision["special_hours"]] == labels
    assert len(revision["opening_hours"]) == calgary.opening_hours.count()


def test_an_existing_admin_keeps_its_password(demo, db):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("something-else")
    admin.save()

    load_demo()

    admin.refresh_from_db()
    assert admin.check_password("something-else")


def test_each_demo_clinic_has_its_editors_group_and_login(demo, db):
    from django.contrib.auth.models import Group

    for spec in content.CLINICS:
        group = Group.objects.get(name=f"{spec['title']} editors")
        clinic = Page.objects.get(slug=spec["slug"], depth=2)
        # The clinic's pages in every language: its French home page too, if any.
        clinic_pages = set(clinic.get_translations(inclusive=True).values_list("pk", flat=True))
        assert len(clinic_pages) == (2 if spec["slug"] in content.FRENCH["clinics"] else 1)
        assert set(group.page_permissions.values_list("page_id", flat=True)) == clinic_pages
        editor = get_user_model().objects.get(username=spec["editor"])
        assert list(editor.groups.all()) == [group]
        assert editor.check_password("changeme")


def test_demo_library_goes_through_clinical_review(demo, db):
    library = Page.objects.get(slug="treatments", depth=2)
    reviewer = get_user_model().objects.get(username="clinical-reviewer")
    writer = get_user_model().objects.get(username="clinical-writer")

    assert library.get_workflow().name == "Clinical review"
    assert french_of(library).get_workflow().name == "Clinical review"
    assert {g.name for g in reviewer.groups.all()} == {"Clinical team", "Clinical reviewers"}
    botox = TreatmentPage.objects.get(slug="therapeutic-botox")
    assert not botox.permissions_for_user(writer).can_publish()
    assert botox.permissions_for_user(writer).can_edit()


def test_demo_clinics_close_on_christmas_day(demo, db):
    from datetime import UTC, datetime

    for clinic in ClinicPage.objects.all():
        assert not clinic.is_open_at(datetime(2026, 12, 25, 18, tzinfo=UTC)), clinic
    calgary = ClinicPage.objects.get(slug="calgary")
    assert calgary.is_open_at(datetime(2026, 12, 24, 17, tzinfo=UTC))  # 10:00
    assert not calgary.is_open_at(datetime(2026, 12, 24, 20, tzinfo=UTC))  # 13:00


def test_inline_rows_keep_an_explicit_display_order(demo, db):
    # Rows without a sort_order come back in any order on PostgreSQL, which
    # would make a second run see differences that are not there.
    for model in (OpeningHours, TreatmentUse, RiskItem):
        assert not model.objects.filter(sort_order__isnull=True).exists(), model


# --- French (fr-CA) ---------------------------------------------------------

ENGLISH_BOTOX_LOCAL = "/calgary/therapeutic-botox/"


def translated_pages():
    """(English page, its French translation) for every page the demo translates."""
    library = Page.objects.get(slug=content.LIBRARY["slug"], depth=2)
    calgary = ClinicPage.objects.get(slug="calgary")
    pages = [
        library,
        *TreatmentPage.objects.filter(slug__in=content.FRENCH["treatments"]),
        calgary,
        LocalTreatmentPage.objects.get(url_path=ENGLISH_BOTOX_LOCAL),
    ]
    assert len(pages) == french_page_count()
    return [(page.specific, french_of(page)) for page in pages]


def test_french_pages_are_live_translations_of_their_english_pages(demo, db):
    for english, translation in translated_pages():
        assert translation.locale == french(), translation
        assert english.locale == Locale.get_default(), english
        assert translation.translation_key == english.translation_key, translation
        assert type(translation) is type(english), translation
        assert translation.title != english.title, translation
        assert translation.live, translation
        assert not translation.has_unpublished_changes, translation
        assert translation.live_revision_id == translation.latest_revision_id, translation
        # The French tree mirrors the English one.
        assert translation.depth == english.depth, translation
        if english.depth > 2:
            assert translation.get_parent().translation_key == english.get_parent().translation_key


def test_french_home_pages_are_translations_of_the_sites_roots(demo, db):
    for hostname in ("localhost", "calgary.localhost"):
        root = Site.objects.get(hostname=hostname).root_page
        assert french_of(root).live, hostname
    for hostname in ("edmonton.localhost", "reddeer.localhost"):
        root = Site.objects.get(hostname=hostname).root_page
        assert root.get_translation_or_none(french()) is None, hostname


def test_french_explainer_shows_french_risk_lists_and_reviewer(demo, db):
    english = TreatmentPage.objects.get(slug="therapeutic-botox")
    botox = french_of(english)

    assert botox.slug == "botox-therapeutique"
    (risk_list,) = botox.risk_lists
    (english_list,) = english.risk_lists
    assert risk_list.locale == french()
    assert risk_list.translation_key == english_list.translation_key
    assert risk_list.name == "Injections de toxine botulinique"
    # Facts carry over, wording is French.
    french_items, english_items = list(risk_list.items.all()), list(english_list.items.all())
    assert [(i.frequency, i.serious, i.action) for i in french_items] == [
        (i.frequency, i.serious, i.action) for i in english_items
    ]
    assert "Paupière tombante" in [item.name for item in french_items]
    assert not {i.name for i in french_items} & {i.name for i in english_items}

    assert botox.reviewer.locale == french()
    assert botox.reviewer.translation_key == english.reviewer.translation_key
    assert botox.reviewer.registration_number == english.reviewer.registration_number
    assert [u.category for u in botox.uses.all()] == [u.category for u in english.uses.all()]
    assert botox.timing == english.timing
    assert (botox.last_reviewed, botox.next_review_due) == (
        english.last_reviewed,
        english.next_review_due,
    )
    assert list(botox.source_links.values_list("source_id", flat=True)) == list(
        english.source_links.values_list("source_id", flat=True)
    )


def test_french_explainer_names_migraines_and_excessive_sweating(demo, db):
    botox = french_of(TreatmentPage.objects.get(slug="therapeutic-botox"))
    words = " ".join(piece.text for piece in page_texts(botox)).lower()
    assert "migraine" in words
    assert "transpiration excessive" in words
    assert "hyperhidrose" in words


def test_french_local_page_shows_the_french_explainer_at_calgarys_price(demo, db):
    english = LocalTreatmentPage.objects.get(url_path=ENGLISH_BOTOX_LOCAL)
    local = french_of(english)

    assert local.master == french_of(english.master)
    assert local.get_parent().specific == french_of(english.get_parent())
    assert (local.price_from, local.price_to) == (english.price_from, english.price_to)
    assert local.price_note == "par zone traitée, visite de suivi comprise"
    assert list(local.practitioner_links.values_list("practitioner_id", flat=True)) == list(
        english.practitioner_links.values_list("practitioner_id", flat=True)
    )


def test_french_calgary_clinic_keeps_its_hours_with_french_labels(demo, db):
    english = ClinicPage.objects.get(slug="calgary")
    clinic = french_of(english)
    hours = ("weekday", "opens", "closes")
    assert list(clinic.opening_hours.values_list(*hours)) == list(
        english.opening_hours.values_list(*hours)
    )
    days = clinic.special_hours.values_list("date", "closed", "label")
    assert [label for *_, label in days] == ["Veille de Noël", "Noël", "Lendemain de Noël"]
    assert [row[:2] for row in days] == [
        row[:2] for row in english.special_hours.values_list("date", "closed", "label")
    ]


def test_french_pages_pass_every_publish_check(demo, db):
    for _english, translation in translated_pages():
        findings = run_checks(translation)
        assert not [f for f in findings if f.blocks], (translation, findings)
        checks = {finding.check_id for finding in findings}
        assert not checks & {"risks.untranslated", "translation.master_locale"}, translation
        assert not {c for c in checks if c.startswith("claims.")}, (translation, findings)


def test_night_guards_are_deliberately_left_in_english(demo, db):
    night_guards = TreatmentPage.objects.get(slug="night-guards")
    local = LocalTreatmentPage.objects.get(url_path="/calgary/night-guards/")
    appliances = RiskList.objects.get(name="Custom-made mouth appliances")
    for obj in (night_guards, local, appliances):
        assert obj.get_translation_or_none(french()) is None, obj
    assert "night-guards" not in content.FRENCH["treatments"]


def test_a_changed_french_page_is_restored(demo, db):
    botox = french_of(TreatmentPage.objects.get(slug="therapeutic-botox"))
    botox.summary = "Modifié à la main."
    botox.save_revision().publish()

    output = load_demo()

    assert ": 0 created, 1 updated" in output
    assert "updated   explainer (fr-CA): Botox thérapeutique" in output
    botox.refresh_from_db()
    assert botox.summary.startswith("La toxine botulinique")


def test_changed_french_content_updates_the_translation(demo, db, monkeypatch):
    wording = content.FRENCH["risk_lists"]["Botulinum toxin injections"]
    monkeypatch.setitem(wording, "introduction", "Une introduction revue.")
    risk_list = RiskList.objects.get(name=wording["name"])
    revisions = Revision.objects.count()

    output = load_demo()

    assert ": 0 created, 1 updated" in output
    assert "updated   risk list (fr-CA): Injections de toxine botulinique" in output
    risk_list.refresh_from_db()
    assert risk_list.introduction == "Une introduction revue."
    assert Revision.objects.count() == revisions


def test_second_run_reports_the_french_content_unchanged(demo, db):
    assert "created   explainer (fr-CA): Botox thérapeutique" in demo.first_output
    assert "(fr-CA)" not in demo.second_output


def test_french_pages_answer_over_http_at_their_fr_ca_address(demo, client):
    for _english, translation in translated_pages():
        site_id, _root, path = translation.get_url_parts()
        hostname = Site.objects.get(pk=site_id).hostname
        assert path.startswith("/fr-ca/"), path
        response = client.get(path, HTTP_HOST=hostname)
        assert response.status_code == 200, (hostname, path)
        assert response.context["page"] == translation, (hostname, path)


def test_calgary_botox_page_in_french_html(demo, client):
    response = client.get("/fr-ca/botox-therapeutique/", HTTP_HOST="calgary.localhost")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr-CA"
    soup = parse(response)
    assert soup.html["lang"] == "fr-CA"
    assert text(soup.h1) == "Botox thérapeutique à Calgary Beltline"
    page = text(soup.find("main"))
    assert "Paupière tombante" in page
    assert "Drooping eyelid" not in page
    assert "par zone traitée" in page
    # The English page's address in the language switcher.
    english = soup.find("a", attrs={"hreflang": "en-CA"})
    assert english["href"].endswith("/therapeutic-botox/")


def test_french_calgary_home_lists_night_guards_in_english_marked(demo, client):
    response = client.get("/fr-ca/", HTTP_HOST="calgary.localhost")

    assert response.status_code == 200
    soup = parse(response)
    assert soup.html["lang"] == "fr-CA"
    botox = soup.find("a", string="Botox thérapeutique")
    assert botox["href"].endswith("/fr-ca/botox-therapeutique/")
    assert not botox.has_attr("lang")
    night_guards = soup.find("a", string="Night guards for teeth grinding")
    assert night_guards["lang"] == "en-CA"
    assert night_guards["hreflang"] == "en-CA"
    assert night_guards["href"].endswith("/night-guards/")


def test_api_serves_calgarys_french_botox_page_and_falls_back_for_night_guards(demo, client):
    host = "calgary.localhost:8000"
    response = client.get("/api/v2/pages/", {"locale": "fr-CA", "limit": 50}, HTTP_HOST=host)
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["items"]}

    english_botox = LocalTreatmentPage.objects.get(url_path=ENGLISH_BOTOX_LOCAL)
    botox = items[french_of(english_botox).pk]
    assert botox["title"] == "Botox thérapeutique"
    assert (botox["meta"]["locale"], botox["meta"]["fallback"]) == ("fr-CA", False)
    assert english_botox.pk not in items

    night_guards = items[LocalTreatmentPage.objects.get(url_path="/calgary/night-guards/").pk]
    assert night_guards["title"] == "Night guards for teeth grinding"
    assert (night_guards["meta"]["locale"], night_guards["meta"]["fallback"]) == ("en-CA", True)


def test_api_detail_of_calgarys_botox_page_in_french(demo, client):
    english = LocalTreatmentPage.objects.get(url_path=ENGLISH_BOTOX_LOCAL)
    response = client.get(
        f"/api/v2/pages/{english.pk}/",
        {"locale": "fr-CA"},
        HTTP_HOST="calgary.localhost:8000",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == french_of(english).pk
    assert (body["meta"]["locale"], body["meta"]["fallback"]) == ("fr-CA", False)
    risk_names = [item["name"] for risk in body["risk_lists"] for item in risk["items"]]
    assert "Paupière tombante" in risk_names
