"""Explainers whose clinical review is due soon or overdue: report, dashboard panel, notices.

One query (:func:`reviews_due`) feeds the admin report, the dashboard panel
and the daily ``flag_overdue_reviews`` command, so all three list the same
pages. Notifications are recorded as page log entries
(``treatment_pages.review_overdue`` / ``treatment_pages.review_due_soon``),
which show in the page's history and make the command idempotent for a day.
"""

from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from ..models import ReviewStatus, TreatmentPage
from ..models.governance import DUE_SOON_DAYS

REVIEWERS_GROUP = "Clinical reviewers"
LOG_ACTIONS = {
    ReviewStatus.OVERDUE: "treatment_pages.review_overdue",
    ReviewStatus.DUE_SOON: "treatment_pages.review_due_soon",
}


def reviews_due(today=None):
    """Explainers overdue or due within 30 days, soonest first, with their reviewer."""
    today = today or date.today()
    return (
        TreatmentPage.objects.filter(next_review_due__lte=today + timedelta(days=DUE_SOON_DAYS))
        .select_related("reviewer")
        .order_by("next_review_due", "title")
    )


class ClinicalReviewsReportView(ReportView):
    """Admin report: the explainers to review next, with reviewer, due date and status."""

    page_title = "Clinical reviews due"
    header_icon = "clipboard-list"
    index_url_name = "treatment_pages_clinical_reviews"
    index_results_url_name = "treatment_pages_clinical_reviews_results"
    list_export = ["title", "reviewer", "next_review_due", "status"]
    export_headings = {"next_review_due": "Review due", "status": "Status"}
    columns = [
        TitleColumn("title", label="Explainer", url_name="wagtailadmin_pages:edit"),
        Column("reviewer", label="Reviewer"),
        DateColumn("next_review_due", label="Review due"),
        Column("status", label="Status"),
    ]

    def get_filename(self):
        return f"clinical-reviews-{date.today():%Y-%m-%d}"

    def get_queryset(self):
        return reviews_due()

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            page.status = page.review_status().label
        return object_list


class ReviewsDuePanel(Component):
    """Dashboard panel: overdue and soon-due explainers, each with an edit link."""

    name = "clinical_reviews"
    template_name = "treatment_pages/admin/reviews_due_panel.html"
    order = 110

    def get_context_data(self, parent_context):
        pages = list(reviews_due()[:10])
        today = date.today()
        return {
            "rows": [
                {
                    "page": page,
                    "overdue": page.next_review_due < today,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
                for page in pages
            ],
            "report_url": reverse("treatment_pages_clinical_reviews"),
        }


def reviewers_group():
    group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    return group


def flag_reviews(today=None, stdout=None):
    """Notify the clinical reviewers of each overdue or soon-due explainer, once a day.

    Returns ``[(page, status, notified)]``; ``notified`` is False for a page
    already flagged today with the same status.
    """
    today = today or date.today()
    recipients = sorted(
        filter(
            None, reviewers_group().user_set.filter(is_active=True).values_list("email", flat=True)
        )
    )
    start = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
    results = []
    for page in reviews_due(today):
        status = page.review_status(today)
        action = LOG_ACTIONS.get(status)
        if action is None:
            continue
        already = PageLogEntry.objects.filter(
            page=page, action=action, timestamp__gte=start
        ).exists()
        if not already:
            reviewer = str(page.reviewer) if page.reviewer_id else "no reviewer set"
            wording = "is overdue" if status == ReviewStatus.OVERDUE else "is due soon"
            if recipients:
                send_mail(
                    f"Clinical review {wording}: {page.title}",
                    f"The clinical review of “{page.title}” {wording} "
                    f"(due {page.next_review_due:%d %B %Y}; reviewer: {reviewer}).\n"
                    "Please review the page, then update its review dates.",
                    None,
                    recipients,
                )
            log(page, action, data={"next_review_due": page.next_review_due.isoformat()})
        results.append((page, status, not already))
    return results


@task()
def flag_overdue_reviews_task():
    """``flag_overdue_reviews`` for a task worker (django-tasks); returns the pages flagged."""
    return [page.pk for page, _status, notified in flag_reviews() if notified]
