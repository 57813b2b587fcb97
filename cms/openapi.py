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
