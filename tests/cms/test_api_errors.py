"""Every bad request to /api/ gets a 4xx with {"message", "status"}, never a 500 or HTML."""

import pytest

PAGES = "/api/v2/pages/"
TREATMENTS = "/api/v2/pages/?type=treatment_pages.TreatmentPage&"
CLINICS = "/api/v2/pages/?type=locations.ClinicPage&"
RISK_LISTS = "/api/v2/risk-lists/"

BIG = "99999999999999999999999"


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message", "status"}
    assert body["status"] == status
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


@pytest.fixture
def content(treatment):
    """A site with a published explainer: enough content for every error to be reached."""
    return treatment


# --- Query parameters common to every listing --------------------------------------------------

LISTINGS = [PAGES, RISK_LISTS, "/api/v2/images/", "/api/v2/documents/"]

BAD_LISTING_PARAMETERS = {
    "unknown filter": "colour=blue",
    "negative limit": "limit=-1",
    "non-numeric limit": "limit=ten",
    "limit over the maximum": "limit=1000000000",
    "negative offset": "offset=-5",
    "non-numeric offset": "offset=abc",
    "unclosed fields bracket": "fields=(",
    "empty field name": "fields=*,,",
    "unknown field": "fields=nonsense",
    "nested fields on a plain field": "fields=id(title)",
    "unknown ordering": "order=nonsense",
    "random ordering with offset": "order=random&offset=1",
    "non-numeric id filter": "id=abc",
    "unknown rich text format": "rich_text_format=pdf",
    "null character": "search=%00",
    "unknown search operator": "search=botox&search_operator=xor",
    "unknown response format": "format=xml",
}


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("query", BAD_LISTING_PARAMETERS.values(), ids=BAD_LISTING_PARAMETERS)
def test_bad_listing_parameter_is_a_json_4xx(client, content, listing, query):
    status = 404 if query.startswith("format=") else 400  # DRF's answer to an unknown format
    assert_json_error(client.get(f"{listing}?{query}"), status)


def test_limit_over_the_maximum_is_refused_not_capped(client, content):
    body = assert_json_error(client.get(f"{PAGES}?limit=101"), 400)

    assert body["message"] == "limit cannot be higher than 100"


def test_limit_at_the_maximum_is_accepted(client, content):
    assert client.get(f"{PAGES}?limit=100").status_code == 200


@pytest.mark.parametrize("listing", LISTINGS)
def test_offset_past_the_end_is_an_empty_page(client, content, listing):
    response = client.get(f"{listing}?offset={BIG}")

    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("listing", LISTINGS)
def test_id_filter_too_big_for_the_database_is_not_a_500(client, content, listing):
    response = client.get(f"{listing}?id={BIG}")

    if response.status_code == 200:
        assert response.json()["items"] == []
    else:
        assert_json_error(response, 400)


# --- Pages-specific parameters -------------------------------------------------------------------

BAD_PAGE_PARAMETERS = {
    "unknown type": "type=treatment_pages.Nonsense",
    "malformed type": "type=nonsense",
    "type that is not a page": "type=treatment_pages.RiskList",
    "non-numeric child_of": "child_of=abc",
    "child_of a missing page": "child_of=999999",
    "non-numeric descendant_of": "descendant_of=abc",
    "non-numeric ancestor_of": "ancestor_of=abc",
    "field of another type": "summary=x",
    "child_of with descendant_of": "child_of=1&descendant_of=1",
}


@pytest.mark.parametrize("query", BAD_PAGE_PARAMETERS.values(), ids=BAD_PAGE_PARAMETERS)
def test_bad_page_parameter_is_a_json_400(client, content, query):
    assert_json_error(client.get(f"{PAGES}?{query}"), 400)


BAD_TYPED_FILTERS = {
    "non-numeric foreign key": f"{TREATMENTS}hero_image=abc",
    "child relation": f"{TREATMENTS}uses=abc",
    "non-boolean": f"{TREATMENTS}show_in_menus=maybe",
    "non-date": f"{TREATMENTS}first_published_at=yesterday",
    "non-decimal": f"{CLINICS}latitude=north",
    "unknown nested field": f"{TREATMENTS}fields=hero_image(nonsense)",
    "nested fields on a computed field": f"{TREATMENTS}fields=risk_lists(name)",
}


@pytest.mark.parametrize("url", BAD_TYPED_FILTERS.values(), ids=BAD_TYPED_FILTERS)
def test_bad_filter_on_a_page_type_is_a_json_400(client, content, url):
    assert_json_error(client.get(url), 400)


