"""Clinics and local treatment pages in /api/v2/pages/: merged, site-scoped, loaded in bulk."""

from datetime import time

import pytest
import wagtail_factories
from wagtail.models import PageViewRestriction, Site

from locations.models import OpeningHours
from tests.api_helpers import count_queries, get_json, listing_counts
from tests.conftest import CALGARY_HOST, EDMONTON_HOST
from tests.factories import (
    ClinicPageFactory,
    LocalTreatmentPageFactory,
    PractitionerFactory,
    RiskListFactory,
    TreatmentPageFactory,
)
from tests.sizes import MAX_QUERIES, counts_as_it_grows, grow_local_page, grow_site, with_images

CLINICS = "/api/v2/pages/?type=locations.ClinicPage"
LOCAL_PAGES = "/api/v2/pages/?type=locations.LocalTreatmentPage"
GROUP_HOST = "group.example.test"


def link_to(page, text="read more"):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def detail(client, page, host=CALGARY_HOST, status=200):
    return get_json(client, f"/api/v2/pages/{page.pk}/", host, status=status)


def small_image(**kwargs):
    return wagtail_factories.ImageFactory(file__width=120, file__height=90, **kwargs)


# --- Clinics ----------------------------------------------------------------------------------


def test_clinic_exposes_address_contact_location_and_time_zone(client, calgary):
    data = detail(client, calgary)

    assert data["title"] == "Calgary clinic"
    assert (data["street_address"], data["city"], data["province"], data["postal_code"]) == (
        "1200 17 Ave SW",
        "Calgary",
        "AB",
        "T2T 0B5",
    )
    assert data["phone"] == {
        "e164": "+14035550134",
        "display": "(403) 555-0134",
        "url": "tel:+1-403-555-0134",
    }
    assert data["email"] == "hello@clinic.example.test"
    assert data["booking_url"] == "https://book.example.test/clinic"
    assert data["latitude"] == pytest.approx(51.0378)
    assert data["longitude"] == pytest.approx(-114.0872)
    assert isinstance(data["latitude"], float)
    assert data["time_zone"] == "America/Edmonton"


def test_clinic_opening_hours_are_structured_in_week_order(client, calgary):
    OpeningHours.objects.filter(clinic=calgary, weekday=0).update(closes="12:00")
    OpeningHours.objects.create(clinic=calgary, weekday=0, opens=time(13), closes=time(17))
    OpeningHours.objects.create(clinic=calgary, weekday=5, opens=time(20), closes=time(2))

    hours = detail(client, calgary)["opening_hours"]

    assert hours[:2] == [
        {
            "weekday": 0,
            "day": "Monday",
            "opens": "08:00",
            "closes": "12:00",
            "closes_next_day": False,
        },
        {
            "weekday": 0,
            "day": "Monday",
            "opens": "13:00",
            "closes": "17:00",
            "closes_next_day": False,
        },
    ]
    assert hours[-1] == {
        "weekday": 5,
        "day": "Saturday",
        "opens": "20:00",
        "closes": "02:00",
        "closes_next_day": True,
    }
    assert [interval["weekday"] for interval in hours] == [0, 0, 1, 2, 3, 4, 5]


def test_clinic_practitioners_have_names_and_photos(client, calgary, practitioner):
    practitioner.photo = small_image(description="Dr. Haddad smiling")
    practitioner.bio = "Fifteen years of family dentistry."
    practitioner.save()

    [shown] = detail(client, calgary)["practitioners"]

    assert shown["name"] == "Dr. Amira Haddad"
    assert shown["display_name"] == "Dr. Amira Haddad, DMD"
    assert shown["role"] == "General dentist"
    assert shown["bio"] == "Fifteen years of family dentistry."
    assert shown["photo"]["alt"] == "Dr. Haddad smiling"
    assert shown["photo"]["src"].startswith("http://calgary.example.test/media/images/")


def test_clinics_can_be_filtered_by_city(client, calgary, edmonton):
    Site.objects.create(hostname=GROUP_HOST, root_page=calgary.get_parent(), site_name="All")

    data = get_json(client, f"{CLINICS}&city=Edmonton", GROUP_HOST)

    assert [item["id"] for item in data["items"]] == [edmonton.pk]


# --- Local pages: the merge -----------------------------------------------------------------


def test_local_page_serves_the_masters_facts_with_its_local_ones(client, local_page):
    master = local_page.master
    master_data = get_json(client, f"/api/v2/pages/{master.pk}/")

    data = detail(client, local_page)

    for name in (
        "summary",
        "uses",
        "how_it_works",
        "onset",
        "full_effect",
        "duration",
        "cost_and_coverage",
        "body",
        "hero_image",
    ):
        assert data[name] == master_data[name], name
    assert [risk_list["name"] for risk_list in data["risk_lists"]] == ["Botulinum toxin injections"]
    assert len(data["risk_lists"][0]["items"]) == 3
    assert data["price"] == {
        "min": 350.0,
        "max": None,
        "currency": "CAD",
        "note": "per treatment area",
    }
    assert [p["name"] for p in data["practitioners"]] == ["Dr. Amira Haddad"]
    assert data["booking_url"] == "https://book.example.test/clinic"
    assert data["local_overrides"] == ["price", "practitioners"]


