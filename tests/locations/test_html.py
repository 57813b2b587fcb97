"""Patient-facing HTML of clinic sites: the clinic home page and local treatment pages."""

from datetime import time

import pytest
import wagtail_factories
from wagtail.models import PageViewRestriction

from locations.models import ClinicPractitioner, LocalTreatmentPractitioner, OpeningHours
from tests.conftest import CALGARY_HOST, EDMONTON_HOST
from tests.factories import (
    LocalTreatmentPageFactory,
    PractitionerFactory,
    RiskItemFactory,
    RiskListFactory,
    TreatmentPageFactory,
)
from tests.html import (
    assert_assets_are_local,
    assert_page_shell,
    count_queries,
    parse,
    text,
)
from tests.sizes import (
    MAX_QUERIES,
    counts_as_it_grows,
    grow_local_page,
    grow_site,
    with_images,
)
from treatment_pages.models import TreatmentUse

LOCAL_URL = "/therapeutic-botox/"
LOCAL_TAG = "Specific to Calgary clinic"


def get(client, url, host=CALGARY_HOST):
    return client.get(url, HTTP_HOST=host)


def local_tags(element):
    return [text(tag) for tag in element.find_all(class_="local-tag")]


def facts(dl):
    return {text(dt): text(dt.find_next_sibling("dd")) for dt in dl.find_all("dt")}


# The clinic home page


def test_clinic_page_renders_with_one_h1_and_landmarks(client, calgary):
    response = get(client, "/")

    assert response.status_code == 200
    soup = parse(response)
    assert_page_shell(soup)
    assert text(soup.h1) == "Calgary clinic"


def test_clinic_page_shows_address_phone_email_and_booking(client, calgary):
    soup = parse(get(client, "/"))

    contact = soup.find("section", id="contact")
    assert text(contact.address) == "1200 17 Ave SW Calgary AB T2T 0B5"
    phone = contact.find("a", href="tel:+14035550134")
    assert text(phone) == "(403) 555-0134"
    assert contact.find("a", href="mailto:hello@clinic.example.test") is not None
    assert contact.find("a", href="https://book.example.test/clinic") is not None
    # The phone number is one tap away in the header of every clinic page.
    assert soup.body.header.find("a", href="tel:+14035550134") is not None


def test_clinic_page_shows_the_week_with_closed_days_and_split_days(client, calgary):
    OpeningHours.objects.filter(clinic=calgary, weekday=2).delete()
    OpeningHours.objects.create(clinic=calgary, weekday=2, opens=time(8), closes=time(12))
    OpeningHours.objects.create(clinic=calgary, weekday=2, opens=time(13), closes=time(17, 30))
    OpeningHours.objects.create(clinic=calgary, weekday=5, opens=time(22), closes=time(2))

    soup = parse(get(client, "/"))

    table = soup.find("section", id="hours").table
    rows = {
        text(row.th): [text(span) for span in row.td.find_all(class_="hours__interval")]
        or text(row.td)
        for row in table.tbody.find_all("tr")
    }
    assert all(th["scope"] == "row" for th in table.tbody.find_all("th"))
    assert list(rows) == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert rows["Monday"] == ["8 a.m. – 5 p.m."]
    assert rows["Wednesday"] == ["8 a.m. – noon", "1 p.m. – 5:30 p.m."]
    assert rows["Saturday"] == ["10 p.m. – 2 a.m. (next day)"]
    assert rows["Sunday"] == "Closed"
    times = [t["datetime"] for t in table.find_all("tr")[3].find_all("time")]
    assert times == ["08:00", "12:00", "13:00", "17:30"]


