"""Is a clinic open at a given moment? Pure functions over plain values, no database.

Opening hours are wall-clock times in the clinic's own time zone, so "08:00"
means eight on the clinic's clock on every day of the year, on either side of
a daylight-saving change. A closing time earlier than (or equal to) the
opening time means the interval runs past midnight into the next day.

Special hours (a public holiday, a short day before one) replace the weekly
hours of their date entirely: a date with special rows is open only during
those rows' intervals, or not at all if one of them is marked closed. An
interval that starts the evening before and runs past midnight still counts:
it belongs to the previous day.

Every function takes an aware ``now``; callers pass ``django.utils.timezone.now()``
in production and any instant they like in tests.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Weekly:
    """One weekly opening interval: weekday 0 (Monday) to 6 (Sunday)."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class Special:
    """Special hours on one date: ``closed`` for the whole day, or one interval."""

    date: date
    closed: bool = False
    opens: time | None = None
    closes: time | None = None


def intervals_on(day: date, weekly: Iterable[Weekly], special: Iterable[Special]):
    """The (opens, closes) wall-clock intervals that start on ``day``, in order.

    Special hours for ``day`` replace the weekly hours; a closed special day
    has no intervals.
    """
    specials = [row for row in special if row.date == day]
    if specials:
        if any(row.closed for row in specials):
            return []
        rows = [(row.opens, row.closes) for row in specials if row.opens and row.closes]
    else:
        rows = [(row.opens, row.closes) for row in weekly if row.weekday == day.weekday()]
    return sorted(rows)


def _instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The instant the clinic's clock shows ``at`` on ``day`` (the first, if it shows it twice).

    A time skipped by a daylight-saving change (02:30 on the spring-forward
    night) maps to the instant an hour later on the new clock, as zoneinfo does.
    """
    return datetime.combine(day, at, tzinfo=tz)


def is_open(now: datetime, time_zone: str, weekly: Iterable[Weekly], special=()) -> bool:
    """Whether the clinic is open at the aware instant ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    tz = ZoneInfo(time_zone)
    weekly, special = list(weekly), list(special)
    today = now.astimezone(tz).date()
    # An interval that started yesterday evening may still be running.
    for day in (today - timedelta(days=1), today):
        for opens, closes in intervals_on(day, weekly, special):
            end_day = day + timedelta(days=1) if closes <= opens else day
            # Aware datetimes that share a tzinfo compare by wall clock in
            # Python; compare in UTC so a daylight-saving change is counted.
            start = _instant(day, opens, tz).astimezone(ZoneInfo("UTC"))
            end = _instant(end_day, closes, tz).astimezone(ZoneInfo("UTC"))
            if start <= now < end:
                return True
    return False
