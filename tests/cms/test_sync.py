"""``/api/v2/sync/``: everything once, then only what changed, scoped to the consuming site.

The mirror a consumer keeps is ``{id: item}``: items replace, tombstones
remove. Every test ends by comparing what sync says with what the pages
endpoint serves.
"""

import pytest
from django.core import signing
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms.changes.api import SIGNING_SALT
from cms.keys.models import ApiKey
from treatment_pages.models import RiskItem

from ..api_helpers import count_queries, get_json
from ..conftest import CALGARY_HOST, EDMONTON_HOST
from ..factories import LocalTreatmentPageFactory, TreatmentPageFactory
from .test_changes import translate

LIBRARY_HOST = "localhost"


@pytest.fixture(autouse=True)
def client_with_site_keys(client):
    """Sync needs an API key of the site asked: the test client sends one per Host."""
    keys = client.site_keys = {}
    plain_get = client.get

    def get(path, *args, **extra):
        host = extra.get("HTTP_HOST", LIBRARY_HOST)
        if path.startswith(SYNC) and "HTTP_AUTHORIZATION" not in extra:
            issue_site_keys(client, [host])
            extra["HTTP_AUTHORIZATION"] = f"Bearer {keys[host]}"
        return plain_get(path, *args, **extra)

    client.get = get
    return client


SYNC = "/api/v2/sync/"


def issue_site_keys(client, hosts):
    """Issue the keys ``client`` sends for ``hosts``, once; call it outside a rolled-back block."""
    for host in hosts:
        if host not in client.site_keys:
            site = Site.objects.get(hostname=host)
            client.site_keys[host] = ApiKey.issue(name=f"Sync tests {host}", site=site)[1]


def sync(client, host=LIBRARY_HOST, token=None, status=200, **params):
    query = {**params, **({"token": token} if token is not None else {})}
    url = SYNC + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return get_json(client, url, host, status=status)


def sync_all(client, host=LIBRARY_HOST, token=None, mirror=None, **params):
    """Follow ``has_more`` to the end; apply every answer to ``mirror``; return it and the token."""
    mirror = {} if mirror is None else mirror
    for _ in range(1000):
        body = sync(client, host, token, **params)
        for item in body["items"]:
            mirror[item["id"]] = item
        for tombstone in body["removed"]:
            mirror.pop(tombstone["id"], None)
        token = body["meta"]["next_token"]
        if not body["meta"]["has_more"]:
            return mirror, token
    raise AssertionError("sync never finished")


def full_fetch(client, host=LIBRARY_HOST, locale=None):
    """What the pages endpoint serves on ``host``: ``{id: detail}``."""
    query = "?limit=100" + (f"&locale={locale}" if locale else "")
    listing = get_json(client, "/api/v2/pages/" + query, host)
    assert listing["meta"]["total_count"] <= 100
    return {
        item["id"]: get_json(client, f"/api/v2/pages/{item['id']}/", host)
        for item in listing["items"]
    }


# --- Without a token ----------------------------------------------------------------


@pytest.mark.parametrize("host", [LIBRARY_HOST, CALGARY_HOST])
def test_without_a_token_sync_returns_every_page_as_the_detail_endpoint_shows_it(
    client, treatment, other_treatment, local_page, edmonton, host
):
    body = sync(client, host)

    assert body["meta"]["has_more"] is False
    assert body["meta"]["next_token"]
    assert body["removed"] == []
    assert {item["id"]: item for item in body["items"]} == full_fetch(client, host)


def test_a_clinic_site_gets_its_own_pages_and_the_masters_they_localise_nothing_else(
    client, treatment, other_treatment, local_page, calgary, edmonton
):
    ids = {item["id"] for item in sync(client, CALGARY_HOST)["items"]}

    assert ids == {calgary.pk, local_page.pk, treatment.pk}


def test_drafts_and_private_pages_are_never_synced(client, library, treatment):
    draft = TreatmentPageFactory(parent=library, slug="draft", live=False, publish=False)
    private = TreatmentPageFactory(parent=library, slug="staff-only")
    _, token = sync_all(client)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft.title = "Draft title"
    draft.save_revision()

    first = {item["id"] for item in sync(client)["items"]}
    delta = sync(client, token=token)

    assert draft.pk not in first and private.pk not in first
    assert {item["id"] for item in delta["items"]}.isdisjoint({draft.pk, private.pk})
    assert {"id": private.pk, "type": "treatment_pages.TreatmentPage", "reason": "private"} in (
        delta["removed"]
    )


