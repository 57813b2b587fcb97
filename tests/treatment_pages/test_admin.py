"""Editors author explainers and risk lists in the Wagtail admin, over HTTP."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from treatment_pages.models import RiskList, TreatmentPage

from ..factories import EvidenceSourceFactory, ReviewerFactory, RiskListFactory


def explainer_form(risk_list, **overrides):
    reviewer, source = ReviewerFactory(), EvidenceSourceFactory()
    data = {
        "reviewer": str(reviewer.pk),
        "last_reviewed": (date.today() - timedelta(days=10)).isoformat(),
        "next_review_due": "",
        "timing_source": str(source.pk),
        "source_links": inline_formset([{"source": str(source.pk)}]),
        "title": "Night guards",
        "slug": "night-guards",
        "summary": "A custom mouthguard worn at night to protect teeth from grinding.",
        "how_it_works": rich_text("<p>It cushions the teeth while you sleep.</p>"),
        "cost_and_coverage": rich_text("<p>Dental plans often cover part of the cost.</p>"),
        "onset_min": "",
        "onset_max": "1",
        "onset_unit": "days",
        "full_effect_min": "1",
        "full_effect_max": "2",
        "full_effect_unit": "weeks",
        "duration_min": "2",
        "duration_max": "5",
        "duration_unit": "months",
        "cta_heading": "Talk to us about your jaw",
        "cta_text": "We will check your bite first.",
        "uses": inline_formset([{"name": "Teeth grinding", "category": "therapeutic"}], min=1),
        "risk_list_links": inline_formset([{"risk_list": str(risk_list.pk)}], min=1),
        "body": streamfield(
            [("section", {"heading": "Who is it for?", "content": rich_text("<p>Grinders.</p>")})]
        ),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(library):
    return f"/admin/pages/add/treatment_pages/treatmentpage/{library.pk}/"


@pytest.mark.django_db
def test_editor_creates_and_publishes_an_explainer(admin_client, library, risk_list):
    response = admin_client.post(add_url(library), explainer_form(risk_list))

    assert response.status_code == 302, response.content[:2000]
    page = TreatmentPage.objects.get(slug="night-guards")
    assert page.live
    assert str(page.full_effect) == "1–2 weeks"
    assert str(page.onset) == "up to 1 day"
    assert [use.name for use in page.uses.all()] == ["Teeth grinding"]
    assert page.risk_lists == [risk_list]
    assert page.body[0].value["heading"] == "Who is it for?"


@pytest.mark.django_db
def test_reversed_time_range_is_reported_on_the_field(admin_client, library, risk_list):
    form = explainer_form(risk_list, duration_min="6", duration_max="3")

    response = admin_client.post(add_url(library), form)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "cannot be longer than the longest time" in errors["duration_min"][0]
    assert not TreatmentPage.objects.filter(slug="night-guards").exists()


@pytest.mark.django_db
def test_explainer_without_a_risk_list_cannot_be_saved(admin_client, library, risk_list):
    form = explainer_form(risk_list, risk_list_links=inline_formset([], min=1))

    response = admin_client.post(add_url(library), form)

    assert response.status_code == 200
    formset = response.context["form"].formsets["risk_list_links"]
    assert formset.non_form_errors()
    assert not TreatmentPage.objects.filter(slug="night-guards").exists()


@pytest.mark.django_db
def test_explainer_cannot_be_created_outside_the_library(admin_client, calgary):
    url = f"/admin/pages/add/treatment_pages/treatmentpage/{calgary.pk}/"

    response = admin_client.get(url)

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert not TreatmentPage.objects.child_of(calgary).exists()


@pytest.mark.django_db
def test_risk_list_admin_shows_how_many_explainers_use_each_list(admin_client, treatment):
    RiskListFactory(name="Unused list")

    response = admin_client.get("/admin/snippets/treatment_pages/risklist/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [th.get_text(strip=True) for th in soup.select("thead th")]
    column = headings.index("Explainers using it")
    usage = {
        row.find("a").get_text(strip=True): row.find_all(["td", "th"])[column].get_text(strip=True)
        for row in soup.select("tbody tr")
    }
    assert usage == {"Botulinum toxin injections": "1", "Unused list": "0"}


@pytest.mark.django_db
def test_risk_list_usage_view_lists_the_pages_that_show_it(admin_client, treatment, risk_list):
    response = admin_client.get(f"/admin/snippets/treatment_pages/risklist/usage/{risk_list.pk}/")

    assert response.status_code == 200
    assert "Therapeutic Botox" in response.content.decode()


@pytest.mark.django_db
def test_editor_adds_a_risk_list_with_ordered_items(admin_client):
    form = nested_form_data(
        {
            "name": "Dental impressions",
            "introduction": "",
            "items": inline_formset(
                [
                    {
                        "name": "Gagging",
                        "description": "A brief urge to gag while the tray is in.",
                        "frequency": "common",
                        "typical_duration": "a few seconds",
                        "action": "self_care",
                    },
                    {
                        "name": "Allergic reaction",
                        "description": "Itching or swelling of the lips.",
                        "frequency": "rare",
                        "serious": "on",
                        "typical_duration": "hours",
                        "action": "urgent_care",
                    },
                ],
                min=1,
            ),
        }
    )

    response = admin_client.post("/admin/snippets/treatment_pages/risklist/add/", form)

    assert response.status_code == 302, response.content[:2000]
    risk_list = RiskList.objects.get(name="Dental impressions")
    assert [(i.name, i.serious) for i in risk_list.items.all()] == [
        ("Gagging", False),
        ("Allergic reaction", True),
    ]


@pytest.mark.django_db
def test_deleting_a_risk_list_in_use_is_refused_with_a_message(admin_client, treatment, risk_list):
    url = f"/admin/snippets/treatment_pages/risklist/delete/{risk_list.pk}/"

    response = admin_client.post(url, follow=True)

    assert response.status_code == 200
    assert RiskList.objects.filter(pk=risk_list.pk).exists()
    message = " ".join(str(m) for m in response.context["messages"])
    assert "cannot be deleted" in message and "Therapeutic Botox" in message


@pytest.mark.django_db
def test_unused_risk_list_can_be_deleted(admin_client):
    risk_list = RiskListFactory(name="Old list")

    response = admin_client.post(f"/admin/snippets/treatment_pages/risklist/delete/{risk_list.pk}/")

    assert response.status_code == 302
    assert not RiskList.objects.filter(pk=risk_list.pk).exists()


@pytest.mark.django_db
def test_deleting_a_master_that_clinics_localise_is_refused(admin_client, local_page):
    master = local_page.master

    response = admin_client.post(f"/admin/pages/{master.pk}/delete/", follow=True)

    assert response.status_code == 200
    assert TreatmentPage.objects.filter(pk=master.pk).exists()
    message = " ".join(str(m) for m in response.context["messages"])
    assert "cannot be deleted" in message


@pytest.mark.django_db
def test_deleting_the_library_holding_a_localised_master_is_refused(
    admin_client, library, local_page
):
    response = admin_client.post(f"/admin/pages/{library.pk}/delete/", follow=True)

    assert response.status_code == 200
    assert TreatmentPage.objects.filter(pk=local_page.master.pk).exists()


@pytest.mark.django_db
def test_bulk_deleting_a_risk_list_in_use_is_refused(admin_client, treatment, risk_list):
    url = (
        "/admin/bulk/treatment_pages/risklist/delete/"
        f"?next=/admin/snippets/treatment_pages/risklist/&id={risk_list.pk}"
    )

    response = admin_client.post(url, follow=True)

    assert response.status_code == 200
    assert RiskList.objects.filter(pk=risk_list.pk).exists()
