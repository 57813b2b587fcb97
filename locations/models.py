"""Clinics and their localised treatment pages.

A ClinicPage is the root of one clinic's site. Under it, a LocalTreatmentPage
points at a master explainer and adds only what is local (price, practitioners,
booking); everything else is read from the master when the page is served, so
a clinic never holds a stale copy.
"""

import zoneinfo
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey
from phonenumber_field.modelfields import PhoneNumberField
from rest_framework import serializers
from rest_framework.fields import ReadOnlyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from treatment_pages.models import TreatmentPage
from treatment_pages.models.treatment import TIMING_FACTS
from treatment_pages.prefetch import related_rows
from treatment_pages.serializers import (
    RenditionSetField,
    RichTextHTMLField,
    RiskListsField,
    StreamValueField,
    TimeRangeField,
    UsesField,
)

from .serializers import (
    ClinicField,
    LocalCallToActionField,
    OpeningHoursField,
    PageLinkField,
    PhoneField,
    PractitionersField,
    PriceField,
)
from .validators import normalise_postal_code, validate_postal_code


class Province(models.TextChoices):
    AB = "AB", "Alberta"
    BC = "BC", "British Columbia"
    MB = "MB", "Manitoba"
    NB = "NB", "New Brunswick"
    NL = "NL", "Newfoundland and Labrador"
    NS = "NS", "Nova Scotia"
    NT = "NT", "Northwest Territories"
    NU = "NU", "Nunavut"
    ON = "ON", "Ontario"
    PE = "PE", "Prince Edward Island"
    QC = "QC", "Quebec"
    SK = "SK", "Saskatchewan"
    YT = "YT", "Yukon"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "Enter a time zone name such as America/Edmonton.", code="invalid_time_zone"
        )