# --- With a token --------------------------------------------------------------------


def test_with_a_token_only_what_changed_since_comes_back(client, treatment, other_treatment):
    _, token = sync_all(client)

    treatment.summary = "Now also for migraine."
    treatment.save_revision().publish()
    body = sync(client, token=token)

    assert [item["id"] for item in body["items"]] == [treatment.pk]
    assert body["items"][0]["summary"] == "Now also for migraine."
    assert body["removed"] == []
    # Nothing since the new token.
    again = sync(client, token=body["meta"]["next_token"])
    assert again["items"] == [] and again["removed"] == []


def test_an_unpublished_page_comes_back_as_a_tombstone(client, treatment, other_treatment):
    _, token = sync_all(client)

    other_treatment.unpublish()
    body = sync(client, token=token)

    assert body["removed"] == [
        {"id": other_treatment.pk, "type": "treatment_pages.TreatmentPage", "reason": "unpublished"}
    ]
    assert other_treatment.pk not in {item["id"] for item in body["items"]}


def test_a_deleted_page_comes_back_as_a_tombstone_with_its_type(
    client, treatment, local_page, calgary
):
    _, token = sync_all(client, CALGARY_HOST)

    Page.objects.get(pk=local_page.pk).delete()
    body = sync(client, CALGARY_HOST, token=token)

    removed = {t["id"]: t for t in body["removed"]}
    assert removed[local_page.pk] == {
        "id": local_page.pk,
        "type": "locations.LocalTreatmentPage",
        "reason": "deleted",
    }
    # The master was on Calgary's site only through its local page.
    assert removed[treatment.pk]["reason"] == "left_site"


def test_a_master_withdrawn_takes_its_local_pages_with_it(client, treatment, local_page):
    mirror, token = sync_all(client, CALGARY_HOST)

    treatment.unpublish()
    mirror, _ = sync_all(client, CALGARY_HOST, token, mirror)

    body = sync(client, CALGARY_HOST, token=token)
    reasons = {t["id"]: t["reason"] for t in body["removed"]}
    assert reasons == {treatment.pk: "unpublished", local_page.pk: "withdrawn"}
    assert mirror == full_fetch(client, CALGARY_HOST)


def test_a_moved_local_page_leaves_one_clinic_and_reaches_the_other(
    client, treatment, local_page, calgary, edmonton
):
    calgary_mirror, calgary_token = sync_all(client, CALGARY_HOST)
    edmonton_mirror, edmonton_token = sync_all(client, EDMONTON_HOST)

    local_page.move(edmonton, pos="last-child")
    calgary_body = sync(client, CALGARY_HOST, token=calgary_token)
    sync_all(client, CALGARY_HOST, calgary_token, calgary_mirror)
    sync_all(client, EDMONTON_HOST, edmonton_token, edmonton_mirror)

    assert {t["id"]: t["reason"] for t in calgary_body["removed"]} == {
        local_page.pk: "left_site",
        treatment.pk: "left_site",
    }
    assert calgary_mirror == full_fetch(client, CALGARY_HOST)
    assert edmonton_mirror == full_fetch(client, EDMONTON_HOST)
    assert {local_page.pk, treatment.pk} <= set(edmonton_mirror)


def test_a_risk_list_edit_resends_every_page_of_the_site_that_shows_it(
    client, treatment, local_page, risk_list
):
    mirror, token = sync_all(client, CALGARY_HOST)

    RiskItem.objects.filter(risk_list=risk_list).update(name="unchanged by signals")
    item = risk_list.items.first()
    item.name = "Eyelid droop"
    risk_list.save()
    item.save()
    body = sync(client, CALGARY_HOST, token=token)

    assert {i["id"] for i in body["items"]} == {treatment.pk, local_page.pk}
    sync_all(client, CALGARY_HOST, token, mirror)
    assert mirror == full_fetch(client, CALGARY_HOST)
    assert "Eyelid droop" in str(mirror[local_page.pk]["risk_lists"])


# --- Paging --------------------------------------------------------------------------


def test_large_results_are_paged_without_repeats(client, library, treatment):
    for i in range(4):
        TreatmentPageFactory(parent=library, slug=f"explainer-{i}")

    pages, token, ids = 0, None, []
    while True:
        body = sync(client, token=token, limit=2)
        pages += 1
        ids += [item["id"] for item in body["items"]]
        token = body["meta"]["next_token"]
        if not body["meta"]["has_more"]:
            break

    assert pages == 3
    assert len(ids) == len(set(ids)) == 6
    assert set(ids) == set(full_fetch(client))


