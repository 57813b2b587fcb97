from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Practitioner


class PractitionerViewSet(SnippetViewSet):
    model = Practitioner
    icon = "user"
    menu_label = "Practitioners"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "credentials", "role"]
    search_fields = ["name"]


register_snippet(PractitionerViewSet)
