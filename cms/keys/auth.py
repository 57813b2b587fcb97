"""Finding the key a request carries, with no query once its record is cached.

A key is sent as ``Authorization: Bearer <key>`` or ``X-Api-Key: <key>``.
:func:`find_key` hashes it and reads the key's record from the shared cache
(``cms:keys:<sha256>``), falling back to the database; unknown and revoked
keys are cached too, so a bad key costs no query either. Saving, rotating,
revoking or deleting a key forgets its record (``signals.py``), so a revoked
key is refused on the next request, even for a response the cache holds.

:class:`ApiKeyAuthentication` is the DRF side: for views that need a key
(preview, sync), with :class:`~cms.keys.permissions.HasSiteApiKey`.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from wagtail.models import Site

from cms.delivery.redis_cache import CacheUnavailable
from treatment_pages.api_locale import normalise

from .conf import get_setting
from .models import KEY_PATTERN, ApiKey, hash_key

logger = logging.getLogger(__name__)

RECORD_PREFIX = "cms:keys:"
USED_PREFIX = "cms:keys:used:"

#: The ``WWW-Authenticate`` challenge of a 401.
CHALLENGE = 'Bearer realm="api"'
INVALID_KEY_MESSAGE = (
    "The API key is not valid or has been revoked. Ask an administrator for a new key."
)
MISSING_KEY_MESSAGE = "This endpoint needs an API key: send it as 'Authorization: Bearer <key>'."


@dataclass(frozen=True)
class AuthenticatedKey:
    """What a request needs to know about its key; built from the cached record."""

    id: int
    prefix: str
    site_id: int
    site_hostname: str
    site_port: int
    site_root_page_id: int
    site_is_default: bool
    site_name: str
    #: Language codes the key may read, lower case; empty means all.
    locales: tuple
    rate_limit: int | None

    def allows_locale(self, language_code):
        return not self.locales or normalise(language_code or "") in self.locales

    def site(self):
        """The key's Site, built from the record: no query (its root page is fetched if read)."""
        site = Site(
            pk=self.site_id,
            hostname=self.site_hostname,
            port=self.site_port,
            root_page_id=self.site_root_page_id,
            is_default_site=self.site_is_default,
            site_name=self.site_name,
        )
        site._state.adding = False
        return site

    def matches_site(self, value):
        """Whether ``?site=hostname[:port]`` names this key's site."""
        hostname, _, port = value.partition(":")
        return hostname.lower() == self.site_hostname and (not port or port == str(self.site_port))


def credentials(request):
    """The key a request sends, or None; ``Authorization: Bearer`` wins over ``X-Api-Key``."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    value = request.META.get("HTTP_X_API_KEY", "").strip()
    return value or None


def record_key(hashed_key):
    return RECORD_PREFIX + hashed_key


def load_record(hashed_key):
    """The cacheable record of an active key, or ``{}`` for an unknown or revoked one."""
    key = ApiKey.objects.active().filter(hashed_key=hashed_key).select_related("site").first()
    if key is None:
        return {}
    return {
        "id": key.pk,
        "prefix": key.prefix,
        "site_id": key.site_id,
        "site_hostname": key.site.hostname,
        "site_port": key.site.port,
        "site_root_page_id": key.site.root_page_id,
        "site_is_default": key.site.is_default_site,
        "site_name": key.site.site_name,
        "locales": tuple(
            sorted(normalise(code) for code in key.locales.values_list("language_code", flat=True))
        ),
        "rate_limit": key.rate_limit,
    }


def find_key(raw_key):
    """The active key ``raw_key`` names, or None."""
    if not KEY_PATTERN.fullmatch(raw_key):
        return None
    hashed_key = hash_key(raw_key)
    cache_key = record_key(hashed_key)
    record = cache.get(cache_key)
    if record is None:
        record = load_record(hashed_key)
        cache.set(cache_key, record, get_setting("KEY_CACHE_TIMEOUT"))
    return AuthenticatedKey(**record) if record else None


def forget(*hashed_keys):
    """Drop cached records now and when the transaction commits (see ``cms.delivery``).

    The first drop raises when the cache cannot be reached, so the change is
    refused whole. The second, after the commit, cannot undo the change: a
    failure there is logged. The record was dropped once already, so only a
    request that cached the old record in between could still be answered
    from it, for at most ``KEY_CACHE_TIMEOUT``.
    """
    keys = [record_key(hashed) for hashed in hashed_keys if hashed]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: _forget_after_commit(keys))


def _forget_after_commit(keys):
    try:
        cache.delete_many(keys)
    except CacheUnavailable:
        logger.error(
            "An API key change was committed but the shared cache could not be told; a copy "
            "of the old key cached just before the commit is honoured for up to %s seconds",
            get_setting("KEY_CACHE_TIMEOUT"),
        )


def mark_used(key):
    """Record that ``key`` was used; writes at most once per ``LAST_USED_INTERVAL``."""
    interval = get_setting("LAST_USED_INTERVAL")
    if cache.add(f"{USED_PREFIX}{key.id}", True, timeout=interval):
        ApiKey.objects.filter(pk=key.id).update(last_used_at=timezone.now())


class ApiKeyAuthentication(BaseAuthentication):
    """DRF authentication by API key; ``request.auth`` is the :class:`AuthenticatedKey`.

    Behind :class:`~cms.keys.middleware.ApiKeyMiddleware` the key is already
    checked and this only picks it up; without the middleware it checks the
    key itself. A request without a key is left unauthenticated, for the
    permission (:class:`~cms.keys.permissions.HasSiteApiKey`) to refuse.
    """

    def authenticate(self, request):
        django_request = request._request
        if hasattr(django_request, "api_key"):
            key = django_request.api_key
        else:
            raw_key = credentials(django_request)
            if raw_key is None:
                return None
            key = find_key(raw_key)
            if key is None:
                raise AuthenticationFailed(INVALID_KEY_MESSAGE)
        if key is None:
            return None
        return (AnonymousUser(), key)

    def authenticate_header(self, request):
        return CHALLENGE
