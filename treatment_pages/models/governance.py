"""Clinical review data and the rules publish-time checks rely on.

Health content must say who checked it, when, and against what evidence.
Reviewers and evidence sources are snippets so one clinician or one product
monograph serves many explainers; claim rules are data editors can tune.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from ..choices import choice_label
from ..prefetch import related_rows

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DEFAULT_REVIEW_INTERVAL_MONTHS = 12
MAX_REVIEW_INTERVAL_YEARS = 3
DUE_SOON_DAYS = 30


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


class Reviewer(TranslatableMixin, index.Indexed, models.Model):
    """A clinician who checks explainers for accuracy before they are published.

    Translatable, for the credentials and regulator as French readers know them.
    """

    name = models.CharField(max_length=120, help_text="Full name, e.g. 'Dr. Amira Haddad'.")
    credentials = models.CharField(
        max_length=80, help_text="Degrees and titles shown to patients, e.g. 'DMD, FRCD(C)'."
    )
    regulator = models.CharField(
        max_length=160,
        help_text="The body that licenses them, e.g. 'College of Dental Surgeons of Alberta'.",
    )
    registration_number = models.CharField(
        max_length=40, help_text="Their licence or registration number with that body."
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("credentials")]),
        FieldRowPanel([FieldPanel("regulator"), FieldPanel("registration_number")]),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}"


class SourceType(models.TextChoices):
    MONOGRAPH = "monograph", "Product monograph"
    GUIDELINE = "guideline", "Clinical practice guideline"
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review"
    TRIAL = "trial", "Clinical trial"
    GOVERNMENT = "government", "Government or regulator publication"
    TEXTBOOK = "textbook", "Textbook or reference work"
    OTHER = "other", "Other"


class EvidenceSource(index.Indexed, models.Model):
    """A publication that supports the facts on a page."""

    citation = models.TextField(
        help_text="The reference as a reader would cite it: authors, title, publisher, year."
    )
    source_type = models.CharField(
        "type", max_length=20, choices=SourceType.choices, default=SourceType.GUIDELINE
    )
    url = models.URLField("URL", blank=True, help_text="A link to the source, if it is online.")
    doi = models.CharField(
        "DOI", max_length=120, blank=True, help_text="For journal articles, e.g. 10.1000/xyz123."
    )
    published = models.DateField(
        null=True, blank=True, help_text="When this version of the source was published."
    )

    panels = [
        FieldPanel("citation"),
        FieldRowPanel([FieldPanel("source_type"), FieldPanel("published")]),
        FieldRowPanel([FieldPanel("url"), FieldPanel("doi")]),
    ]
    search_fields = [index.SearchField("citation"), index.AutocompleteField("citation")]

    class Meta:
        ordering = ["citation"]
        verbose_name = "evidence source"

    def __str__(self):
        return self.citation if len(self.citation) <= 80 else f"{self.citation[:79]}…"

    def clean(self):
        super().clean()
        self.doi = self.doi.strip().removeprefix("https://doi.org/").removeprefix("doi:")
        if self.doi and not DOI_RE.match(self.doi):
            raise ValidationError({"doi": "Enter a DOI such as 10.1000/xyz123."})
        if not self.url and not self.doi:
            raise ValidationError({"url": "Give a URL or a DOI so readers can find the source."})

    @property
    def link(self):
        return self.url or (f"https://doi.org/{self.doi}" if self.doi else "")

    def as_dict(self):
        return {
            "citation": self.citation,
            "type": self.source_type,
            "type_label": choice_label(self, "source_type"),
            "url": self.link,
            "doi": self.doi,
            "published": self.published.isoformat() if self.published else None,
        }


class ReviewStatus(models.TextChoices):
    CURRENT = "current", "Reviewed"
    DUE_SOON = "due_soon", "Review due soon"
    OVERDUE = "overdue", "Under review"
    UNREVIEWED = "unreviewed", "Not yet reviewed"


class ReviewMixin(models.Model):
    """Who reviewed a page clinically, when, when next, and the evidence behind it."""

    reviewer = models.ForeignKey(
        Reviewer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The clinician who checked this page. Required to publish.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="The date the reviewer last checked the whole page."
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Leave empty for 12 months after the last review. At most 3 years after it.",
    )
    timing_source = models.ForeignKey(
        EvidenceSource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the source for the timing facts (onset, full effect, duration).",
    )

    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewer"),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
                InlinePanel("source_links", label="Evidence source", heading="Evidence sources"),
                FieldPanel("timing_source"),
            ],
            heading="Clinical review",
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = add_months(self.last_reviewed, DEFAULT_REVIEW_INTERVAL_MONTHS)
        if self.last_reviewed and self.next_review_due:
            if self.next_review_due <= self.last_reviewed:
                raise ValidationError(
                    {"next_review_due": "The next review must come after the last review."}
                )
            limit = add_months(self.last_reviewed, 12 * MAX_REVIEW_INTERVAL_YEARS)
            if self.next_review_due > limit:
                raise ValidationError(
                    {
                        "next_review_due": "Health content must be reviewed at least every "
                        f"3 years: choose a date on or before {limit:%d %B %Y}."
                    }
                )
        if self.last_reviewed and self.last_reviewed > date.today():
            raise ValidationError({"last_reviewed": "The last review cannot be in the future."})

    def review_status(self, today=None):
        today = today or date.today()
        if not self.last_reviewed or not self.next_review_due:
            return ReviewStatus.UNREVIEWED
        if self.next_review_due < today:
            return ReviewStatus.OVERDUE
        if (self.next_review_due - today).days <= DUE_SOON_DAYS:
            return ReviewStatus.DUE_SOON
        return ReviewStatus.CURRENT

    @property
    def sources(self):
        """Evidence sources in the editor's order; joined, or read from the API's prefetch."""
        return [link.source for link in related_rows(self, "source_links", "source")]


class ClaimCategory(models.TextChoices):
    GUARANTEE = "guarantee", "Guarantee of results or safety"
    SUPERIORITY = "superiority", "Superiority claim"
    INDUCEMENT = "inducement", "Inducement"
    TESTIMONIAL = "testimonial", "Testimonial"
    BRAND_CLAIM = "brand_claim", "Prescription brand name with a benefit claim"


class ClaimRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(enabled=True)


class ClaimRule(models.Model):
    """Wording that must not appear in patient-facing content, and why."""

    name = models.CharField(max_length=120, unique=True)
    category = models.CharField(max_length=20, choices=ClaimCategory.choices)
    phrases = models.TextField(
        help_text="One word or phrase per line. Case and accents are ignored; "
        "spaces and hyphens match either."
    )
    is_regex = models.BooleanField(
        "lines are regular expressions",
        default=False,
        help_text="For developers: treat each line as a regular expression.",
    )
    near_phrases = models.TextField(
        blank=True,
        help_text="Optional. Only match when one of these phrases (one per line) is close by, "
        "e.g. benefit words next to a brand name.",
    )
    language = models.CharField(
        max_length=3,
        choices=[("all", "All languages"), ("en", "English"), ("fr", "French")],
        default="all",
    )
    severity = models.CharField(
        max_length=5,
        choices=[("block", "Block publishing"), ("warn", "Warn only")],
        default="block",
    )
    promotional_only = models.BooleanField(
        default=False,
        help_text="Only check clinic pages that advertise a price (promotional pages).",
    )
    rationale = models.TextField(help_text="Why the wording is not allowed, shown to editors.")
    enabled = models.BooleanField(default=True)

    objects = ClaimRuleQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("category")]),
        FieldPanel("phrases"),
        FieldPanel("near_phrases"),
        FieldRowPanel([FieldPanel("language"), FieldPanel("severity")]),
        FieldRowPanel([FieldPanel("promotional_only"), FieldPanel("enabled")]),
        FieldPanel("rationale"),
        FieldPanel("is_regex"),
    ]

    class Meta:
        ordering = ["category", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.is_regex:
            for line in filter(None, (ln.strip() for ln in self.phrases.splitlines())):
                try:
                    re.compile(line)
                except re.error as error:
                    raise ValidationError(
                        {"phrases": f"“{line}” is not a valid regular expression: {error}."}
                    ) from error
