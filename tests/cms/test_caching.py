"""Conditional requests and the shared response cache: headers, 304s, exact invalidation.

``X-Cache: hit`` means the response came from the shared cache without
rendering; the tests use it, and query counts, to prove what was (and was not)
invalidated by each change.
"""

from unittest import mock

import pytest
from django.test import override_settings
from wagtail.models import Page

from cms.delivery import invalidation
from treatment_pages.models import RiskItem

from ..api_helpers import TREATMENT_LIST_URL as LIST_URL
from ..api_helpers import detail_url
from ..conftest import CALGARY_HOST
from ..factories import RiskListFactory, TreatmentPageFactory
from ..redis import redis_cache
from ..translations import translate

LIBRARY_HOST = "localhost"


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def shared_cache(request):
    """Every test here runs on the local-memory cache and on Redis (as in production)."""
    if request.param == "locmem":
        yield
        return
    with redis_cache():
        yield


def get(client, url, host=LIBRARY_HOST, **headers):
    return client.get(url, HTTP_HOST=host, **headers)


def warm(client, url, host=LIBRARY_HOST):
    """Request twice; the second answer must come from the cache."""
    first = get(client, url, host)
    assert first.status_code == 200, first.content[:300]
    second = get(client, url, host)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    return second


# --- Headers -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["list", "detail", "html"])
def test_every_public_response_carries_validators_and_cache_control(client, treatment, kind):
    url = {"list": LIST_URL, "detail": detail_url(treatment), "html": treatment.url}[kind]
    response = get(client, url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert response["Last-Modified"]
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=60" in cache_control
    assert "stale-while-revalidate=" in cache_control


def test_last_modified_is_the_newest_publish_or_snippet_edit_the_response_shows(
    client, treatment, risk_list
):
    from django.utils.http import parse_http_date

    response = get(client, detail_url(treatment))
    treatment.refresh_from_db()
    risk_list.refresh_from_db()
    newest = max(treatment.last_published_at, risk_list.updated_at)
    assert parse_http_date(response["Last-Modified"]) == int(newest.timestamp())


def test_admin_and_preview_are_private_and_never_stored(admin_client, treatment):
    edit = admin_client.get(f"/admin/pages/{treatment.pk}/edit/")
    preview = admin_client.get(f"/admin/pages/{treatment.pk}/edit/preview/")

    for response in (edit, preview):
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert "X-Cache" not in response


def test_a_signed_in_editor_gets_a_private_fresh_rendering(admin_client, treatment):
    first = admin_client.get(treatment.url, HTTP_HOST=LIBRARY_HOST)
    second = admin_client.get(treatment.url, HTTP_HOST=LIBRARY_HOST)

    assert "private" in second["Cache-Control"]
    assert "X-Cache" not in first and "X-Cache" not in second


# --- 304 -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["list", "detail", "html"])
def test_if_none_match_gets_a_304_with_no_body_and_no_query(
    client, treatment, kind, django_assert_max_num_queries
):
    url = {"list": LIST_URL, "detail": detail_url(treatment), "html": treatment.url}[kind]
    etag = get(client, url)["ETag"]

    with django_assert_max_num_queries(0):
        response = get(client, url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.parametrize("kind", ["list", "detail", "html"])
def test_if_modified_since_gets_a_304_with_no_query(
    client, treatment, kind, django_assert_max_num_queries
):
    url = {"list": LIST_URL, "detail": detail_url(treatment), "html": treatment.url}[kind]
    last_modified = get(client, url)["Last-Modified"]

    with django_assert_max_num_queries(0):
        response = get(client, url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304
    assert response.content == b""


def test_a_stale_etag_gets_the_new_body(client, treatment):
    etag = get(client, detail_url(treatment))["ETag"]
    treatment.title = "Botox for migraine"
    treatment.save_revision().publish()

    response = get(client, detail_url(treatment), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response.json()["title"] == "Botox for migraine"
    assert response["ETag"] != etag


@override_settings(CMS_CACHE={"ENABLED": False})
def test_without_the_shared_cache_a_304_still_answers_conditional_requests(client, treatment):
    etag = get(client, detail_url(treatment))["ETag"]

    response = get(client, detail_url(treatment), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert "X-Cache" not in response


# --- Shared cache ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["list", "detail", "html"])
def test_a_cached_response_is_served_without_a_query(
    client, treatment, kind, django_assert_max_num_queries
):
    url = {"list": LIST_URL, "detail": detail_url(treatment), "html": treatment.url}[kind]
    first = get(client, url)
    assert first["X-Cache"] == "miss"

    with django_assert_max_num_queries(0):
        second = get(client, url)

    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_the_cache_is_per_site_and_per_query(client, treatment, local_page):
    library = get(client, "/api/v2/pages/")
    calgary = get(client, "/api/v2/pages/", CALGARY_HOST)
    limited = get(client, "/api/v2/pages/?limit=1")

    assert {r["X-Cache"] for r in (library, calgary, limited)} == {"miss"}
    assert library.json() != calgary.json()


@pytest.mark.parametrize("kind", ["list", "detail", "html"])
def test_publishing_a_page_is_seen_at_once(client, treatment, kind):
    url = {"list": LIST_URL, "detail": detail_url(treatment), "html": treatment.url}[kind]
    warm(client, url)

    treatment.summary = "Now also for migraine."
    treatment.save_revision().publish()

    response = get(client, url)
    assert response["X-Cache"] == "miss"
    assert b"Now also for migraine." in response.content


@pytest.mark.parametrize("kind", ["list", "detail", "html"])
def test_publishing_leaves_an_unrelated_page_cached(client, treatment, other_treatment, kind):
    url = {
        "list": "/api/v2/pages/?type=locations.ClinicPage",
        "detail": detail_url(other_treatment),
        "html": other_treatment.url,
    }[kind]
    warm(client, url)

    treatment.summary = "Changed."
    treatment.save_revision().publish()

    assert get(client, url)["X-Cache"] == "hit"


def test_a_newly_published_page_appears_in_cached_listings(client, library, treatment):
    warm(client, LIST_URL)

    TreatmentPageFactory(parent=library, title="Brand new explainer", slug="brand-new")

    assert b"Brand new explainer" in get(client, LIST_URL).content


def test_unpublishing_removes_the_page_from_detail_list_and_html(client, treatment):
    urls = [LIST_URL, detail_url(treatment), treatment.url]
    for url in urls:
        warm(client, url)

    treatment.unpublish()

    assert get(client, detail_url(treatment)).status_code == 404
    assert get(client, treatment.url).status_code == 404
    assert b"Therapeutic Botox" not in get(client, LIST_URL).content


def test_deleting_a_page_removes_it(client, treatment, other_treatment):
    warm(client, LIST_URL)
    warm(client, detail_url(other_treatment))

    Page.objects.get(pk=other_treatment.pk).delete()

    assert get(client, detail_url(other_treatment)).status_code == 404
    assert b"Night guards" not in get(client, LIST_URL).content


def test_moving_a_page_changes_its_urls_everywhere(client, library, treatment, other_treatment):
    warm(client, detail_url(treatment))
    warm(client, LIST_URL)

    treatment.move(other_treatment, pos="last-child")

    moved = get(client, detail_url(treatment)).json()
    assert "/night-guards/therapeutic-botox/" in moved["meta"]["html_url"]


def test_a_risk_list_edit_invalidates_every_explainer_and_local_page_that_shows_it(
    client, treatment, local_page, risk_list, other_treatment
):
    shows_it = [
        (LIBRARY_HOST, detail_url(treatment)),
        (LIBRARY_HOST, treatment.url),
        (LIBRARY_HOST, LIST_URL),
        (CALGARY_HOST, detail_url(local_page)),
        (CALGARY_HOST, "/therapeutic-botox/"),
        (CALGARY_HOST, "/api/v2/pages/?type=locations.LocalTreatmentPage&fields=*"),
        (LIBRARY_HOST, f"/api/v2/risk-lists/{risk_list.pk}/"),
    ]
    unrelated = [(LIBRARY_HOST, detail_url(other_treatment)), (LIBRARY_HOST, other_treatment.url)]
    for host, url in shows_it + unrelated:
        warm(client, url, host)

    # As the snippet editor saves it: the list, then its items.
    item = risk_list.items.first()
    item.name = "Eyelid droop"
    risk_list.save()
    item.save()

    for host, url in shows_it:
        response = get(client, url, host)
        assert response["X-Cache"] == "miss", url
        assert b"Eyelid droop" in response.content, url
    for host, url in unrelated:
        assert get(client, url, host)["X-Cache"] == "hit", url


@pytest.mark.parametrize("change", ["create", "translate", "delete"])
def test_the_risk_lists_listing_follows_lists_created_translated_and_deleted(
    client, risk_list, treatment, change
):
    listing = "/api/v2/risk-lists/?fields=name"
    french = "/api/v2/risk-lists/?fields=name&locale=fr-CA"
    for url in (listing, french, detail_url(treatment)):
        warm(client, url)
    before = get(client, listing).json()["meta"]["total_count"]

    if change == "create":
        RiskListFactory(name="Whitening risks", items=2)
        assert get(client, listing).json()["meta"]["total_count"] == before + 1
        assert b"Whitening risks" in get(client, listing).content
    elif change == "translate":
        translate(risk_list, name="Risques du Botox")
        assert b"Risques du Botox" in get(client, french).content
    else:
        extra = RiskListFactory(name="Temporary list", items=1)
        assert b"Temporary list" in get(client, listing).content
        extra.delete()
        assert b"Temporary list" not in get(client, listing).content
    assert get(client, detail_url(treatment))["X-Cache"] == "hit"  # not a page change


def test_a_new_risk_item_is_seen_on_the_explainer_and_local_page(client, treatment, local_page):
    warm(client, treatment.url)
    warm(client, "/therapeutic-botox/", CALGARY_HOST)

    RiskItem.objects.create(
        risk_list=treatment.risk_list_links.first().risk_list,
        name="Drooping eyelid",
        description="Rare; wears off.",
        frequency="rare",
        sort_order=99,
    )

    assert b"Drooping eyelid" in get(client, treatment.url).content
    assert b"Drooping eyelid" in get(client, "/therapeutic-botox/", CALGARY_HOST).content


def test_republishing_a_master_refreshes_its_local_pages(client, treatment, local_page):
    warm(client, detail_url(local_page), CALGARY_HOST)
    warm(client, "/therapeutic-botox/", CALGARY_HOST)

    treatment.summary = "A fresh summary from the clinical team."
    treatment.save_revision().publish()

    for url in (detail_url(local_page), "/therapeutic-botox/"):
        assert b"A fresh summary from the clinical team." in get(client, url, CALGARY_HOST).content


def test_editing_a_reviewer_refreshes_the_pages_that_name_them(client, treatment):
    reviewer = treatment.reviewer
    if reviewer is None:
        pytest.skip("the factory's explainer names no reviewer")
    warm(client, detail_url(treatment))

    reviewer.name = "Dr. Renamed Reviewer"
    reviewer.save()

    assert b"Dr. Renamed Reviewer" in get(client, detail_url(treatment)).content


def test_a_render_overlapping_an_invalidation_is_not_stored(client, treatment):
    from cms.delivery import caching

    real_store = caching.ResponseCacheMiddleware.store

    def store_after_a_publish(self, *args, **kwargs):
        caching.invalidate(["page:0"])  # any change, anywhere, during the render
        return real_store(self, *args, **kwargs)

    with mock.patch.object(caching.ResponseCacheMiddleware, "store", store_after_a_publish):
        get(client, detail_url(treatment))

    assert get(client, detail_url(treatment))["X-Cache"] == "miss"


def test_a_render_storing_while_counters_are_being_bumped_is_not_kept(client, treatment):
    """A render from the old rows that stores halfway through an invalidation is dropped.

    Found by the soak (bench/soak.py): a listing rendered before a publish
    committed, then stored after the page's counter moved but before the
    epoch did, and was served stale until the next publish.
    """
    from cms.delivery import caching

    real_store = caching.ResponseCacheMiddleware.store
    deferred = []

    def store_later(self, *args, **kwargs):
        deferred.append((self, args, kwargs))

    with mock.patch.object(caching.ResponseCacheMiddleware, "store", store_later):
        get(client, detail_url(treatment))  # rendered now, stored below

    # Store as soon as the publish has moved a counter: on local memory after
    # the first of them (counters move one at a time); on Redis, where they
    # all move in one script, after that script.
    bump = "bump_counters" if hasattr(caching.cache, "bump_counters") else "incr"
    real_bump = getattr(caching.cache, bump)

    def bump_then_store(*args, **kwargs):
        result = real_bump(*args, **kwargs)
        while deferred:
            middleware, store_args, store_kwargs = deferred.pop()
            real_store(middleware, *store_args, **store_kwargs)
        return result

    with mock.patch.object(caching.cache, bump, bump_then_store):
        caching.invalidate([f"page:{treatment.pk}"])

    assert deferred == []  # the store did run in the middle of the invalidation
    assert get(client, detail_url(treatment))["X-Cache"] == "miss"


# --- Front-end cache (CDN) purge ------------------------------------------------


@override_settings(
    WAGTAILFRONTENDCACHE={
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
)
def test_a_risk_list_edit_purges_the_pages_and_api_urls_that_show_it(
    treatment, local_page, risk_list, other_treatment, django_capture_on_commit_callbacks
):
    with mock.patch.object(invalidation.PurgeBatch, "purge", autospec=True) as purge:
        with django_capture_on_commit_callbacks(execute=True):
            risk_list.name = "Renamed"
            risk_list.save()

    urls = purge.call_args.args[0].urls
    assert any(url.endswith(f"/api/v2/pages/{treatment.pk}/") for url in urls)
    assert any(url.endswith(f"/api/v2/pages/{local_page.pk}/") for url in urls)
    assert any(url.endswith("/therapeutic-botox/") for url in urls)
    assert not any(str(other_treatment.pk) in url.rsplit("/", 2)[-2] for url in urls)
    assert not any("night-guards" in url for url in urls)
