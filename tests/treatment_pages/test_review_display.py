"""Clinical review data in the API and the HTML, for master explainers and local pages."""

from datetime import date, timedelta

from tests.api_helpers import get_json, listing_counts
from tests.conftest import CALGARY_HOST
from tests.factories import EvidenceSourceFactory, RiskListFactory, TreatmentPageFactory
from tests.html import parse, text
from treatment_pages.models import RiskItem, TreatmentPage

TREATMENTS = "/api/v2/pages/?type=treatment_pages.TreatmentPage"
LOCAL_PAGES = "/api/v2/pages/?type=locations.LocalTreatmentPage"


def make_overdue(page):
    TreatmentPage.objects.filter(pk=page.pk).update(
        last_reviewed=date.today() - timedelta(days=400),
        next_review_due=date.today() - timedelta(days=5),
    )


def test_explainer_api_shows_reviewer_dates_status_and_sources(client, treatment):
    source = treatment.timing_source
    risk = treatment.risk_lists[0].items.first()
    risk.source = source
    risk.save()

    data = get_json(client, f"/api/v2/pages/{treatment.pk}/")

    reviewer = treatment.reviewer
    assert data["reviewer"] == {
        "name": reviewer.name,
        "credentials": reviewer.credentials,
        "regulator": reviewer.regulator,
        "registration_number": reviewer.registration_number,
    }
    assert data["last_reviewed"] == treatment.last_reviewed.isoformat()
    assert data["next_review_due"] == treatment.next_review_due.isoformat()
    assert data["review_status"] == "current"
    assert data["sources"] == [source.as_dict()]
    assert data["timing_source"] == source.as_dict()
    items = data["risk_lists"][0]["items"]
    assert items[0]["source"] == source.as_dict()
    assert items[1]["source"] is None


def test_review_status_is_computed_when_asked(client, treatment):
    make_overdue(treatment)

    assert get_json(client, f"/api/v2/pages/{treatment.pk}/")["review_status"] == "overdue"


def test_local_page_api_shows_its_masters_review(client, local_page):
    master = local_page.master
    data = get_json(client, f"/api/v2/pages/{local_page.pk}/", CALGARY_HOST)
    master_data = get_json(client, f"/api/v2/pages/{master.pk}/")

    for key in (
        "reviewer",
        "last_reviewed",
        "next_review_due",
        "review_status",
        "sources",
        "timing_source",
    ):
        assert data[key] == master_data[key], key
    assert data["reviewer"]["name"] == master.reviewer.name


def test_query_counts_do_not_grow_with_sources_on_every_risk(client, library):
    for _ in range(22):
        sources = [EvidenceSourceFactory(), EvidenceSourceFactory()]
        TreatmentPageFactory(parent=library, sources=sources, risk_lists=[RiskListFactory()])
    RiskItem.objects.update(source=EvidenceSourceFactory())

    counts = listing_counts(client, f"{TREATMENTS}&fields=*")

    assert counts[5] == counts[20] <= 11, counts


def test_explainer_html_shows_the_review_byline_and_sources(client, treatment):
    soup = parse(client.get("/therapeutic-botox/"))

    review = soup.find(id="review")
    reviewer = treatment.reviewer
    assert " ".join(review.find(class_="review__byline").get_text().split()) == (
        f"Reviewed by {reviewer.name}, {reviewer.credentials} on "
        f"{treatment.last_reviewed:%B %-d, %Y}; next review due "
        f"{treatment.next_review_due:%B %-d, %Y}."
    )
    links = review.find(class_="review__sources").find_all("a")
    assert [a["href"] for a in links] == [s.link for s in treatment.sources]
    assert soup.find(class_="review-notice") is None


def test_overdue_explainer_says_it_is_under_review(client, treatment):
    make_overdue(treatment)

    notice = parse(client.get("/therapeutic-botox/")).find(class_="review-notice")

    assert notice["role"] == "status"
    assert "being checked by a clinician" in text(notice)
    assert "contact your clinic" in text(notice)


def test_overdue_local_page_says_it_is_under_review_with_the_clinics_phone(client, local_page):
    make_overdue(local_page.master)

    soup = parse(client.get("/therapeutic-botox/", HTTP_HOST=CALGARY_HOST))

    notice = soup.find(class_="review-notice")
    assert notice["role"] == "status"
    assert notice.find("a")["href"].startswith("tel:")
    assert "Reviewed by" in text(soup.find(id="review"))
