from datetime import time

import pytest
from django.core.exceptions import ValidationError

from locations.validators import normalise_postal_code, validate_postal_code

from ..factories import LocalTreatmentPageFactory


@pytest.mark.parametrize("value", ["T2P 1J9", "t2p1j9", "T2P1J9", " h3z 2y7 "])
def test_valid_postal_codes_pass(value):
    validate_postal_code(value)


@pytest.mark.parametrize("value", ["", "T2P 1J", "12345", "W2P 1J9", "T2O 1J9", "T2P-1J9"])
def test_invalid_postal_codes_are_refused(value):
    with pytest.raises(ValidationError):
        validate_postal_code(value)


def test_postal_code_is_normalised_to_upper_case_with_a_space():
    assert normalise_postal_code("t2p1j9") == "T2P 1J9"


@pytest.mark.django_db
def test_local_page_reads_the_master_until_it_overrides_a_field(local_page):
    master = local_page.master
    assert local_page.summary == master.summary
    assert local_page.cost_and_coverage == master.cost_and_coverage

    local_page.local_summary = "Our Calgary team offers this on weekday mornings."
    assert local_page.summary == "Our Calgary team offers this on weekday mornings."
    assert "summary" in local_page.overridden_fields


@pytest.mark.django_db
def test_local_page_uses_the_clinic_booking_link_unless_it_has_its_own(local_page):
    assert local_page.effective_booking_url == local_page.clinic.booking_url

    local_page.booking_url = "https://book.example.test/botox"
    assert local_page.effective_booking_url == "https://book.example.test/botox"
    assert "booking_url" in local_page.overridden_fields


@pytest.mark.django_db
def test_local_page_price_is_none_until_set(calgary, treatment):
    page = LocalTreatmentPageFactory(parent=calgary, master=treatment, price_from=None)

    assert page.price is None
    assert "price" not in page.overridden_fields


@pytest.mark.django_db
def test_opening_hours_by_day_lists_closed_days_and_split_days(calgary):
    calgary.opening_hours.filter(weekday=0).update(closes="12:00")
    calgary.opening_hours.create(weekday=0, opens=time(13), closes=time(17))

    days = dict(calgary.opening_hours_by_day())

    assert [str(i) for i in days["Monday"]] == ["Monday 08:00–12:00", "Monday 13:00–17:00"]
    assert days["Sunday"] == []


@pytest.mark.django_db
def test_interval_closing_before_it_opens_runs_past_midnight(calgary):
    interval = calgary.opening_hours.create(weekday=4, opens=time(20), closes=time(2))

    assert interval.past_midnight
