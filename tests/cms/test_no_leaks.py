"""Nothing internal or unpublished leaves through the API or the HTML pages.

Internal fields (owner, lock, revision data, editors' addresses) never appear
in any JSON the API serves; drafts, private pages and other sites' pages never
appear in listings or details. Reviewers' registration numbers are public on
purpose (patients check them), so they are not in the list.
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction, Site

from cms.keys.models import ApiKey
from tests.api_helpers import INTERNAL_FIELDS, get_json
from tests.conftest import CALGARY_HOST, EDMONTON_HOST
from tests.factories import TreatmentPageFactory
from tests.translations import publish, publish_french_ancestors, translate

EDITOR_EMAIL = "owner.editor@staff.example.test"


def walk(value, path="$"):
    """Every ``(path, key, value)`` in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


def assert_no_internal_fields(document):
    leaks = [f"{path}.{key}" for path, key, _ in walk(document) if key in INTERNAL_FIELDS]
    assert leaks == []


@pytest.fixture
def owned_pages(treatment, local_page, calgary, edmonton):
    """Every page type, owned, locked and revised by an editor with an address."""
    editor = get_user_model().objects.create_superuser(
        "owner-editor", EDITOR_EMAIL, "not-used-password"
    )
    pages = [treatment, local_page, calgary, edmonton, treatment.get_parent().specific]
    for page in pages:
        page.owner = editor
        page.locked = True
        page.locked_by = editor
        page.save_revision(user=editor).publish(user=editor)
    return pages


API_URLS = [
    "/api/v2/pages/?fields=*&limit=100",
    "/api/v2/pages/?fields=_,id,title&limit=100",
    "/api/v2/risk-lists/",
    "/api/v2/clinics/",
    "/api/v2/sync/?limit=100",
]


@pytest.mark.parametrize("host", ["localhost", CALGARY_HOST, EDMONTON_HOST])
@pytest.mark.parametrize("url", API_URLS)
def test_api_listings_carry_no_internal_fields(client, owned_pages, url, host):
    headers = {}
    if url.startswith("/api/v2/sync/"):  # sync needs an API key of the site
        _, key = ApiKey.issue(name="Leak tests", site=Site.objects.get(hostname=host))
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    response = client.get(url, HTTP_HOST=host, **headers)

    assert response.status_code == 200
    assert EDITOR_EMAIL not in response.content.decode()
    assert_no_internal_fields(response.json())


@pytest.mark.parametrize("host", ["localhost", CALGARY_HOST, EDMONTON_HOST])
def test_api_details_of_every_page_type_carry_no_internal_fields(client, owned_pages, host):
    listing = get_json(client, "/api/v2/pages/?limit=100", host)
    assert listing["items"]
    for item in listing["items"]:
        response = client.get(f"/api/v2/pages/{item['id']}/", HTTP_HOST=host)
        assert response.status_code == 200
        assert EDITOR_EMAIL not in response.content.decode()
        assert_no_internal_fields(response.json())


def test_html_pages_carry_no_editor_address(client, owned_pages, local_page):
    for page, host in [
        (owned_pages[0], "localhost"),
        (local_page, CALGARY_HOST),
        (owned_pages[2], CALGARY_HOST),
    ]:
        response = client.get(page.get_url_parts()[2], HTTP_HOST=host)
        assert response.status_code == 200
        assert EDITOR_EMAIL not in response.content.decode()


def test_a_draft_is_absent_from_the_api_and_the_html(client, library):
    draft = TreatmentPageFactory(parent=library, slug="draft-explainer")
    draft.unpublish()

    ids = {item["id"] for item in get_json(client, "/api/v2/pages/?limit=100")["items"]}
    assert draft.pk not in ids
    get_json(client, f"/api/v2/pages/{draft.pk}/", status=404)
    assert client.get("/draft-explainer/").status_code == 404


def test_unpublished_changes_stay_out_of_the_api(client, treatment):
    treatment.title = "Draft title not yet approved"
    treatment.save_revision()

    body = client.get(f"/api/v2/pages/{treatment.pk}/").content.decode()
    assert "Draft title not yet approved" not in body
    assert "Draft title not yet approved" not in client.get(treatment.url).content.decode()


def test_a_private_page_is_absent_from_the_api_and_asks_for_its_password(client, library):
    private = TreatmentPageFactory(parent=library, slug="staff-only")
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    ids = {item["id"] for item in get_json(client, "/api/v2/pages/?limit=100")["items"]}
    assert private.pk not in ids
    get_json(client, f"/api/v2/pages/{private.pk}/", status=404)
    html = client.get("/staff-only/").content.decode()
    assert private.summary not in html
    assert "s3cret" not in html


