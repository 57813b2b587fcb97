"""Overdue and soon-due reviews: admin report, dashboard panel, daily command and task."""

import io
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from wagtail.models import PageLogEntry

from tests.factories import TreatmentPageFactory
from treatment_pages.governance.reviews import flag_overdue_reviews_task
from treatment_pages.models import TreatmentPage


def set_due(page, days):
    TreatmentPage.objects.filter(pk=page.pk).update(
        last_reviewed=date.today() - timedelta(days=300),
        next_review_due=date.today() + timedelta(days=days),
    )


def run():
    out = io.StringIO()
    call_command("flag_overdue_reviews", stdout=out)
    return out.getvalue()


def test_report_lists_overdue_and_soon_due_explainers_with_edit_links(admin_client, library):
    overdue = TreatmentPageFactory(parent=library, title="Overdue explainer")
    soon = TreatmentPageFactory(parent=library, title="Soon explainer")
    later = TreatmentPageFactory(parent=library, title="Later explainer")
    set_due(overdue, -3)
    set_due(soon, 10)
    set_due(later, 90)

    response = admin_client.get("/admin/reports/clinical-reviews/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Overdue explainer" in body and "Soon explainer" in body
    assert "Later explainer" not in body
    assert f"/admin/pages/{overdue.pk}/edit/" in body
    assert "Under review" in body and "Review due soon" in body
    assert overdue.reviewer.name in body


def test_dashboard_panel_lists_reviews_due(admin_client, library):
    overdue = TreatmentPageFactory(parent=library, title="Overdue explainer")
    set_due(overdue, -1)

    body = admin_client.get("/admin/").content.decode()

    assert "Clinical reviews due" in body
    assert f"/admin/pages/{overdue.pk}/edit/" in body
    assert "(overdue)" in body


def test_command_emails_the_reviewers_group_once_a_day(django_user_model, library):
    overdue = TreatmentPageFactory(parent=library, title="Overdue explainer")
    soon = TreatmentPageFactory(parent=library, title="Soon explainer")
    TreatmentPageFactory(parent=library, title="Current explainer")
    set_due(overdue, -3)
    set_due(soon, 10)
    user = django_user_model.objects.create_user("rev", email="rev@example.test")
    user.groups.add(Group.objects.get_or_create(name="Clinical reviewers")[0])

    first = run()

    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"rev@example.test"}
    assert "Overdue explainer" in mail.outbox[0].subject
    assert "2 due or overdue, 2 notified" in first
    assert PageLogEntry.objects.filter(
        page=overdue, action="treatment_pages.review_overdue"
    ).exists()
    assert PageLogEntry.objects.filter(page=soon, action="treatment_pages.review_due_soon").exists()

    second = run()

    assert len(mail.outbox) == 2
    assert "2 due or overdue, 0 notified" in second
    assert "already notified today" in second


def test_command_creates_the_group_when_missing(library):
    run()

    assert Group.objects.filter(name="Clinical reviewers").exists()


def test_task_flags_the_same_pages(library):
    overdue = TreatmentPageFactory(parent=library)
    set_due(overdue, -3)

    result = flag_overdue_reviews_task.enqueue()

    assert result.return_value == [overdue.pk]
