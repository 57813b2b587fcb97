from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .deletion import blocking_objects, refusal_message
from .models import RiskList
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
