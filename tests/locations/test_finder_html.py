"""Find a clinic: every clinic's site lists the group's clinics, their hours and open-now state."""

from datetime import UTC, date, datetime, time
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from locations.models import SpecialHours
from tests.conftest import CALGARY_HOST, EDMONTON_HOST
from tests.factories import ClinicPageFactory
from tests.html import assert_page_shell, parse, text


def finder(client, host=CALGARY_HOST):
    response = client.get("/find-a-clinic/", HTTP_HOST=host)
    assert response.status_code == 200
    return parse(response)


def at(*args):
    return mock.patch("django.utils.timezone.now", return_value=datetime(*args, tzinfo=UTC))


def test_each_clinic_site_lists_every_clinic(client, calgary, edmonton):
    for host in (CALGARY_HOST, EDMONTON_HOST):
        soup = finder(client, host)
        assert_page_shell(soup)
        titles = [text(h2) for h2 in soup.select(".clinic-finder h2")]
        assert titles == ["Calgary clinic", "Edmonton clinic"]
    link = soup.select_one(".clinic-finder h2 a")
    assert link["href"] == "http://calgary.example.test/"


def test_finder_shows_open_now_by_local_time_and_a_holiday(client, calgary, edmonton):
    SpecialHours.objects.create(
        clinic=edmonton, date=date(2026, 12, 24), closed=True, label="Christmas Eve"
    )
    with at(2026, 12, 24, 18, 0):  # Thursday 11:00 in Alberta
        soup = finder(client)
    calgary_item = soup.find(id=f"clinic-{calgary.pk}")
    edmonton_item = soup.find(id=f"clinic-{edmonton.pk}")
    assert text(calgary_item.select_one(".clinic-finder__state")) == "Open now"
    assert text(edmonton_item.select_one(".clinic-finder__state")) == "Closed now"
    assert "Christmas Eve" in text(edmonton_item.select_one(".special-hours"))
    assert calgary_item.select_one("table.hours") is not None


def test_clinic_home_shows_its_special_days_and_links_to_the_finder(client, calgary):
    SpecialHours.objects.create(
        clinic=calgary,
        date=date(2026, 12, 24),
        opens=time(8),
        closes=time(12),
        label="Christmas Eve",
    )
    with at(2026, 12, 1, 18, 0):
        soup = parse(client.get("/", HTTP_HOST=CALGARY_HOST))
    special = text(soup.select_one("#hours .special-hours"))
    assert "Thursday, December 24 (Christmas Eve): 8 a.m. – noon" in special
    assert soup.select_one('#hours a[href="/find-a-clinic/"]') is not None


def test_finder_costs_the_same_queries_for_more_clinics(client, root_page, calgary):
    def count():
        client.get("/find-a-clinic/", HTTP_HOST=CALGARY_HOST)
        with CaptureQueriesContext(connection) as queries:
            finder(client)
        return len(queries)

    few = count()
    for i in range(10):
        ClinicPageFactory(parent=root_page, slug=f"more-{i}").save_revision().publish()
    assert count() == few
