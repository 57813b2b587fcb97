from django.db.models import Count
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RiskList


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
