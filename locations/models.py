"""Clinics and their localised treatment pages.

A ClinicPage is the root of one clinic's site. Under it, a LocalTreatmentPage
points at a master explainer and adds only what is local (price, practitioners,
booking); everything else is read from the master when the page is served, so
a clinic never holds a stale copy.
"""

import functools
import zoneinfo
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from urllib.parse import quote

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import pgettext_lazy
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
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.coreutils import get_content_languages
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from treatment_pages.governance.api_fields import review_api_fields
from treatment_pages.governance.mixins import GovernedPageMixin
from treatment_pages.governance.panels import GovernancePanel
from treatment_pages.models import TreatmentPage
from treatment_pages.models.treatment import TIMING_FACTS
from treatment_pages.prefetch import related_rows
from treatment_pages.routing import LoadedChildRouteMixin, load_for_serving
from treatment_pages.serializers import (
    RenditionSetField,
    RichTextHTMLField,
    RiskListsField,
    StreamValueField,
    TimeRangeField,
    UsesField,
)
from treatment_pages.structured_data import StructuredDataField
from treatment_pages.translation import (
    children_of_translations,
    default_language,
    in_language_or_fallback,
    listing_locales,
    mark_fallbacks,
    mark_untranslated,
    translation_in,
)
from treatment_pages.visibility import ViewRestrictionsMixin, public

