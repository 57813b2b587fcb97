"""Translations out of date: what changed in the source language since it was translated.

A translation is out of date when its source (the same ``translation_key``
in the default locale) changed after the translation was last edited:

- a page, when the source was published after the translation's latest
  revision was saved;
- a risk list, when the source was saved after the translation.

One query per kind of content (:func:`outdated_translations`) feeds the admin
report (Reports > Translations to update) and the dashboard panel.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from treatment_pages.models import RiskList
from treatment_pages.translation import bcp47


@dataclass
class OutdatedTranslation:
    kind: str
    title: str
    language: str
    source_changed: datetime
    translation_changed: datetime
    edit_url: str


def outdated_translations():
    """Every out-of-date page and risk-list translation, the longest outdated first."""
    default = Locale.get_default()
    page_source = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=default
    ).values("last_published_at")[:1]
    pages = (
        Page.objects.exclude(locale=default)
        .annotate(source_changed=Subquery(page_source))
        .filter(source_changed__gt=F("latest_revision_created_at"))
        .select_related("locale", "content_type")
    )
    list_source = RiskList.objects.filter(
        translation_key=OuterRef("translation_key"), locale=default
    ).values("updated_at")[:1]
    risk_lists = (
        RiskList.objects.exclude(locale=default)
        .annotate(source_changed=Subquery(list_source))
        .filter(source_changed__gt=F("updated_at"))
        .select_related("locale")
    )
    rows = [
        OutdatedTranslation(
            kind=page.content_type.name.capitalize(),
            title=page.title,
            language=bcp47(page.locale.language_code),
            source_changed=page.source_changed,
            translation_changed=page.latest_revision_created_at,
            edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
        )
        for page in pages
    ] + [
        OutdatedTranslation(
            kind="Risk list",
            title=risk_list.name,
            language=bcp47(risk_list.locale.language_code),
            source_changed=risk_list.source_changed,
            translation_changed=risk_list.updated_at,
            edit_url=reverse("wagtailsnippets_treatment_pages_risklist:edit", args=[risk_list.pk]),
        )
        for risk_list in risk_lists
    ]
    return sorted(rows, key=lambda row: row.translation_changed)


class OutdatedTranslationsReportView(ReportView):
    page_title = "Translations to update"
    header_icon = "globe"
    index_url_name = "cms_outdated_translations"
    index_results_url_name = "cms_outdated_translations_results"
    list_export = ["kind", "title", "language", "source_changed", "translation_changed"]
    export_headings = {
        "source_changed": "Source changed",
        "translation_changed": "Translation last edited",
    }
    columns = [
        TitleColumn("title", label="Title", get_url=lambda row: row.edit_url),
        Column("kind", label="Kind"),
        Column("language", label="Language"),
        DateColumn("source_changed", label="Source changed"),
        DateColumn("translation_changed", label="Translation last edited"),
    ]

    def get_filename(self):
        return f"translations-to-update-{date.today():%Y-%m-%d}"

    def get_queryset(self):
        return outdated_translations()


class OutdatedTranslationsPanel(Component):
    """Dashboard panel: how many translations lag behind their source, with the first few."""

    name = "outdated_translations"
    template_name = "cms/admin/outdated_translations_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        rows = outdated_translations()
        return {
            "rows": rows[:10],
            "count": len(rows),
            "report_url": reverse("cms_outdated_translations"),
        }
