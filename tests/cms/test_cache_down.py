"""With Redis unreachable, readers are served from the database and publishing is refused.

The shared cache only holds what can be rebuilt (``cms.delivery.redis_cache``):
when it cannot be reached, pages and the API are rendered afresh and nothing
is kept, and rate limits let requests through uncounted. A publish must move
its dependency counters, so it is refused (in the edit view, with a message,
the edits kept as a draft). Any other admin change that the cache refuses is
rolled back whole, with a page saying so. One that committed before the cache
failed is settled once the cache answers again: everything stored is dropped.
"""

import logging
import time

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.delivery import caching, redis_cache
from cms.delivery.redis_cache import CacheUnavailable
from cms.keys.models import ApiKey
from cms.publishing import CHANGE_NOT_SAVED, PAGE_NOT_PUBLISHED
from locations.models import LocalTreatmentPage, Practitioner

from ..api_helpers import TREATMENT_LIST_URL, detail_url
from ..conftest import CALGARY_HOST
from ..locations.test_admin import local_form
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


# --- Other admin changes: rolled back whole ------------------------------------


@pytest.fixture
def editor_client(admin_client):
    """The admin's client, answering a view's error as a browser would see it."""
    admin_client.raise_request_exception = False
    return admin_client


@pytest.fixture
def api_key(calgary):
    return ApiKey.issue(name="Front end", site=calgary.get_site())[0]


