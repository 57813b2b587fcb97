"""Sending deliveries: one subscription at a time, oldest change first, retried with backoff.

How it stays correct when workers run in parallel, crash or are killed:

- **One head per subscription.** :func:`deliver_next` only ever sends the
  subscription's oldest pending delivery (by change id), so a later change
  is never sent while an earlier one is still pending: the receiver sees
  changes in order. A delivery marked failed no longer holds the line.
- **A lease, taken by compare-and-set.** Before it POSTs, a worker sets
  ``lease_until`` and a fresh ``lease_token`` with an ``UPDATE ... WHERE``
  nobody holds a live lease; only one worker can win. In the same
  transaction it logs the attempt and enqueues a follow-up task for when
  the lease ends. If the worker dies mid-POST, that follow-up (already in
  the queue) finds the lease expired and sends the delivery again.
- **Never again after a 2xx.** Only a ``pending`` delivery is ever claimed,
  and a 2xx marks it ``delivered`` whoever holds the lease. The one way a
  receiver gets a change twice is a worker dying after the receiver
  answered and before the answer was recorded (or a receiver holding one
  POST open for longer than the lease); the resend carries the same
  ``X-Webhook-Id`` (the change id) and body, so the receiver can tell.
- **Retries are scheduled, not slept.** A failed attempt sets
  ``next_attempt_at`` and enqueues the task with ``run_after`` at that time.

Every function here reads the clock through ``django.utils.timezone.now``.
"""

import logging
import time
import uuid
from datetime import timedelta

import requests
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .conf import get_setting
from .models import Attempt, Delivery, Subscription
from .payload import build, encode
from .signing import SIGNATURE_HEADER, signature_header

logger = logging.getLogger(__name__)

USER_AGENT = "ClinicCMS-Webhooks/1"


def backoff(failed_attempts):
    """Seconds to wait after the ``failed_attempts``-th failure: 30, 60, 120, ... at most 3600."""
    first, longest = get_setting("FIRST_RETRY"), get_setting("MAX_RETRY")
    return min(longest, first * 2 ** min(failed_attempts - 1, 20))


def enqueue(subscription_id, run_after=None):
    """Queue :func:`~cms.webhooks.tasks.deliver_next` for a subscription (in the caller's
    transaction: the task row commits, or rolls back, with it)."""
    from .tasks import deliver_next

    task = deliver_next.using(
        backend=get_setting("TASK_BACKEND"), queue_name=get_setting("QUEUE"), run_after=run_after
    )
    return task.enqueue(subscription_id)


# --- Fan-out ----------------------------------------------------------------------


def fan_out(change):
    """Create a delivery of ``change`` for every subscription it matches, and queue them.

    Called inside the transaction that records the change, so the deliveries
    commit with the change log entry or not at all; and as entries commit in
    id order, a subscription's deliveries appear in change order too.
    """
    if not change.site_ids:
        return []
    subscriptions = [
        subscription
        for subscription in Subscription.objects.filter(active=True, site_id__in=change.site_ids)
        if subscription.matches(change)
    ]
    if not subscriptions:
        return []
    now = timezone.now()
    window = timedelta(seconds=get_setting("RETRY_WINDOW"))
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            subscription=subscription,
            change=change,
            created_at=now,
            next_attempt_at=now,
            retry_until=now + window,
        )
        for subscription in subscriptions
    )
    for subscription in subscriptions:
        enqueue(subscription.pk)
    return deliveries


def enqueue_if_pending(subscription_id):
    """Queue the task when the subscription still has a pending delivery."""
    if Delivery.objects.filter(
        subscription_id=subscription_id, state=Delivery.State.PENDING
    ).exists():
        enqueue(subscription_id)


