"""Rate limits per key (or per address): headers on every API response, 429 past the limit."""

from unittest import mock

import pytest
from django.test import override_settings

from cms.keys import ratelimit

from ...conftest import CALGARY_HOST
from .conftest import get, issue

PAGES = "/api/v2/pages/"
HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy")


def limits(**settings):
    return override_settings(
        CMS_KEYS={"RATE_LIMIT": 5, "ANONYMOUS_RATE_LIMIT": 3, "RATE_LIMIT_WINDOW": 60, **settings}
    )


def remaining(response):
    return int(response["RateLimit-Remaining"])


@pytest.mark.parametrize(
    "url",
    [PAGES, "/api/v2/risk-lists/", "/api/v2/clinics/", "/api/v2/pages/999999/", "/api/nowhere/"],
)
def test_every_api_response_carries_the_rate_limit_headers(client, treatment, url):
    response = get(client, url)

    for header in HEADERS:
        assert response.has_header(header), header
    assert response["RateLimit-Limit"] == "300"
    assert response["RateLimit-Policy"] == "300;w=60"
    assert 1 <= int(response["RateLimit-Reset"]) <= 60


def test_html_pages_are_not_rate_limited(client, treatment):
    response = get(client, treatment.url)

    assert response.status_code == 200
    assert not response.has_header("RateLimit-Limit")


@limits()
def test_anonymous_requests_are_counted_per_address_and_refused_past_the_limit(client, treatment):
    responses = [get(client, PAGES) for _ in range(3)]
    assert [remaining(r) for r in responses] == [2, 1, 0]

    refused = get(client, PAGES)

    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    body = refused.json()
    assert body["status"] == 429
    assert "Rate limit exceeded" in body["message"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Retry-After"] == refused["RateLimit-Reset"]
    assert remaining(refused) == 0
    # Another address has its own count.
    assert get(client, PAGES, REMOTE_ADDR="192.0.2.9").status_code == 200


@limits()
def test_cache_hits_and_304s_count_toward_the_limit(client, treatment):
    first = get(client, PAGES)
    hit = get(client, PAGES)
    not_modified = get(client, PAGES, HTTP_IF_NONE_MATCH=first["ETag"])

    assert hit["X-Cache"] == "hit" and remaining(hit) == 1
    assert not_modified.status_code == 304 and remaining(not_modified) == 0
    assert get(client, PAGES).status_code == 429


@limits()
def test_a_key_has_its_own_count_and_limit(client, local_page, calgary_key):
    for _ in range(3):
        get(client, PAGES)
    assert get(client, PAGES).status_code == 429

    keyed = [get(client, PAGES, calgary_key) for _ in range(5)]

    assert [remaining(r) for r in keyed] == [4, 3, 2, 1, 0]
    assert keyed[0]["RateLimit-Limit"] == "5"
    assert get(client, PAGES, calgary_key).status_code == 429
    # A second key of the same site is counted apart.
    assert get(client, PAGES, issue(CALGARY_HOST, "Other")).status_code == 200


@limits()
def test_a_keys_own_rate_limit_overrides_the_default(client, local_page):
    generous = issue(CALGARY_HOST, rate_limit=50)

    response = get(client, PAGES, generous)

    assert response["RateLimit-Limit"] == "50" and remaining(response) == 49


@limits()
def test_invalid_keys_count_against_the_address(client, treatment):
    for _ in range(3):
        assert get(client, PAGES, "cms_00000000_" + "y" * 43).status_code == 401

    assert get(client, PAGES).status_code == 429


@limits()
def test_a_new_window_starts_a_new_count(client, treatment):
    now = 1_800_000_000.0  # the start of a window
    with mock.patch.object(ratelimit.time, "time", return_value=now):
        for _ in range(3):
            get(client, PAGES)
        assert get(client, PAGES).status_code == 429
    with mock.patch.object(ratelimit.time, "time", return_value=now + 60):
        response = get(client, PAGES)

    assert response.status_code == 200 and remaining(response) == 2


@limits(ANONYMOUS_RATE_LIMIT=0)
def test_a_limit_of_zero_turns_it_off(client, treatment):
    response = get(client, PAGES)

    assert response.status_code == 200
    assert not response.has_header("RateLimit-Limit")


@limits()
def test_errors_answered_before_the_views_get_cors_headers(client, treatment):
    from wagtail.models import Site

    from locations.models import FrontendSettings

    setting = FrontendSettings.for_site(Site.objects.get(is_default_site=True))
    setting.frontend_url = "https://www.example.com/"
    setting.save()
    for _ in range(3):
        get(client, PAGES)

    refused = get(client, PAGES, HTTP_ORIGIN="https://www.example.com")

    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == "https://www.example.com"
    assert "Retry-After" in refused["Access-Control-Expose-Headers"]


def test_preflight_requests_are_not_counted(client, treatment):
    response = client.options(
        PAGES,
        HTTP_HOST="localhost",
        HTTP_ORIGIN="https://www.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert not response.has_header("RateLimit-Limit")
