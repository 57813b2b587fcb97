"""The admin for API keys (Settings → API keys) and the editor's "Preview on <site>" redirect.

Keys are issued, rotated and revoked by users with the model's add and
change permissions (administrators; a group can be given them under
Settings → Groups). A new secret is shown once, in the response to the form
that created it, and never stored: it is not put in the session, a message
or a log entry.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Revision

from .models import ApiKey
from .preview import make_token, preview_sites, site_label

ISSUED_TEMPLATE = "keys/admin/issued.html"
#: URL namespace (and prefix) of the API keys admin: ``api_keys:index`` and so on.
NAMESPACE = "api_keys"


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def action_buttons(key, button_class):
    """Rotate and Revoke, for an active key."""
    if not key.is_active:
        return []
    return [
        button_class("Rotate", url=url("rotate", key.pk), icon_name="rotate", priority=15),
        button_class("Revoke", url=url("revoke", key.pk), icon_name="cross", priority=25),
    ]


class LocalesColumn(Column):
    def get_value(self, instance):
        return ", ".join(locale.language_code for locale in instance.locales.all()) or "All"


class KeyIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("site").prefetch_related("locales")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons += action_buttons(instance, MenuItem)
        return buttons


class ShowsNewSecretMixin:
    """Renders the new secret instead of redirecting, so it is never stored anywhere."""

    def render_secret(self, key, raw_key, heading):
        return TemplateResponse(
            self.request,
            ISSUED_TEMPLATE,
            {
                "key": key,
                "raw_key": raw_key,
                "header_title": heading,
                "header_icon": "key",
                "index_url": url("index"),
                "breadcrumbs_items": [
                    {"url": reverse("wagtailadmin_home"), "label": "Home"},
                    {"url": url("index"), "label": "API keys"},
                    {"url": "", "label": heading},
                ],
            },
        )


class IssueKeyView(ShowsNewSecretMixin, generic.CreateView):
    submit_button_label = gettext_lazy("Issue key")
    submit_button_active_label = gettext_lazy("Issuing…")

    @property
    def expects_json_response(self):
        return False

    def save_instance(self):
        key = self.form.instance
        key.created_by = self.request.user
        self.raw_key = key.set_new_secret()
        return super().save_instance()

    def save_action(self):
        return self.render_secret(self.object, self.raw_key, "API key issued")


class EditKeyView(generic.EditView):
    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        if self.user_has_permission("change"):
            buttons += action_buttons(self.object, Button)
        return sorted(buttons)


class KeyActionView(
    ShowsNewSecretMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Confirm (GET), then do (POST) one thing to an active key."""

    model = ApiKey
    permission_required = "change"
    template_name = "keys/admin/confirm.html"
    header_icon = "key"

    def dispatch(self, request, pk):
        if not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        self.object = get_object_or_404(ApiKey, pk=pk)
        if not self.object.is_active:
            messages.error(request, f"“{self.object}” is revoked; issue a new key instead.")
            return redirect(url("index"))
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": url("index"), "label": "API keys"},
            {"url": url("edit", self.object.pk), "label": str(self.object)},
            {"url": "", "label": self.title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            key=self.object, message=self.message, button=self.button, **kwargs
        )

    def post(self, request, pk):
        return self.perform()


class RotateKeyView(KeyActionView):
    title = "Rotate API key"
    button = "Yes, rotate"
    message = (
        "A new secret replaces the current one, which stops working at once. Give the new "
        "secret to whoever uses this key straight away, or their requests will fail until "
        "they have it. To change keys without an interruption, issue a second key for the "
        "same site, switch to it, then revoke this one."
    )

    def perform(self):
        raw_key = self.object.rotate()
        log(instance=self.object, action="keys.rotate", user=self.request.user)
        return self.render_secret(self.object, raw_key, "API key rotated")


class RevokeKeyView(KeyActionView):
    title = "Revoke API key"
    button = "Yes, revoke"
    message = (
        "Requests with this key will be refused from now on. The key stays listed, "
        "marked revoked, and cannot be used again."
    )

    def perform(self):
        self.object.revoke()
        log(instance=self.object, action="keys.revoke", user=self.request.user)
        messages.success(self.request, f"API key “{self.object}” revoked.")
        return redirect(url("index"))


class ApiKeyForm(forms.ModelForm):
    locales = forms.ModelMultipleChoiceField(
        queryset=Locale.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=ApiKey._meta.get_field("locales").help_text,
    )

    class Meta:
        model = ApiKey
        fields = ["name", "site", "locales", "rate_limit"]


class EditApiKeyForm(ApiKeyForm):
    class Meta(ApiKeyForm.Meta):
        fields = ["name", "locales", "rate_limit"]


class ApiKeyViewSet(ModelViewSet):
    """Settings → API keys: issue, edit, rotate, revoke and delete keys."""

    model = ApiKey
    name = NAMESPACE
    url_prefix = "api-keys"
    icon = "key"
    menu_label = "API keys"
    add_to_settings_menu = True
    menu_order = 900
    copy_view_enabled = False
    index_view_class = KeyIndexView
    add_view_class = IssueKeyView
    edit_view_class = EditKeyView
    list_display = [
        "name",
        "site",
        "display_prefix",
        LocalesColumn("locales", label="Locales"),
        DateColumn("last_used_at", label="Last used"),
        "status",
    ]
    list_filter = ["site"]
    search_fields = ["name", "prefix"]

    def get_form_class(self, for_update=False):
        return EditApiKeyForm if for_update else ApiKeyForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("rotate/<int:pk>/", RotateKeyView.as_view(), name="rotate"),
            path("revoke/<int:pk>/", RevokeKeyView.as_view(), name="revoke"),
        ]


# --- Preview on a site's front end ---------------------------------------------


def preview_on_site(request, page_id, site_id):
    """Send the editor to a site's front end, showing a draft of the page.

    Mints a fresh token at each click, for the page's latest revision (or
    ``?revision=<id>``), so the link on an edit page open for hours still
    works and shows the last saved draft.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    permissions = page.permissions_for_user(request.user)
    if not (permissions.can_edit() or permissions.can_publish()):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    targets = {site.pk: (site, setting) for site, setting in preview_sites(page)}
    if site_id not in targets:
        messages.error(request, "This page cannot be previewed on that site.")
        return redirect(edit_url)
    requested = request.GET.get("revision")
    if requested is None:
        revision = page.latest_revision
    else:
        revision = (
            Revision.page_revisions.filter(object_id=str(page.pk), pk=requested).first()
            if requested.isdigit()
            else None
        )
    if revision is None:
        messages.error(request, "There is no saved draft of this page to preview: save one first.")
        return redirect(edit_url)
    site, setting = targets[site_id]
    token = make_token(page.pk, revision.pk, site.pk)
    return redirect(setting.preview_link(token))


def preview_buttons(page, user):
    """One "Preview on <site>" button per site the page can be previewed on."""
    if page.pk is None or page.depth <= 1:
        return []
    permissions = page.permissions_for_user(user)
    if not (permissions.can_edit() or permissions.can_publish()):
        return []
    return [
        Button(
            f"Preview on {site_label(site)}",
            url=reverse("keys_preview_on_site", args=[page.pk, site.pk]),
            icon_name="link-external",
            attrs={"target": "_blank", "rel": "noopener noreferrer"},
            priority=5 + i,
        )
        for i, (site, _setting) in enumerate(preview_sites(page))
    ]
