"""API loading for clinics and local pages, and the pages endpoint that knows them.

:class:`PagesAPIViewSet` extends the treatment pages endpoint with loaders
for this app's page types, and with two rules a local page brings:

- A local page shows its master's content, so it is served only while the
  master itself is live and public; withdrawing an explainer withdraws
  every clinic's version of it.
- On a clinic's site, a rich-text link to a master explainer points at the
  clinic's own version of it when there is one, so readers stay on the
  clinic's site.
"""

from django.db.models import F
from wagtail.models import Page

from treatment_pages import api as treatment_api
from treatment_pages.loading import PageLoader, risk_list_prefetches

from .models import ClinicPage, LocalTreatmentPage

PRACTITIONER_PREFETCHES = (
    "practitioner_links__practitioner__photo",
    "practitioner_links__practitioner__photo__renditions",
)


class ClinicPageLoader(PageLoader):
    prefetch = ("opening_hours", *PRACTITIONER_PREFETCHES)


class LocalTreatmentPageLoader(PageLoader):
    """Loads each local page with its master's facts and its clinic, for a whole page at once."""

    select_related = ("master", "master__hero_image")
    prefetch = (
        "master__hero_image__renditions",
        "master__uses",
        *risk_list_prefetches("master__"),
        *PRACTITIONER_PREFETCHES,
    )

    def load(self, pages):
        super().load(pages)
        # ``page.clinic`` would cost a query per page; fetch every parent in one.
        parent_paths = {page.path[: -Page.steplen] for page in pages}
        clinics = ClinicPage.objects.filter(path__in=parent_paths)
        clinics = {clinic.path: clinic for clinic in clinics}
        for page in pages:
            page.clinic = clinics[page.path[: -Page.steplen]]

    def rich_text_sources(self, page):
        return [page, page.master]


class PagesAPIViewSet(treatment_api.PagesAPIViewSet):
    """The pages endpoint for a project with both apps: mount this one as ``pages``."""

    page_loaders = {
        **treatment_api.PagesAPIViewSet.page_loaders,
        ClinicPage: ClinicPageLoader(),
        LocalTreatmentPage: LocalTreatmentPageLoader(),
    }

    def get_base_queryset(self):
        # Local pages whose master is not live and public are withdrawn with it.
        withdrawn = LocalTreatmentPage.objects.exclude(
            master_id__in=self.public_pages.values("pk")
        ).values("pk")
        return super().get_base_queryset().exclude(pk__in=withdrawn)

    def substitute_links(self, page_ids):
        """On a clinic's site, link to the clinic's local version of a linked explainer."""
        site = self.requested_site
        if site is None:
            return {}
        local_pages = (
            self.public_pages.descendant_of(site.root_page)
            .filter(localtreatmentpage__master_id__in=page_ids)
            .annotate(master_id=F("localtreatmentpage__master_id"))
        )
        return {str(page.master_id): page for page in local_pages}