def test_local_page_names_its_master_and_clinic_with_links(client, local_page, calgary):
    data = detail(client, local_page)

    assert data["master"] == {
        "id": local_page.master.pk,
        "title": "Therapeutic Botox",
        "detail_url": f"http://localhost/api/v2/pages/{local_page.master.pk}/",
        "html_url": "http://localhost/therapeutic-botox/",
    }
    assert data["clinic"] == {
        "id": calgary.pk,
        "title": "Calgary clinic",
        "detail_url": f"http://calgary.example.test/api/v2/pages/{calgary.pk}/",
        "html_url": "http://calgary.example.test/",
        "phone": {
            "e164": "+14035550134",
            "display": "(403) 555-0134",
            "url": "tel:+1-403-555-0134",
        },
        "address": {
            "street_address": "1200 17 Ave SW",
            "city": "Calgary",
            "province": "AB",
            "postal_code": "T2T 0B5",
            "country": "CA",
        },
    }


def test_master_link_of_a_local_page_leads_to_the_master(client, local_page):
    master_url = detail(client, local_page)["master"]["detail_url"]

    host, path = master_url.removeprefix("http://").split("/", 1)
    assert get_json(client, f"/{path}", host)["title"] == "Therapeutic Botox"


def test_call_to_action_adds_the_clinics_phone_and_booking_link(client, local_page):
    local_page.booking_url = "https://book.example.test/botox"
    local_page.save_revision().publish()

    assert detail(client, local_page)["call_to_action"] == {
        "heading": "Is this treatment right for you?",
        "text": "Book an exam to talk about your options.",
        "phone": {
            "e164": "+14035550134",
            "display": "(403) 555-0134",
            "url": "tel:+1-403-555-0134",
        },
        "booking_url": "https://book.example.test/botox",
    }


def test_local_overrides_replace_the_masters_values_and_are_named(client, local_page):
    local_page.local_summary = "Offered on weekday mornings in Calgary."
    local_page.coverage_notes = "<p>Alberta Blue Cross covers part of it.</p>"
    local_page.introduction = "<p>Dr. Haddad gives this treatment.</p>"
    local_page.booking_url = "https://book.example.test/botox"
    local_page.save_revision().publish()

    data = detail(client, local_page)

    assert data["summary"] == "Offered on weekday mornings in Calgary."
    assert data["cost_and_coverage"] == "<p>Alberta Blue Cross covers part of it.</p>"
    assert data["introduction"] == "<p>Dr. Haddad gives this treatment.</p>"
    assert data["booking_url"] == "https://book.example.test/botox"
    assert set(data["local_overrides"]) == {
        "summary",
        "cost_and_coverage",
        "introduction",
        "booking_url",
        "price",
        "practitioners",
    }


def test_republished_master_is_read_by_local_pages_without_copying(client, local_page):
    master = local_page.master
    master.summary = "A revised summary."
    master.save_revision().publish()

    assert detail(client, local_page)["summary"] == "A revised summary."


def test_draft_of_the_master_does_not_leak_into_local_pages(client, local_page):
    master = local_page.master
    master.how_it_works = "<p>Draft wording.</p>"
    master.save_revision()

    assert detail(client, local_page)["how_it_works"] == "<p>It relaxes the treated muscles.</p>"


def test_draft_of_the_local_page_does_not_leak(client, local_page):
    local_page.price_from = "999.00"
    local_page.local_summary = "Draft local summary"
    local_page.save_revision()

    data = detail(client, local_page)

    assert data["price"]["min"] == 350.0
    assert data["summary"] == "A short, plain summary of the treatment."


@pytest.mark.parametrize("withdraw", ["unpublish", "restrict"])
def test_local_page_is_withdrawn_with_its_master(client, local_page, withdraw):
    if withdraw == "unpublish":
        local_page.master.unpublish()
    else:
        PageViewRestriction.objects.create(page=local_page.master, restriction_type="login")

    assert get_json(client, LOCAL_PAGES, CALGARY_HOST)["items"] == []
    assert local_page.pk not in [
        item["id"] for item in get_json(client, "/api/v2/pages/", CALGARY_HOST)["items"]
    ]
    detail(client, local_page, status=404)


def test_unpublished_local_page_is_absent(client, local_page):
    local_page.unpublish()

    assert get_json(client, LOCAL_PAGES, CALGARY_HOST)["items"] == []
    detail(client, local_page, status=404)


# --- Sites -----------------------------------------------------------------------------------


def test_each_clinic_site_serves_only_its_own_pages(client, local_page, edmonton, treatment):
    edmonton_page = LocalTreatmentPageFactory(parent=edmonton, master=treatment, slug="botox")
    edmonton_page.save_revision().publish()

    calgary_ids = [i["id"] for i in get_json(client, LOCAL_PAGES, CALGARY_HOST)["items"]]
    edmonton_ids = [i["id"] for i in get_json(client, LOCAL_PAGES, EDMONTON_HOST)["items"]]
    by_param = get_json(client, f"{LOCAL_PAGES}&site={EDMONTON_HOST}")["items"]

    assert calgary_ids == [local_page.pk]
    assert edmonton_ids == [edmonton_page.pk]
    assert [item["id"] for item in by_param] == [edmonton_page.pk]
    detail(client, edmonton_page, host=CALGARY_HOST, status=404)


