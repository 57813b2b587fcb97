"""Typed time ranges ("2 to 3 days", "up to 2 weeks") for treatment timing facts.

A range is stored as three columns (minimum, maximum, unit) so it can be
validated, compared, translated and served as numbers rather than free text.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _


class TimeUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


_UNIT_WORDS = {
    TimeUnit.HOURS: lambda n: ngettext("hour", "hours", n),
    TimeUnit.DAYS: lambda n: ngettext("day", "days", n),
    TimeUnit.WEEKS: lambda n: ngettext("week", "weeks", n),
    TimeUnit.MONTHS: lambda n: ngettext("month", "months", n),
}


@lru_cache(maxsize=1024)
def _unit_word(language, unit, n):
    """The unit's word for ``n`` in ``language`` (the active one), looked up once.

    ``ngettext`` searches every installed catalogue on each call, which made
    the timing facts a tenth of a listing's serialisation; the catalogues do
    not change while the process runs.
    """
    return _UNIT_WORDS[TimeUnit(unit)](n)


@dataclass(frozen=True)
class TimeRange:
    """A span of time such as 2–3 days; either bound may be open."""

    minimum: int | None
    maximum: int | None
    unit: str

    def __bool__(self):
        return self.minimum is not None or self.maximum is not None

    def __str__(self):
        if not self:
            return ""
        language = get_language()

        def words(n):
            return _unit_word(language, self.unit, n)

        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            if low == high:
                return f"{high} {words(high)}"
            return f"{low}–{high} {words(high)}"
        if high is not None:
            return _("up to %(n)s %(unit)s") % {"n": high, "unit": words(high)}
        return _("at least %(n)s %(unit)s") % {"n": low, "unit": words(low)}

    def as_dict(self):
        """The API form: numbers for machines, text for people."""
        if not self:
            return None
        return {"min": self.minimum, "max": self.maximum, "unit": self.unit, "text": str(self)}


def clean_time_range(instance, prefix, label):
    """Validate the three columns of one range; errors land on the right field."""
    low = getattr(instance, f"{prefix}_min")
    high = getattr(instance, f"{prefix}_max")
    errors = {}
    if low is not None and high is not None and low > high:
        errors[f"{prefix}_min"] = _(
            "%(label)s: the shortest time cannot be longer than the longest time."
        ) % {"label": label}
    if low == 0 and high is None:
        errors[f"{prefix}_min"] = _("%(label)s: enter a longest time as well.") % {"label": label}
    if errors:
        raise ValidationError(errors)
