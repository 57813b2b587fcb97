"""Presentational helpers for clinic templates: prices, phone numbers, maps.

Prices follow the active language's format module and catalogue: "$1,234.56"
in English, "1 234,56 $" in French (no-break spaces, so a price never wraps).
"""

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils import formats
from django.utils.translation import pgettext
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import PhoneNumberFormat, format_number

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
    if not value:
        return None
    number = value if isinstance(value, PhoneNumber) else PhoneNumber.from_string(str(value))
    return number if number.is_valid() else None


@register.filter
def phone_display(value):
    """A phone number in the national format patients dial: '(403) 555-0134'."""
    number = _phone(value)
    return format_number(number, PhoneNumberFormat.NATIONAL) if number else str(value or "")


@register.filter
def tel_href(value):
    """A ``tel:`` link target in E.164 ('tel:+14035550134'), or '' for an invalid number."""
    number = _phone(value)
    return f"tel:{number.as_e164}" if number else ""


@register.simple_tag
def map_url(clinic):
    """A link to the clinic's location on OpenStreetMap (a link only: nothing is embedded)."""
    lat, lon = clinic.latitude, clinic.longitude
    query = urlencode({"mlat": lat, "mlon": lon})
    return f"https://www.openstreetmap.org/?{query}#map=17/{lat}/{lon}"
