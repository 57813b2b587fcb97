"""API keys on public endpoints: optional, checked on every request (cache hits too)."""

from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site

from cms.keys.models import ApiKey

from ...api_helpers import count_queries
from ...conftest import CALGARY_HOST
from .conftest import LIBRARY_HOST, get, issue

PAGES = "/api/v2/pages/"


def titles(response):
    assert response.status_code == 200, response.content[:300]
    return {item["title"] for item in response.json()["items"]}


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    assert body["message"]
    return body


# --- Keys are optional for public reads -----------------------------------------


def test_without_a_key_the_host_chooses_the_site_as_before(client, treatment, local_page):
    assert titles(get(client, PAGES)) == {"Treatments", "Therapeutic Botox"}
    assert "Calgary clinic" in titles(get(client, PAGES, host=CALGARY_HOST))


def test_a_key_is_accepted_as_bearer_token_or_x_api_key(client, local_page, calgary_key):
    bearer = get(client, PAGES, calgary_key)
    header = client.get(PAGES, HTTP_HOST=LIBRARY_HOST, HTTP_X_API_KEY=calgary_key.raw)

    assert titles(bearer) == titles(header)
    assert "Calgary clinic" in titles(bearer)


def test_an_unknown_key_is_a_401_with_a_json_body_and_a_challenge(client, treatment):
    response = get(client, PAGES, "cms_00000000_" + "x" * 43)

    body = assert_json_error(response, 401)
    assert "not valid" in body["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "no-store" in response["Cache-Control"]


def test_a_malformed_key_or_empty_header_is_refused_or_ignored(client, treatment):
    assert_json_error(get(client, PAGES, "not-a-key"), 401)
    assert_json_error(client.get(PAGES, HTTP_X_API_KEY="abc"), 401)
    # An empty header is no key at all: a public read.
    assert get(client, PAGES, HTTP_X_API_KEY="").status_code == 200


def test_a_revoked_key_is_refused_even_for_a_cached_response(client, local_page, calgary_key):
    warm = get(client, PAGES, calgary_key)
    assert get(client, PAGES, calgary_key)["X-Cache"] == "hit"

    calgary_key.key.revoke()

    assert_json_error(get(client, PAGES, calgary_key), 401)
    assert warm.status_code == 200


def test_a_rotated_key_stops_working_and_its_new_secret_works(client, local_page, calgary_key):
    assert get(client, PAGES, calgary_key).status_code == 200

    new_raw = calgary_key.key.rotate()

    assert_json_error(get(client, PAGES, calgary_key), 401)
    assert get(client, PAGES, new_raw).status_code == 200


def test_a_deleted_key_is_refused(client, treatment, library_key):
    assert get(client, PAGES, library_key).status_code == 200

    library_key.key.delete()

    assert_json_error(get(client, PAGES, library_key), 401)


def test_last_used_is_recorded_at_most_once_per_interval(client, treatment, library_key):
    assert library_key.key.last_used_at is None

    get(client, PAGES, library_key)
    first = ApiKey.objects.get(pk=library_key.key.pk).last_used_at
    get(client, PAGES + "?limit=1", library_key)
    second = ApiKey.objects.get(pk=library_key.key.pk).last_used_at

    assert first is not None and first <= timezone.now()
    assert second == first


# --- A key scopes the request to its site ---------------------------------------


def test_a_key_reads_its_own_site_whatever_the_host(client, treatment, local_page, calgary_key):
    keyed = titles(get(client, PAGES, calgary_key, host=LIBRARY_HOST))
    by_host = titles(get(client, PAGES, host=CALGARY_HOST))

    assert keyed == by_host
    assert "Calgary clinic" in keyed and "Treatments" not in keyed


def test_the_cache_never_serves_one_sites_response_to_another_sites_key(
    client, treatment, local_page, calgary_key, edmonton_key, library_key
):
    # Warm the library's listing for anonymous readers, then ask with keys.
    library = get(client, PAGES)
    assert get(client, PAGES)["X-Cache"] == "hit"

    calgary = get(client, PAGES, calgary_key)
    edmonton = get(client, PAGES, edmonton_key)
    library_keyed = get(client, PAGES, library_key)

    assert {r["X-Cache"] for r in (calgary, edmonton, library_keyed)} == {"miss"}
    assert "Calgary clinic" in titles(calgary)
    assert "Edmonton clinic" in titles(edmonton) and "Calgary clinic" not in titles(edmonton)
    assert titles(library_keyed) == titles(library)
    # Warm: each key is answered from its own site's entry.
    again = get(client, PAGES, edmonton_key)
    assert again["X-Cache"] == "hit" and titles(again) == titles(edmonton)


def test_keys_of_one_site_share_its_cached_responses(client, local_page, calgary_key):
    other = issue(CALGARY_HOST, "Calgary app")
    get(client, PAGES, calgary_key)

    assert get(client, PAGES, other)["X-Cache"] == "hit"


def test_a_keyed_response_is_private_so_no_cdn_serves_it_to_others(client, local_page, calgary_key):
    response = get(client, PAGES, calgary_key)
    cached = get(client, PAGES, calgary_key)

    for r in (response, cached):
        assert "private" in r["Cache-Control"] and "public" not in r["Cache-Control"]
        assert r["ETag"]


def test_a_key_answers_if_none_match_from_the_cache_with_a_304(
    client, local_page, calgary_key, django_assert_max_num_queries
):
    etag = get(client, PAGES, calgary_key)["ETag"]

    with django_assert_max_num_queries(0):
        response = get(client, PAGES, calgary_key, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_a_site_parameter_for_another_site_is_a_403(client, local_page, edmonton, calgary_key):
    response = get(client, f"{PAGES}?site={CALGARY_HOST}", calgary_key)
    assert response.status_code == 200
    assert get(client, f"{PAGES}?site={CALGARY_HOST.upper()}", calgary_key).status_code == 200

    body = assert_json_error(get(client, f"{PAGES}?site=edmonton.example.test", calgary_key), 403)
    assert CALGARY_HOST in body["message"]


def test_with_a_key_and_site_parameter_every_detail_url_can_be_followed(
    client, local_page, treatment, calgary_key
):
    """The master lives on the library's site; the key's site serves it, so links name that."""
    detail = get(client, f"{PAGES}{local_page.pk}/?site={CALGARY_HOST}", calgary_key).json()

    master_url = detail["master"]["detail_url"]
    assert master_url.endswith(f"{PAGES}{treatment.pk}/?site={CALGARY_HOST}")
    path = master_url[master_url.index(PAGES) :]
    assert get(client, path, calgary_key).json()["id"] == treatment.pk


def test_the_find_view_routes_on_the_keys_site(client, local_page, calgary_key):
    response = get(client, f"{PAGES}find/?html_path=/therapeutic-botox/", calgary_key)

    assert response.status_code == 302
    assert f"/api/v2/pages/{local_page.pk}/" in response["Location"]


def test_a_renamed_site_is_seen_by_its_keys_at_once(client, local_page, calgary_key):
    assert get(client, f"{PAGES}?site={CALGARY_HOST}", calgary_key).status_code == 200

    site = Site.objects.get(hostname=CALGARY_HOST)
    site.hostname = "calgary.example.com"
    site.save()

    assert get(client, f"{PAGES}?site={CALGARY_HOST}", calgary_key).status_code == 403
    assert get(client, f"{PAGES}?site=calgary.example.com", calgary_key).status_code == 200


# --- Locales --------------------------------------------------------------------


def test_a_key_bound_to_locales_refuses_others_with_a_403(client, local_page, english, french):
    english_only = issue(CALGARY_HOST, locales=[english])

    assert get(client, PAGES, english_only).status_code == 200
    assert get(client, f"{PAGES}?locale={english.language_code}", english_only).status_code == 200
    body = assert_json_error(get(client, f"{PAGES}?locale=fr-CA", english_only), 403)
    assert "fr-ca" in body["message"].lower()


def test_a_french_only_key_cannot_read_the_sites_default_locale(client, local_page, french):
    french_only = issue(CALGARY_HOST, locales=[french])

    assert_json_error(get(client, PAGES, french_only), 403)
    # The locale binding is checked before the cache, for hits too.
    assert get(client, PAGES, issue(CALGARY_HOST)).status_code == 200
    assert_json_error(get(client, PAGES, french_only), 403)
    assert get(client, "/api/v2/pages/?locale=fr-ca", french_only).status_code != 403


def test_endpoints_without_languages_check_the_binding_only_when_asked(
    client, local_page, risk_list, french
):
    french_only = issue(CALGARY_HOST, locales=[french])

    assert get(client, "/api/v2/images/", french_only).status_code == 200
    assert get(client, "/api/v2/documents/", french_only).status_code == 200
    assert_json_error(get(client, "/api/v2/images/?locale=en-CA", french_only), 403)
    # Risk lists are translated: without ?locale= they are served in the default language.
    assert_json_error(get(client, "/api/v2/risk-lists/", french_only), 403)
    assert get(client, "/api/v2/risk-lists/?locale=fr-CA", french_only).status_code == 200


def test_the_keys_site_decides_which_languages_are_published(client, local_page, english, french):
    from locations.models import FrontendSettings

    calgary = FrontendSettings.for_site(Site.objects.get(hostname=CALGARY_HOST))
    calgary.save()
    calgary.locales.set([english])
    FrontendSettings.forget_base_urls()
    key = issue(CALGARY_HOST)

    # The library's host publishes French; the key's site (Calgary) does not.
    assert get(client, f"{PAGES}?locale=fr-CA").status_code == 200
    body = assert_json_error(get(client, f"{PAGES}?locale=fr-CA", key), 400)
    assert "not published on this site" in body["message"]


def test_adding_a_locale_to_a_key_takes_effect_at_once(client, local_page, english, french):
    issued = issue(CALGARY_HOST, locales=[english])
    assert get(client, f"{PAGES}?locale=fr-ca", issued).status_code == 403

    issued.key.locales.add(french)

    assert get(client, f"{PAGES}?locale=fr-ca", issued).status_code != 403


# --- Query counts ---------------------------------------------------------------


def test_a_warm_cache_hit_with_a_key_costs_no_query(
    client, local_page, calgary_key, django_assert_max_num_queries
):
    url = f"{PAGES}?type=locations.LocalTreatmentPage&fields=*"
    get(client, url, calgary_key)

    with django_assert_max_num_queries(0):
        response = get(client, url, calgary_key)

    assert response["X-Cache"] == "hit"


def keyed_count(client, url, key):
    with override_settings(CMS_CACHE={"ENABLED": False}):
        get(client, url, key)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert get(client, url, key).status_code == 200
    return len(queries)


def test_a_keyed_render_costs_what_a_host_routed_one_does_at_any_page_size(
    client, local_page, calgary_key
):
    from ...factories import LocalTreatmentPageFactory, TreatmentPageFactory

    for i in range(6):
        master = TreatmentPageFactory(parent=local_page.master.get_parent(), slug=f"t-{i}")
        LocalTreatmentPageFactory(parent=local_page.get_parent(), master=master, slug=f"t-{i}")
    url = f"{PAGES}?type=locations.LocalTreatmentPage&fields=*"

    counts = {size: keyed_count(client, f"{url}&limit={size}", calgary_key) for size in (2, 6)}

    assert counts[2] == counts[6]
    assert counts[6] <= count_queries(client, f"{url}&limit=6", CALGARY_HOST)
