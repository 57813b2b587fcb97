"""Security plumbing shared by every environment: CSP scoping, CORS origins, client IPs.

Settings hold the policies (``cms/settings/base.py``); this module holds the
few pieces of code that choose between them per request.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import reverse

from locations.models import FrontendSettings


class ScopedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with a second policy for Wagtail's admin.

    The public pages use no inline script or style and no third-party asset,
    so they get a strict policy (``CONTENT_SECURITY_POLICY``). Wagtail's admin
    still relies on inline scripts and style attributes, and previews
    embeds from their providers; rather than weaken the public policy for
    it, requests under the admin's URL get ``ADMIN_CONTENT_SECURITY_POLICY``.
    A view can still override either with django-csp's decorators.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(reverse("wagtailadmin_home"))
        ):
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


def origin(url):
    """``scheme://host[:port]`` of a URL, as browsers send it in ``Origin``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def frontend_origins():
    """Origins of every site's public front end (``FrontendSettings``), cached."""
    return {origin(url) for url in FrontendSettings.base_urls().values()} - {""}


def cors_allow_frontends(sender, request, **kwargs):
    """``corsheaders`` signal: let each consuming site's front end read the API.

    django-cors-headers allows the origins in ``CORS_ALLOWED_ORIGINS`` (an
    environment variable, for consumers that are not a Wagtail site); this
    adds every site's public front end, as administrators set it in the
    admin, so onboarding a clinic's front end needs no deployment. Only the
    API is concerned: ``CORS_URLS_REGEX`` limits the middleware to ``/api/``,
    and this handler checks the path again because the signal alone would
    enable CORS on any URL.
    """
    if not request.path_info.startswith("/api/"):
        return False
    request_origin = request.headers.get("origin", "").lower()
    return bool(request_origin) and request_origin in frontend_origins()


def client_ip(request):
    """The client's address for login throttling (``AXES_CLIENT_IP_CALLABLE``).

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (a CDN, a load balancer),
    ``REMOTE_ADDR`` is the nearest proxy, so the client is the address that
    many hops from the right of ``X-Forwarded-For``. Entries further left are
    written by the client and cannot be trusted. With no proxies configured,
    ``REMOTE_ADDR`` is used and the header ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