def test_local_pages_of_a_clinic_are_its_children(client, local_page, calgary):
    data = get_json(client, f"{LOCAL_PAGES}&child_of={calgary.pk}", CALGARY_HOST)

    assert [item["id"] for item in data["items"]] == [local_page.pk]


def test_local_pages_can_be_found_by_master(client, local_page, treatment):
    data = get_json(client, f"{LOCAL_PAGES}&master={treatment.pk}", CALGARY_HOST)

    assert [item["id"] for item in data["items"]] == [local_page.pk]


def test_on_a_clinic_site_links_to_an_explainer_lead_to_the_clinics_version(
    client, library, local_page
):
    other = TreatmentPageFactory(
        parent=library, slug="fillers", how_it_works=f"<p>{link_to(local_page.master)}</p>"
    )
    local_other = LocalTreatmentPageFactory(parent=local_page.get_parent(), master=other)
    local_other.save_revision().publish()

    on_clinic_site = detail(client, local_other)["how_it_works"]
    on_library_site = get_json(client, f"/api/v2/pages/{other.pk}/")["how_it_works"]

    assert on_clinic_site == (
        '<p><a href="http://calgary.example.test/therapeutic-botox/">read more</a></p>'
    )
    assert on_library_site == '<p><a href="http://localhost/therapeutic-botox/">read more</a></p>'


def test_links_in_local_rich_text_are_absolute(client, local_page, calgary):
    local_page.introduction = f"<p>Find us at {link_to(calgary, 'our clinic')}.</p>"
    local_page.save_revision().publish()

    assert detail(client, local_page)["introduction"] == (
        '<p>Find us at <a href="http://calgary.example.test/">our clinic</a>.</p>'
    )


# --- Query counts -------------------------------------------------------------------------------


@pytest.fixture
def group_site(root_page, library):
    """A site over the whole tree, so one listing spans every clinic."""
    return Site.objects.create(hostname=GROUP_HOST, port=80, root_page=root_page, site_name="All")


@pytest.fixture
def many_clinics(root_page, group_site):
    clinics = []
    for i in range(22):
        practitioners = [PractitionerFactory(photo=small_image()) for _ in range(2)]
        clinic = ClinicPageFactory(
            parent=root_page,
            introduction=f"<p>{link_to(clinics[-1]) if clinics else 'Welcome'}</p>",
            practitioners=practitioners,
            slug=f"clinic-{i}",
        )
        clinic.save_revision().publish()
        clinics.append(clinic)
    return clinics


@pytest.fixture
def many_local_pages(library, calgary, edmonton, group_site):
    """22 local pages over two clinics, each with its own master, hero image and practitioner."""
    pages = []
    for i in range(22):
        master = TreatmentPageFactory(
            parent=library,
            hero_image=small_image(),
            how_it_works=f"<p>{link_to(library)}</p>",
            risk_lists=[RiskListFactory(items=3)],
        )
        page = LocalTreatmentPageFactory(
            parent=edmonton if i % 2 else calgary,
            master=master,
            introduction=f"<p>{link_to(master)}</p>",
            practitioners=[PractitionerFactory(photo=small_image())],
        )
        page.save_revision().publish()
        pages.append(page)
    return pages


def test_clinic_query_counts_do_not_grow_with_page_size(client, many_clinics):
    counts = listing_counts(client, f"{CLINICS}&fields=*", GROUP_HOST)

    assert counts[5] == counts[20]
    assert counts[20] <= 8
    assert count_queries(client, f"/api/v2/pages/{many_clinics[3].pk}/", GROUP_HOST) <= MAX_QUERIES


def test_local_page_query_counts_do_not_grow_with_page_size(client, many_local_pages):
    typed = listing_counts(client, f"{LOCAL_PAGES}&fields=*", GROUP_HOST)
    generic = listing_counts(client, "/api/v2/pages/?fields=*", GROUP_HOST)

    assert typed[5] == typed[20]
    assert typed[20] <= 11
    assert generic[5] == generic[20]
    assert generic[20] <= 3
    # These pages' rich text links to other pages: resolving the links is one query more.
    detail_url = f"/api/v2/pages/{many_local_pages[0].pk}/"
    assert count_queries(client, detail_url, CALGARY_HOST) <= MAX_QUERIES + 1


@pytest.mark.parametrize("detail_of", ["local page", "clinic"])
def test_detail_costs_the_same_few_queries_whatever_its_size(
    client, local_page, library, root_page, detail_of
):
    with_images(local_page)
    with_images(local_page.clinic)
    page = local_page if detail_of == "local page" else local_page.clinic
    counts = counts_as_it_grows(
        lambda: count_queries(client, f"/api/v2/pages/{page.pk}/", CALGARY_HOST),
        lambda: grow_local_page(local_page),
        lambda: grow_site(library, local_page.clinic, root_page),
    )

    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES, counts
