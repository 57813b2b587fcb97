"""The OpenAPI document at /api/schema/ is valid, complete and true to what the API returns.

"True" is checked on the demo content: every page of every site, every risk
list, image and clinic, listed and in detail, validates against the schema
the site serves, and so do error bodies.
"""

import io
import json
import re
from unittest import mock

import pytest
import yaml
from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from drf_spectacular.generators import EndpointEnumerator
from drf_spectacular.plumbing import ComponentRegistry
from drf_spectacular.validation import validate_schema
from openapi_spec_validator import validate as validate_spec
from wagtail import blocks
from wagtail.models import Site

from cms.api import api_router
from treatment_pages.blocks import ExplainerBodyBlock
from treatment_pages.openapi.blocks import BlockSchemas, camel

from ..openapi import assert_conforms, problems

SCHEMA_URL = "/api/schema/"


def clear_caches():
    for backend in caches.all():
        backend.clear()


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, loaded once for the module and rolled back afterwards."""
    clear_caches()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", image_width=96, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    clear_caches()


# --- The document ---------------------------------------------------------------------------


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.0")
    validate_spec(schema)  # openapi-spec-validator
    validate_schema(schema)  # drf-spectacular's own check


def test_schema_generates_without_a_single_warning(db):
    # What CI runs: a warning (an undescribed parameter, a field of unknown shape) fails it.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


def test_every_endpoint_of_the_router_is_in_the_schema(schema):
    for name, viewset in api_router._endpoints.items():
        for pattern in viewset.get_urlpatterns():
            route = str(pattern.pattern).replace("<int:pk>", "{id}")
            path = f"/api/v2/{name}/{route}"
            assert "get" in schema["paths"].get(path, {}), f"{path} is not in the schema"


def test_every_api_view_of_the_project_is_in_the_schema(schema):
    """Not only the router's: any DRF view mounted under /api/ (sync, preview...) too."""
    documented = {
        (re.sub(r"\{[^}]+\}", "{}", path), method.upper())
        for path, operations in schema["paths"].items()
        for method in operations
    }
    served = {
        (re.sub(r"\{[^}]+\}", "{}", path), method)
        for path, _regex, method, _view in EndpointEnumerator().get_api_endpoints()
        if path.startswith("/api/") and path not in ("/api/schema/", "/api/docs/")
    }
    assert served
    assert served <= documented, served - documented


def test_each_page_type_has_its_own_schema_with_its_fields(schema):
    components = schema["components"]["schemas"]
    assert {"summary", "uses", "onset", "risk_lists", "body", "review_status"} <= set(
        components["TreatmentPage"]["properties"]
    )
    assert {"master", "clinic", "local_overrides", "price", "body"} <= set(
        components["LocalTreatmentPage"]["properties"]
    )
    assert {"phone", "opening_hours", "special_hours", "latitude"} <= set(
        components["ClinicPage"]["properties"]
    )
    meta = components["TreatmentPageMeta"]["properties"]
    assert components[meta["type"]["$ref"].split("/")[-1]]["enum"] == [
        "treatment_pages.TreatmentPage"
    ]


def response_schema(schema, path, status):
    return schema["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"][
        "schema"
    ]


def test_listings_are_described_with_their_envelope_and_query_parameters(schema):
    listing = response_schema(schema, "/api/v2/pages/", 200)
    envelope = schema["components"]["schemas"][listing["$ref"].split("/")[-1]]
    assert envelope["required"] == ["meta", "items"]
    parameters = {p["name"]: p for p in schema["paths"]["/api/v2/pages/"]["get"]["parameters"]}
    for name in ("type", "fields", "limit", "offset", "order", "search", "locale", "child_of"):
        assert name in parameters, name
    assert "site" in parameters
    assert parameters["limit"]["schema"]["maximum"] == settings.WAGTAILAPI_LIMIT_MAX
    assert re.match(parameters["type"]["schema"]["pattern"], "locations.LocalTreatmentPage")
    assert re.match(parameters["fields"]["schema"]["pattern"], "*,-title")
    assert not re.match(parameters["fields"]["schema"]["pattern"], "*,title")
    finder = {p["name"] for p in schema["paths"]["/api/v2/clinics/"]["get"]["parameters"]}
    assert {"near", "radius_km", "open_now"} <= finder
    assert "type" not in finder  # accepted there, but it changes nothing


def test_every_error_response_has_the_one_error_shape(schema):
    for path, operations in schema["paths"].items():
        for status, response in operations["get"]["responses"].items():
            if status.startswith("4"):
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, (path, status)


