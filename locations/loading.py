"""How clinics and local pages are loaded: for the API's listings and detail, and for HTML.

See :mod:`treatment_pages.loading`. A local page shows its master's facts,
so its loader joins the master and prefetches the master's child rows with
the page's own.
"""

from django.db.models import Prefetch
from wagtail.models import Page

from treatment_pages.loading import (
    PageLoader,
    review_prefetches,
    review_select_related,
    risk_list_prefetches,
)

from .models import ClinicPage, ClinicPractitioner, LocalTreatmentPage, LocalTreatmentPractitioner


def practitioner_prefetches(link_model):
    """Lookups that load a page's practitioners, each with its photo, in one query."""
    return (
        Prefetch(
            "practitioner_links",
            queryset=link_model.objects.select_related("practitioner__photo"),
        ),
        "practitioner_links__practitioner__photo__renditions",
    )


class ClinicPageLoader(PageLoader):
    prefetch = ("opening_hours", "special_hours", *practitioner_prefetches(ClinicPractitioner))


class LocalTreatmentPageLoader(PageLoader):
    """Loads each local page with its master's facts and its clinic, for a whole page at once."""

    select_related = ("master", "master__hero_image", *review_select_related("master__"))
    prefetch = (
        "master__hero_image__renditions",
        "master__uses",
        *risk_list_prefetches("master__"),
        *review_prefetches("master__"),
        *practitioner_prefetches(LocalTreatmentPractitioner),
    )

    def attach(self, pages):
        # ``page.clinic`` would cost a query per page; fetch every parent in one.
        # The parent is the clinic: kept as the page's parent too (treebeard's
        # ``get_parent`` reads ``_cached_parent_obj``), so nothing reads it twice.
        missing = [
            page
            for page in pages
            if "clinic" not in page.__dict__
            and not isinstance(page.__dict__.get("_cached_parent_obj"), ClinicPage)
        ]
        parent_paths = {page.path[: -Page.steplen] for page in missing}
        clinics = ClinicPage.objects.filter(path__in=parent_paths) if parent_paths else []
        clinics = {clinic.path: clinic for clinic in clinics}
        for page in missing:
            page.clinic = clinics[page.path[: -Page.steplen]]
        for page in pages:
            page._cached_parent_obj = page.clinic

    def rich_text_sources(self, page):
        return [page, page.master]


PAGE_LOADERS = {ClinicPage: ClinicPageLoader(), LocalTreatmentPage: LocalTreatmentPageLoader()}