def test_a_delta_larger_than_the_limit_is_paged_and_misses_nothing(client, library, treatment):
    others = [TreatmentPageFactory(parent=library, slug=f"explainer-{i}") for i in range(4)]
    mirror, token = sync_all(client)

    for page in [treatment, *others]:
        page.summary = f"Updated {page.pk}."
        page.save_revision().publish()
    others[0].unpublish()
    first = sync(client, token=token, limit=2)
    sync_all(client, token=token, mirror=mirror, limit=2)

    assert first["meta"]["has_more"] is True
    assert len(first["items"]) + len(first["removed"]) == 2
    assert mirror == full_fetch(client)


def test_a_listing_taken_while_changes_arrive_still_converges(client, library, treatment):
    others = [TreatmentPageFactory(parent=library, slug=f"explainer-{i}") for i in range(4)]
    mirror = {}

    body = sync(client, limit=2)  # the snapshot starts here
    for item in body["items"]:
        mirror[item["id"]] = item
    # While the consumer pages through, editors carry on.
    Page.objects.get(pk=others[-1].pk).delete()
    others[0].title = "Renamed while listing"
    others[0].save_revision().publish()
    TreatmentPageFactory(parent=library, slug="brand-new")
    library.specific.save_revision().publish()
    mirror, token = sync_all(client, token=body["meta"]["next_token"], mirror=mirror, limit=2)
    mirror, _ = sync_all(client, token=token, mirror=mirror, limit=2)

    assert mirror == full_fetch(client)


# --- Tokens and bad input -----------------------------------------------------------


def test_a_tampered_token_is_a_400_that_says_to_start_over(client, treatment):
    token = sync(client)["meta"]["next_token"]
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    for bad in (tampered, "not-a-token", ""):
        body = sync(client, token=bad, status=400)
        assert body["status"] == 400
        assert "without a token" in body["message"]


def test_a_token_forged_without_the_key_is_refused(client, calgary, treatment):
    forged = signing.dumps(
        {"v": 1, "s": 1, "l": None, "f": False, "c": 0, "p": 0},
        key="not-the-secret-key",
        salt=SIGNING_SALT,
    )

    assert "without a token" in sync(client, token=forged, status=400)["message"]


def test_another_sites_token_is_refused(client, treatment, calgary):
    calgary_token = sync(client, CALGARY_HOST)["meta"]["next_token"]

    body = sync(client, LIBRARY_HOST, token=calgary_token, status=400)
    assert "another site" in body["message"]
    assert "without a token" in body["message"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("limit=0", "limit must be between"),
        ("limit=abc", "limit must be a whole number"),
        ("limit=1000", "limit must be between"),
        ("locale=xx", "is not published on this site"),
        ("type=treatment_pages.TreatmentPage", "not recognised"),
    ],
)
def test_bad_parameters_are_a_400_with_a_json_message(client, treatment, query, message):
    body = get_json(client, f"{SYNC}?{query}", status=400)

    assert message in body["message"]
    assert body["status"] == 400


# --- Locales -------------------------------------------------------------------------


@pytest.fixture
def french(treatment, library, risk_list):
    library.copy_for_translation(
        Locale.objects.get(language_code="fr-ca")
    ).save_revision().publish()
    page = translate(treatment, risk_list)
    page.save_revision().publish()
    return page


def test_locale_narrows_sync_to_one_language_and_binds_the_token(client, treatment, french):
    mirror, token = sync_all(client, locale="fr-CA")

    assert french.pk in mirror and treatment.pk not in mirror
    assert all(item["meta"]["locale"] == "fr-CA" for item in mirror.values())
    assert all(item["meta"]["fallback"] is False for item in mirror.values())
    # Each item is the page's detail in that language.
    assert mirror[french.pk] == get_json(client, f"/api/v2/pages/{french.pk}/?locale=fr-CA")

    treatment.summary = "English only."
    treatment.save_revision().publish()
    french.summary = "En français."
    french.save_revision().publish()
    delta = sync(client, token=token, locale="fr-CA")
    assert [item["id"] for item in delta["items"]] == [french.pk]

    body = sync(client, token=token, locale="en-CA", status=400)
    assert "locale=fr-ca" in body["message"]


