"""Reusable risk disclosures.

A clinic must disclose the same risks wherever a treatment is described, so a
risk list is a snippet written once and chosen by every explainer that needs
it: editing the list updates every page that shows it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from ..choices import choice_label
from ..serializers import RiskItemsField, UsedByField


class Frequency(models.TextChoices):
    RARE = "rare", pgettext_lazy("how often a risk happens", "Rare")
    UNCOMMON = "uncommon", pgettext_lazy("how often a risk happens", "Uncommon")
    COMMON = "common", pgettext_lazy("how often a risk happens", "Common")


class Action(models.TextChoices):
    SELF_CARE = "self_care", _("Self-care at home")
    CONTACT_CLINIC = "contact_clinic", _("Contact the clinic")
    URGENT_CARE = "urgent_care", _("Seek urgent care")


class RiskList(TranslatableMixin, index.Indexed, ClusterableModel):
    """A named, ordered list of risks that several explainers can share.

    Translatable: a French page shows the French translation of each of its
    lists (``localized_risk_lists``), and cannot be published while one is
    missing (``governance.builtin_checks``).
    """

    name = models.CharField(
        max_length=120,
        help_text="What editors see when choosing the list, e.g. 'Botulinum toxin injections'.",
    )
    introduction = models.TextField(
        blank=True,
        help_text="Optional sentence shown above the risks, e.g. when side effects usually appear.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("introduction"),
        InlinePanel("items", label="Risks", min_num=1, heading="Risks"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("id"),
        index.FilterField("locale"),
    ]
    api_fields = [
        APIField("name"),
        APIField("introduction"),
        APIField("items", serializer=RiskItemsField()),
        APIField("used_by", serializer=UsedByField()),
        APIField("updated_at"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = "risk list"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="unique_risk_list_name_per_locale"
            )
        ]

    def __str__(self):
        return self.name


class RiskItem(Orderable):
    """One risk or side effect, with how often it happens and what to do."""

    risk_list = ParentalKey(RiskList, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(
        max_length=120, help_text="Plain words a patient understands, e.g. 'Drooping eyelid'."
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences: what it feels like or looks like."
    )
    frequency = models.CharField(
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.RARE,
        help_text="How often it happens.",
    )
    serious = models.BooleanField(
        default=False, help_text="Tick if it needs medical attention when it happens."
    )
    typical_duration = models.CharField(
        max_length=80,
        blank=True,
        help_text="How long it usually lasts, e.g. 'a few days' or 'up to 3 weeks'.",
    )
    action = models.CharField(
        "what to do",
        max_length=20,
        choices=Action.choices,
        default=Action.SELF_CARE,
        help_text="What the patient should do if it happens.",
    )
    source = models.ForeignKey(
        "treatment_pages.EvidenceSource",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the source for this risk and how often it happens.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("frequency"), FieldPanel("serious")]),
        FieldRowPanel([FieldPanel("typical_duration"), FieldPanel("action")]),
        FieldPanel("source"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "risk"

    def __str__(self):
        return self.name

    def as_dict(self):
        return {
            "name": self.name,
            "description": self.description,
            "frequency": self.frequency,
            "frequency_label": choice_label(self, "frequency"),
            "serious": self.serious,
            "typical_duration": self.typical_duration,
            "action": self.action,
            "action_label": choice_label(self, "action"),
            # select_related by the loaders; no query when unset
            "source": self.source.as_dict() if self.source_id else None,
        }
