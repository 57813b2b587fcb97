from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .deletion import blocking_objects, refusal_message
from .governance.checks import blocking_findings
from .governance.mixins import GovernedPageMixin
from .models import ClaimRule, EvidenceSource, Reviewer, RiskList
from .rich_text import APIPageLinkHandler


class RiskListViewSet(SnippetViewSet):
    """Risk lists in the admin, with how many explainers use each one.

    The edit view's "Used N times" link lists every page that shows the list
    (Wagtail's reference index), so editors see what an edit will change.
    """

    model = RiskList
    icon = "warning"
    menu_label = "Risk lists"
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("item_count", label="Risks"),
        Column("page_count", label="Explainers using it"),
        "updated_at",
    ]
    search_fields = ["name"]

    def get_queryset(self, request):
        return RiskList.objects.annotate(
            item_count=Count("items", distinct=True),
            page_count=Count("page_links__page", distinct=True),
        )


register_snippet(RiskListViewSet)


def _refuse_if_protected(request, objects, fallback_url):
    blockers = blocking_objects(objects)
    if not blockers:
        return None
    messages.error(request, refusal_message(objects, blockers))
    return redirect(get_valid_next_url_from_request(request) or fallback_url)


@hooks.register("before_delete_page")
def refuse_deleting_a_page_in_use(request, page):
    return _refuse_if_protected(request, [page], reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_delete_snippet")
def refuse_deleting_a_snippet_in_use(request, instances):
    instances = list(instances)
    fallback = AdminURLFinder(request.user).get_edit_url(instances[0]) if instances else None
    return _refuse_if_protected(request, instances, fallback or reverse("wagtailadmin_home"))


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_objects_in_use(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        return _refuse_if_protected(request, list(objects), reverse("wagtailadmin_home"))
    return None


@hooks.register("register_rich_text_features", order=100)
def register_api_page_links(features):
    """Replace Wagtail's page link handler (registered at order 0) with the API-aware one."""
    features.register_link_type(APIPageLinkHandler)


# Clinical governance -------------------------------------------------------


class ReviewerViewSet(SnippetViewSet):
    model = Reviewer
    icon = "user"
    menu_label = "Reviewers"
    list_display = ["name", "credentials", "regulator", "registration_number"]
    search_fields = ["name"]


class EvidenceSourceViewSet(SnippetViewSet):
    model = EvidenceSource
    icon = "doc-full"
    menu_label = "Evidence sources"
    list_display = ["citation", "source_type", "published"]
    list_filter = ["source_type"]
    search_fields = ["citation"]


class ClaimRuleViewSet(SnippetViewSet):
    model = ClaimRule
    icon = "warning"
    menu_label = "Claim rules"
    list_display = ["name", "category", "language", "severity", "enabled"]
    list_filter = ["category", "severity", "enabled"]


class GovernanceViewSetGroup(SnippetViewSetGroup):
    items = (ReviewerViewSet, EvidenceSourceViewSet, ClaimRuleViewSet)
    menu_icon = "clipboard-list"
    menu_label = "Clinical governance"
    menu_name = "clinical-governance"
    menu_order = 220


register_snippet(GovernanceViewSetGroup)


@hooks.register("before_publish_page")
def run_publish_checks(request, page):
    """Stop an admin publish that blocking checks refuse; the draft the editor saved is kept."""
    if not isinstance(page, GovernedPageMixin):
        return None
    blocking = blocking_findings(page)
    if not blocking:
        return None
    if page.live_revision_id is None and page.live:
        # A page created with "Publish" is saved live before this hook runs: withdraw it.
        type(page).objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
    messages.error(
        request,
        "The page was saved as a draft but not published: "
        + " ".join(finding.message for finding in blocking),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


# Clinical review reminders ----------------------------------------------------


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        "treatment_pages.review_overdue", "Clinical review overdue", "Reviewers notified: overdue"
    )
    actions.register_action(
        "treatment_pages.review_due_soon",
        "Clinical review due soon",
        "Reviewers notified: review due soon",
    )


@hooks.register("register_admin_urls")
def register_clinical_reviews_report_urls():
    from .governance.reviews import ClinicalReviewsReportView

    return [
        path(
            "reports/clinical-reviews/",
            ClinicalReviewsReportView.as_view(),
            name="treatment_pages_clinical_reviews",
        ),
        path(
            "reports/clinical-reviews/results/",
            ClinicalReviewsReportView.as_view(results_only=True),
            name="treatment_pages_clinical_reviews_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_clinical_reviews_menu_item():
    return MenuItem(
        "Clinical reviews",
        reverse("treatment_pages_clinical_reviews"),
        name="clinical-reviews",
        icon_name="clipboard-list",
        order=900,
    )


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    from .governance.reviews import ReviewsDuePanel

    panels.append(ReviewsDuePanel())
