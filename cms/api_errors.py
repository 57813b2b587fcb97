"""One JSON error shape for every API response: {"message": ..., "status": ...}.

The endpoints format their own errors (``treatment_pages.api_errors``); this
module covers what never reaches them: DRF views elsewhere in the project,
URLs under ``/api/`` that match no endpoint (``/api/v2/pages/abc/``),
which would otherwise get the site's HTML 404 page, and requests Django
refuses before any view (a ``Host`` outside ``ALLOWED_HOSTS``), which would
get its plain-text 400.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views import defaults
from rest_framework.views import exception_handler as drf_exception_handler

from treatment_pages.api_errors import error_body


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        message = detail if detail is not None else response.data
        response.data = error_body(message, response.status_code)
    return response


def not_found(request, path=""):
    """JSON 404 for any URL under /api/ that no endpoint matches.

    Honours ``APPEND_SLASH`` as Django's middleware would, since this
    catch-all stops the middleware from seeing the URL as unmatched.
    """
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse(error_body("not found", 404), status=404)


def bad_request(request, exception):
    """``handler400``: JSON under ``/api/``, Django's own page elsewhere."""
    if request.path_info != "/api" and not request.path_info.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, DisallowedHost):
        message = (
            "this server does not answer for the Host header sent: call it at the hostname of "
            "a site it serves"
        )
    else:
        message = "bad request"
    return JsonResponse(error_body(message, 400), status=400)
