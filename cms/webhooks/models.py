"""Webhook tables: a :class:`Subscription` per receiver, a :class:`Delivery` per change and
subscription, an :class:`Attempt` per POST."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.models import Site

from cms.changes.models import Change

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix that marks secrets, not a secret)


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class Subscription(models.Model):
    """A consuming site's receiver: where its changes are POSTed, which ones, signed with what.

    Each clinic's front end (or any other consumer) that wants to hear of
    changes instead of polling the sync endpoint gets one, managed by an
    administrator under Settings › Webhooks.
    """

    name = models.CharField(
        max_length=100,
        help_text="Who receives these notifications, e.g. “Calgary clinic website”.",
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        help_text="The site whose changes are sent: only changes that alter this site's "
        "pages are delivered.",
    )
    url = models.URLField(
        "URL",
        max_length=500,
        help_text="The address the notifications are sent to. Use an https:// address for "
        "anything that is not on your own network.",
    )
    events = models.JSONField(
        default=list,
        help_text="Which kinds of change to send.",
    )
    locales = models.JSONField(
        default=list,
        blank=True,
        help_text="Send only changes to pages in these languages. Leave all unticked to "
        "send changes in every language.",
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        editable=False,
        help_text="The receiver uses this secret to check that a notification really comes "
        "from this CMS. Give it to the receiver's developers; keep it out of email and chat.",
    )
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(
        default=True,
        help_text="Untick to stop sending. Changes made while it is off are not sent later.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "webhook subscription"

    def __str__(self):
        return self.name

    def clean(self):
        unknown = set(self.events or []) - set(Change.Kind.values)
        if unknown:
            raise ValidationError({"events": f"Unknown kinds of change: {', '.join(unknown)}"})
        if not self.events:
            raise ValidationError({"events": "Choose at least one kind of change to send."})

    def matches(self, change):
        """Whether ``change`` is sent to this subscription."""
        if not self.active or change.kind not in self.events:
            return False
        if self.site_id not in change.site_ids:
            return False
        return not self.locales or bool(set(self.locales) & set(change.locales))

    def signing_secrets(self, now=None):
        """The secrets each delivery is signed with: the current one, and the previous
        one while a rotation overlaps."""
        now = now or timezone.now()
        keys = [self.secret]
        if self.previous_secret and (
            self.previous_secret_expires_at and self.previous_secret_expires_at > now
        ):
            keys.append(self.previous_secret)
        return keys

    def rotate_secret(self, overlap_seconds):
        """Give the subscription a new secret; the old one keeps signing for ``overlap_seconds``."""
        self.previous_secret = self.secret
        self.previous_secret_expires_at = timezone.now() + timedelta(seconds=overlap_seconds)
        self.secret = new_secret()
        self.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])


class Delivery(models.Model):
    """One change to send to one subscription, and where its sending stands.

    The row is the durable record: it is written in the transaction that
    records the change, so a change that committed is always delivered (or
    marked failed), whatever happens to the worker. ``lease_until`` and
    ``lease_token`` say which worker is sending it right now.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="webhook_deliveries")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    #: After an attempt fails at or past this time, the delivery is marked failed.
    retry_until = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-change_id", "subscription_id"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "change"], name="webhooks_delivery_unique"
            )
        ]
        indexes = [
            models.Index(fields=["subscription", "state", "change"], name="webhooks_delivery_head"),
        ]

    def __str__(self):
        return f"Change #{self.change_id} to {self.subscription}"


class Attempt(models.Model):
    """One POST of a delivery: when, how it ended, the receiver's answer and how long it took."""

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        #: The worker stopped before it learned the answer; the next attempt resends.
        INTERRUPTED = "interrupted", "Interrupted"

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENDING)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    response_excerpt = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "webhook attempt"

    def __str__(self):
        return f"Attempt {self.number} of {self.delivery}"
