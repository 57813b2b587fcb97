"""Fan-out: each change log entry becomes a delivery per matching subscription."""

import logging

from django.db import transaction

from cms.changes.signals import change_staged

from . import dispatch
from .models import Delivery, Subscription

logger = logging.getLogger(__name__)


def on_change_staged(sender, change, **kwargs):
    """Create the change's deliveries in the transaction that records it.

    ``change_staged`` rather than ``change_recorded``: a delivery written
    after the commit could be lost to a crash in between, and deliveries
    written by concurrent commits could appear out of change order. Inside
    the recording transaction, deliveries commit with their entry, in entry
    order. A failure here must not refuse the editor's publish, so it is
    logged and rolled back alone; the change stays in the log for sync.
    """
    try:
        with transaction.atomic():
            dispatch.fan_out(change)
    except Exception:
        logger.exception("Could not create the webhook deliveries of change %s", change.pk)


def on_subscription_saved(sender, instance, created=False, raw=False, **kwargs):
    """Resume a subscription switched back on (or edited) that has deliveries waiting."""
    if raw or created or not instance.active:
        return
    if instance.deliveries.filter(state=Delivery.State.PENDING).exists():
        dispatch.enqueue(instance.pk)


def connect():
    from django.db.models.signals import post_save

    change_staged.connect(on_change_staged, dispatch_uid="webhooks.fan_out")
    post_save.connect(on_subscription_saved, sender=Subscription, dispatch_uid="webhooks.resume")
