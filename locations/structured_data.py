"""schema.org JSON-LD for clinics and local pages, built with the treatment helpers.

Registered for HTML and API alike through the ``register_structured_data``
hook (``wagtail_hooks.py``); see ``treatment_pages.structured_data``.
"""

from django.utils import timezone

from treatment_pages.structured_data import SCHEMA, compact, medical_web_page

#: The schema.org type of a clinic: the demo clinics are dental practices.
CLINIC_TYPE = "Dentist"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def postal_address(clinic):
    return {
        "@type": "PostalAddress",
        "streetAddress": clinic.street_address,
        "addressLocality": clinic.city,
        "addressRegion": clinic.province,
        "postalCode": clinic.postal_code,
        "addressCountry": "CA",
    }


def _time(value):
    return f"{value:%H:%M}"


def opening_hours_specification(clinic):
    """Weekly intervals, then upcoming special days (reads prefetched rows).

    A special day is valid from and through its date; a closed day is given
    as opening and closing at 00:00, as search engines expect.
    """
    intervals = sorted(clinic.opening_hours.all(), key=lambda i: (i.weekday, i.opens))
    specs = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"{SCHEMA}{DAYS[interval.weekday]}",
            "opens": _time(interval.opens),
            "closes": _time(interval.closes),
        }
        for interval in intervals
    ]
    # Special hours arrived with the multi-clinic work; older schemas have none.
    if hasattr(clinic, "upcoming_special_hours"):
        for row in clinic.upcoming_special_hours(timezone.now()):
            day = row.date.isoformat()
            closed = row.closed or row.opens is None or row.closes is None
            specs.append(
                compact(
                    {
                        "@type": "OpeningHoursSpecification",
                        "name": row.label,
                        "validFrom": day,
                        "validThrough": day,
                        "opens": "00:00" if closed else _time(row.opens),
                        "closes": "00:00" if closed else _time(row.closes),
                    }
                )
            )
    return specs


def clinic_entity(clinic, url_for, *, full=True):
    """The clinic as a ``Dentist``; ``full=False`` leaves out hours and coordinates."""
    data = {
        "@type": CLINIC_TYPE,
        "name": clinic.title,
        "url": url_for(clinic),
        "telephone": clinic.phone.as_e164 if clinic.phone else None,
        "email": clinic.email,
        "address": postal_address(clinic),
        "medicalSpecialty": f"{SCHEMA}Dentistry",
    }
    if full:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(clinic.latitude),
            "longitude": float(clinic.longitude),
        }
        data["openingHoursSpecification"] = opening_hours_specification(clinic)
    return compact(data)


def clinic_page(page, url_for):
    return {"@context": "https://schema.org", **clinic_entity(page, url_for)}


def local_treatment_page(page, url_for):
    """The merged explainer: the master's review and treatment, this clinic as provider."""
    return medical_web_page(
        page,
        page.master,
        url_for,
        description=page.summary,
        provider=clinic_entity(page.clinic, url_for, full=False),
    )


BUILDERS = {
    "locations.ClinicPage": clinic_page,
    "locations.LocalTreatmentPage": local_treatment_page,
}
