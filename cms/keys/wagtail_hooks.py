from django.urls import path
from wagtail import hooks

from . import views


@hooks.register("register_admin_viewset")
def register_api_keys_viewset():
    return views.ApiKeyViewSet()


@hooks.register("register_log_actions")
def register_key_log_actions(actions):
    actions.register_action("keys.rotate", "Rotate API key", "API key rotated")
    actions.register_action("keys.revoke", "Revoke API key", "API key revoked")


@hooks.register("register_admin_urls")
def register_preview_urls():
    return [
        path(
            "pages/<int:page_id>/preview-on-site/<int:site_id>/",
            views.preview_on_site,
            name="keys_preview_on_site",
        )
    ]


@hooks.register("register_page_header_buttons")
def preview_on_site_buttons(page, user, view_name, next_url=None):
    """ "Preview on <site>" in the page editor's header menu, one per site it appears on."""
    if view_name != "edit":
        return []
    return views.preview_buttons(page, user)
