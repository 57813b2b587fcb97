"""API keys and rate limits for every API request, cached responses included.

:class:`ApiKeyMiddleware` goes first in ``MIDDLEWARE``, before the shared
response cache (``cms.delivery.caching``), because that cache answers hits
and 304s without calling anything after it. So, for each request under
``API_PREFIX``:

1. The key, if one is sent, is looked up (cached by hash: no query).
2. One request is counted for the key, or for the client address when there
   is no valid key, and refused with 429 over the limit. A cache hit counts.
3. A key that is unknown or revoked gets 401; one used for another site's
   ``?site=``, or for a language it is not bound to, gets 403 (without
   ``?locale=``, an endpoint that serves translations serves the site's
   fallback language, so that is the language asked for).
4. A valid key scopes the request to its site: Wagtail's
   ``Site.find_for_request`` returns the key's site whatever the Host, and
   the response cache stores and serves it under that site
   (``request.cache_scope``), never under the Host's.
5. Every response, cached or not, error or not, carries the rate-limit headers.

Errors are JSON (``{"message", "status"}``), never stored, and get the CORS
headers a normal response would, so a browser front end can read them.
"""

from corsheaders.middleware import CorsMiddleware
from django.http import JsonResponse
from django.urls import Resolver404, resolve

from cms.security import client_ip
from locations.models import FrontendSettings
from treatment_pages.api_errors import error_body
from treatment_pages.api_locale import LocaleFallbackFilter, normalise
from treatment_pages.translation import bcp47

from . import ratelimit
from .auth import CHALLENGE, INVALID_KEY_MESSAGE, credentials, find_key, mark_used
from .conf import get_setting


def serves_translations(request):
    """Whether the endpoint answering ``request`` serves content in one language at a time.

    Pages, clinics and risk lists do (``LocaleFallbackFilter``); images and
    documents have no language, and only check a ``?locale=`` they are given.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    view_class = getattr(match.func, "cls", None)
    return LocaleFallbackFilter in getattr(view_class, "filter_backends", ())


def requested_language(request, key):
    """The language code a request asks for, or None when it asks for none in particular."""
    asked = request.GET.get("locale")
    if asked is not None:
        return normalise(asked)
    if serves_translations(request):
        # What the endpoint serves without ?locale=: the site's fallback language.
        return FrontendSettings.site_languages(key.site_id)[1]
    return None


def scope_error(request, key):
    """Why ``key`` may not make this request, or None."""
    site = request.GET.get("site")
    if site and not key.matches_site(site):
        return f"This API key reads the site {key.site_hostname}; it cannot read the site {site}."
    if key.locales:
        language = requested_language(request, key)
        if language is not None and not key.allows_locale(language):
            allowed = ", ".join(bcp47(code) for code in key.locales)
            return (
                f"This API key reads only {allowed}, not {bcp47(language)}: "
                f"ask with ?locale={bcp47(key.locales[0])}."
            )
    return None


class ApiKeyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Only its add_response_headers is used, on the errors answered here.
        self.cors = CorsMiddleware(get_response)

    def __call__(self, request):
        if request.method == "OPTIONS" or not request.path_info.startswith(
            get_setting("API_PREFIX")
        ):
            return self.get_response(request)

        raw_key = credentials(request)
        key = find_key(raw_key) if raw_key is not None else None
        usage = self.count(request, key)
        if usage is not None and usage.exceeded:
            return usage.apply(self.too_many_requests(request, usage))
        if raw_key is not None and key is None:
            response = self.error(request, INVALID_KEY_MESSAGE, 401)
            response["WWW-Authenticate"] = f'{CHALLENGE}, error="invalid_token"'
            return self.finish(response, usage)
        if key is not None:
            message = scope_error(request, key)
            if message is not None:
                return self.finish(self.error(request, message, 403), usage)
            request._wagtail_site = key.site()
            request.cache_scope = f"site:{key.site_id}"
            mark_used(key)
        request.api_key = key
        return self.finish(self.get_response(request), usage)

    def count(self, request, key):
        window = get_setting("RATE_LIMIT_WINDOW")
        if key is not None:
            limit = key.rate_limit or get_setting("RATE_LIMIT")
            return ratelimit.hit(f"key:{key.id}", limit, window)
        limit = get_setting("ANONYMOUS_RATE_LIMIT")
        return ratelimit.hit(f"ip:{client_ip(request)}", limit, window)

    def finish(self, response, usage):
        return usage.apply(response) if usage is not None else response

    def error(self, request, message, status):
        response = JsonResponse(error_body(message, status), status=status)
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        self.cors.add_response_headers(request, response)
        return response

    def too_many_requests(self, request, usage):
        message = (
            f"Rate limit exceeded: {usage.limit} requests per {usage.window} seconds. "
            f"Retry in {usage.reset_seconds} seconds."
        )
        return self.error(request, message, 429)
