"""Who may change the treatment library, and the clinical review every explainer goes through.

The library belongs to the clinical team. Its writers ("Clinical team") add
and edit explainers but cannot publish them: without the publish permission,
Wagtail's only way to publish is to submit the page to its workflow, and the
"Clinical review" workflow's one task is approved by "Clinical reviewers".
Approving the last task publishes the page, as the approver, so Wagtail asks
the approver for the publish permission: reviewers have it (and could publish
directly; they are the people the workflow would ask anyway), writers do not.

Clinic editors get nothing here: their rights come from ``locations.onboarding``
and end at their own clinic page.

Everything is looked up before it is created, so :func:`ensure_clinical_review`
can run on every ``load_demo``.
"""

from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from locations.onboarding import (
    admin_access,
    ensure_collection,
    ensure_group,
    grant_collection,
    grant_pages,
)

CLINICAL_TEAM = "Clinical team"
CLINICAL_REVIEWERS = "Clinical reviewers"
WORKFLOW_NAME = TASK_NAME = "Clinical review"
LIBRARY_COLLECTION = "Treatment library"

#: The clinical team's rights on the library: everything but publishing.
LIBRARY_PAGE_PERMISSIONS = ("add", "change", "lock", "unlock")


@transaction.atomic
def ensure_clinical_review(library):
    """Groups, collection and workflow for the treatment library; returns the workflow."""
    team, _ = ensure_group(CLINICAL_TEAM, [admin_access()])
    reviewers, _ = ensure_group(CLINICAL_REVIEWERS, [admin_access()])
    collection, _ = ensure_collection(LIBRARY_COLLECTION)
    for group in (team, reviewers):
        grant_pages(group, library, LIBRARY_PAGE_PERMISSIONS)
        grant_collection(group, collection)
    grant_pages(reviewers, library, ["publish"])

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    if not task.groups.filter(pk=reviewers.pk).exists():
        task.groups.add(reviewers)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    return workflow
