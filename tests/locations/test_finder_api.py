"""/api/v2/clinics/: every clinic of the group, nearest first, open now by its own clock."""

from datetime import UTC, date, datetime, time
from unittest import mock

import pytest
from wagtail.models import Site

from locations.distance import haversine_km
from locations.models import OpeningHours, SpecialHours
from tests.api_helpers import count_queries, get_json, listing_counts
from tests.conftest import CALGARY_HOST
from tests.factories import ClinicPageFactory

CALGARY_TOWER = (51.0443, -114.0631)
EDMONTON_CITY_HALL = (53.5444, -113.4909)
FINDER = "/api/v2/clinics/"


def near(point):
    return f"near={point[0]},{point[1]}"


def at(*args):
    """Freeze the finder's clock at a UTC instant."""
    return mock.patch("locations.api.timezone.now", return_value=datetime(*args, tzinfo=UTC))


def test_calgary_to_edmonton_is_about_280_km():
    assert haversine_km(CALGARY_TOWER, EDMONTON_CITY_HALL) == pytest.approx(280, abs=3)
    assert haversine_km(CALGARY_TOWER, CALGARY_TOWER) == 0


def test_clinics_of_every_site_are_listed_nearest_first(client, calgary, edmonton):
    data = get_json(client, f"{FINDER}?{near(EDMONTON_CITY_HALL)}", CALGARY_HOST)

    assert [item["title"] for item in data["items"]] == ["Edmonton clinic", "Calgary clinic"]
    edmonton_item, calgary_item = data["items"]
    assert edmonton_item["distance_km"] < 1
    assert calgary_item["distance_km"] == pytest.approx(280, abs=3)
    assert edmonton_item["meta"]["html_url"] == "http://edmonton.example.test/"
    assert edmonton_item["meta"]["detail_url"].endswith(f"/api/v2/clinics/{edmonton.pk}/")


def test_radius_keeps_only_clinics_within_it(client, calgary, edmonton):
    data = get_json(client, f"{FINDER}?{near(CALGARY_TOWER)}&radius_km=50")

    assert [item["id"] for item in data["items"]] == [calgary.pk]
    assert data["meta"]["total_count"] == 1


def test_without_near_there_is_no_distance(client, calgary, edmonton):
    items = get_json(client, FINDER)["items"]
    assert {item["id"] for item in items} == {calgary.pk, edmonton.pk}
    assert all(item["distance_km"] is None for item in items)


def test_detail_serves_any_clinic_with_its_distance(client, calgary, edmonton):
    data = get_json(client, f"{FINDER}{edmonton.pk}/?{near(CALGARY_TOWER)}", CALGARY_HOST)
    assert data["title"] == "Edmonton clinic"
    assert data["distance_km"] == pytest.approx(280, abs=3)


def test_unpublished_and_private_clinics_are_not_listed(client, calgary, edmonton):
    edmonton.unpublish()
    assert [item["id"] for item in get_json(client, FINDER)["items"]] == [calgary.pk]


def test_open_now_uses_each_clinics_time_zone(client, calgary, edmonton):
    edmonton.time_zone = "America/Toronto"
    edmonton.save_revision().publish()
    # Wednesday 2026-06-10 21:30 UTC: 15:30 in Calgary (open), 17:30 in Toronto (closed).
    with at(2026, 6, 10, 21, 30):
        open_ids = [item["id"] for item in get_json(client, f"{FINDER}?open_now=true")["items"]]
        closed = get_json(client, f"{FINDER}?open_now=false")["items"]
    assert open_ids == [calgary.pk]
    assert [item["id"] for item in closed] == [edmonton.pk]
    assert closed[0]["open_now"] is False


def test_open_now_honours_a_public_holiday_and_a_short_day(client, calgary):
    SpecialHours.objects.create(
        clinic=calgary, date=date(2026, 12, 25), closed=True, label="Christmas Day"
    )
    SpecialHours.objects.create(
        clinic=calgary,
        date=date(2026, 12, 24),
        opens=time(8),
        closes=time(12),
        label="Christmas Eve",
    )
    # Christmas Day is a Friday: usually open 08:00-17:00.
    with at(2026, 12, 25, 18, 0):  # 11:00 MST
        assert get_json(client, f"{FINDER}?open_now=true")["items"] == []
    with at(2026, 12, 24, 18, 0):  # 11:00 MST on Christmas Eve
        assert len(get_json(client, f"{FINDER}?open_now=true")["items"]) == 1
    with at(2026, 12, 24, 20, 0):  # 13:00 MST: closed early
        assert get_json(client, f"{FINDER}?open_now=true")["items"] == []


def test_open_now_after_midnight_of_a_late_interval(client, calgary):
    OpeningHours.objects.create(clinic=calgary, weekday=4, opens=time(20), closes=time(2))
    with at(2026, 6, 13, 7, 0):  # Saturday 01:00 MDT
        items = get_json(client, f"{FINDER}?open_now=true")["items"]
    assert [item["id"] for item in items] == [calgary.pk]


def test_special_hours_are_listed_from_today(client, calgary):
    SpecialHours.objects.create(
        clinic=calgary, date=date(2026, 7, 1), closed=True, label="Canada Day"
    )
    SpecialHours.objects.create(
        clinic=calgary, date=date(2025, 7, 1), closed=True, label="Canada Day"
    )
    with mock.patch(
        "locations.serializers.timezone.now", return_value=datetime(2026, 6, 1, tzinfo=UTC)
    ):
        data = get_json(client, f"{FINDER}{calgary.pk}/")
    assert data["special_hours"] == [
        {
            "date": "2026-07-01",
            "label": "Canada Day",
            "closed": True,
            "opens": None,
            "closes": None,
            "closes_next_day": False,
        }
    ]


@pytest.mark.parametrize(
    "query",
    [
        "near=abc",
        "near=51.0",
        "near=51.0,-114.0,3",
        "near=91,0",
        "near=0,181",
        "near=nan,0",
        "near=51,-114&radius_km=-5",
        "near=51,-114&radius_km=0",
        "near=51,-114&radius_km=20001",
        "near=51,-114&radius_km=far",
        "near=51,-114&radius_km=inf",
        "radius_km=50",
        "open_now=yes",
        "nearby=51,-114",
    ],
)
def test_bad_finder_parameters_are_a_json_400(client, calgary, query):
    data = get_json(client, f"{FINDER}?{query}", status=400)
    assert data["status"] == 400
    assert data["message"]


@pytest.fixture
def many_clinics(root_page, library):
    clinics = []
    for i in range(22):
        clinic = ClinicPageFactory(
            parent=root_page, slug=f"clinic-{i}", latitude=f"{50 + i / 10:.6f}"
        )
        clinic.save_revision().publish()
        SpecialHours.objects.create(clinic=clinic, date=date(2026, 12, 25), closed=True)
        Site.objects.create(hostname=f"clinic-{i}.example.test", root_page=clinic)
        clinics.append(clinic)
    return clinics


def test_finder_query_counts_do_not_grow_with_page_size(client, many_clinics):
    plain = listing_counts(client, FINDER)
    nearby = listing_counts(client, f"{FINDER}?{near(CALGARY_TOWER)}&radius_km=20000&fields=*")
    open_now = listing_counts(client, f"{FINDER}?{near(CALGARY_TOWER)}&open_now=false")

    assert plain[5] == plain[20] <= 8
    assert nearby[5] == nearby[20] <= 8
    assert open_now[5] == open_now[20] <= 11
    assert count_queries(client, f"{FINDER}{many_clinics[0].pk}/?{near(CALGARY_TOWER)}") <= 9
