"""The demo content is an example to follow: it passes every publish-time check."""

from io import StringIO

from django.core.management import call_command
from wagtail.models import Page

from treatment_pages.governance.checks import run_checks
from treatment_pages.governance.mixins import GovernedPageMixin
from treatment_pages.models import ReviewStatus, TreatmentPage

from .test_load_demo import demo  # noqa: F401 - the module-scoped demo fixture


def test_every_demo_page_passes_every_check_without_warnings(demo, db):  # noqa: F811
    governed = [p for p in Page.objects.live().specific() if isinstance(p, GovernedPageMixin)]

    assert len(governed) >= 9
    assert {page.url_path: run_checks(page) for page in governed} == {
        page.url_path: [] for page in governed
    }


def test_demo_explainers_are_reviewed_and_none_is_overdue(demo, db):  # noqa: F811
    statuses = {page.slug: page.review_status() for page in TreatmentPage.objects.all()}

    assert ReviewStatus.OVERDUE not in statuses.values()
    assert ReviewStatus.UNREVIEWED not in statuses.values()
    # Night guards is due at the start of next month: within 30 days on most days.
    assert statuses["night-guards"] in (ReviewStatus.DUE_SOON, ReviewStatus.CURRENT)


def test_lint_content_passes_on_the_demo(demo, db):  # noqa: F811
    out = StringIO()

    call_command("lint_content", stdout=out)

    assert "0 with blocking findings" in out.getvalue()
