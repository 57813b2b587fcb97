"""The admin: Settings › Webhooks (subscriptions) and Settings › Webhook deliveries.

Administrators add a subscription per receiver, see its secret, rotate it
and send a test event; every delivery lists its attempts (when, outcome,
response code, latency, error) and can be sent again ("Redeliver").
Deliveries are written only by the system: the admin never edits them.
"""

import time
from datetime import datetime, timedelta

import requests
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.button import Button
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from cms.changes.models import Change

from . import dispatch
from .conf import get_setting
from .models import Delivery, Subscription
from .payload import encode
from .signing import SIGNATURE_HEADER, signature_header

#: A delivery this long past due means no worker is taking it.
STALLED_AFTER = timedelta(minutes=2)


# --- Subscriptions ------------------------------------------------------------------


class SubscriptionForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=Change.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=Subscription._meta.get_field("events").help_text,
        label="Kinds of change",
    )
    locales = forms.MultipleChoiceField(
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Subscription._meta.get_field("locales").help_text,
        label="Languages",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locales"].choices = [
            (locale.language_code, locale.get_display_name())
            for locale in Locale.objects.order_by("language_code")
        ]
        if not self.instance.pk:
            self.initial.setdefault("events", list(Change.Kind.values))


class SecretPanel(Panel):
    """The signing secret, read-only, on the edit form (rotated from the header menu)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "webhooks/panels/secret.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["subscription"] = self.instance
            context["previous_valid"] = len(self.instance.signing_secrets()) > 1
            return context


class SubscriptionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("site")
            .annotate(
                pending_count=Count(
                    "deliveries", filter=Q(deliveries__state=Delivery.State.PENDING)
                ),
                failed_count=Count("deliveries", filter=Q(deliveries__state=Delivery.State.FAILED)),
            )
        )


class SubscriptionEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        pk = self.object.pk
        buttons += [
            Button(
                "Send test event",
                url=reverse("webhooks_subscription:send_test", args=[pk]),
                icon_name="resubmit",
                priority=40,
            ),
            Button(
                "Rotate secret",
                url=reverse("webhooks_subscription:rotate_secret", args=[pk]),
                icon_name="key",
                priority=50,
            ),
        ]
        return buttons

    @cached_property
    def header_buttons(self):
        url = reverse("webhooks_delivery:index") + f"?subscription={self.object.pk}"
        return [*super().header_buttons, HeaderButton("Deliveries", url=url, icon_name="list-ul")]


def ping_payload(subscription):
    """The body of a test event: not a change, so receivers can tell it apart."""
    site = subscription.site
    return {
        "id": None,
        "event": "ping",
        "created_at": timezone.now().isoformat().replace("+00:00", "Z"),
        "site": {"id": site.pk, "hostname": site.hostname, "root_url": site.root_url},
        "subscription": {"id": subscription.pk, "name": subscription.name},
    }


def send_test_event(subscription):
    """POST a signed ``ping`` now and say how it went: ``(ok, message)``."""
    body = encode(ping_payload(subscription))
    timestamp = int(timezone.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": dispatch.USER_AGENT,
        "X-Webhook-Id": f"ping-{timestamp}",
        "X-Webhook-Event": "ping",
        "X-Webhook-Attempt": "1",
        SIGNATURE_HEADER: signature_header(subscription.signing_secrets(), timestamp, body),
    }
    timeout = get_setting("TIMEOUT")
    started = time.monotonic()
    try:
        response = requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=(timeout, timeout),
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return False, f"The test event could not be delivered: {type(error).__name__}: {error}"
    latency = round((time.monotonic() - started) * 1000)
    ok = 200 <= response.status_code < 300
    verdict = "was accepted" if ok else "was refused"
    return ok, (
        f"The test event {verdict}: the receiver answered {response.status_code} "
        f"{response.reason} in {latency} ms."
    )


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "resubmit"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    url_namespace = "webhooks_subscription"
    url_prefix = "webhooks/subscriptions"
    name = "webhooks_subscription"
    copy_view_enabled = False
    index_view_class = SubscriptionIndexView
    edit_view_class = SubscriptionEditView
    list_display = [
        "name",
        Column("site", label="Site", accessor="site.hostname"),
        "url",
        BooleanColumn("active", label="Active"),
        Column("pending_count", label="Pending"),
        Column("failed_count", label="Failed"),
    ]
    search_fields = ["name", "url"]

    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("site"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("locales"),
            FieldPanel("active"),
            SecretPanel(heading="Signing secret"),
        ],
        base_form_class=SubscriptionForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("rotate-secret/<int:pk>/", self.rotate_secret_view, name="rotate_secret"),
            path("send-test/<int:pk>/", self.send_test_view, name="send_test"),
        ]

    def _subscription_for_change(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return get_object_or_404(Subscription, pk=pk)

    def rotate_secret_view(self, request, pk):
        subscription = self._subscription_for_change(request, pk)
        edit_url = reverse("webhooks_subscription:edit", args=[pk])
        overlap_hours = get_setting("ROTATION_OVERLAP") // 3600
        if request.method == "POST":
            subscription.rotate_secret(get_setting("ROTATION_OVERLAP"))
            messages.success(
                request,
                f"“{subscription}” has a new secret. Deliveries are signed with both the new "
                f"and the old secret for {overlap_hours} hours; give the new one to the "
                "receiver before then.",
            )
            return redirect(edit_url)
        return TemplateResponse(
            request,
            "webhooks/confirm.html",
            {
                "page_title": "Rotate secret",
                "subtitle": str(subscription),
                "header_icon": "key",
                "message": (
                    f"A new secret replaces the current one. For {overlap_hours} hours each "
                    "delivery carries a signature with each secret, so the receiver keeps "
                    "accepting them while its developers switch to the new one."
                ),
                "confirm_label": "Rotate the secret",
                "cancel_url": edit_url,
            },
        )

    def send_test_view(self, request, pk):
        subscription = self._subscription_for_change(request, pk)
        edit_url = reverse("webhooks_subscription:edit", args=[pk])
        if request.method == "POST":
            ok, message = send_test_event(subscription)
            (messages.success if ok else messages.error)(request, message)
            return redirect(edit_url)
        return TemplateResponse(
            request,
            "webhooks/confirm.html",
            {
                "page_title": "Send test event",
                "subtitle": str(subscription),
                "header_icon": "resubmit",
                "message": format_html(
                    "Sends a signed <code>ping</code> event to {} now and shows the answer. "
                    "It is not a change: receivers should answer 2xx and do nothing.",
                    subscription.url,
                ),
                "confirm_label": "Send test event",
                "cancel_url": edit_url,
            },
        )


# --- Deliveries ---------------------------------------------------------------------


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    """Deliveries are read-only in the admin; "redeliver" needs the right to change
    subscriptions, since it sends data to a receiver."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if action == "redeliver":
            return user.has_perm("webhooks.change_subscription")
        if action == "view":
            return user.has_perm("webhooks.view_delivery") or user.has_perm(
                "webhooks.change_subscription"
            )
        return super().user_has_permission(user, action)


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("subscription", "change__content_type")
            .order_by("-change_id", "subscription_id")
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["stalled"] = stalled_summary()
        return context

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.permission_policy.user_has_permission(self.request.user, "redeliver"):
            buttons.append(
                Button(
                    "Redeliver",
                    url=reverse("webhooks_delivery:redeliver", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=40,
                )
            )
        return buttons


def stalled_summary():
    """``{count, since}`` of deliveries overdue by more than STALLED_AFTER, or None.

    Only the head of each subscription's queue counts: the deliveries behind
    it are waiting for it, not for a worker.
    """
    now = timezone.now()
    earlier_pending = Delivery.objects.filter(
        subscription=OuterRef("subscription"),
        state=Delivery.State.PENDING,
        change_id__lt=OuterRef("change_id"),
    )
    overdue = (
        Delivery.objects.filter(
            state=Delivery.State.PENDING,
            subscription__active=True,
            next_attempt_at__lt=now - STALLED_AFTER,
        )
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .exclude(Exists(earlier_pending))
    )
    summary = overdue.aggregate(count=Count("pk"), since=Min("next_attempt_at"))
    return summary if summary["count"] else None


class DeliveryInspectView(generic.InspectView):
    template_name = "webhooks/delivery_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempt_log.order_by("number")
        context["can_redeliver"] = self.permission_policy.user_has_permission(
            self.request.user, "redeliver"
        )
        return context

    @cached_property
    def header_buttons(self):
        if not self.permission_policy.user_has_permission(self.request.user, "redeliver"):
            return []
        url = reverse("webhooks_delivery:redeliver", args=[self.object.pk])
        return [HeaderButton("Redeliver", url=url, icon_name="resubmit")]

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime):
            # In the admin's time zone, as the attempts table and the listings show it.
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return value

    def get_next_attempt_at_display_value(self):
        if self.object.state != Delivery.State.PENDING:
            return "–"
        return self.object.next_attempt_at

    def get_change_display_value(self):
        change = self.object.change
        return (
            f"#{change.pk}: {change.get_kind_display()} ({change.object_label} {change.object_id})"
        )


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "list-ul"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    url_namespace = "webhooks_delivery"
    url_prefix = "webhooks/deliveries"
    name = "webhooks_delivery"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    index_template_name = "webhooks/delivery_index.html"
    list_display = [
        "change",
        Column("event", label="Kind", accessor="change.kind"),
        "subscription",
        StatusTagColumn(
            "state",
            label="State",
            accessor="get_state_display",
            primary=lambda d: d.state == "pending",
        ),
        Column("attempts", label="Attempts"),
        Column("last_response_code", label="Last answer"),
        DateColumn(
            "next_attempt_at",
            label="Next attempt",
            accessor=lambda d: d.next_attempt_at if d.state == Delivery.State.PENDING else None,
        ),
        DateColumn("delivered_at", label="Delivered"),
    ]
    list_filter = ["subscription", "state"]
    inspect_view_fields = [
        "change",
        "subscription",
        "state",
        "created_at",
        "attempts",
        "next_attempt_at",
        "retry_until",
        "delivered_at",
        "last_response_code",
        "last_error",
    ]

    def get_urlpatterns(self):
        # No add, edit, delete, history or usage views: deliveries are the system's record.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("redeliver/<int:pk>/", self.redeliver_view, name="redeliver"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def redeliver_view(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "redeliver"):
            raise PermissionDenied
        delivery = get_object_or_404(Delivery.objects.select_related("subscription"), pk=pk)
        inspect_url = reverse("webhooks_delivery:inspect", args=[pk])
        if request.method == "POST":
            if dispatch.redeliver(delivery):
                messages.success(
                    request,
                    f"Change #{delivery.change_id} will be sent to “{delivery.subscription}” "
                    "again as soon as the deliveries before it are done.",
                )
            else:
                messages.warning(request, "It is being sent right now; see its attempts below.")
            return redirect(inspect_url)
        return TemplateResponse(
            request,
            "webhooks/confirm.html",
            {
                "page_title": "Redeliver",
                "subtitle": str(delivery),
                "header_icon": "resubmit",
                "message": (
                    f"Sends change #{delivery.change_id} to {delivery.subscription.url} again, "
                    "with the same id, and retries it for a day if the receiver fails. A "
                    "receiver that already applied it will recognise the id and ignore it."
                ),
                "confirm_label": "Redeliver",
                "cancel_url": inspect_url,
            },
        )