@pytest.mark.parametrize("listing", [PAGES, "/api/v2/clinics/"])
def test_unknown_site_is_a_json_404(client, content, listing):
    # The finder lists every site's clinics, but a site it cannot find is still an error.
    assert_json_error(client.get(f"{listing}?site=nowhere.example.test"), 404)


SEARCH_TEXTS = {
    "a double quote": '"',
    "a quoted word": '"botox',
    "an unbalanced quote inside a word": 'bo"tox',
    "spaces only": "   ",
    "a tab and a newline": "\t\n",
    "quotes only": '""',
}


@pytest.mark.parametrize("listing", [*LISTINGS, "/api/v2/clinics/"])
@pytest.mark.parametrize("text", SEARCH_TEXTS.values(), ids=SEARCH_TEXTS)
def test_any_search_text_is_answered_not_a_500(client, content, listing, text):
    response = client.get(listing, {"search": text})

    assert response.status_code == 200, response.content[:300]
    assert "items" in response.json()


def test_quotes_in_search_are_read_as_spaces(client, content):
    found = client.get(PAGES, {"search": '"Therapeutic Botox"'}).json()["items"]
    blank = client.get(PAGES, {"search": '" "'}).json()["items"]

    assert [item["id"] for item in found] == [content.pk]
    assert blank == []


# --- Detail and find views -----------------------------------------------------------------------

DETAIL_ENDPOINTS = ["pages", "risk-lists", "images", "documents"]


@pytest.mark.parametrize("endpoint", DETAIL_ENDPOINTS)
@pytest.mark.parametrize("pk", ["abc", "1.5", "-1", "0", "999999", BIG])
def test_missing_or_malformed_id_is_a_json_404(client, content, endpoint, pk):
    assert_json_error(client.get(f"/api/v2/{endpoint}/{pk}/"), 404)


@pytest.mark.parametrize("endpoint", DETAIL_ENDPOINTS)
def test_bad_fields_on_a_detail_view_is_a_json_400(client, content, risk_list, endpoint):
    pk = {"pages": content.pk, "risk-lists": risk_list.pk}.get(endpoint, 1)
    response = client.get(f"/api/v2/{endpoint}/{pk}/?fields=(")

    if endpoint in ("images", "documents"):  # no image or document exists: 404 first
        assert_json_error(response, 404)
    else:
        assert_json_error(response, 400)


@pytest.mark.parametrize("endpoint", DETAIL_ENDPOINTS)
@pytest.mark.parametrize(("query", "status"), [("id=abc", 400), (f"id={BIG}", 404), ("id=0", 404)])
def test_find_view_with_a_bad_id_is_a_json_error(client, content, endpoint, query, status):
    assert_json_error(client.get(f"/api/v2/{endpoint}/find/?{query}"), status)


def test_find_view_with_an_unknown_path_is_a_json_404(client, content):
    assert_json_error(client.get(f"{PAGES}find/?html_path=/nowhere/"), 404)


# --- Paths and methods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/", "/api/v2/", "/api/v2/nonsense/", "/api/v3/pages/", "/api/v2/pages/1/extra/"],
)
def test_unknown_api_path_is_a_json_404(client, content, path):
    assert_json_error(client.get(path), 404)


def test_api_path_without_its_trailing_slash_redirects_like_the_rest_of_the_site(client, content):
    response = client.get("/api/v2/pages?limit=1")

    assert response.status_code == 301
    assert response["Location"] == "/api/v2/pages/?limit=1"


def test_unknown_api_path_without_a_trailing_slash_is_a_json_404(client, content):
    assert_json_error(client.get("/api/v2/nonsense"), 404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_a_json_405(client, content, method):
    body = assert_json_error(getattr(client, method)(PAGES), 405)

    assert body["message"] == f'Method "{method.upper()}" not allowed.'


@pytest.mark.parametrize("url", [PAGES, "/api/v2/pages/1/", "/api/v2/nothing-here/"])
def test_a_host_the_server_does_not_answer_for_is_a_json_400(client, content, settings, url):
    settings.ALLOWED_HOSTS = ["localhost", ".localhost"]
    client.raise_request_exception = False

    body = assert_json_error(client.get(url, HTTP_HOST="evil.example.com"), 400)

    assert "Host header" in body["message"]


def test_outside_the_api_a_host_the_server_does_not_answer_for_is_django_s_400(
    client, content, settings
):
    settings.ALLOWED_HOSTS = ["localhost"]
    client.raise_request_exception = False

    response = client.get("/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert not response["Content-Type"].startswith("application/json")
