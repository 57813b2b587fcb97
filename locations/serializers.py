"""API field serialisers for clinics and their local treatment pages.

Named in the models' ``api_fields``; like ``treatment_pages.serializers`` they
import no models and read only what the endpoint prefetched (``locations/api.py``).
"""

from django.utils import timezone
from rest_framework import serializers

from treatment_pages.serializers import page_link, rendition_set


def phone_number(phone):
    """A phone number as ``{e164, display, url}``: for machines, for people, for ``tel:`` links."""
    if not phone:
        return None
    return {"e164": phone.as_e164, "display": phone.as_national, "url": phone.as_rfc3966}


def address(clinic):
    return {
        "street_address": clinic.street_address,
        "city": clinic.city,
        "province": clinic.province,
        "postal_code": clinic.postal_code,
        "country": "CA",
    }


class PhoneField(serializers.ReadOnlyField):
    def to_representation(self, phone):
        return phone_number(phone)


class OpeningHoursField(serializers.ReadOnlyField):
    """Opening intervals in week order, times as ``HH:MM`` in the clinic's time zone.

    ``closes_next_day`` marks an interval that runs past midnight.
    """

    def to_representation(self, intervals):
        return [
            {
                "weekday": interval.weekday,
                "day": interval.get_weekday_display(),
                "opens": f"{interval.opens:%H:%M}",
                "closes": f"{interval.closes:%H:%M}",
                "closes_next_day": interval.past_midnight,
            }
            for interval in sorted(intervals.all(), key=lambda i: (i.weekday, i.opens))
        ]


class SpecialHoursField(serializers.ReadOnlyField):
    """Upcoming special days (holidays, short days), clinic-local, by date; use with ``source="*"``.

    Each row replaces its date's usual hours: ``closed`` for the whole day, or
    ``opens``/``closes`` (``HH:MM``). Reads the clinic's prefetched ``special_hours``.
    """

    def to_representation(self, clinic):
        return [
            {
                "date": row.date.isoformat(),
                "label": row.label,
                "closed": row.closed,
                "opens": f"{row.opens:%H:%M}" if row.opens else None,
                "closes": f"{row.closes:%H:%M}" if row.closes else None,
                "closes_next_day": row.past_midnight,
            }
            for row in clinic.upcoming_special_hours(timezone.now())
        ]


class PractitionersField(serializers.ReadOnlyField):
    """Practitioners by name, with credentials, role, bio and photo (a rendition set).

    Reads the page's ``practitioner_links`` (prefetched), not ``practitioners``,
    which may run a query of its own.
    """

    def to_representation(self, links):
        practitioners = [link.practitioner for link in links.all()]
        return [
            {
                "id": practitioner.pk,
                "name": practitioner.name,
                "credentials": practitioner.credentials,
                "display_name": str(practitioner),
                "role": practitioner.role,
                "bio": practitioner.bio,
                "photo": rendition_set(practitioner.photo, self.context)
                if practitioner.photo
                else None,
            }
            for practitioner in practitioners
        ]


class ClinicField(serializers.ReadOnlyField):
    """The clinic a local page belongs to: name, links, phone and address."""

    def to_representation(self, clinic):
        return {
            **page_link(clinic, self.context),
            "phone": phone_number(clinic.phone),
            "address": address(clinic),
        }


class PageLinkField(serializers.ReadOnlyField):
    """A related page as ``{id, title, detail_url, html_url}``."""

    def to_representation(self, page):
        return page_link(page, self.context)


class PriceField(serializers.ReadOnlyField):
    """The local price as numbers: ``{min, max, currency, note}``, or null when unset."""

    def to_representation(self, price):
        return {
            **price,
            "min": float(price["min"]),
            "max": float(price["max"]) if price["max"] is not None else None,
        }


class LocalCallToActionField(serializers.ReadOnlyField):
    """The master's call to action plus how to act on it here; use with ``source="*"``."""

    def to_representation(self, page):
        return {
            "heading": page.master.cta_heading,
            "text": page.master.cta_text,
            "phone": phone_number(page.clinic.phone),
            "booking_url": page.effective_booking_url or None,
        }
