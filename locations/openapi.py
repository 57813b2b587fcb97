"""The OpenAPI description of what the clinic fields return (see ``treatment_pages.openapi``).

The shapes mirror ``locations.serializers``; the extensions name the shape
each field returns. The app config imports this module in ``ready()``.
"""

from rest_framework import serializers

from treatment_pages.openapi.extensions import ShapeExtension
from treatment_pages.openapi.shapes import PageLink, RenditionSet

from .models import Province, Weekday

TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class Phone(serializers.Serializer):
    """A phone number for machines (E.164), for people, and for ``tel:`` links."""

    e164 = serializers.CharField(read_only=True)
    display = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="A `tel:` URI (RFC 3966).")


class Address(serializers.Serializer):
    street_address = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    province = serializers.ChoiceField(choices=Province.choices, read_only=True)
    postal_code = serializers.CharField(read_only=True)
    country = serializers.ChoiceField(choices=[("CA", "Canada")], read_only=True)


class OpeningInterval(serializers.Serializer):
    """An interval the clinic is open on a weekday, in the clinic's time zone."""

    weekday = serializers.ChoiceField(
        choices=Weekday.choices, read_only=True, help_text="0 is Monday."
    )
    day = serializers.CharField(read_only=True)
    opens = serializers.RegexField(TIME, read_only=True, help_text="`HH:MM`.")
    closes = serializers.RegexField(TIME, read_only=True, help_text="`HH:MM`.")
    closes_next_day = serializers.BooleanField(
        read_only=True, help_text="The interval runs past midnight."
    )


class SpecialDay(serializers.Serializer):
    """A date whose hours replace the usual ones: closed, or open only at these times."""

    date = serializers.DateField(read_only=True)
    label = serializers.CharField(read_only=True)
    closed = serializers.BooleanField(read_only=True)
    opens = serializers.RegexField(TIME, read_only=True, allow_null=True)
    closes = serializers.RegexField(TIME, read_only=True, allow_null=True)
    closes_next_day = serializers.BooleanField(read_only=True)


class Practitioner(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    credentials = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    bio = serializers.CharField(read_only=True)
    photo = RenditionSet(read_only=True, allow_null=True)


class ClinicLink(PageLink):
    """The clinic a local page belongs to, with how to reach it."""

    phone = Phone(read_only=True, allow_null=True)
    address = Address(read_only=True)


class Price(serializers.Serializer):
    """The clinic's price: from ``min``, up to ``max`` when set."""

    min = serializers.FloatField(read_only=True)
    max = serializers.FloatField(read_only=True, allow_null=True)
    currency = serializers.ChoiceField(choices=[("CAD", "Canadian dollars")], read_only=True)
    note = serializers.CharField(read_only=True)


class LocalCallToAction(serializers.Serializer):
    heading = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    phone = Phone(read_only=True, allow_null=True)
    booking_url = serializers.URLField(read_only=True, allow_null=True)


class PhoneFieldSchema(ShapeExtension):
    target_class = "locations.serializers.PhoneField"
    shape = Phone(read_only=True, allow_null=True)


class OpeningHoursFieldSchema(ShapeExtension):
    target_class = "locations.serializers.OpeningHoursField"
    shape = OpeningInterval(many=True, read_only=True)


class SpecialHoursFieldSchema(ShapeExtension):
    target_class = "locations.serializers.SpecialHoursField"
    shape = SpecialDay(many=True, read_only=True)


class PractitionersFieldSchema(ShapeExtension):
    target_class = "locations.serializers.PractitionersField"
    shape = Practitioner(many=True, read_only=True)


class ClinicFieldSchema(ShapeExtension):
    target_class = "locations.serializers.ClinicField"
    shape = ClinicLink(read_only=True)


class PageLinkFieldSchema(ShapeExtension):
    target_class = "locations.serializers.PageLinkField"
    shape = PageLink(read_only=True)


class PriceFieldSchema(ShapeExtension):
    target_class = "locations.serializers.PriceField"
    shape = Price(read_only=True, allow_null=True)


class LocalCallToActionFieldSchema(ShapeExtension):
    target_class = "locations.serializers.LocalCallToActionField"
    shape = LocalCallToAction(read_only=True)


class ClinicDetailUrlFieldSchema(ShapeExtension):
    target_class = "locations.api.ClinicDetailUrlField"
    shape = {"type": "string", "format": "uri", "description": "This clinic in the finder."}
