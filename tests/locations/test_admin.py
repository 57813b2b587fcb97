"""Editors author clinics and local treatment pages in the Wagtail admin, over HTTP."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from locations.models import ClinicPage, LocalTreatmentPage


def clinic_form(**overrides):
    data = {
        "title": "Red Deer clinic",
        "slug": "red-deer",
        "introduction": rich_text(""),
        "street_address": "4909 Gaetz Ave",
        "city": "Red Deer",
        "province": "AB",
        "postal_code": "t4n4a1",
        "latitude": "52.268100",
        "longitude": "-113.811200",
        "time_zone": "America/Edmonton",
        "phone": "(403) 555-0199",
        "email": "reddeer@example.test",
        "booking_url": "https://book.example.test/red-deer",
        "opening_hours": inline_formset(
            [
                {"weekday": "0", "opens": "08:00", "closes": "12:00"},
                {"weekday": "0", "opens": "13:00", "closes": "17:00"},
            ]
        ),
        "special_hours": inline_formset([]),
        "practitioner_links": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_clinic(admin_client, root_page, **overrides):
    return admin_client.post(
        f"/admin/pages/add/locations/clinicpage/{root_page.pk}/", clinic_form(**overrides)
    )


@pytest.mark.django_db
def test_clinic_phone_is_stored_as_e164_and_postal_code_normalised(admin_client, root_page):
    response = add_clinic(admin_client, root_page)

    assert response.status_code == 302, response.content[:2000]
    clinic = ClinicPage.objects.get(slug="red-deer")
    stored = ClinicPage.objects.filter(pk=clinic.pk).values_list("phone", flat=True).get()
    assert stored == "+14035550199"
    assert clinic.phone.as_national == "(403) 555-0199"
    assert clinic.postal_code == "T4N 4A1"
    assert [str(h) for h in clinic.opening_hours.all()] == [
        "Monday 08:00–12:00",
        "Monday 13:00–17:00",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "12345", "Enter a Canadian postal code"),
        ("postal_code", "D1A 1A1", "Enter a Canadian postal code"),
        ("phone", "555", "Enter a valid phone number"),
        ("latitude", "91", "less than or equal to 90"),
        ("time_zone", "Mars/Olympus", "Enter a time zone name"),
        ("booking_url", "not a url", "Enter a valid URL"),
    ],
)
@pytest.mark.django_db
def test_invalid_clinic_details_are_reported_on_the_field(
    admin_client, root_page, field, value, message
):
    response = add_clinic(admin_client, root_page, **{field: value})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not ClinicPage.objects.filter(slug="red-deer").exists()


@pytest.mark.django_db
def test_opening_interval_must_not_open_and_close_at_the_same_time(admin_client, root_page):
    hours = inline_formset([{"weekday": "2", "opens": "09:00", "closes": "09:00"}])

    response = add_clinic(admin_client, root_page, opening_hours=hours)

    assert response.status_code == 200
    formset = response.context["form"].formsets["opening_hours"]
    assert "must differ" in str(formset.errors)


def local_form(master, **overrides):
    data = {
        "title": master.title,
        "slug": "botox-local",
        "master": str(master.pk),
        "introduction": rich_text("<p>Given by our dentists.</p>"),
        "local_summary": "",
        "price_from": "300",
        "price_to": "450",
        "price_note": "per area",
        "coverage_notes": rich_text(""),
        "booking_url": "",
        "practitioner_links": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
def test_editor_localises_an_explainer_under_a_clinic(admin_client, calgary, treatment):
    url = f"/admin/pages/add/locations/localtreatmentpage/{calgary.pk}/"

    response = admin_client.post(url, local_form(treatment))

    assert response.status_code == 302, response.content[:2000]
    page = LocalTreatmentPage.objects.get(slug="botox-local")
    assert page.live and page.master == treatment.specific
    assert page.summary == treatment.summary
    assert "price" in page.overridden_fields and "summary" not in page.overridden_fields


@pytest.mark.django_db
def test_reversed_price_range_is_reported_on_the_field(admin_client, calgary, treatment):
    url = f"/admin/pages/add/locations/localtreatmentpage/{calgary.pk}/"

    response = admin_client.post(url, local_form(treatment, price_from="500", price_to="100"))

    assert response.status_code == 200
    assert "at least the starting price" in response.context["form"].errors["price_to"][0]


@pytest.mark.django_db
def test_local_page_cannot_be_created_in_the_treatment_library(admin_client, library):
    response = admin_client.get(f"/admin/pages/add/locations/localtreatmentpage/{library.pk}/")

    assert response.status_code == 302
    assert not LocalTreatmentPage.objects.exists()
