"""Webhooks end to end: fan-out, signatures, order, retries, and a real worker killed mid-POST.

The receiver is a real HTTP server on 127.0.0.1 (``tests/webhook_receiver.py``).
In-process tests run django-tasks-db's own worker loop in batch mode and move a
clock instead of sleeping; the kill test runs ``manage.py db_worker`` as a
subprocess against this test database.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from cms.changes.models import Change
from cms.webhooks import dispatch
from cms.webhooks.models import Attempt, Delivery, Subscription
from cms.webhooks.signing import signature, signature_header, verify

from ..webhook_receiver import run_worker

ALL_EVENTS = list(Change.Kind.values)
ROOT = Path(settings.BASE_DIR)


class Clock:
    """``timezone.now`` plus an offset the test moves forward."""

    def __init__(self, monkeypatch):
        real = timezone.now
        self.offset = timedelta(0)
        monkeypatch.setattr(timezone, "now", lambda: real() + self.offset)

    def advance_to(self, moment):
        gap = moment - timezone.now()
        if gap > timedelta(0):
            self.offset += gap + timedelta(milliseconds=1)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def publish(page, summary):
    page.summary = summary
    page.save_revision().publish()


def deliveries(subscription):
    return list(subscription.deliveries.order_by("change_id"))


def attempts(delivery):
    return list(delivery.attempt_log.order_by("number"))


# --- Signatures ---------------------------------------------------------------------


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    body = b'{"id":1}'
    # Computed independently: printf '1700000000.{"id":1}' | openssl dgst -sha256 -hmac s3cret
    assert signature("s3cret", 1700000000, body) == (
        "ee0658aa4e37018df69c24227df01e0f680eb3b87c7f1f9bd936e283cfe01d9b"
    )


def test_verify_accepts_any_current_secret_and_refuses_tampering_and_old_timestamps():
    body = b'{"id":7}'
    header = signature_header(["new", "old"], 1700000000, body)
    assert verify("new", header, body, now=1700000010)
    assert verify("old", header, body, now=1700000010)
    assert not verify("other", header, body, now=1700000010)
    assert not verify("new", header, b'{"id":8}', now=1700000010)
    assert not verify("new", header, body, now=1700000000 + 301)
    assert not verify("new", "v1=abc", body, now=1700000000)


# --- Fan-out ------------------------------------------------------------------------


def test_a_change_creates_one_delivery_per_matching_subscription(
    library, calgary, treatment, receiver
):
    library_site = Site.objects.get(root_page=library)
    calgary_site = Site.objects.get(root_page=calgary)
    everything = Subscription.objects.create(
        name="Library", site=library_site, url=receiver.url, events=ALL_EVENTS
    )
    unpublish_only = Subscription.objects.create(
        name="Unpublish only", site=library_site, url=receiver.url, events=["unpublish"]
    )
    other_site = Subscription.objects.create(
        name="Calgary", site=calgary_site, url=receiver.url, events=ALL_EVENTS
    )
    french_only = Subscription.objects.create(
        name="French", site=library_site, url=receiver.url, events=ALL_EVENTS, locales=["fr-ca"]
    )
    english_only = Subscription.objects.create(
        name="English", site=library_site, url=receiver.url, events=ALL_EVENTS, locales=["en-ca"]
    )
    switched_off = Subscription.objects.create(
        name="Off", site=library_site, url=receiver.url, events=ALL_EVENTS, active=False
    )

    publish(treatment, "Edited.")

    change = Change.objects.latest("id")
    assert change.locales == ["en-ca"]
    delivered_to = {d.subscription for d in Delivery.objects.filter(change=change)}
    assert delivered_to == {everything, english_only}
    for other in (unpublish_only, other_site, french_only, switched_off):
        assert not other.deliveries.exists()
    queued = DBTaskResult.objects.filter(
        task_path="cms.webhooks.tasks.deliver_next", queue_name="webhooks", status="READY"
    )
    assert sorted(task.args_kwargs["args"] for task in queued) == [
        [everything.pk],
        [english_only.pk],
    ]


def test_a_rolled_back_change_leaves_no_delivery(treatment, subscription):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        publish(treatment, "Never committed.")
        assert subscription.deliveries.count() == 1
        raise RuntimeError
    assert subscription.deliveries.count() == 0


# --- Sending, order and retries (in-process worker) -----------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_receiver_down_for_several_attempts_then_up_gets_each_change_once_in_order(
    treatment, risk_list, subscription, receiver, clock
):
    publish(treatment, "First edit.")
    risk_list.name = "Botulinum toxin injections (updated)"
    risk_list.save()
    publish(treatment, "Second edit.")
    first, second, third = deliveries(subscription)
    assert [d.change.kind for d in (first, second, third)] == ["publish", "snippet", "publish"]

    # Down: nothing listens on the port. Three attempts, 30 s then 60 s apart.
    failed_at = []
    for wait in (None, 30, 60):
        if wait is not None:
            first.refresh_from_db()
            assert first.next_attempt_at - failed_at[-1] == pytest.approx(
                timedelta(seconds=wait), abs=timedelta(seconds=1)
            )
            clock.advance_to(first.next_attempt_at)
        run_worker()
        failed_at.append(timezone.now())
        # Head of line: the later changes wait behind the first.
        assert Attempt.objects.filter(delivery__in=[second, third]).count() == 0
    first.refresh_from_db()
    assert first.state == "pending" and first.attempts == 3
    assert first.next_attempt_at - failed_at[-1] == pytest.approx(
        timedelta(seconds=120), abs=timedelta(seconds=1)
    )

    receiver.start()
    clock.advance_to(first.next_attempt_at)
    run_worker()

    ids = [d.change_id for d in (first, second, third)]
    assert receiver.applied == ids
    assert [arrival[0] for arrival in receiver.arrivals] == ids  # exactly once each
    assert receiver.bad_signatures == 0
    for delivery in deliveries(subscription):
        assert delivery.state == "delivered"
        assert delivery.last_response_code == 200
    log = attempts(first)
    assert [a.status for a in log] == ["failed", "failed", "failed", "succeeded"]
    assert all(a.response_code is None and "ConnectionError" in a.error for a in log[:3])
    assert log[3].response_code == 200 and log[3].latency_ms is not None
    assert all(a.latency_ms is not None and a.finished_at for a in log)

    # Nothing is ever sent again after a 2xx, however often the task runs.
    for subscription_id in [subscription.pk] * 3:
        dispatch.enqueue(subscription_id)
    clock.advance_to(timezone.now() + timedelta(hours=2))
    run_worker()
    assert len(receiver.arrivals) == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_payload_headers_and_signature(treatment, calgary, local_page, subscription, receiver):
    receiver.start()
    revision = treatment.save_revision()
    revision.publish()
    run_worker()

    change = Change.objects.filter(page_id=treatment.pk).latest("id")
    payload = receiver.bodies[change.pk]
    assert payload == {
        "id": change.pk,
        "event": "publish",
        "created_at": change.created_at.isoformat().replace("+00:00", "Z"),
        "site": {
            "id": subscription.site_id,
            "hostname": "localhost",
            "root_url": "http://localhost",
        },
        "object": {
            "type": "treatment_pages.TreatmentPage",
            "id": str(treatment.pk),
            "page_id": treatment.pk,
            "detail_url": f"http://localhost/api/v2/pages/{treatment.pk}/",
        },
        "revision_id": revision.pk,
        "locales": change.locales,
        "pages": sorted(
            change.targets.filter(site_id=subscription.site_id).values_list("page_id", flat=True)
        ),
    }
    assert treatment.pk in payload["pages"]
    assert (change.pk, 1, "publish") in receiver.arrivals


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failures_retry_with_backoff_for_24_hours_then_the_next_change_goes(
    treatment, subscription, receiver, clock
):
    receiver.start()
    publish(treatment, "Rejected by the receiver.")
    publish(treatment, "Accepted.")
    first, second = deliveries(subscription)
    receiver.fail_ids = {first.change_id}

    starts = []
    for _ in range(60):
        run_worker()
        first.refresh_from_db()
        if first.state != "pending":
            break
        clock.advance_to(first.next_attempt_at)
    log = attempts(first)
    starts = [a.started_at for a in log]
    gaps = [round((b - a).total_seconds()) for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps[:8] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert max(gaps) == 3600
    assert first.state == "failed"
    assert starts[-1] >= first.created_at + timedelta(hours=24)
    assert starts[-2] < first.created_at + timedelta(hours=24)
    assert all(a.status == "failed" and a.response_code == 500 for a in log)
    assert "500" in first.last_error

    # The failed delivery no longer holds the line.
    second.refresh_from_db()
    assert second.state == "delivered"
    assert receiver.applied == [second.change_id]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_db_worker_sends_deliveries_whose_task_a_stopped_worker_took_with_it(
    treatment, subscription, receiver
):
    receiver.start()
    publish(treatment, "Edited.")
    # A worker killed after claiming the task, before sending: the task row
    # stays "running" forever and nothing else is queued.
    DBTaskResult.objects.filter(queue_name="webhooks").update(status="RUNNING")

    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )

    [delivery] = deliveries(subscription)
    assert delivery.state == "delivered"
    assert receiver.applied == [delivery.change_id]


# --- The worker process, killed mid-delivery ---------------------------------------


WORKER_SETTINGS = "tests.webhook_worker_settings"


def start_worker(env):
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
            "--skip-checks",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


class WorkerDatabase:
    """The worker process's view of this test database.

    PostgreSQL: the test database itself (``transaction=True`` commits). SQLite's
    test database lives in this process's memory, so it is copied to a file for
    the worker and copied back once the worker has stopped.
    """

    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "worker.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(self.path) as target:
                connection.connection.backup(target)
            self.url = f"sqlite:///{self.path}"
        else:
            s = connection.settings_dict
            self.url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"

    def env(self):
        env = dict(os.environ, DATABASE_URL=self.url, DJANGO_SETTINGS_MODULE=WORKER_SETTINGS)
        env.pop("PYTEST_XDIST_WORKER", None)
        return env

    def copy_back(self):
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as source:
                source.backup(connection.connection)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_mid_delivery_and_restarted_loses_nothing(
    treatment, subscription, receiver, tmp_path
):
    receiver.hold_first = True
    receiver.start()
    for n in range(3):
        publish(treatment, f"Edit {n}.")
    ids = [d.change_id for d in deliveries(subscription)]

    database = WorkerDatabase(tmp_path)
    worker = start_worker(database.env())
    try:
        # The receiver has applied the first change and holds the request open.
        wait_for(receiver.arrived.is_set, 60, "the first delivery to reach the receiver")
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        receiver.release.set()
        assert receiver.applied == ids[:1]

        worker = start_worker(database.env())
        wait_for(lambda: len(receiver.applied) == 3, 60, "every change to be applied")
        # Let it record the last answer, then stop it the way a deployment does.
        wait_for(lambda: len(receiver.arrivals) >= 4, 10, "the resent first delivery")
        time.sleep(1)
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                worker.kill()
    database.copy_back()

    # The receiver applied each change exactly once, in order; the only repeat
    # is the first change, resent under the same id after the kill.
    assert receiver.applied == ids
    assert [arrival[0] for arrival in receiver.arrivals] == [ids[0], ids[0], ids[1], ids[2]]
    assert [arrival[1] for arrival in receiver.arrivals[:2]] == [1, 2]
    assert receiver.bad_signatures == 0
    states = [d.state for d in deliveries(subscription)]
    assert states == ["delivered"] * 3
    first = deliveries(subscription)[0]
    assert [a.status for a in attempts(first)] == ["interrupted", "succeeded"]
