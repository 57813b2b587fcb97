"""DRF pieces for endpoints that need an API key (preview, sync).

An endpoint that must not be read without a key of the requesting site adds
one mixin::

    class SyncAPIViewSet(ApiKeyRequiredMixin, BaseAPIViewSet): ...

or, for a plain DRF view, the two classes it sets::

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasSiteApiKey]

No key is a 401 with ``WWW-Authenticate: Bearer``; a key of another site a 403.
"""

from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission
from wagtail.models import Site

from .auth import CHALLENGE, MISSING_KEY_MESSAGE, ApiKeyAuthentication, AuthenticatedKey


class HasSiteApiKey(BasePermission):
    """Allows requests with a valid API key of the site the request is for.

    Behind ``ApiKeyMiddleware`` that site is the key's own; without it, the
    site the Host header names must be the key's.
    """

    def has_permission(self, request, view):
        key = request.auth
        if not isinstance(key, AuthenticatedKey):
            raise NotAuthenticated(MISSING_KEY_MESSAGE)
        site = Site.find_for_request(request._request)
        if site is not None and site.pk != key.site_id:
            raise PermissionDenied("This API key belongs to another site.")
        return True


class ApiKeyRequiredMixin:
    """Puts an endpoint behind an API key; goes first in the viewset's bases."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasSiteApiKey]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, NotAuthenticated | AuthenticationFailed) or (
            response is not None and response.status_code == 401
        ):
            response["WWW-Authenticate"] = CHALLENGE
        return response