class Practitioner(index.Indexed, models.Model):
    """A clinician who gives treatments; shared by the clinics they work at."""

    name = models.CharField(max_length=120, help_text="Full name as patients know it.")
    credentials = models.CharField(
        max_length=60, blank=True, help_text="Letters after the name, e.g. 'DMD' or 'DDS, MSc'."
    )
    role = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'General dentist' or 'Dental hygienist'."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(blank=True, max_length=600, help_text="A short, friendly introduction.")

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("credentials")]),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class ClinicPage(Page):
    """One clinic, and the root page of that clinic's own website."""

    street_address = models.CharField(max_length=200, help_text="e.g. '1200 17 Ave SW, Suite 210'.")
    city = models.CharField(max_length=80)
    province = models.CharField(max_length=2, choices=Province.choices, default=Province.AB)
    postal_code = models.CharField(
        max_length=7, validators=[validate_postal_code], help_text="e.g. T2T 0A1."
    )
    phone = PhoneNumberField(help_text="The number patients call, e.g. 403-555-0134.")
    email = models.EmailField(blank=True, help_text="A front-desk address patients may write to.")
    booking_url = models.URLField(
        blank=True, help_text="Where patients book online. Leave empty if bookings are by phone."
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text="From a map, e.g. 51.037810.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text="From a map, e.g. -114.087230 (negative in Canada).",
    )
    time_zone = models.CharField(
        max_length=64,
        default="America/Edmonton",
        validators=[validate_time_zone],
        help_text="The clinic's local time zone; opening hours are in this time.",
    )
    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A welcome for the clinic's home page.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("province")]),
                FieldPanel("postal_code"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("time_zone"),
            ],
            heading="Address",
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("booking_url")],
            heading="Contact and booking",
        ),
        InlinePanel(
            "opening_hours",
            heading="Opening hours",
            label="Opening interval",
            help_text="Add one row per opening interval; a day can have several "
            "(e.g. 08:00–12:00 and 13:00–17:00). Days without rows are closed.",
        ),
        InlinePanel("practitioner_links", heading="Practitioners", label="Practitioner"),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("street_address"),
        APIField("city"),
        APIField("province"),
        APIField("postal_code"),
        APIField("phone", serializer=PhoneField()),
        APIField("email"),
        APIField("booking_url"),
        APIField("latitude", serializer=serializers.FloatField(read_only=True)),
        APIField("longitude", serializer=serializers.FloatField(read_only=True)),
        APIField("time_zone"),
        APIField("opening_hours", serializer=OpeningHoursField()),
        APIField("practitioners", serializer=PractitionersField(source="practitioner_links")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("city")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["locations.LocalTreatmentPage"]

    class Meta:
        verbose_name = "clinic"

    def clean(self):
        super().clean()
        self.postal_code = normalise_postal_code(self.postal_code)

    @property
    def practitioners(self):
        links = related_rows(self, "practitioner_links", "practitioner__photo")
        return [link.practitioner for link in links]

    def opening_hours_by_day(self):
        """[(weekday label, [intervals])] for all seven days, closed days with []."""
        intervals = sorted(self.opening_hours.all(), key=lambda i: (i.weekday, i.opens))
        return [
            (label, [i for i in intervals if i.weekday == day]) for day, label in Weekday.choices
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = (
            LocalTreatmentPage.objects.child_of(self)
            .live()
            .public()
            .with_available_master()
            .select_related("master")
            .order_by("title")
        )
        return context


class OpeningHours(Orderable):
    """One opening interval on a weekday.

    A closing time earlier than the opening time means the interval runs past midnight.
    """

    clinic = ParentalKey(ClinicPage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField(help_text="24-hour clock, e.g. 08:00.")
    closes = models.TimeField(help_text="24-hour clock, e.g. 17:30.")

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = "opening interval"

    def clean(self):
        super().clean()
        if self.opens is not None and self.opens == self.closes:
            raise ValidationError({"closes": "The closing time must differ from the opening time."})

    @property
    def past_midnight(self):
        return self.closes < self.opens

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClinicPractitioner(Orderable):
    clinic = ParentalKey(ClinicPage, on_delete=models.CASCADE, related_name="practitioner_links")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("practitioner")]


class LocalTreatmentPageQuerySet(PageQuerySet):
    def with_available_master(self):
        """Only local pages whose master explainer is live and public.

        A local page shows its master's content, so withdrawing (unpublishing
        or restricting) an explainer withdraws every clinic's version of it.
        """
        return self.filter(master__in=TreatmentPage.objects.live().public())


LocalTreatmentPageManager = PageManager.from_queryset(LocalTreatmentPageQuerySet)


class LocalTreatmentPage(Page):
    """A clinic's version of a master explainer: local facts only, the rest read from the master.

    The override fields below replace the master's value when filled in and
    fall back to it when empty; ``overridden_fields`` names those that are set,
    so HTML and API can say which facts are local.
    """

    #: master field name -> local field that overrides it when not empty
    OVERRIDES = {
        "summary": "local_summary",
        "cost_and_coverage": "coverage_notes",
    }

    objects = LocalTreatmentPageManager()

    master = models.ForeignKey(
        TreatmentPage,
        on_delete=models.PROTECT,
        related_name="local_pages",
        help_text="The shared explainer this page localises. Its facts and risks are "
        "shown here and stay up to date automatically.",
    )
    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Optional local welcome shown under the title, "
        "e.g. who gives the treatment here.",
    )
    local_summary = models.TextField(
        "summary",
        blank=True,
        max_length=400,
        help_text="Leave empty to use the shared explainer's summary.",
    )
    price_from = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Price in Canadian dollars. For one price, fill in only this.",
    )
    price_to = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Top of the price range, if the price varies.",
    )
    price_note = models.CharField(
        max_length=160,
        blank=True,
        help_text="What the price covers, e.g. 'per treatment area, exam included'.",
    )
    coverage_notes = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text="Leave empty to use the shared explainer's cost and coverage text.",
    )
    booking_url = models.URLField(
        blank=True, help_text="Leave empty to use the clinic's booking link."
    )

    content_panels = [
        *Page.content_panels,
        PageChooserPanel("master", "treatment_pages.TreatmentPage"),
        FieldPanel("introduction"),
        FieldPanel("local_summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price_from"), FieldPanel("price_to")]),
                FieldPanel("price_note"),
                FieldPanel("coverage_notes"),
            ],
            heading="Price and coverage",
        ),
        InlinePanel(
            "practitioner_links",
            heading="Practitioners who give this treatment",
            label="Practitioner",
        ),
        FieldPanel("booking_url"),
    ]
    # The API serves the merged page: the master's facts, the local ones, and
    # ``local_overrides`` naming the facts that are local.
    api_fields = [
        APIField("master", serializer=PageLinkField()),
        APIField("clinic", serializer=ClinicField()),
        APIField("local_overrides", serializer=ReadOnlyField(source="overridden_fields")),
        APIField("introduction"),
        APIField("summary"),
        APIField("hero_image", serializer=RenditionSetField(source="master.hero_image")),
        APIField("uses", serializer=UsesField(source="master.uses")),
        APIField("how_it_works", serializer=RichTextHTMLField(source="master.how_it_works")),
        *(
            APIField(prefix, serializer=TimeRangeField(source=f"master.{prefix}"))
            for prefix, _ in TIMING_FACTS
        ),
        APIField("price", serializer=PriceField()),
        APIField("cost_and_coverage", serializer=RichTextHTMLField()),
        APIField("practitioners", serializer=PractitionersField(source="practitioner_links")),
        APIField("booking_url", serializer=ReadOnlyField(source="effective_booking_url")),
        APIField("risk_lists", serializer=RiskListsField(source="master.risk_list_links")),
        APIField("body", serializer=StreamValueField(source="master.body")),
        APIField("call_to_action", serializer=LocalCallToActionField(source="*")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["locations.ClinicPage"]
    subpage_types = []

    class Meta:
        verbose_name = "local treatment page"

    def clean(self):
        super().clean()
        if (
            self.price_from is not None
            and self.price_to is not None
            and self.price_to < self.price_from
        ):
            raise ValidationError(
                {"price_to": "The top of the range must be at least the starting price."}
            )
        if self.price_to is not None and self.price_from is None:
            raise ValidationError({"price_from": "Enter a starting price for the range."})

    def serve(self, request, *args, **kwargs):
        withdrawn = (
            not getattr(request, "is_preview", False)
            and not LocalTreatmentPage.objects.filter(pk=self.pk).with_available_master().exists()
        )
        if withdrawn:
            raise Http404("The treatment this page localises is not published.")
        return super().serve(request, *args, **kwargs)

    @cached_property
    def clinic(self):
        return ClinicPage.objects.ancestor_of(self).get(depth=self.depth - 1)

    def resolved(self, name):
        """The master's field ``name``, replaced by the local override when that is filled in."""
        local_name = self.OVERRIDES.get(name)
        if local_name and getattr(self, local_name):
            return getattr(self, local_name)
        return getattr(self.master, name)

    @property
    def overridden_fields(self):
        """Names of the fields whose value here is local rather than the master's."""
        fields = [name for name, local in self.OVERRIDES.items() if getattr(self, local)]
        fields += [name for name in ("introduction", "booking_url") if getattr(self, name)]
        if self.price_from is not None:
            fields.append("price")
        if self.practitioners:
            fields.append("practitioners")
        return fields

    @property
    def summary(self):
        return self.resolved("summary")

    @property
    def cost_and_coverage(self):
        return self.resolved("cost_and_coverage")

    @property
    def practitioners(self):
        links = related_rows(self, "practitioner_links", "practitioner__photo")
        return [link.practitioner for link in links]

    @property
    def effective_booking_url(self):
        return self.booking_url or self.clinic.booking_url

    @property
    def price(self):
        """{'min', 'max', 'currency', 'note'} or None when the clinic has not set a price."""
        if self.price_from is None:
            return None
        return {
            "min": self.price_from,
            "max": self.price_to,
            "currency": "CAD",
            "note": self.price_note,
        }


class LocalTreatmentPractitioner(Orderable):
    page = ParentalKey(
        LocalTreatmentPage, on_delete=models.CASCADE, related_name="practitioner_links"
    )
    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("practitioner")]
