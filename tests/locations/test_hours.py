"""locations.hours: open or closed at an instant, by the clinic's own clock."""

from datetime import UTC, date, datetime, time

import pytest

from locations.hours import Special, Weekly, intervals_on, is_open

EDMONTON = "America/Edmonton"
WEEKDAYS_9_TO_5 = [Weekly(day, time(9), time(17)) for day in range(7)]


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_open_during_the_days_hours_by_local_time():
    # 2026-06-10 is a Wednesday; Edmonton is UTC-6 in summer.
    assert is_open(utc(2026, 6, 10, 15, 0), EDMONTON, WEEKDAYS_9_TO_5)  # 09:00 local
    assert not is_open(utc(2026, 6, 10, 14, 59), EDMONTON, WEEKDAYS_9_TO_5)  # 08:59
    assert not is_open(utc(2026, 6, 10, 23, 0), EDMONTON, WEEKDAYS_9_TO_5)  # 17:00: closed


def test_days_without_intervals_are_closed():
    weekly = [Weekly(0, time(9), time(17))]  # Mondays only
    assert not is_open(utc(2026, 6, 10, 18, 0), EDMONTON, weekly)


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2026, 3, 8, 15, 30), True),  # 09:30 MDT, the first morning of summer time
        (utc(2026, 3, 8, 19, 30), False),  # 13:30 MDT; 12:30 if the old offset were kept
        (utc(2026, 11, 1, 15, 30), False),  # 08:30 MST, the first morning of winter time
        (utc(2026, 11, 1, 19, 30), True),  # 12:30 MST
    ],
)
def test_daylight_saving_changes_move_the_hours_with_the_clock(instant, expected):
    sunday_morning = [Weekly(6, time(9), time(13))]
    assert is_open(instant, EDMONTON, sunday_morning) is expected


def test_interval_past_midnight_is_open_early_the_next_day():
    friday_night = [Weekly(4, time(20), time(2))]  # 2026-06-12 is a Friday
    assert is_open(utc(2026, 6, 13, 7, 0), EDMONTON, friday_night)  # Saturday 01:00
    assert not is_open(utc(2026, 6, 13, 8, 0), EDMONTON, friday_night)  # Saturday 02:00
    assert not is_open(utc(2026, 6, 12, 7, 0), EDMONTON, friday_night)  # Friday 01:00


def test_interval_past_midnight_on_the_spring_forward_night():
    saturday_night = [Weekly(5, time(20), time(2))]  # Sat 2026-03-07 20:00 -> Sun 02:00
    assert is_open(utc(2026, 3, 8, 8, 30), EDMONTON, saturday_night)  # 01:30 MST
    assert not is_open(utc(2026, 3, 8, 9, 30), EDMONTON, saturday_night)  # 03:30 MDT


def test_a_public_holiday_closes_the_clinic_all_day():
    holiday = [Special(date(2026, 7, 1), closed=True)]  # Canada Day, a Wednesday
    assert not is_open(utc(2026, 7, 1, 17, 0), EDMONTON, WEEKDAYS_9_TO_5, holiday)
    assert is_open(utc(2026, 7, 2, 17, 0), EDMONTON, WEEKDAYS_9_TO_5, holiday)


def test_special_hours_replace_the_usual_hours_of_their_date():
    short_day = [Special(date(2026, 12, 24), opens=time(9), closes=time(12))]
    assert is_open(utc(2026, 12, 24, 18, 0), EDMONTON, WEEKDAYS_9_TO_5, short_day)  # 11:00
    assert not is_open(utc(2026, 12, 24, 20, 0), EDMONTON, WEEKDAYS_9_TO_5, short_day)  # 13:00
    assert intervals_on(date(2026, 12, 24), WEEKDAYS_9_TO_5, short_day) == [(time(9), time(12))]


def test_a_holiday_does_not_cut_short_the_night_before():
    friday_night = [Weekly(4, time(20), time(2))]
    saturday_holiday = [Special(date(2026, 6, 13), closed=True)]
    assert is_open(utc(2026, 6, 13, 7, 0), EDMONTON, friday_night, saturday_holiday)


def test_each_clinic_uses_its_own_time_zone():
    # 16:30 UTC is 10:30 in Edmonton, 12:30 in Toronto and 09:30 in Vancouver.
    weekly = [Weekly(2, time(10), time(11))]
    assert is_open(utc(2026, 6, 10, 16, 30), EDMONTON, weekly)
    assert not is_open(utc(2026, 6, 10, 16, 30), "America/Toronto", weekly)
    assert not is_open(utc(2026, 6, 10, 16, 30), "America/Vancouver", weekly)


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        is_open(datetime(2026, 6, 10, 12), EDMONTON, WEEKDAYS_9_TO_5)
