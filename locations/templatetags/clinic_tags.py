"""Presentational helpers for clinic templates: prices, phone numbers, maps.

Prices follow the active language's format module and catalogue: "$1,234.56"
in English, "1 234,56 $" in French (no-break spaces, so a price never wraps).
"""

from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

import phonenumbers
from django import template
from django.utils import formats
from django.utils.translation import pgettext
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import NumberParseException, PhoneNumberFormat, format_number

register = template.Library()


def dollars(amount):
    """An amount in Canadian dollars in the active language, cents only when there are some.

    English: Decimal('350.00') -> '$350', Decimal('1250.50') -> '$1,250.50'.
    French: '350 $', '1 250,50 $'.
    """
    amount = Decimal(amount)
    places = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, places, use_l10n=True, force_grouping=True)
    return pgettext("amount in Canadian dollars", "$%(amount)s") % {"amount": number}


@register.filter
def price_range(price):
    """A LocalTreatmentPage.price as patients read it; '' when unset.

    English: '$350', '$250–$450'. French: '350 $', '250 $ à 450 $'.
    """
    if not price or price.get("min") is None:
        return ""
    low, high = price["min"], price.get("max")
    if high is None or Decimal(high) == Decimal(low):
        return dollars(low)
    return pgettext("range of prices", "%(low)s–%(high)s") % {
        "low": dollars(low),
        "high": dollars(high),
    }


def _phone(value):
    """``(national display, tel: href)`` of a valid number, else None."""
    if isinstance(value, PhoneNumber):
        number = value
    elif value:
        try:
            number = PhoneNumber.from_string(str(value))
        except NumberParseException:
            return None
    else:
        return None
    if not number.country_code:  # stored text that never parsed as a number
        return None
    return _phone_formats(
        number.country_code,
        number.national_number,
        number.extension,
        bool(number.italian_leading_zero),
        number.number_of_leading_zeros,
    )


@lru_cache(maxsize=1024)
def _phone_formats(country_code, national_number, extension, italian_leading_zero, leading_zeros):
    # Validating and formatting a number takes longer than the rest of a
    # filter's work, and a page shows its clinic's number several times: once
    # per number. The key is the parsed number itself, whatever region or
    # text it was parsed from.
    number = phonenumbers.PhoneNumber(
        country_code=country_code,
        national_number=national_number,
        extension=extension,
        italian_leading_zero=italian_leading_zero or None,
        number_of_leading_zeros=leading_zeros,
    )
    if not phonenumbers.is_valid_number(number):
        return None
    return (
        format_number(number, PhoneNumberFormat.NATIONAL),
        "tel:" + format_number(number, PhoneNumberFormat.E164),
    )


@register.filter
def phone_display(value):
    """A phone number in the national format patients dial: '(403) 555-0134'."""
    formats = _phone(value)
    return formats[0] if formats else str(value or "")


@register.filter
def tel_href(value):
    """A ``tel:`` link target in E.164 ('tel:+14035550134'), or '' for an invalid number."""
    formats = _phone(value)
    return formats[1] if formats else ""


@register.simple_tag
def map_url(clinic):
    """A link to the clinic's location on OpenStreetMap (a link only: nothing is embedded)."""
    lat, lon = clinic.latitude, clinic.longitude
    query = urlencode({"mlat": lat, "mlon": lon})
    return f"https://www.openstreetmap.org/?{query}#map=17/{lat}/{lon}"
