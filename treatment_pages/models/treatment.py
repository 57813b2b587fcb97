"""The master treatment explainer and the library that holds explainers."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, ExplainerBodyBlock
from ..governance.api_fields import review_api_fields
from ..governance.mixins import GovernedPageMixin
from ..governance.panels import GovernancePanel
from ..prefetch import related_rows
from ..routing import LoadedChildRouteMixin, load_for_serving
from ..serializers import (
    CallToActionField,
    RenditionSetField,
    RiskListsField,
    TimeRangeField,
    UsesField,
)
from ..structured_data import StructuredDataField
from ..timing import TimeRange, TimeUnit, clean_time_range
from ..translation import (
    children_of_translations,
    in_language_or_fallback,
    listing_locales,
    mark_fallbacks,
    translation_in,
)
from ..visibility import ViewRestrictionsMixin, public
from .governance import EvidenceSource, ReviewMixin
from .risks import RiskList

TIMING_FACTS = (
    ("onset", _("First effects")),
    ("full_effect", _("Full effect")),
    ("duration", _("How long it lasts")),
)


class TreatmentLibraryPage(LoadedChildRouteMixin, ViewRestrictionsMixin, Page):
    """The shared library of master explainers, owned by the clinical team."""

    introduction = RichTextField(
        blank=True, features=["bold", "italic", "link"], help_text="Shown above the list."
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    api_fields = [APIField("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["treatment_pages.TreatmentPage"]
    max_count = 1

    class Meta:
        verbose_name = "treatment library"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # In the page's language; an explainer not yet translated is listed
        # from the site's fallback language, marked, rather than left out.
        locale, fallback = listing_locales(self, request)
        explainers = public(children_of_translations(TreatmentPage, self).live())
        treatments = in_language_or_fallback(explainers, locale, fallback).order_by("title")
        context["treatments"] = mark_fallbacks(treatments, locale)
        return context

    def loaded_children(self):
        from ..loading import PAGE_LOADERS

        return PAGE_LOADERS[TreatmentPage].optimise(TreatmentPage.objects.child_of(self))


def _range_field(prefix, bound):
    label = dict(TIMING_FACTS)[prefix]
    return models.PositiveSmallIntegerField(
        # Lazy: the label is translated, and no catalogue is loaded while models import.
        format_lazy("{}: {}", lazy(lambda: str(label).lower(), str)(), bound),
        null=True,
        blank=True,
        help_text=(
            "Shortest usual time."
            if bound == "from"
            else "Longest usual time. Leave 'from' empty to say 'up to'."
        ),
    )


def _unit_field(prefix):
    return models.CharField(
        max_length=10, choices=TimeUnit.choices, default=TimeUnit.DAYS, help_text="Unit."
    )


class TimingMixin(models.Model):
    """Onset, full effect and duration as typed ranges (2–3 days, up to 2 weeks)."""

    onset_min = _range_field("onset", "from")
    onset_max = _range_field("onset", "to")
    onset_unit = _unit_field("onset")
    full_effect_min = _range_field("full_effect", "from")
    full_effect_max = _range_field("full_effect", "to")
    full_effect_unit = _unit_field("full_effect")
    duration_min = _range_field("duration", "from")
    duration_max = _range_field("duration", "to")
    duration_unit = _unit_field("duration")

    timing_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel(f"{prefix}_min", heading="From"),
                        FieldPanel(f"{prefix}_max", heading="To"),
                        FieldPanel(f"{prefix}_unit", heading="Unit"),
                    ],
                    heading=label,
                )
                for prefix, label in TIMING_FACTS
            ],
            heading="Timing",
            help_text="For 'up to 2 weeks', leave 'From' empty and enter 2 weeks in 'To'.",
        )
    ]

    class Meta:
        abstract = True

    def time_range(self, prefix):
        return TimeRange(
            getattr(self, f"{prefix}_min"),
            getattr(self, f"{prefix}_max"),
            getattr(self, f"{prefix}_unit"),
        )

    @property
    def onset(self):
        return self.time_range("onset")

    @property
    def full_effect(self):
        return self.time_range("full_effect")

    @property
    def duration(self):
        return self.time_range("duration")

    @property
    def timing(self):
        """(label, TimeRange) pairs that have a value, in reading order."""
        return [(label, self.time_range(p)) for p, label in TIMING_FACTS if self.time_range(p)]

    def clean(self):
        super().clean()
        errors = {}
        for prefix, label in TIMING_FACTS:
            try:
                clean_time_range(self, prefix, label)
            except ValidationError as error:
                errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)


class TreatmentPage(GovernedPageMixin, ReviewMixin, TimingMixin, ViewRestrictionsMixin, Page):
    """A master explainer: structured facts about one treatment, shared by every clinic."""

    summary = models.TextField(
        max_length=400,
        help_text="Two or three plain sentences: what the treatment is and who it helps. "
        "Shown at the top of the page and in listings.",
    )
    how_it_works = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="How the treatment works in the body, in everyday words.",
    )
    cost_and_coverage = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text="What affects the cost and whether insurance usually helps. "
        "Each clinic adds its own price.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A calm, realistic photo. Describe it in the image's alt text.",
    )
    body = StreamField(
        ExplainerBodyBlock(),
        blank=True,
        help_text="Anything else: sections, lists, questions and answers, highlighted notes.",
    )
    cta_heading = models.CharField(
        "call to action heading",
        max_length=120,
        default="Is this treatment right for you?",
        help_text="The closing invitation, e.g. 'Talk to us about your options'.",
    )
    cta_text = models.TextField(
        "call to action text",
        blank=True,
        max_length=400,
        help_text="One or two sentences. Each clinic's page adds its own phone and booking link.",
    )

    content_panels = [
        GovernancePanel(heading="Publishing checks"),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        InlinePanel("uses", heading="Uses", label="Use", min_num=1),
        FieldPanel("how_it_works"),
        *TimingMixin.timing_panels,
        FieldPanel("cost_and_coverage"),
        InlinePanel(
            "risk_list_links",
            heading="Risks",
            label="Risk list",
            min_num=1,
            help_text="Every explainer must disclose its risks. Choose one or more shared lists.",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("cta_heading"), FieldPanel("cta_text")], heading="Call to action"
        ),
        *ReviewMixin.review_panels,
    ]
    api_fields = [
        APIField("summary"),
        APIField("hero_image", serializer=RenditionSetField()),
        APIField("uses", serializer=UsesField()),
        APIField("how_it_works"),
        *(APIField(prefix, serializer=TimeRangeField()) for prefix, _ in TIMING_FACTS),
        APIField("cost_and_coverage"),
        APIField("risk_lists", serializer=RiskListsField(source="risk_list_links")),
        APIField("body"),
        APIField("call_to_action", serializer=CallToActionField(source="*")),
        *review_api_fields(),
        APIField("structured_data", serializer=StructuredDataField(source="*")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("how_it_works"),
        index.SearchField("body"),
        index.RelatedFields("uses", [index.SearchField("name")]),
    ]
    parent_page_types = ["treatment_pages.TreatmentLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "treatment explainer"

    def serve(self, request, *args, **kwargs):
        from ..loading import PAGE_LOADERS

        load_for_serving(self, request, PAGE_LOADERS[TreatmentPage])
        return super().serve(request, *args, **kwargs)

    def uses_by_category(self):
        """Uses grouped as [UseGroup(category label, [uses])], cosmetic first; no empty group."""
        uses = list(self.uses.all())
        return [
            UseGroup(label, [use for use in uses if use.category == value])
            for value, label in UseCategory.choices
            if any(use.category == value for use in uses)
        ]

    @property
    def risk_lists(self):
        return [link.risk_list for link in related_rows(self, "risk_list_links", "risk_list")]

    def localize_references(self, locale):
        """Point the reviewer and risk lists at their translations in ``locale``, where they exist.

        See :mod:`treatment_pages.translation`; returns True when anything changed.
        """
        changed = False
        reviewer = translation_in(self.reviewer, locale) if self.reviewer_id else None
        if reviewer is not None and reviewer.pk != self.reviewer_id:
            self.reviewer, changed = reviewer, True
        links = list(self.risk_list_links.all())
        for link in links:
            translated = translation_in(link.risk_list, locale)
            if translated is not None and translated.pk != link.risk_list_id:
                link.risk_list, changed = translated, True
        if changed:
            self.risk_list_links = links  # kept in the cluster, saved with the page
        return changed


class UseCategory(models.TextChoices):
    COSMETIC = "cosmetic", _("Cosmetic")
    THERAPEUTIC = "therapeutic", _("Therapeutic")


#: The heading of each group of uses on the page ("Cosmetic uses"): a phrase of
#: its own, since languages do not build it the same way from the category.
USE_GROUP_HEADINGS = {
    UseCategory.COSMETIC: _("Cosmetic uses"),
    UseCategory.THERAPEUTIC: _("Therapeutic uses"),
}


class UseGroup(NamedTuple):
    """One category's uses (at least one), as ``(label, uses)``, with the heading to show."""

    label: str
    uses: list

    @property
    def heading(self):
        return USE_GROUP_HEADINGS[self.uses[0].category]


