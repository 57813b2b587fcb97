"""The webhooks admin: subscriptions and their secret, deliveries and their attempts."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from cms.webhooks import dispatch
from cms.webhooks.models import Attempt, Delivery, Subscription

from .test_webhooks import publish


def queued_tasks():
    return DBTaskResult.objects.filter(queue_name="webhooks", status="READY").count()


def test_an_administrator_adds_a_subscription_and_sees_its_secret(admin_client, library):
    site = Site.objects.get(root_page=library)
    response = admin_client.get(reverse("webhooks_subscription:add"))
    assert response.status_code == 200
    assert b"Kinds of change" in response.content

    response = admin_client.post(
        reverse("webhooks_subscription:add"),
        {
            "name": "Calgary website",
            "site": site.pk,
            "url": "https://www.calgary-clinic.example.com/hooks/cms",
            "events": ["publish", "unpublish", "delete"],
            "locales": [],
            "active": "on",
        },
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get(name="Calgary website")
    assert subscription.events == ["publish", "unpublish", "delete"]
    assert subscription.locales == []
    assert subscription.secret.startswith("whsec_") and len(subscription.secret) > 40

    edit = admin_client.get(reverse("webhooks_subscription:edit", args=[subscription.pk]))
    assert subscription.secret in edit.content.decode()
    assert b"Rotate secret" in edit.content and b"Send test event" in edit.content
    index = admin_client.get(reverse("webhooks_subscription:index"))
    assert b"Calgary website" in index.content


def test_a_subscription_needs_at_least_one_kind_of_change(admin_client, library):
    response = admin_client.post(
        reverse("webhooks_subscription:add"),
        {
            "name": "Nothing",
            "site": Site.objects.get(root_page=library).pk,
            "url": "https://example.com/hook",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_rotating_the_secret_keeps_the_old_one_signing_for_a_while(admin_client, subscription):
    old = subscription.secret
    url = reverse("webhooks_subscription:rotate_secret", args=[subscription.pk])
    assert admin_client.get(url).status_code == 200  # the confirmation page
    assert admin_client.post(url).status_code == 302

    subscription.refresh_from_db()
    assert subscription.secret != old and subscription.secret.startswith("whsec_")
    assert subscription.signing_secrets() == [subscription.secret, old]
    later = subscription.previous_secret_expires_at + timedelta(seconds=1)
    assert subscription.signing_secrets(now=later) == [subscription.secret]


def test_send_test_event_posts_a_signed_ping_and_reports_the_answer(
    admin_client, subscription, receiver
):
    receiver.start()
    url = reverse("webhooks_subscription:send_test", args=[subscription.pk])
    response = admin_client.post(url, follow=True)

    assert [p["event"] for p in receiver.pings] == ["ping"]
    assert receiver.bad_signatures == 0
    assert "was accepted: the receiver answered 204" in response.content.decode()


def test_send_test_event_says_when_the_receiver_is_down(admin_client, subscription):
    url = reverse("webhooks_subscription:send_test", args=[subscription.pk])
    response = admin_client.post(url, follow=True)
    assert "could not be delivered: ConnectionError" in response.content.decode()


def test_deliveries_list_and_inspect_show_every_attempt(
    admin_client, treatment, subscription, receiver
):
    publish(treatment, "Edited.")
    delivery = subscription.deliveries.get()
    dispatch.deliver_next(subscription.pk)  # receiver down: a failed attempt
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    receiver.start()
    dispatch.deliver_next(subscription.pk)

    index = admin_client.get(reverse("webhooks_delivery:index"), {"subscription": subscription.pk})
    assert index.status_code == 200
    assert f"#{delivery.change_id}".encode() in index.content
    assert b"Delivered" in index.content

    page = admin_client.get(reverse("webhooks_delivery:inspect", args=[delivery.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    failed, succeeded = delivery.attempt_log.order_by("number")
    assert failed.status == Attempt.Status.FAILED and "ConnectionError" in failed.error
    assert succeeded.response_code == 200
    assert "ConnectionError" in html and "Succeeded" in html and "Failed" in html
    assert f"{succeeded.latency_ms} ms" in html
    assert "Redeliver" in html


def test_redeliver_sends_a_delivered_change_again_under_the_same_id(
    admin_client, treatment, subscription, receiver
):
    receiver.start()
    publish(treatment, "Edited.")
    delivery = subscription.deliveries.get()
    dispatch.deliver_next(subscription.pk)
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    before = queued_tasks()

    url = reverse("webhooks_delivery:redeliver", args=[delivery.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response.status_code == 302

    delivery.refresh_from_db()
    assert delivery.state == "pending"
    assert queued_tasks() == before + 1
    dispatch.deliver_next(subscription.pk)
    assert [arrival[0] for arrival in receiver.arrivals] == [delivery.change_id] * 2
    assert receiver.applied == [delivery.change_id]  # the receiver recognised the id
    delivery.refresh_from_db()
    assert delivery.state == "delivered" and delivery.attempts == 2


def test_redeliver_revives_a_failed_delivery(admin_client, treatment, subscription, receiver):
    publish(treatment, "Edited.")
    delivery = subscription.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(retry_until=timezone.now())
    dispatch.deliver_next(subscription.pk)
    delivery.refresh_from_db()
    assert delivery.state == "failed"

    admin_client.post(reverse("webhooks_delivery:redeliver", args=[delivery.pk]))
    receiver.start()
    dispatch.deliver_next(subscription.pk)
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    assert delivery.retry_until > timezone.now() + timedelta(hours=23)


def test_the_list_warns_when_no_worker_is_sending(admin_client, treatment, subscription):
    publish(treatment, "Edited.")
    publish(treatment, "Edited again.")
    index = admin_client.get(reverse("webhooks_delivery:index"))
    assert b"manage.py db_worker" not in index.content

    # The head is retrying later: the one behind it waits for it, not for a worker.
    head, behind = subscription.deliveries.order_by("change_id")
    Delivery.objects.filter(pk=behind.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    Delivery.objects.filter(pk=head.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    index = admin_client.get(reverse("webhooks_delivery:index"))
    assert b"manage.py db_worker" not in index.content

    # Overdue at the head of the line: no worker is taking it.
    Delivery.objects.filter(pk=head.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    index = admin_client.get(reverse("webhooks_delivery:index"))
    assert b"1 delivery is overdue" in index.content
    assert b"manage.py db_worker" in index.content


def test_deliveries_cannot_be_added_edited_or_deleted(admin_client):
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"webhooks_delivery:{name}", args=[] if name == "add" else [1])
    index = admin_client.get(reverse("webhooks_delivery:index"))
    assert index.status_code == 200


def test_an_editor_without_webhook_permissions_is_refused(client, django_user_model, subscription):
    editor = django_user_model.objects.create_user("editor", password="x")
    # Wagtail's own "Editors" group: admin access, no webhook permissions.
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    # Wagtail answers a refusal with a redirect to the dashboard and a message.
    home = reverse("wagtailadmin_home")
    for url in (reverse("webhooks_subscription:index"), reverse("webhooks_delivery:index")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == home
    for url in (
        reverse("webhooks_subscription:rotate_secret", args=[subscription.pk]),
        reverse("webhooks_subscription:send_test", args=[subscription.pk]),
    ):
        response = client.post(url)
        assert response.status_code == 302 and response.url == home
    old = subscription.secret
    subscription.refresh_from_db()
    assert subscription.secret == old


def admin_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_admin_lists_cost_the_same_queries_for_few_and_many_rows(
    admin_client, treatment, subscription, library
):
    site = Site.objects.get(root_page=library)
    counts = {}
    for total in (2, 12):
        while subscription.deliveries.count() < total:
            publish(treatment, f"Edit {subscription.deliveries.count()}.")
        while Subscription.objects.count() < total:
            Subscription.objects.create(
                name=f"Receiver {Subscription.objects.count()}",
                site=site,
                url="https://example.com/hook",
                events=["publish"],
            )
        counts[total] = (
            admin_queries(admin_client, reverse("webhooks_delivery:index")),
            admin_queries(admin_client, reverse("webhooks_subscription:index")),
        )
    assert counts[2] == counts[12]