def test_clinic_page_lists_its_practitioners_and_live_local_pages(client, local_page, library):
    withdrawn = LocalTreatmentPageFactory(
        parent=local_page.clinic, master=local_page.master, title="Withdrawn", slug="withdrawn"
    )
    withdrawn.save_revision().publish()
    withdrawn.unpublish()
    private = LocalTreatmentPageFactory(
        parent=local_page.clinic, master=local_page.master, title="Private", slug="private"
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    soup = parse(get(client, "/"))

    team = soup.find("section", id="team")
    assert team.find(class_="person__name").get_text() == "Dr. Amira Haddad, DMD"
    cards = soup.find("section", id="treatments").select("ul.cards > li")
    assert [text(card.h3) for card in cards] == ["Therapeutic Botox"]
    assert cards[0].a["href"] == LOCAL_URL
    assert "$350" in text(cards[0])


def test_clinic_page_lists_treatments_with_a_constant_number_of_queries(client, calgary, treatment):
    LocalTreatmentPageFactory(parent=calgary, master=treatment)
    one = count_queries(client, "/", HTTP_HOST=CALGARY_HOST)
    for _ in range(4):
        master = TreatmentPageFactory(parent=treatment.get_parent())
        LocalTreatmentPageFactory(parent=calgary, master=master)

    assert count_queries(client, "/", HTTP_HOST=CALGARY_HOST) == one <= MAX_QUERIES


# The local treatment page


def test_local_page_renders_with_one_h1_and_landmarks(client, local_page):
    response = get(client, LOCAL_URL)

    assert response.status_code == 200
    soup = parse(response)
    assert_page_shell(soup)
    assert text(soup.h1) == "Therapeutic Botox at Calgary clinic"
    breadcrumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [text(li) for li in breadcrumbs.find_all("li")] == [
        "Calgary clinic",
        "Therapeutic Botox",
    ]


def test_local_page_shows_the_masters_facts(client, local_page):
    master = local_page.master

    soup = parse(get(client, LOCAL_URL))

    assert master.summary in text(soup.find(class_="lede"))
    uses = soup.find("section", id="uses")
    assert [text(h3) for h3 in uses.find_all("h3")] == ["Cosmetic uses", "Therapeutic uses"]
    assert "Frown lines" in text(uses) and "Teeth grinding" in text(uses)
    assert "It relaxes the treated muscles." in text(soup.find("section", id="how-it-works"))
    assert list(facts(soup.find("section", id="timing").dl).values()) == [
        "2–3 days",
        "up to 2 weeks",
        "3–6 months",
    ]
    risks = soup.find("section", id="risks").select("ul.risks > li")
    assert len(risks) == 3
    assert facts(risks[0].dl)["How often"] == "Rare"
    assert soup.find("h2", id="who-is-it-for") is not None
    assert text(soup.find("section", id="next-steps").h2) == master.cta_heading


def test_local_page_shows_price_practitioners_phone_booking_address_and_hours(client, local_page):
    soup = parse(get(client, LOCAL_URL))

    at_clinic = soup.find("section", id="at-clinic")
    assert facts(at_clinic.dl)["Price"] == "$350 per treatment area"
    assert at_clinic.find(class_="person__name").get_text() == "Dr. Amira Haddad, DMD"
    assert at_clinic.find("a", href="https://book.example.test/clinic") is not None
    assert text(at_clinic.find("a", href="tel:+14035550134")) == "Call (403) 555-0134"
    cta = soup.find("section", id="next-steps")
    assert cta.find("a", href="https://book.example.test/clinic") is not None
    assert cta.find("a", href="tel:+14035550134") is not None
    visit = soup.find("section", id="visit")
    assert text(visit.address) == "1200 17 Ave SW Calgary AB T2T 0B5"
    assert len(visit.table.tbody.find_all("tr")) == 7


def test_local_page_shows_a_price_range(client, local_page):
    local_page.price_from, local_page.price_to = 250, 450
    local_page.save_revision().publish()

    soup = parse(get(client, LOCAL_URL))

    assert facts(soup.find("section", id="at-clinic").dl)["Price"].startswith("$250–$450")


def test_local_page_without_a_price_asks_patients_to_call(client, local_page):
    local_page.price_from = None
    local_page.save_revision().publish()

    soup = parse(get(client, LOCAL_URL))

    assert facts(soup.find("section", id="at-clinic").dl)["Price"] == "Please call us for a price"


def test_local_page_marks_only_clinic_specific_information(client, local_page):
    soup = parse(get(client, LOCAL_URL))

    # Always local: the clinic's box, its address and hours.
    assert local_tags(soup.find("section", id="at-clinic")) == [LOCAL_TAG]
    assert local_tags(soup.find("section", id="visit")) == [LOCAL_TAG]
    # The master's facts are not marked while the clinic has not replaced them.
    for section_id in ("uses", "how-it-works", "timing", "cost", "risks"):
        assert local_tags(soup.find("section", id=section_id)) == [], section_id
    assert local_tags(soup.find(class_="page-header").find("div")) == []
    # The page tells patients what the marker means.
    assert LOCAL_TAG in text(soup.find(class_="about-local"))


def test_local_overrides_replace_the_masters_text_and_are_marked(client, local_page):
    local_page.local_summary = "Calgary's own summary."
    local_page.coverage_notes = "<p>Direct billing to most Alberta insurers.</p>"
    local_page.introduction = "<p>Dr. Haddad gives this treatment on Tuesdays.</p>"
    local_page.save_revision().publish()

    soup = parse(get(client, LOCAL_URL))

    header = soup.find(class_="page-header")
    assert text(header.find(class_="lede")) == "Calgary's own summary."
    assert local_tags(header) == [LOCAL_TAG]
    cost = soup.find("section", id="cost")
    assert local_tags(cost) == [LOCAL_TAG]
    assert "Direct billing to most Alberta insurers." in text(cost)
    assert "Private insurance often covers" not in text(soup)
    intro = soup.find(class_="local-intro")
    assert local_tags(intro) == [LOCAL_TAG]
    assert "on Tuesdays" in text(intro)


def test_local_booking_link_replaces_the_clinics(client, local_page):
    local_page.booking_url = "https://book.example.test/botox"
    local_page.save_revision().publish()

    soup = parse(get(client, LOCAL_URL))

    cta = soup.find("section", id="next-steps")
    assert cta.find("a", href="https://book.example.test/botox") is not None
    assert cta.find("a", href="https://book.example.test/clinic") is None


def test_contact_the_clinic_advice_links_the_clinics_phone(client, library, local_page):
    risks = RiskListFactory(items=0)
    RiskItemFactory(risk_list=risks, name="Headache", action="contact_clinic")
    master = TreatmentPageFactory(parent=library, slug="fillers", risk_lists=[risks])
    LocalTreatmentPageFactory(parent=local_page.clinic, master=master, slug="fillers")

    soup = parse(get(client, "/fillers/"))

    advice = soup.find("section", id="risks").find("dt", string="What to do").find_next("dd")
    assert text(advice) == "Contact the clinic: call (403) 555-0134"
    assert advice.a["href"] == "tel:+14035550134"


def test_republished_master_shows_on_the_local_page_without_copying(client, local_page):
    master = local_page.master.specific
    master.summary = "A clearer summary from the clinical team."
    master.uses.add(TreatmentUse(name="Migraine", category="therapeutic"))
    master.save_revision().publish()

    soup = parse(get(client, LOCAL_URL))

    assert text(soup.find(class_="lede")) == "A clearer summary from the clinical team."
    assert "Migraine" in text(soup.find("section", id="uses"))


def test_edited_risk_list_shows_on_the_local_page(client, local_page, risk_list):
    item = risk_list.items.first()
    item.name = "Drooping eyelid"
    item.save()

    soup = parse(get(client, LOCAL_URL))

    assert "Drooping eyelid" in text(soup.find("section", id="risks"))


def test_draft_of_the_master_is_not_shown_on_the_local_page(client, local_page):
    master = local_page.master.specific
    master.summary = "An unreviewed draft."
    master.save_revision()

    assert "An unreviewed draft." not in get(client, LOCAL_URL).content.decode()


def test_draft_of_the_local_page_is_not_shown(client, local_page):
    local_page.price_from = 999
    local_page.local_summary = "Draft local summary."
    local_page.save_revision()

    body = get(client, LOCAL_URL).content.decode()

    assert "$999" not in body and "Draft local summary." not in body
    assert "$350" in body


def test_unpublished_local_page_is_not_found(client, local_page):
    local_page.unpublish()

    response = get(client, LOCAL_URL)

    assert response.status_code == 404
    assert "$350" not in response.content.decode()


@pytest.mark.parametrize("restrict", ["local_page", "clinic"])
def test_private_local_page_asks_for_a_password_and_shows_nothing(client, local_page, restrict):
    page = local_page if restrict == "local_page" else local_page.clinic
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    response = get(client, LOCAL_URL)

    body = response.content.decode()
    assert "$350" not in body and local_page.master.summary not in body
    soup = parse(response)
    assert text(soup.h1) == "Password required"


def test_a_clinics_pages_are_not_served_on_another_clinics_site(client, local_page, edmonton):
    assert get(client, LOCAL_URL, host=EDMONTON_HOST).status_code == 404
    edmonton_home = parse(get(client, "/", host=EDMONTON_HOST))
    assert text(edmonton_home.h1) == "Edmonton clinic"
    assert "Therapeutic Botox" not in text(edmonton_home)


@pytest.mark.parametrize(
    "url",
    [LOCAL_URL, "/", "/find-a-clinic/"],
    ids=["local page", "clinic home", "clinic finder"],
)
def test_clinic_sites_pages_cost_the_same_few_queries_whatever_their_size(
    client, local_page, library, root_page, url
):
    with_images(local_page)
    with_images(local_page.clinic)
    counts = counts_as_it_grows(
        lambda: count_queries(client, url, HTTP_HOST=CALGARY_HOST),
        lambda: grow_local_page(local_page),
        lambda: grow_site(library, local_page.clinic, root_page),
    )

    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES, counts


def test_clinic_pages_load_no_external_assets(client, local_page):
    for url in ("/", LOCAL_URL):
        soup = parse(get(client, url))
        assert_assets_are_local(soup, host=CALGARY_HOST)
        # Only data: the page's JSON-LD, never a script to run.
        assert all(
            script.get("type") == "application/ld+json" and not script.get("src")
            for script in soup.find_all("script")
        )


def test_404_on_a_clinic_site_offers_the_clinics_phone(client, calgary):
    response = get(client, "/no-such-page/")

    assert response.status_code == 404
    soup = parse(response)
    assert_page_shell(soup)
    assert soup.main.find("a", href="/") is not None
    assert soup.main.find("a", href="tel:+14035550134") is not None


def test_clinic_page_lists_practitioners_with_a_constant_number_of_queries(
    client, calgary, practitioner
):
    one = count_queries(client, "/", HTTP_HOST=CALGARY_HOST)
    for i in range(3):
        ClinicPractitioner.objects.create(
            clinic=calgary, practitioner=PractitionerFactory(), sort_order=i + 1
        )

    assert count_queries(client, "/", HTTP_HOST=CALGARY_HOST) == one


def test_editors_preview_shows_unpublished_local_changes(local_page, practitioner):
    draft = local_page.get_latest_revision_as_object()
    draft.local_summary = "A summary still in review."
    draft.practitioner_links.add(
        LocalTreatmentPractitioner(
            practitioner=PractitionerFactory(name="Dr. New Hire"), sort_order=1
        )
    )

    response = draft.make_preview_request()

    assert response.status_code == 200
    soup = parse(response)
    assert text(soup.find(class_="lede")) == "A summary still in review."
    names = [p.strong.get_text() for p in soup.select("#at-clinic .person__name")]
    assert names == ["Dr. Amira Haddad", "Dr. New Hire"]


def test_practitioner_photos_are_responsive_and_marked_decorative(client, local_page, practitioner):
    # The name is printed next to the photo, so a screen reader should not read it twice.
    practitioner.photo = wagtail_factories.ImageFactory(title="Portrait of Dr. Haddad")
    practitioner.save()

    soup = parse(get(client, LOCAL_URL))

    img = soup.select_one("#at-clinic img.person__photo")
    assert img["alt"] == ""
    assert img["loading"] == "lazy"
    assert len(img["srcset"].split(",")) == 2
    assert_assets_are_local(soup, host=CALGARY_HOST)


@pytest.mark.django_db
def test_local_page_is_withdrawn_with_its_unpublished_master(client, local_page):
    url = local_page.url
    local_page.master.unpublish()

    response = client.get(url, HTTP_HOST="calgary.example.test")
    home = client.get("/", HTTP_HOST="calgary.example.test")

    assert response.status_code == 404
    assert local_page.title not in home.content.decode()


@pytest.mark.django_db
def test_local_page_is_withdrawn_when_its_master_becomes_private(client, local_page):
    PageViewRestriction.objects.create(
        page=local_page.master, restriction_type="password", password="secret"
    )

    response = client.get(local_page.url, HTTP_HOST="calgary.example.test")

    assert response.status_code == 404


@pytest.mark.django_db
def test_clinic_home_title_does_not_repeat_the_site_name(client, calgary):
    calgary_site = calgary.get_site()
    calgary_site.site_name = calgary.title
    calgary_site.save()

    response = client.get("/", HTTP_HOST=CALGARY_HOST)

    assert response.context["page"].title == "Calgary clinic"
    assert "<title>Calgary clinic</title>" in response.content.decode()
