from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import structured_data
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


@hooks.register("register_structured_data")
def register_structured_data():
    return structured_data.BUILDERS
