"""Presentational helpers for clinic templates: prices, phone numbers, maps."""

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import PhoneNumberFormat, format_number

register = template.Library()


def _dollars(amount):
    """Decimal('350.00') -> '$350'; Decimal('1250.50') -> '$1,250.50'."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


@register.filter
def price_range(price):
    """A LocalTreatmentPage.price as patients read it: '$350' or '$250–$450'; '' when unset."""
    if not price or price.get("min") is None:
        return ""
    low, high = price["min"], price.get("max")
    if high is None or Decimal(high) == Decimal(low):
        return _dollars(low)
    return f"{_dollars(low)}–{_dollars(high)}"


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