def test_another_sites_pages_are_absent(client, calgary, edmonton, local_page):
    calgary_ids = {
        item["id"] for item in get_json(client, "/api/v2/pages/?limit=100", CALGARY_HOST)["items"]
    }
    edmonton_ids = {
        item["id"] for item in get_json(client, "/api/v2/pages/?limit=100", EDMONTON_HOST)["items"]
    }

    assert edmonton.pk not in calgary_ids
    assert {calgary.pk, local_page.pk}.isdisjoint(edmonton_ids)
    get_json(client, f"/api/v2/pages/{local_page.pk}/", EDMONTON_HOST, status=404)
    assert client.get(local_page.get_url_parts()[2], HTTP_HOST=EDMONTON_HOST).status_code == 404


# --- Unpublished translations -------------------------------------------------------

SECRET_FR = "Brouillon confidentiel"


@pytest.fixture
def unpublished_translations(treatment, local_page, calgary, risk_list):
    """French translations of every page type, made as the admin's Translate action does and
    never published, plus a live French explainer with an unpublished draft on top."""
    translate(risk_list)  # a French page shows French risks
    drafts = {}
    for page in [calgary, local_page]:
        copy = translate(page, title=f"{SECRET_FR} {page.pk}")
        copy.save_revision()
        drafts[page.pk] = copy
    live = translate(treatment, title="Botox thérapeutique", slug="botox-therapeutique")
    publish_french_ancestors(live)
    live = publish(live)
    live.title = SECRET_FR
    live.save_revision()  # a later draft, not approved
    drafts[treatment.pk] = live
    return drafts


def test_api_never_serves_an_unpublished_translation(client, edmonton, unpublished_translations):
    draft_ids = {page.pk for page in unpublished_translations.values() if not page.live}
    for host in ["localhost", CALGARY_HOST, EDMONTON_HOST]:
        _, key = ApiKey.issue(name="Leak tests", site=Site.objects.get(hostname=host))
        for url in [*API_URLS, "/api/v2/pages/?search=Botox"]:
            headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if "/sync/" in url else {}
            for locale in ["", "fr-CA", "en-CA"]:
                asked = f"{url}{'&' if '?' in url else '?'}locale={locale}" if locale else url
                response = client.get(asked, HTTP_HOST=host, **headers)

                assert response.status_code == 200, (host, asked, response.content[:300])
                assert SECRET_FR not in response.content.decode(), (host, asked)
                items = response.json().get("items", [])
                assert draft_ids.isdisjoint(item.get("id") for item in items), (host, asked)


def test_api_details_never_serve_an_unpublished_translation(client, unpublished_translations):
    for source_id, translation in unpublished_translations.items():
        for host in ["localhost", CALGARY_HOST]:
            if not translation.live:
                get_json(client, f"/api/v2/pages/{translation.pk}/", host, status=404)
            for locale in ["", "?locale=fr-CA"]:
                response = client.get(f"/api/v2/pages/{source_id}/{locale}", HTTP_HOST=host)
                assert response.status_code in (200, 404)
                assert SECRET_FR not in response.content.decode()


HTML_URLS = [
    ("/fr-ca/", "localhost"),
    ("/fr-ca/botox-therapeutique/", "localhost"),
    ("/therapeutic-botox/", "localhost"),
    ("/fr-ca/search/?q=Botox", "localhost"),
    ("/", CALGARY_HOST),
    ("/fr-ca/", CALGARY_HOST),
    ("/therapeutic-botox/", CALGARY_HOST),
    ("/fr-ca/therapeutic-botox/", CALGARY_HOST),
    ("/fr-ca/find-a-clinic/", CALGARY_HOST),
    ("/search/?q=Botox", CALGARY_HOST),
    ("/sitemap.xml", "localhost"),
    ("/sitemap.xml", CALGARY_HOST),
]


def test_html_never_shows_an_unpublished_translation(client, unpublished_translations):
    draft_paths = [
        f"/fr-ca/{page.slug}/" for page in unpublished_translations.values() if not page.live
    ]
    for path, host in HTML_URLS:
        response = client.get(path, HTTP_HOST=host, follow=True)

        assert response.status_code in (200, 404), (host, path)
        body = response.content.decode()
        assert SECRET_FR not in body, (host, path)
        assert not [draft for draft in draft_paths if draft in body], (host, path)