class TreatmentUse(Orderable):
    """One thing the treatment is used for, tagged cosmetic or therapeutic."""

    page = ParentalKey(TreatmentPage, on_delete=models.CASCADE, related_name="uses")
    name = models.CharField(max_length=120, help_text="e.g. 'Teeth grinding (bruxism)'.")
    category = models.CharField(
        max_length=12,
        choices=UseCategory.choices,
        help_text="Cosmetic changes appearance; therapeutic treats a medical problem.",
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("category")])]

    def __str__(self):
        return self.name


class TreatmentPageRiskList(Orderable):
    """Links an explainer to a shared risk list, in the order the page shows them."""

    page = ParentalKey(TreatmentPage, on_delete=models.CASCADE, related_name="risk_list_links")
    risk_list = models.ForeignKey(
        RiskList,
        on_delete=models.PROTECT,
        related_name="page_links",
        help_text="Choose a shared list; edit the list itself under Snippets.",
    )

    panels = [FieldPanel("risk_list")]


class TreatmentPageSource(Orderable):
    """Links an explainer to an evidence source that supports it."""

    page = ParentalKey(TreatmentPage, on_delete=models.CASCADE, related_name="source_links")
    source = models.ForeignKey(
        EvidenceSource,
        on_delete=models.PROTECT,
        related_name="page_links",
        help_text="Choose a source; add new ones under Clinical governance › Evidence sources.",
    )

    panels = [FieldPanel("source")]