def test_without_a_locale_sync_follows_every_language(client, treatment, french):
    mirror, _ = sync_all(client)

    assert {treatment.pk, french.pk} <= set(mirror)


# --- Caching and cost ------------------------------------------------------------------


def test_a_cached_answer_is_never_served_after_a_change(client, treatment, other_treatment):
    _, token = sync_all(client)
    url = f"{SYNC}?token={token}"
    client.get(url, HTTP_HOST=LIBRARY_HOST)
    cached = client.get(url, HTTP_HOST=LIBRARY_HOST)
    assert cached["X-Cache"] == "hit"
    assert "no-cache" in cached["Cache-Control"]

    other_treatment.summary = "Changed after the answer was cached."
    other_treatment.save_revision().publish()
    fresh = client.get(url, HTTP_HOST=LIBRARY_HOST)

    assert fresh["X-Cache"] == "miss"
    assert [item["id"] for item in fresh.json()["items"]] == [other_treatment.pk]


def test_a_change_on_another_site_leaves_a_cached_answer_cached(
    client, treatment, local_page, edmonton
):
    _, token = sync_all(client, EDMONTON_HOST)
    url = f"{SYNC}?token={token}"
    client.get(url, HTTP_HOST=EDMONTON_HOST)

    local_page.title = "Calgary only"
    local_page.save_revision().publish()

    assert client.get(url, HTTP_HOST=EDMONTON_HOST)["X-Cache"] == "hit"


def _build_pages(library, calgary, count):
    locals_ = []
    for i in range(count):
        master = TreatmentPageFactory(parent=library, slug=f"bulk-{i}")
        page = LocalTreatmentPageFactory(parent=calgary, master=master, slug=f"bulk-{i}")
        page.save_revision().publish()
        locals_.append(page)
    return locals_


def _shape(body):
    """What decides an answer's cost: its item types and whether it has tombstones."""
    return {item["meta"]["type"] for item in body["items"]}, bool(body["removed"])


def test_listing_query_count_does_not_grow_with_the_limit(client, library, calgary, treatment):
    _build_pages(library, calgary, 6)
    sizes = (4, 12)  # both hold a clinic, explainers and local pages

    shapes = {size: _shape(sync(client, CALGARY_HOST, limit=size)) for size in sizes}
    counts = {size: count_queries(client, f"{SYNC}?limit={size}", CALGARY_HOST) for size in sizes}

    assert shapes[4] == shapes[12]
    assert counts[4] == counts[12], counts


def test_delta_query_count_does_not_grow_with_the_limit(client, library, calgary, treatment):
    local_pages = _build_pages(library, calgary, 8)
    _, token = sync_all(client, CALGARY_HOST)
    masters = [page.master for page in local_pages]
    # Oldest first: an explainer and a local page, then two explainers withdrawn
    # (tombstones, and their clinic's child listing), then more of each.
    for page in (local_pages[0], masters[0]):
        page.save_revision().publish()
    masters[1].unpublish()
    masters[3].unpublish()
    for page in (local_pages[2], local_pages[4], local_pages[6], masters[2], masters[4]):
        page.save_revision().publish()
    sizes = (6, 14)  # both hold the clinic, explainers, local pages and tombstones

    shapes = {size: _shape(sync(client, CALGARY_HOST, token, limit=size)) for size in sizes}
    counts = {
        size: count_queries(client, f"{SYNC}?token={token}&limit={size}", CALGARY_HOST)
        for size in sizes
    }

    assert shapes[6] == shapes[14]
    assert counts[6] == counts[14], counts


def test_sync_needs_an_api_key_of_the_site(client, calgary, edmonton):
    response = client.get(SYNC, HTTP_HOST=CALGARY_HOST, HTTP_AUTHORIZATION="")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")

    response = client.get(SYNC, HTTP_HOST=CALGARY_HOST, HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401
    assert "message" in response.json()

    _, edmonton_key = ApiKey.issue(name="Edmonton", site=Site.objects.get(hostname=EDMONTON_HOST))
    response = client.get(SYNC, HTTP_HOST=CALGARY_HOST, HTTP_AUTHORIZATION=f"Bearer {edmonton_key}")
    # The key names its own site: Edmonton's key reads Edmonton, never Calgary.
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        hosts = {item["meta"]["html_url"].split("/")[2] for item in response.json()["items"]}
        assert CALGARY_HOST not in hosts