def test_an_api_key_security_scheme_is_declared_for_endpoints_to_use(schema):
    scheme = schema["components"]["securitySchemes"]["ApiKey"]
    assert scheme == {
        "type": "apiKey",
        "in": "header",
        "name": settings.API_KEY_HEADER,
        "description": scheme["description"],
    }


# --- StreamField blocks ---------------------------------------------------------------------


def test_every_body_block_type_is_a_component_discriminated_on_type(schema):
    components = schema["components"]["schemas"]
    body = components["TreatmentPage"]["properties"]["body"]
    mapping = body["items"]["discriminator"]["mapping"]
    stream = ExplainerBodyBlock()
    assert set(mapping) == set(stream.child_blocks)
    for name, child in stream.child_blocks.items():
        item = components[f"ExplainerBodyBlock{camel(name)}"]
        assert mapping[name].endswith(f"/ExplainerBodyBlock{camel(name)}")
        assert item["required"] == ["type", "value", "id"]
        type_enum = components[item["properties"]["type"]["$ref"].split("/")[-1]]
        assert type_enum["enum"] == [name]
        if isinstance(child, blocks.StructBlock):
            value = components[type(child).__name__]
            assert set(child.child_blocks) <= set(value["properties"])
    # A block that adds to its API value says so: sections carry their anchor.
    assert "anchor" in components["SectionBlock"]["required"]
    style = components["ListBlock"]["properties"]["style"]
    style = style.get("allOf", [style])[0]
    assert components[style["$ref"].split("/")[-1]]["enum"] == ["bulleted", "numbered"]


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock()
    caption = blocks.CharBlock(required=False)
    size = blocks.ChoiceBlock(choices=[("small", "Small"), ("large", "Large")])
    chapters = blocks.ListBlock(blocks.IntegerBlock(min_value=0))

    class Meta:
        description = "A video with a caption."


def test_a_new_block_is_described_from_its_definition():
    registry = ComponentRegistry()
    stream = blocks.StreamBlock([("video", VideoBlock()), ("quote", blocks.BlockQuoteBlock())])
    schema = BlockSchemas(registry).schema(stream)
    built = registry.build({})["schemas"]

    assert set(schema["items"]["discriminator"]["mapping"]) == {"video", "quote"}
    assert built["StreamBlockVideo"]["properties"]["value"] == {
        "$ref": "#/components/schemas/VideoBlock"
    }
    video = built["VideoBlock"]
    assert video["description"] == "A video with a caption."
    assert video["properties"]["url"] == {"type": "string", "format": "uri"}
    assert video["properties"]["caption"] == {"type": "string"}
    assert video["properties"]["size"] == {"type": "string", "enum": ["small", "large"]}
    assert video["properties"]["chapters"]["items"]["type"] == "integer"
    assert built["StreamBlockQuote"]["properties"]["value"]["type"] == "string"


class ColourBlock(blocks.FieldBlock):
    def __init__(self, **kwargs):
        self.field = forms.CharField()
        super().__init__(**kwargs)


class DescribedColourBlock(ColourBlock):
    def get_api_schema(self, schema):
        return {"type": "string", "pattern": "^#[0-9a-f]{6}$"}


def test_a_block_of_unknown_kind_is_a_generation_warning_until_it_describes_itself():
    with mock.patch("treatment_pages.openapi.blocks.warn") as warn:
        assert BlockSchemas(ComponentRegistry()).schema(ColourBlock()) == {}
    assert "get_api_schema" in warn.call_args.args[0]

    with mock.patch("treatment_pages.openapi.blocks.warn") as warn:
        described = BlockSchemas(ComponentRegistry()).schema(DescribedColourBlock())
    assert described == {"type": "string", "pattern": "^#[0-9a-f]{6}$"}
    warn.assert_not_called()


# --- Serving the document -------------------------------------------------------------------