def assert_nothing_saved(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    body = response.content.decode()
    assert "Nothing was saved" in body and "Redis (REDIS_URL)" in body
    assert "Back button" in body


def test_making_a_page_private_is_rolled_back_not_half_saved(editor_client, treatment, redis_down):
    # Wagtail's privacy view saves the restriction, then the cache refuses to
    # drop the page's public copies: kept, the page would stay public in them.
    response = editor_client.post(
        f"/admin/pages/{treatment.pk}/privacy/", {"restriction_type": "login"}
    )

    assert_nothing_saved(response)
    assert not PageViewRestriction.objects.filter(page=treatment).exists()


def test_rotating_a_key_keeps_the_secret_in_use(editor_client, api_key, redis_down):
    # Saved, the rotation would replace a secret with one nobody is shown.
    before = ApiKey.objects.values().get(pk=api_key.pk)

    response = editor_client.post(f"/admin/api-keys/rotate/{api_key.pk}/")

    assert_nothing_saved(response)
    assert ApiKey.objects.values().get(pk=api_key.pk) == before


def test_revoking_a_key_is_refused_while_the_cache_could_still_accept_it(
    editor_client, api_key, redis_down
):
    response = editor_client.post(f"/admin/api-keys/revoke/{api_key.pk}/")

    assert_nothing_saved(response)
    assert ApiKey.objects.get(pk=api_key.pk).is_active


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_unpublishing_or_deleting_a_page_changes_nothing(
    editor_client, treatment, redis_down, action
):
    response = editor_client.post(f"/admin/pages/{treatment.pk}/{action}/")

    assert_nothing_saved(response)
    assert Page.objects.filter(pk=treatment.pk, live=True).exists()


def test_editing_a_snippet_changes_nothing(editor_client, local_page, practitioner, redis_down):
    response = editor_client.post(
        f"/admin/snippets/locations/practitioner/edit/{practitioner.pk}/",
        {"name": "Dr. Renamed", "credentials": "", "role": practitioner.role, "bio": ""},
    )

    assert_nothing_saved(response)
    assert Practitioner.objects.get(pk=practitioner.pk).name == practitioner.name


def test_creating_and_publishing_a_page_creates_nothing(
    editor_client, calgary, treatment, redis_down
):
    response = editor_client.post(
        f"/admin/pages/add/locations/localtreatmentpage/{calgary.pk}/", local_form(treatment)
    )

    assert_nothing_saved(response)
    assert not LocalTreatmentPage.objects.filter(slug="botox-local").exists()


def test_saving_a_draft_does_not_need_the_cache(editor_client, calgary, treatment, redis_down):
    data = local_form(treatment)
    del data["action-publish"]

    response = editor_client.post(
        f"/admin/pages/add/locations/localtreatmentpage/{calgary.pk}/", data
    )

    assert response.status_code == 302
    assert not LocalTreatmentPage.objects.get(slug="botox-local").live


def test_a_script_asking_for_json_gets_the_reason_as_json(editor_client, api_key, redis_down):
    response = editor_client.post(
        f"/admin/api-keys/revoke/{api_key.pk}/", HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 503
    assert response.json() == {
        "success": False,
        "error_code": "cache_unavailable",
        "error_message": CHANGE_NOT_SAVED,
    }


def test_an_admin_change_that_fails_otherwise_is_rolled_back_too(
    editor_client, api_key, monkeypatch
):
    """Any error, not only the cache's: the revocation's write does not outlive it."""

    def log_fails(**kwargs):
        raise RuntimeError("the change log failed")

    monkeypatch.setattr("cms.keys.views.log", log_fails)

    response = editor_client.post(f"/admin/api-keys/revoke/{api_key.pk}/")

    assert response.status_code == 500
    assert ApiKey.objects.get(pk=api_key.pk).is_active


class CacheFailingAfterTheView:
    """The real cache, until the view has run: then every ``delete_many`` fails."""

    def __init__(self, cache):
        self.cache, self.failing = cache, False

    def delete_many(self, keys):
        if self.failing:
            raise CacheUnavailable("Redis went away after the view")
        return self.cache.delete_many(keys)

    def __getattr__(self, name):
        return getattr(self.cache, name)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_key_rotation_committed_before_the_cache_failed_shows_the_new_secret(
    editor_client, api_key, monkeypatch, caplog
):
    """Committed is committed: the new secret must be shown, not "nothing was saved"."""
    from django.core.cache import cache
    from wagtail.log_actions import log

    flaky = CacheFailingAfterTheView(cache)
    monkeypatch.setattr("cms.keys.auth.cache", flaky)

    def log_then_cache_fails(**kwargs):
        log(**kwargs)
        flaky.failing = True  # the commit comes next

    monkeypatch.setattr("cms.keys.views.log", log_then_cache_fails)
    before = api_key.hashed_key

    response = editor_client.post(f"/admin/api-keys/rotate/{api_key.pk}/")

    assert response.status_code == 200
    raw_key = response.context["raw_key"]
    assert raw_key in response.content.decode()
    assert ApiKey.objects.get(pk=api_key.pk).hashed_key not in (before, "")
    assert "API key change was committed but the shared cache could not be told" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_that_committed_is_never_reported_as_not_saved(
    editor_client, api_key, monkeypatch
):
    """Work run after the commit that cannot reach the cache is an error, not a rollback."""
    from django.db import transaction
    from wagtail.log_actions import log

    def unreachable():
        raise CacheUnavailable("Redis went away after the commit")

    def log_and_fail_on_commit(**kwargs):
        log(**kwargs)
        transaction.on_commit(unreachable)

    monkeypatch.setattr("cms.keys.views.log", log_and_fail_on_commit)

    response = editor_client.post(f"/admin/api-keys/revoke/{api_key.pk}/")

    assert response.status_code == 500
    assert "Nothing was saved" not in response.content.decode()
    assert not ApiKey.objects.get(pk=api_key.pk).is_active


def test_a_moderator_approving_with_edits_the_checks_refuse_keeps_the_edits(
    editor_client, admin_user, django_user_model, library
):
    """Wagtail saves the moderator's edits, then publishes: the refusal keeps the edits."""
    from wagtail.models import TaskState

    from treatment_pages.models import TreatmentPage

    from ..factories import RiskListFactory
    from ..treatment_pages.test_admin import add_url, explainer_form
    from ..treatment_pages.test_governance import start_clinical_review

    risk_list = RiskListFactory()
    assert editor_client.post(add_url(library), explainer_form(risk_list)).status_code == 302
    page = TreatmentPage.objects.get(slug="night-guards")
    start_clinical_review(page, library, admin_user, django_user_model)
    revisions = page.revisions.count()
    data = explainer_form(
        risk_list,
        summary="Guaranteed, risk-free and permanent results.",
        cta_heading="Book with the moderator's heading",
    )
    del data["action-publish"]
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})

    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert message.startswith("The page was not published:") and "guaranteed" in message.lower()
    page.refresh_from_db()
    assert page.revisions.count() == revisions + 1
    assert page.get_latest_revision_as_object().cta_heading == "Book with the moderator's heading"
    assert TaskState.objects.get(revision__object_id=str(page.pk)).status == "in_progress"


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