from . import hours
from .serializers import (
    ClinicField,
    LocalCallToActionField,
    OpeningHoursField,
    PageLinkField,
    PhoneField,
    PractitionersField,
    PriceField,
    SpecialHoursField,
)
from .validators import (
    PREVIEW_TOKEN_PLACEHOLDER,
    normalise_postal_code,
    validate_postal_code,
    validate_preview_url,
)


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
    MONDAY = 0, pgettext_lazy("opening hours", "Monday")
    TUESDAY = 1, pgettext_lazy("opening hours", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("opening hours", "Wednesday")
    THURSDAY = 3, pgettext_lazy("opening hours", "Thursday")
    FRIDAY = 4, pgettext_lazy("opening hours", "Friday")
    SATURDAY = 5, pgettext_lazy("opening hours", "Saturday")
    SUNDAY = 6, pgettext_lazy("opening hours", "Sunday")


@functools.cache
def time_zone_names():
    """The IANA names this system knows (reading them walks the tz database: once)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value):
    if value not in time_zone_names():
        raise ValidationError(
            "Enter a time zone name such as America/Edmonton.", code="invalid_time_zone"
        )


class Practitioner(index.Indexed, models.Model):
    """A clinician who gives treatments; shared by the clinics they work at.

    Not translated: one record serves the clinics' pages in every language.
    Its role and bio are taken to be written in the language a clinic's site
    falls back to (*Settings › Public front end*; the default language when
    unset), and pages in another language mark them with its ``lang``
    (:func:`practitioners_of`).
    """

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


def practitioners_of(page):
    """``page``'s practitioners (prefetched rows), each with ``shown_language`` for its text.

    ``shown_language`` is the BCP 47 tag of the practitioner's language when
    it is not the page's (an English role on a French page), else ''.
    """
    links = related_rows(page, "practitioner_links", "practitioner__photo")
    return mark_untranslated([link.practitioner for link in links], page, site_language(page))


def site_language(page):
    """The language ``page``'s site falls back to (cached; no query), or the default one."""
    roots = page._get_relevant_site_root_paths()
    if not roots:
        return default_language()
    return FrontendSettings.site_languages(roots[0].site_id)[1]


@register_setting(icon="link")
class FrontendSettings(BaseSiteSetting):
    """Where a site's readers actually read it, when that is not this CMS.

    A clinic may publish through its own front end (a static or JavaScript
    site that reads the API). Links the API hands to that front end must
    then point at the front end's pages, not at the CMS host; this is the
    base URL they are built on. A setting of the Wagtail Site rather than a
    field on the clinic page, because it describes a deployment, not
    content: only administrators change it, and the treatment library's
    site can have one too.
    """

    CACHE_KEY = "locations:frontend-base-urls"

    frontend_url = models.URLField(
        "front-end address",
        blank=True,
        help_text="The public address of this site's own website, e.g. "
        "https://calgary.example.com/. Leave empty if readers use this CMS's pages.",
    )
    preview_url = models.CharField(
        "preview address",
        max_length=500,
        blank=True,
        validators=[validate_preview_url],
        help_text="Where this site's website shows a draft sent from the page editor, "
        "with {token} where the preview code goes, e.g. "
        "https://calgary.example.com/api/preview?token={token}. Leave empty if the "
        "website cannot show drafts.",
    )

    locales = models.ManyToManyField(
        "wagtailcore.Locale",
        blank=True,
        related_name="+",
        verbose_name="languages",
        help_text="The languages this site publishes. Leave all unticked for every language.",
    )
    fallback_locale = models.ForeignKey(
        "wagtailcore.Locale",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="fallback language",
        help_text="A page missing in the language asked for is shown in this one, marked as "
        "such. Leave empty for the default language.",
    )

    panels = [
        FieldPanel("frontend_url"),
        FieldPanel("preview_url"),
        FieldPanel("locales", widget=forms.CheckboxSelectMultiple),
        FieldPanel("fallback_locale"),
    ]

    class Meta:
        verbose_name = "public front end"

    LANGUAGES_CACHE_KEY = "locations:site-languages"

    @classmethod
    def site_languages(cls, site_id):
        """``(codes the site publishes, code to fall back to)`` (cached for every site)."""
        languages = cache.get(cls.LANGUAGES_CACHE_KEY)
        if languages is None:
            languages = {}
            settings_rows = cls.objects.select_related("fallback_locale").prefetch_related(
                "locales"
            )
            for row in settings_rows:
                codes = [locale.language_code for locale in row.locales.all()]
                fallback = row.fallback_locale.language_code if row.fallback_locale else None
                languages[row.site_id] = (codes, fallback)
            cache.set(cls.LANGUAGES_CACHE_KEY, languages, None)
        codes, fallback = languages.get(site_id, ([], None))
        fallback = fallback or default_language()
        codes = [code for code in get_content_languages() if not codes or code in codes]
        if fallback not in codes:
            codes.insert(0, fallback)
        return codes, fallback

    @classmethod
    def base_urls(cls):
        """``{site id: front-end base URL}`` for every site that has one (cached)."""
        urls = cache.get(cls.CACHE_KEY)
        if urls is None:
            urls = dict(cls.objects.exclude(frontend_url="").values_list("site_id", "frontend_url"))
            cache.set(cls.CACHE_KEY, urls, None)
        return urls

    @classmethod
    def forget_base_urls(cls, **kwargs):
        cache.delete_many([cls.CACHE_KEY, cls.LANGUAGES_CACHE_KEY])

    def preview_link(self, token):
        """The front end's preview address for ``token``, or None when it has none."""
        if not self.preview_url:
            return None
        return self.preview_url.replace(PREVIEW_TOKEN_PLACEHOLDER, quote(token, safe=""))


class ClinicPage(RoutablePageMixin, LoadedChildRouteMixin, ViewRestrictionsMixin, Page):
    """One clinic, and the root page of that clinic's own website.

    Its ``find-a-clinic/`` route lists every clinic of the group, so each
    clinic's site has a finder with no page for editors to create or keep.
    """

    #: Seconds a rendering that shows this clinic may be reused: "open now" and
    #: upcoming special hours depend on the clock (read by cms.delivery).
    max_cache_age = 60

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
        InlinePanel(
            "special_hours",
            heading="Holidays and special hours",
            label="Special day",
            help_text="Days when the usual hours do not apply, e.g. a public holiday. "
            "These replace that date's usual hours.",
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
        APIField("special_hours", serializer=SpecialHoursField(source="*")),
        APIField("practitioners", serializer=PractitionersField(source="practitioner_links")),
        APIField("structured_data", serializer=StructuredDataField(source="*")),
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
        return practitioners_of(self)

    def opening_hours_by_day(self):
        """[(weekday label, [intervals])] for all seven days, closed days with []."""
        intervals = sorted(self.opening_hours.all(), key=lambda i: (i.weekday, i.opens))
        return [
            (label, [i for i in intervals if i.weekday == day]) for day, label in Weekday.choices
        ]

    def local_now(self, now):
        return now.astimezone(zoneinfo.ZoneInfo(self.time_zone))

    def is_open_at(self, now: datetime) -> bool:
        """Whether the clinic is open at the aware instant ``now`` (reads prefetched hours)."""
        weekly = [hours.Weekly(i.weekday, i.opens, i.closes) for i in self.opening_hours.all()]
        special = [
            hours.Special(s.date, s.closed, s.opens, s.closes) for s in self.special_hours.all()
        ]
        return hours.is_open(now, self.time_zone, weekly, special)

    def upcoming_special_hours(self, now: datetime):
        """Special hours from the clinic's today on, by date (reads prefetched rows)."""
        today = self.local_now(now).date()
        rows = [row for row in self.special_hours.all() if row.date >= today]
        return sorted(rows, key=lambda row: (row.date, row.opens or datetime.min.time()))

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        finder = self.get_full_url(request) + self.reverse_subpage("find_a_clinic")
        return [*urls, {"location": finder, "lastmod": urls[0]["lastmod"] if urls else None}]

    @route_path("")
    def index_route(self, request, *args, **kwargs):
        """The clinic's home page, with its hours and practitioners read once for all parts."""
        from .loading import PAGE_LOADERS

        load_for_serving(self, request, PAGE_LOADERS[ClinicPage])
        return super().index_route(request, *args, **kwargs)

    @route_path("find-a-clinic/", name="find_a_clinic")
    def find_a_clinic(self, request):
        """Every clinic of the group, with its hours and whether it is open now."""
        now = timezone.now()
        # Each clinic once: in this page's language, or marked in the fallback one.
        locale, fallback = listing_locales(self, request)
        clinics = in_language_or_fallback(public(ClinicPage.objects.live()), locale, fallback)
        clinics = mark_fallbacks(
            clinics.prefetch_related("opening_hours", "special_hours").order_by("title"), locale
        )
        for clinic in clinics:
            clinic.open_now = clinic.is_open_at(now)
            clinic.special_days = clinic.upcoming_special_hours(now)
            if clinic.pk == self.pk and not getattr(request, "is_preview", False):
                # This page's structured data describes its own hours: read above.
                self._prefetched_objects_cache = {
                    **getattr(self, "_prefetched_objects_cache", {}),
                    **clinic._prefetched_objects_cache,
                }
        response = self.render(
            request,
            template="locations/find_a_clinic.html",
            context_overrides={"clinics": clinics, "now": now},
        )
        # It lists every clinic: a newly published one changes it.
        response.cache_collections = (ClinicPage,)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read when the template asks (the home page's does, the finder's does not).
        context["special_days"] = functools.cache(
            lambda: self.upcoming_special_hours(timezone.now())
        )
        context["treatments"] = functools.cache(lambda: self.treatments_listed(request))
        return context

    def treatments_listed(self, request):
        """The clinic's live local pages in the page's language, fallbacks marked."""
        locale, fallback = listing_locales(self, request)
        local_pages = public(children_of_translations(LocalTreatmentPage, self).live())
        local_pages = local_pages.with_available_master()
        return mark_fallbacks(
            in_language_or_fallback(local_pages, locale, fallback)
            .select_related("master")
            .order_by("title"),
            locale,
        )

    def loaded_children(self):
        from .loading import PAGE_LOADERS

        children = LocalTreatmentPage.objects.child_of(self).annotate(
            master_available=LocalTreatmentPage.objects.master_available()
        )
        return PAGE_LOADERS[LocalTreatmentPage].optimise(children)


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


class SpecialHours(Orderable):
    """The hours of one date that differ from the usual week: a holiday, a short day.

    A date's special rows replace its usual hours: marked closed, the clinic is
    closed all day; otherwise it is open only during the rows' intervals.
    """

    clinic = ParentalKey(ClinicPage, on_delete=models.CASCADE, related_name="special_hours")
    date = models.DateField(help_text="The day these hours apply to.")
    label = models.CharField(
        max_length=80, blank=True, help_text="Shown to patients, e.g. 'Canada Day'."
    )
    closed = models.BooleanField(
        default=False, help_text="Tick if the clinic is closed all day; leave the times empty."
    )
    opens = models.TimeField(null=True, blank=True, help_text="24-hour clock, e.g. 09:00.")
    closes = models.TimeField(null=True, blank=True, help_text="24-hour clock, e.g. 13:00.")

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("closed"), FieldPanel("opens"), FieldPanel("closes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "special day"

    def clean(self):
        super().clean()
        if self.closed:
            if self.opens is not None or self.closes is not None:
                raise ValidationError(
                    {"closed": "A closed day has no opening times: clear them, or untick closed."}
                )
            return
        if self.opens is None or self.closes is None:
            raise ValidationError(
                {"opens": "Enter both opening and closing times, or tick closed for the day."}
            )
        if self.opens == self.closes:
            raise ValidationError({"closes": "The closing time must differ from the opening time."})

    @property
    def past_midnight(self):
        return not self.closed and self.closes is not None and self.closes < self.opens

    def __str__(self):
        if self.closed:
            return f"{self.date:%Y-%m-%d} closed"
        return f"{self.date:%Y-%m-%d} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClinicPractitioner(Orderable):
    clinic = ParentalKey(ClinicPage, on_delete=models.CASCADE, related_name="practitioner_links")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("practitioner")]


class LocalTreatmentPageQuerySet(PageQuerySet):
    """Local pages are shown only while their master explainer is live and public.

    A local page shows its master's content, so withdrawing (unpublishing or
    restricting) an explainer withdraws every clinic's version of it. HTML,
    API and sitemap all read the rule from here. ``public_pages`` lets a
    caller pass the live, public pages it has already worked out (their view
    restrictions read once), instead of reading them again.
    """

    def _master_is_public(self, public_pages=None):
        if public_pages is None:
            public_pages = public(TreatmentPage.objects.live())
        return Q(master_id__in=public_pages.values("pk"))

    def master_available(self):
        """The rule as an expression, to annotate a page with (True: its master is shown)."""
        return Exists(public(TreatmentPage.objects.live()).filter(pk=OuterRef("master_id")))

    def with_available_master(self, public_pages=None):
        return self.filter(self._master_is_public(public_pages))

    def withdrawn(self, public_pages=None):
        return self.exclude(self._master_is_public(public_pages))


LocalTreatmentPageManager = PageManager.from_queryset(LocalTreatmentPageQuerySet)


class LocalTreatmentPage(GovernedPageMixin, ViewRestrictionsMixin, Page):
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
        GovernancePanel(heading="Publishing checks"),
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
        *review_api_fields("master."),
        APIField("structured_data", serializer=StructuredDataField(source="*")),
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

    def localize_references(self, locale):
        """Point at the master's translation in ``locale`` (see ``treatment_pages.translation``)."""
        master = translation_in(self.master, locale) if self.master_id else None
        if master is None or master.pk == self.master_id:
            return False
        self.master = master
        return True

    @property
    def is_promotional(self):
        """A page that advertises a price is promotional: stricter claim rules apply."""
        return self.price_from is not None

    def serve(self, request, *args, **kwargs):
        if not getattr(request, "is_preview", False):
            # Routed by the clinic, the page knows already (``master_available``).
            available = self.__dict__.get("master_available")
            if available is None:
                pages = LocalTreatmentPage.objects.filter(pk=self.pk)
                available = pages.with_available_master().exists()
            if not available:
                raise Http404("The treatment this page localises is not published.")
        from .loading import PAGE_LOADERS

        load_for_serving(self, request, PAGE_LOADERS[LocalTreatmentPage])
        return super().serve(request, *args, **kwargs)

    @cached_property
    def clinic(self):
        parent = self.__dict__.get("_cached_parent_obj")
        if isinstance(parent, ClinicPage):
            return parent
        return ClinicPage.objects.ancestor_of(self).get(depth=self.depth - 1)

    def resolved(self, name):
        """The master's field ``name``, replaced by the local override when that is filled in."""
        local_name = self.OVERRIDES.get(name)
        if local_name and getattr(self, local_name):
            return getattr(self, local_name)
        return getattr(self.master, name)

    @property
    def overridden_fields(self) -> list[str]:
        """Names of the fields whose value here is local rather than the master's."""
        fields = [name for name, local in self.OVERRIDES.items() if getattr(self, local)]
        fields += [name for name in ("introduction", "booking_url") if getattr(self, name)]
        if self.price_from is not None:
            fields.append("price")
        if self.practitioners:
            fields.append("practitioners")
        return fields

    @property
    def summary(self) -> str:
        return self.resolved("summary")

    @property
    def cost_and_coverage(self):
        return self.resolved("cost_and_coverage")

    @property
    def practitioners(self):
        return practitioners_of(self)

    @property
    def effective_booking_url(self) -> str:
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