def test_format_is_chosen_by_query_parameter_not_accept_header(client, db):
    yaml_response = client.get(SCHEMA_URL, {"format": "yaml"})
    assert yaml_response["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(yaml_response.content)["openapi"].startswith("3.0")

    # The shared cache keys by URL: a YAML answer must never serve a JSON request.
    for accept in ("application/yaml", "application/vnd.oai.openapi", "*/*", "text/html"):
        response = client.get(SCHEMA_URL, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content)["openapi"].startswith("3.0")

    unknown = client.get(SCHEMA_URL, {"format": "xml"})
    assert unknown.status_code == 404
    assert unknown.json()["status"] == 404


def test_schema_answers_conditional_requests(client, db):
    first = client.get(SCHEMA_URL)
    assert first.has_header("ETag")
    again = client.get(SCHEMA_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_docs_page_loads_swagger_ui_from_this_site_only(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()

    assert 'id="swagger-ui"' in html
    assert f'data-schema-url="{SCHEMA_URL}"' in html
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert any("swagger-ui-bundle.js" in url for url in urls)
    for url in urls:
        assert not re.match(r"^([a-z]+:)?//", url, re.IGNORECASE), f"external asset: {url}"
        if url.startswith(settings.STATIC_URL):
            assert finders.find(url.removeprefix(settings.STATIC_URL)), f"missing: {url}"
    assert not re.search(r"https?://", html)

    # Nothing the site's strict content security policy would block.
    assert "<style" not in html
    assert "style=" not in html
    assert all(' src="' in tag for tag in re.findall(r"<script[^>]*>", html))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_docs_page_script_asks_no_outside_validator():
    script = finders.find("cms/js/api-docs.js")
    with open(script) as file:
        assert "validatorUrl: null" in file.read()


# --- The document is true to the responses --------------------------------------------------


def responses_to_check(client):
    """Every listing and detail of the demo, as test-client responses, site by site."""
    for site in Site.objects.all():
        host = site.hostname
        listing = client.get("/api/v2/pages/", {"fields": "*", "limit": 100}, HTTP_HOST=host)
        yield listing
        for item in listing.json()["items"]:
            page_type = item["meta"]["type"]
            yield client.get(
                "/api/v2/pages/",
                {"type": page_type, "fields": "*", "limit": 100},
                HTTP_HOST=host,
            )
            yield client.get(f"/api/v2/pages/{item['id']}/", HTTP_HOST=host)
            yield client.get(
                f"/api/v2/pages/{item['id']}/", {"fields": "_,id,title"}, HTTP_HOST=host
            )
    for endpoint in ("risk-lists", "images", "documents", "clinics"):
        listing = client.get(f"/api/v2/{endpoint}/", {"fields": "*", "limit": 100})
        yield listing
        for item in listing.json()["items"]:
            yield client.get(f"/api/v2/{endpoint}/{item['id']}/")
    yield client.get("/api/v2/clinics/", {"near": "51.04,-114.07", "open_now": "false"})
    yield client.get("/api/v2/clinics/", {"near": "51.04,-114.07", "fields": "_,distance_km"})


def test_every_demo_response_matches_the_schema(client, demo, schema):
    checked = 0
    for response in responses_to_check(client):
        assert response.status_code == 200, response.content[:300]
        assert_conforms(schema, response)
        checked += 1
    assert checked > 30


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?limit=-1",
        "/api/v2/pages/?type=nope.Nope",
        "/api/v2/pages/999999/",
        "/api/v2/pages/?locale=xx",
        "/api/v2/risk-lists/?fields=nonsense",
        "/api/v2/images/999999/",
        "/api/v2/clinics/?near=north",
        "/api/v2/documents/?order=nonsense",
        "/api/v2/pages/find/?html_path=/no-such-page/",
    ],
)
def test_error_responses_match_the_schema(client, demo, schema, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert_conforms(schema, response)


def test_every_api_operation_documents_its_rate_limit(schema):
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v2/"):
            continue
        for method, operation in operations.items():
            documented = operation["responses"]["429"]
            assert "Retry-After" in documented["headers"], (method, path)
            for status, response in operation["responses"].items():
                assert "RateLimit-Remaining" in response.get("headers", {}), (path, status)


@override_settings(CMS_KEYS={"ANONYMOUS_RATE_LIMIT": 1})
def test_a_rate_limited_answer_matches_the_schema(client, demo, schema):
    assert client.get("/api/v2/risk-lists/").status_code == 200
    response = client.get("/api/v2/risk-lists/")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert_conforms(schema, response)


def test_find_redirects_as_documented(client, demo, schema):
    response = client.get("/api/v2/pages/find/", {"html_path": "/therapeutic-botox/"})
    assert response.status_code == 302
    documented = schema["paths"]["/api/v2/pages/find/"]["get"]["responses"]["302"]
    assert "Location" in documented["headers"]
    assert re.search(r"/api/v2/pages/\d+/", response["Location"])


def test_the_checker_catches_a_response_that_breaks_the_schema(schema):
    # The conformance tests above can fail: a wrong type, a missing key or an
    # undeclared one is reported.
    path = "/api/v2/risk-lists/{id}/"
    assert not problems(schema, path, 200, {"id": 1, "name": "Botox"})
    assert not problems(schema, "/api/v2/pages/{id}/", 200, {"meta": {"alias_of": None}})
    assert problems(schema, path, 200, {"id": "one"})
    assert problems(schema, path, 200, {"id": 1, "colour": "blue"})
    assert problems(schema, "/api/v2/pages/", 400, {"message": "bad"})
