"""With Redis unreachable, readers are served from the database and publishing is refused.

The shared cache only holds what can be rebuilt (``cms.delivery.redis_cache``):
when it cannot be reached, pages and the API are rendered afresh and nothing
is kept, and rate limits let requests through uncounted. A publish must move
its dependency counters, so it is refused (in the edit view, with a message,
the edits kept as a draft). One that committed before the cache failed is
settled once the cache answers again: everything stored is dropped.
"""

import logging
import time

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.delivery import caching, redis_cache
from cms.delivery.redis_cache import CacheUnavailable
from cms.publishing import PAGE_NOT_PUBLISHED
from locations.models import LocalTreatmentPage

from ..api_helpers import TREATMENT_LIST_URL, detail_url
from ..conftest import CALGARY_HOST
from ..redis import redis_cache as redis_cache_on_real_redis
from ..servers import free_port


@pytest.fixture
def redis_down(caplog, monkeypatch):
    """The project's Redis backend pointed at a port nothing listens on."""
    # Warn in every test; and whatever these tests leave, later tests find Redis tried again.
    monkeypatch.setattr(redis_cache, "_last_warning", float("-inf"))
    monkeypatch.setattr(redis_cache, "_skip_until", 0.0)
    unreachable = {
        "default": {
            "BACKEND": "cms.delivery.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    with override_settings(CACHES=unreachable), caplog.at_level(logging.WARNING):
        yield caplog


@pytest.mark.parametrize("kind", ["html", "detail", "list"])
def test_pages_and_the_api_are_served_from_the_database(client, treatment, redis_down, kind):
    url = {"html": treatment.url, "detail": detail_url(treatment), "list": TREATMENT_LIST_URL}[kind]

    responses = [client.get(url), client.get(url)]

    for response in responses:
        assert response.status_code == 200
        assert treatment.title in response.content.decode()
        assert response["X-Cache"] != "hit"
    assert "The shared cache (REDIS_URL) is unreachable" in redis_down.text


def test_after_one_failure_reads_skip_redis_for_a_while(redis_down, monkeypatch):
    from django.core.cache import cache

    tries = []
    get_client = redis_cache.RedisCacheClient.get_client
    monkeypatch.setattr(
        redis_cache.RedisCacheClient,
        "get_client",
        lambda self, *args, **kwargs: tries.append(1) or get_client(self, *args, **kwargs),
    )

    assert cache.get("anything", "missing") == "missing"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is False

    assert len(tries) == 1  # one attempt; the others answered at once
    monkeypatch.setattr(redis_cache, "_skip_until", 0.0)  # the window is over
    cache.get("anything")
    assert len(tries) == 2


def test_revalidation_still_answers_304(client, treatment, redis_down):
    etag = client.get(treatment.url)["ETag"]

    response = client.get(treatment.url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_a_local_page_on_its_clinic_site_is_served(client, local_page, redis_down):
    response = client.get(local_page.url, HTTP_HOST=CALGARY_HOST)

    assert response.status_code == 200
    assert local_page.title in response.content.decode()


def test_rate_limits_let_requests_through_uncounted(client, treatment, redis_down):
    with override_settings(CMS_KEYS={"ANONYMOUS_RATE_LIMIT": 1}):
        responses = [client.get(detail_url(treatment)) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert "RateLimit-Limit" not in responses[-1]


def test_with_redis_up_the_same_limit_refuses_the_second_request(client, treatment):
    # The check of the check: the limit above would have refused.
    with override_settings(CMS_KEYS={"ANONYMOUS_RATE_LIMIT": 1}):
        responses = [client.get(detail_url(treatment)) for _ in range(2)]

    assert [r.status_code for r in responses] == [200, 429]


def test_a_publish_is_refused_with_a_message_and_the_edits_kept_as_a_draft(
    admin_client, local_page, redis_down
):
    data = nested_form_data(
        {
            "title": local_page.title,
            "slug": local_page.slug,
            "master": str(local_page.master_id),
            "introduction": rich_text(""),
            "local_summary": "",
            "price_from": "450",
            "price_to": "",
            "price_note": "",
            "coverage_notes": rich_text(""),
            "booking_url": "",
            "practitioner_links": inline_formset([]),
            "action-publish": "1",
        }
    )

    revisions = local_page.revisions.count()

    response = admin_client.post(f"/admin/pages/{local_page.pk}/edit/", data)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{local_page.pk}/edit/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [PAGE_NOT_PUBLISHED]
    page = LocalTreatmentPage.objects.get(pk=local_page.pk)
    assert page.price_from != 450  # not published...
    assert page.has_unpublished_changes  # ...but the edits are kept, as the message says
    assert local_page.revisions.count() == revisions + 1
    assert page.get_latest_revision_as_object().price_from == 450


def test_outside_the_admin_a_refused_change_is_an_error(local_page, redis_down):
    local_page.price_from = 450
    with pytest.raises(CacheUnavailable, match="unreachable"):
        local_page.save_revision().publish()


def test_a_change_committed_before_the_cache_failed_drops_every_stored_response_later(
    client, treatment, other_treatment, monkeypatch, django_capture_on_commit_callbacks
):
    """Redis answers the publish's first bump, then fails the one after the commit."""
    url = detail_url(other_treatment)  # not the page published: only the settling drops it
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"

    bump = caching._bump
    calls = []

    def bump_failing_once_committed(keys):
        calls.append(keys)
        if len(calls) == 2:
            raise CacheUnavailable("Redis went away")
        bump(keys)

    monkeypatch.setattr(caching, "_bump", bump_failing_once_committed)
    monkeypatch.setattr(caching, "_owed", False)
    with django_capture_on_commit_callbacks(execute=True):
        treatment.summary = "Committed while the cache failed."
        treatment.save_revision().publish()  # no error: it is in the database

    treatment.refresh_from_db()
    assert treatment.summary == "Committed while the cache failed."
    assert caching._owed
    after = client.get(url)  # the cache answers again: settled first
    assert after["X-Cache"] == "miss"
    assert not caching._owed
    assert client.get(url)["X-Cache"] == "hit"


def test_while_the_settling_bump_fails_nothing_is_served_from_the_cache(
    client, treatment, monkeypatch
):
    url = detail_url(treatment)
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    def unreachable(keys):
        raise CacheUnavailable("still down")

    monkeypatch.setattr(caching, "_owed", True)
    monkeypatch.setattr(caching, "_bump", unreachable)
    responses = [client.get(url), client.get(url)]

    assert [r.status_code for r in responses] == [200, 200]
    assert all(r["X-Cache"] == "miss" for r in responses)
    assert caching._owed


def test_rate_limits_do_not_wait_on_a_redis_that_just_failed(monkeypatch):
    """Up again, but within the skip window: counted nowhere, refused never, no error."""
    from cms.keys import ratelimit

    with redis_cache_on_real_redis():
        monkeypatch.setattr(redis_cache, "_skip_until", time.monotonic() + 60)
        assert ratelimit.hit("ip:192.0.2.1", limit=1, window=60) is None
        monkeypatch.setattr(redis_cache, "_skip_until", 0.0)
        assert ratelimit.hit("ip:192.0.2.1", limit=1, window=60).count == 1
