"""The OpenAPI document (``/api/schema/``) and its interactive docs page (``/api/docs/``).

drf-spectacular generates the document; ``treatment_pages.openapi`` teaches
it Wagtail's API viewsets (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``).
This module holds the project's side: which URLs the document covers, the
views that serve it, and the API-key security scheme endpoints attach.

How a new endpoint joins the document is in docs/api.md ("OpenAPI").
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.renderers import OpenApiJsonRenderer2, OpenApiYamlRenderer2
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation

#: The security scheme declared in ``SPECTACULAR_SETTINGS["APPEND_COMPONENTS"]``.
API_KEY_SCHEME = "ApiKey"

#: ``@extend_schema(auth=API_KEY_REQUIRED)`` marks an operation as needing a key.
API_KEY_REQUIRED = [{API_KEY_SCHEME: []}]


def only_api_endpoints(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: describe the public API under ``/api/`` only.

    Wagtail's admin serves DRF views of its own (``/admin/api/``); they are
    not part of the public API.
    """
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": "Requests allowed in the window.",
    "RateLimit-Remaining": "Requests left in the current window.",
    "RateLimit-Reset": "Seconds until the window resets.",
    "RateLimit-Policy": "The limit and the window in seconds, e.g. `1200;w=60`.",
}


def rate_limits(result, generator, request, public):
    """drf-spectacular postprocessing hook: every API answer may be rate limited.

    Every operation under ``/api/v2/`` counts against the key's (or the client
    address's) limit: its responses carry the ``RateLimit-*`` headers, and
    over the limit it answers 429 with ``Retry-After`` (``cms.keys``).
    """
    integer = {"schema": {"type": "integer"}}
    headers = {name: {"description": text, **integer} for name, text in RATE_LIMIT_HEADERS.items()}
    headers["RateLimit-Policy"]["schema"] = {"type": "string"}
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v2/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "429",
                {
                    "description": "Over the rate limit: retry after `Retry-After` seconds.",
                    "content": {"application/json": {"schema": error}},
                },
            )
            for response in responses.values():
                response.setdefault("headers", {}).update(headers)
            responses["429"]["headers"]["Retry-After"] = {
                "description": "Seconds to wait before the next request.",
                **integer,
            }
    return result


class APIKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Base for describing a DRF authentication class that reads an API key.

    Subclass it with ``target_class = "dotted.path.to.YourAuthentication"``:
    every view using that class then requires the ``ApiKey`` scheme in the
    document, and Swagger UI's *Authorize* button sends the key.
    """

    name = API_KEY_SCHEME

    def get_security_definition(self, auto_schema):
        return settings.SPECTACULAR_SETTINGS["APPEND_COMPONENTS"]["securitySchemes"][API_KEY_SCHEME]


class FormatParameterNegotiation(BaseContentNegotiation):
    """Chooses the document's format from ``?format=`` alone, never from ``Accept``.

    Shared caches (``cms.delivery.caching``, a CDN) key responses by URL; a
    format chosen by a header would let a YAML response answer a JSON request.
    """

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = request.query_params.get("format")
        if wanted is None:
            return renderers[0], renderers[0].media_type
        for renderer in renderers:
            if renderer.format == wanted:
                return renderer, renderer.media_type
        raise NotFound(f"format must be one of: {', '.join(sorted({r.format for r in renderers}))}")


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document: JSON (``application/json``), or YAML with ``?format=yaml``."""

    renderer_classes = [OpenApiJsonRenderer2, OpenApiYamlRenderer2]
    content_negotiation_class = FormatParameterNegotiation


class DocsView(SpectacularSwaggerView):
    """Swagger UI for the document, under the site's strict content security policy.

    Its assets come from this site (drf-spectacular-sidecar) and its start-up
    script is a static file that reads the schema URL from the page, so the
    page has no inline script or style and needs no exception to the policy.
    """

    template_name = "cms/api_docs.html"
    url_name = "api-schema"
    title = "Clinic CMS API"


# --- Endpoints with their own actions (not listing/detail/find) -------------------------------

_PAGE_ITEM = {
    "type": "object",
    "additionalProperties": True,
    "description": "A page in exactly the shape of /api/v2/pages/{id}/ for its type "
    "(see the page type components).",
}


def _error(description):
    from drf_spectacular.utils import OpenApiResponse

    from treatment_pages.openapi.shapes import Error

    return OpenApiResponse(Error, description=description)


def sync_schema():
    """``extend_schema`` for ``SyncAPIViewSet.sync_view``."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

    body = {
        "type": "object",
        "required": ["meta", "items", "removed"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["next_token", "has_more"],
                "properties": {
                    "next_token": {"type": "string", "description": "Send as ?token= next time."},
                    "has_more": {"type": "boolean", "description": "Ask again at once if true."},
                },
            },
            "items": {"type": "array", "items": _PAGE_ITEM},
            "removed": {
                "type": "array",
                "description": "Tombstones: pages the site no longer serves.",
                "items": {
                    "type": "object",
                    "required": ["id", "type", "reason"],
                    "properties": {
                        "id": {"type": "integer"},
                        "type": {"type": "string"},
                        "reason": {"type": "string"},
                    },
                },
            },
        },
    }
    return extend_schema(
        operation_id="sync",
        summary="Delta sync of the site's pages",
        parameters=[
            OpenApiParameter("token", OpenApiTypes.STR, description="The last next_token."),
            OpenApiParameter("limit", OpenApiTypes.INT, description="Items per answer."),
            OpenApiParameter("locale", OpenApiTypes.STR, description="e.g. fr-CA."),
            OpenApiParameter("site", OpenApiTypes.STR, description="Hostname of the site."),
        ],
        request=None,
        responses={
            200: OpenApiResponse(body, description="Changes since the token, or everything."),
            400: _error("A bad, foreign or expired token, or a bad parameter."),
            401: _error("No valid API key."),
            403: _error("The key belongs to another site."),
            429: _error("Rate limit exceeded; see Retry-After."),
        },
        auth=API_KEY_REQUIRED,
    )


def preview_schema():
    """``extend_schema`` for ``PreviewAPIViewSet.preview_view``."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

    return extend_schema(
        operation_id="preview",
        summary="One draft revision of a page",
        parameters=[
            OpenApiParameter(
                "token", OpenApiTypes.STR, required=True, description="Signed preview token."
            ),
        ],
        request=None,
        responses={
            200: OpenApiResponse(_PAGE_ITEM, description="The revision, as the detail shape."),
            400: _error("A bad parameter."),
            401: _error("No valid API key, or an expired token."),
            403: _error("A tampered token, or one for another site's page."),
            429: _error("Rate limit exceeded; see Retry-After."),
        },
        auth=API_KEY_REQUIRED,
    )