def requeue():
    """Queue a task for each subscription with a pending delivery; returns how many.

    The worker command runs this as it starts, so deliveries that a stopped
    worker left (its task row stuck "running") go out again. Always safe: a
    task finds nothing to do unless the head delivery is due and unleased.
    """
    ids = list(
        Subscription.objects.filter(active=True, deliveries__state=Delivery.State.PENDING)
        .distinct()
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for subscription_id in ids:
            enqueue(subscription_id)
    return len(ids)


def redeliver(delivery):
    """Send ``delivery`` again as soon as it is at the head of its subscription's queue.

    An administrator's explicit request: a delivered or failed delivery goes
    back to pending with a fresh retry window. Returns False when it is being
    sent right now (nothing to do).
    """
    now = timezone.now()
    with transaction.atomic():
        updated = (
            Delivery.objects.filter(pk=delivery.pk)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
            .update(
                state=Delivery.State.PENDING,
                next_attempt_at=now,
                retry_until=now + timedelta(seconds=get_setting("RETRY_WINDOW")),
                delivered_at=None,
            )
        )
        if updated:
            enqueue(delivery.subscription_id)
    return bool(updated)


# --- Sending ----------------------------------------------------------------------


def deliver_next(subscription_id):
    """Send the head delivery of a subscription if it is due; see the module docstring.

    Returns a short summary for the task result, or None when there was
    nothing to send.
    """
    claimed = claim(subscription_id)
    if claimed is None:
        return None
    delivery, attempt, token = claimed
    outcome = post(delivery, attempt)
    record(delivery, attempt, token, outcome)
    return {"delivery": delivery.pk, "change": delivery.change_id, "status": outcome["status"]}


def head(subscription_id):
    """The oldest pending delivery of a subscription, or None."""
    return (
        Delivery.objects.filter(subscription_id=subscription_id, state=Delivery.State.PENDING)
        .order_by("change_id")
        .first()
    )


def claim(subscription_id):
    """Take the lease on the head delivery: ``(delivery, attempt, token)``, or None."""
    now = timezone.now()
    lease = timedelta(seconds=get_setting("LEASE"))
    with transaction.atomic():
        if not Subscription.objects.filter(pk=subscription_id, active=True).exists():
            return None
        delivery = head(subscription_id)
        if delivery is None or delivery.next_attempt_at > now:
            # Nothing pending, or a retry is already queued for next_attempt_at.
            return None
        if delivery.lease_until is not None and delivery.lease_until > now:
            # Being sent; that worker queued a follow-up for when its lease ends.
            return None
        token = uuid.uuid4().hex
        won = (
            Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.PENDING)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
            .update(lease_until=now + lease, lease_token=token, attempts=F("attempts") + 1)
        )
        if not won:
            return None
        delivery.refresh_from_db()
        delivery.attempt_log.filter(status=Attempt.Status.SENDING).update(
            status=Attempt.Status.INTERRUPTED,
            finished_at=now,
            error="The worker stopped before the receiver answered; the delivery was sent again.",
        )
        attempt = Attempt.objects.create(
            delivery=delivery, number=delivery.attempts, started_at=now
        )
        # If this worker dies before recording the answer, this task takes over.
        enqueue(subscription_id, run_after=delivery.lease_until)
    return delivery, attempt, token


def post(delivery, attempt):
    """POST the delivery once; ``{status, response_code, latency_ms, error, excerpt}``."""
    subscription = delivery.subscription
    body = encode(build(delivery))
    timestamp = int(timezone.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Webhook-Id": str(delivery.change_id),
        "X-Webhook-Event": delivery.change.kind,
        "X-Webhook-Attempt": str(attempt.number),
        SIGNATURE_HEADER: signature_header(subscription.signing_secrets(), timestamp, body),
    }
    timeout = get_setting("TIMEOUT")
    outcome = {"response_code": None, "error": "", "excerpt": ""}
    started = time.monotonic()
    try:
        with requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=(timeout, timeout),
            allow_redirects=False,
            stream=True,
        ) as response:
            outcome["response_code"] = response.status_code
            excerpt = response.raw.read(get_setting("RESPONSE_EXCERPT"), decode_content=True)
            outcome["excerpt"] = excerpt.decode(response.encoding or "utf-8", "replace")
            if not 200 <= response.status_code < 300:
                status = f"{response.status_code} {response.reason}"
                outcome["error"] = f"The receiver answered {status}."
    except requests.RequestException as error:
        outcome["error"] = f"{type(error).__name__}: {error}"
    outcome["latency_ms"] = round((time.monotonic() - started) * 1000)
    ok = outcome["response_code"] is not None and 200 <= outcome["response_code"] < 300
    outcome["status"] = Attempt.Status.SUCCEEDED if ok else Attempt.Status.FAILED
    if not ok:
        logger.warning(
            "Webhook delivery %s (change %s) to %s failed: %s",
            delivery.pk,
            delivery.change_id,
            subscription.url,
            outcome["error"],
        )
    return outcome


def record(delivery, attempt, token, outcome):
    """Log the attempt and move the delivery on: delivered, retried later, or failed."""
    now = timezone.now()
    succeeded = outcome["status"] == Attempt.Status.SUCCEEDED
    with transaction.atomic():
        Attempt.objects.filter(pk=attempt.pk).update(
            status=outcome["status"],
            finished_at=now,
            response_code=outcome["response_code"],
            latency_ms=outcome["latency_ms"],
            error=outcome["error"],
            response_excerpt=outcome["excerpt"],
        )
        pending = Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.PENDING)
        result = {
            "last_response_code": outcome["response_code"],
            "last_error": outcome["error"],
            "lease_until": None,
            "lease_token": "",
        }
        if succeeded:
            # Whoever holds the lease now: a 2xx is final.
            pending.update(state=Delivery.State.DELIVERED, delivered_at=now, **result)
            enqueue_if_pending(delivery.subscription_id)
        elif now >= delivery.retry_until:
            if pending.filter(lease_token=token).update(state=Delivery.State.FAILED, **result):
                enqueue_if_pending(delivery.subscription_id)
        else:
            wait = timedelta(seconds=backoff(delivery.attempts))
            retry_at = min(now + wait, delivery.retry_until)
            if pending.filter(lease_token=token).update(next_attempt_at=retry_at, **result):
                enqueue(delivery.subscription_id, run_after=retry_at)
