import pytest
from django.core.exceptions import ValidationError

from treatment_pages.models import TreatmentPage
from treatment_pages.timing import TimeRange


@pytest.mark.parametrize(
    ("time_range", "text"),
    [
        (TimeRange(2, 3, "days"), "2–3 days"),
        (TimeRange(None, 2, "weeks"), "up to 2 weeks"),
        (TimeRange(3, 6, "months"), "3–6 months"),
        (TimeRange(1, 1, "days"), "1 day"),
        (TimeRange(None, 1, "weeks"), "up to 1 week"),
        (TimeRange(4, None, "hours"), "at least 4 hours"),
        (TimeRange(None, None, "days"), ""),
    ],
)
def test_time_range_reads_naturally(time_range, text):
    assert str(time_range) == text


def test_time_range_api_form_keeps_numbers_and_text():
    assert TimeRange(2, 3, "days").as_dict() == {
        "min": 2,
        "max": 3,
        "unit": "days",
        "text": "2–3 days",
    }
    assert TimeRange(None, None, "days").as_dict() is None


def test_reversed_range_is_an_error_on_the_shortest_time():
    page = TreatmentPage(onset_min=5, onset_max=2, onset_unit="days")

    with pytest.raises(ValidationError) as error:
        page.clean()

    assert "onset_min" in error.value.message_dict


@pytest.mark.django_db
def test_uses_are_grouped_cosmetic_first(treatment):
    groups = treatment.uses_by_category()

    assert [(label, [u.name for u in uses]) for label, uses in groups] == [
        ("Cosmetic", ["Frown lines"]),
        ("Therapeutic", ["Teeth grinding"]),
    ]


@pytest.mark.django_db
def test_timing_lists_only_the_facts_that_are_set(treatment):
    treatment.onset_min = treatment.onset_max = None

    assert [(label, str(r)) for label, r in treatment.timing] == [
        ("Full effect", "up to 2 weeks"),
        ("How long it lasts", "3–6 months"),
    ]
