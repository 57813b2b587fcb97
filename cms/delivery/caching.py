"""Conditional requests and a shared, dependency-aware cache of rendered responses.

Every public GET (API and HTML) goes through :class:`ResponseCacheMiddleware`:

- It records what the response *depends on* while the view renders: each page,
  snippet and image row read from the database (a ``post_init`` receiver, so no
  view has to declare anything), plus "collection" tokens for listings, whose
  membership changes when any page of the type is published.
- Each dependency has a version counter in the ``default`` cache. The stored
  response keeps the versions it saw; it is served only while every counter
  still has that value. :func:`invalidate` bumps counters, so a publish
  invalidates exactly the responses that read the page, and nothing else.
- Responses carry a strong ``ETag`` (a hash of the body), ``Last-Modified``
  (the newest ``last_published_at`` / ``updated_at`` read) and
  ``Cache-Control``; ``If-None-Match`` / ``If-Modified-Since`` get a 304.
  A cached response answers both with no query at all.

Each process also keeps a bounded copy of the entries it served last
(:class:`LocalEntries`), checked against the same counters, so a hit costs one
round trip to the shared cache (the counters; compared inside Redis by
``cms.delivery.redis_cache``) and never fetches the body.

A render that overlaps an invalidation is not stored: a global epoch counter,
read before the render and again after it, must not have moved. So a response
rendered from rows read before a publish can never be stored under the
versions written after it.

Settings live in ``settings.CMS_CACHE`` (see ``DEFAULTS``), read through
:func:`get_setting` so ``override_settings`` works in tests.
"""

import contextvars
import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_init
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from wagtail.api.v2.utils import page_models_from_string
from wagtail.models import Page

from . import proxy
from .redis_cache import CacheUnavailable

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Off switch for the shared response cache (conditional requests stay on).
    "ENABLED": True,
    # Seconds a stored response may live; invalidation usually ends it sooner.
    "TIMEOUT": 60 * 60,
    # Cache-Control for public responses: browsers and CDNs revalidate soon,
    # and may serve a stale copy while they do.
    "MAX_AGE": 60,
    "STALE_WHILE_REVALIDATE": 300,
    # Path prefixes never cached and sent with ``private, no-store``.
    "PRIVATE_PREFIXES": ("/admin/", "/django-admin/"),
    # Path prefixes never stored in the shared cache (still conditional).
    "UNCACHED_PREFIXES": ("/documents/",),
    # Bytes of response bodies each process keeps a copy of (see LocalEntries);
    # 0 turns the copy off.
    "LOCAL_BYTES": 32 * 1024 * 1024,
    # Tell a caching proxy in front what each stored response depends on
    # (``Surrogate-Key``), and ban by it on every invalidation
    # (cms.delivery.proxy, deploy/varnish.vcl).
    "SURROGATE_KEYS": False,
    # Seconds after which each ban is sent again (0: never), for a response
    # rendered before the change that reaches the proxy after the first ban.
    "BAN_REPEAT_SECONDS": 2,
    # A response depending on more tokens than this (a sitemap of every
    # page) gets no Surrogate-Key, so a proxy passes it (header limits).
    "SURROGATE_KEY_LIMIT": 1000,
}

#: Who a response may be shared with (see ResponseCacheMiddleware.audience).
PUBLIC, SCOPED, PRIVATE = "public", "scoped", "private"

EPOCH_KEY = "cms:dep:epoch"
DEP_PREFIX = "cms:dep:"
RESPONSE_PREFIX = "cms:resp:"


def get_setting(name):
    if name not in DEFAULTS:
        raise KeyError(f"Unknown CMS_CACHE setting: {name}")
    return getattr(settings, "CMS_CACHE", {}).get(name, DEFAULTS[name])


# --- Dependency tokens -------------------------------------------------------


def _label(model):
    return model._meta.label_lower


def token_for(instance):
    """The dependency token of a model instance, or None when it is not tracked.

    Pages share one token per id whatever class they were loaded as. Child rows
    (risk items, renditions) map to their parent, which is saved with them.
    """
    if isinstance(instance, Page):
        return f"page:{instance.pk}"
    label = _label(type(instance))
    parent = TRACKED_CHILDREN.get(label)
    if parent is not None:
        parent_label, attname = parent
        parent_id = instance.__dict__.get(attname)
        return f"{parent_label}:{parent_id}" if parent_id is not None else None
    if label in TRACKED_MODELS:
        return f"{label}:{instance.pk}"
    return None


def collection_token(model):
    return f"collection:{_label(model)}"


def change_log_token(site_id):
    """Bumped by every change log entry that names the site: what its sync answers read."""
    return f"changes:site:{site_id}"


#: Snippets and other rows whose edits change rendered pages (token = own id).
TRACKED_MODELS = {
    "treatment_pages.risklist",
    "treatment_pages.reviewer",
    "treatment_pages.evidencesource",
    "locations.practitioner",
    "wagtailimages.image",
    "wagtaildocs.document",
}

#: Configuration every response depends on (hostnames, front-end URLs, CORS
#: origins): a change to any of these rows invalidates every response.
CONFIG_DEPENDENCY = "config"
CONFIG_MODELS = {"wagtailcore.site", "locations.frontendsettings"}

#: Child rows tracked through their parent: {child label: (parent label, fk attname)}.
TRACKED_CHILDREN = {
    "treatment_pages.riskitem": ("treatment_pages.risklist", "risk_list_id"),
    "wagtailimages.rendition": ("wagtailimages.image", "image_id"),
}


class Dependencies:
    """What one response read: tokens, its newest modification time, its lifetime."""

    def __init__(self):
        self.tokens = {CONFIG_DEPENDENCY}
        self.last_modified = None
        self.timeout = None

    def add(self, token, modified=None):
        self.tokens.add(token)
        if modified is not None and (self.last_modified is None or modified > self.last_modified):
            self.last_modified = modified

    def limit_timeout(self, seconds):
        self.timeout = seconds if self.timeout is None else min(self.timeout, seconds)


_current = contextvars.ContextVar("cms_cache_dependencies", default=None)


@contextmanager
def collecting():
    deps = Dependencies()
    reset = _current.set(deps)
    try:
        yield deps
    finally:
        _current.reset(reset)


def depends_on_collection(model):
    """Declare that the response lists ``model``'s rows (new ones change it)."""
    deps = _current.get()
    if deps is not None:
        deps.add(collection_token(model))


def depends_on(token):
    """Declare that the response depends on ``token`` (bumped with :func:`invalidate`)."""
    deps = _current.get()
    if deps is not None:
        deps.add(token)


def expires_within(seconds):
    """Declare that the response depends on the clock (e.g. "open now")."""
    deps = _current.get()
    if deps is not None:
        deps.limit_timeout(seconds)


def _track_instance(sender, instance, **kwargs):
    deps = _current.get()
    if deps is None:
        return
    max_age = getattr(type(instance), "max_cache_age", None)
    if max_age is not None:
        # Rows whose rendering depends on the clock ("open now", upcoming hours).
        deps.limit_timeout(max_age)
    token = token_for(instance)
    if token is None:
        return
    values = instance.__dict__
    modified = values.get("last_published_at") or values.get("updated_at")
    deps.add(token, modified)


post_init.connect(_track_instance, dispatch_uid="cms-cache-track-instance")


# --- Version counters ---------------------------------------------------------


def _new_version():
    # Unique across restarts and evictions: an evicted counter never comes back
    # with a value an old entry recorded.
    return time.time_ns()


def _bump(keys):
    """Move each counter, in the order given; a missing one starts at a new version.

    On Redis, in one round trip (a publish moves a few dozen counters, and
    ``cache.incr`` costs two round trips each); elsewhere, one key at a time.
    """
    bump = getattr(cache, "bump_counters", None)
    if bump is not None:
        # cms.delivery.redis_cache: one script, so also no render can store
        # between two of the counters it moves.
        bump(keys, _new_version())
        return
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, _new_version(), timeout=None)


def invalidate(tokens):
    """Bump the version of each token now and again when the transaction commits.

    Now, so a publish outside a transaction is seen at once; on commit, so a
    response rendered from the old rows during the transaction is not kept.
    """
    tokens = set(tokens)
    keys = [DEP_PREFIX + token for token in tokens]
    if not keys:
        return
    # The epoch first: a render that reads a counter this bump has already
    # moved must also see the moved epoch, or it would store what it read
    # before the change under the versions written after it.
    keys.insert(0, EPOCH_KEY)
    _bump(keys)
    if not get_setting("SURROGATE_KEYS"):
        transaction.on_commit(lambda: _bump_after_commit(keys))
        return
    # With a proxy in front, the commit's bump goes with the ban (below).
    connection = transaction.get_connection()
    _pending_bans(connection).update(tokens)
    # robust: a proxy's failure must not stop the commit's other callbacks.
    transaction.on_commit(functools.partial(send_pending_bans, connection), robust=True)


def _pending_bans(connection):
    """The tokens invalidated on ``connection`` and not banned yet."""
    pending = getattr(connection, "cms_pending_bans", None)
    if pending is None:
        pending = connection.cms_pending_bans = set()
    return pending


def send_pending_bans(connection=None):
    """Move the counters of, and ban in the proxy, every token still pending on ``connection``.

    Each invalidation registers this on commit, so the first one to run sends
    the whole transaction's tokens in one ban round (a risk list saved with its
    items, a bulk publish), and the others find nothing left. A savepoint
    rolled back takes its callbacks with it but leaves its tokens, which a
    later callback bans too, and the tokens of a transaction rolled back as a
    whole go with the connection's next commit: a ban too many costs a miss,
    a ban too few a stale page.

    The counters move first: a render that the proxy fetches once the ban is
    in must see them moved, or the shared cache would hand it the old entry.
    """
    connection = connection or transaction.get_connection()
    tokens = _pending_bans(connection)
    if not tokens:
        return
    connection.cms_pending_bans = set()
    try:
        _bump_after_commit([EPOCH_KEY, *(DEP_PREFIX + token for token in tokens)])
    finally:
        proxy.ban(tokens, repeat_after=get_setting("BAN_REPEAT_SECONDS"))


#: True while this process owes the shared cache a bump it could not make
#: after a commit (see :func:`_bump_after_commit`).
_owed = False


def _bump_after_commit(keys):
    """:func:`_bump` for a change already committed: a failure is settled later, not raised.

    The change is in the database whatever happens here. If the cache cannot
    be reached now (it answered the bump before the commit), a response
    rendered from the old rows in between could still be stored as current;
    so every stored response is dropped (the ``config`` counter, which each
    one depends on) as soon as this process reaches the cache again
    (:func:`settle_owed`), and until then it serves none from it.
    """
    global _owed
    try:
        _bump(keys)
    except CacheUnavailable:
        _owed = True
        logger.error(
            "A change was committed but the shared cache could not be told; every cached "
            "response will be dropped when it can be reached again"
        )


def settle_owed():
    """Make the bump :func:`_bump_after_commit` owes; True when nothing is owed any more."""
    global _owed
    if not _owed:
        return True
    try:
        _bump([EPOCH_KEY, DEP_PREFIX + CONFIG_DEPENDENCY])
    except CacheUnavailable:
        return False
    _owed = False
    logger.warning("The shared cache is reachable again: every cached response was dropped")
    return True


def current_versions(tokens):
    """``{token: version}``, creating a counter for any token that has none yet."""
    keys = {DEP_PREFIX + token: token for token in tokens}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, _new_version(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return {token: found.get(key) for key, token in keys.items()}


# --- The middleware -----------------------------------------------------------


def response_key(request, host):
    """Site (host, or the scope a credential gave), path and query; and the ``Origin``.

    CORS headers vary on the ``Origin``. A request that an earlier middleware
    scoped (``request.cache_scope``: an API key's site) never shares an entry
    with one served by Host alone, nor with one of another scope.
    """
    query = request.META.get("QUERY_STRING", "")
    origin = request.META.get("HTTP_ORIGIN", "")
    scope = getattr(request, "cache_scope", None) or ""
    raw = f"{host}\n{scope}\n{request.path}\n{query}\n{origin}".encode()
    return RESPONSE_PREFIX + hashlib.sha256(raw).hexdigest()


def _timestamp(moment):
    # Whole seconds, as HTTP dates have: a fraction would make every
    # If-Modified-Since look older than the page.
    return int(moment.timestamp()) if moment is not None else None


def _etag(body):
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def listed_models(request, view_class):
    """The models a listing shows: the view's, narrowed by a pages ``?type=``."""
    model = getattr(view_class, "model", None)
    if model is None:
        return []
    if issubclass(model, Page) and request.GET.get("type"):
        try:
            return page_models_from_string(request.GET["type"])
        except (LookupError, ValueError):
            return [model]
    return [model]


class LocalEntries:
    """A bounded copy, in this process, of the entries it served last.

    An entry is current while every counter it recorded still has its value,
    wherever the entry is kept; so a copy here is checked exactly as the
    shared one is (one read of its counters), and a hit does not fetch the
    body from the shared cache. Least recently used entries go first once the
    bodies pass ``LOCAL_BYTES``; an entry also goes at its own timeout.
    """

    def __init__(self):
        self._entries = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            entry, expires = found
            if expires <= time.monotonic():
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key, entry, timeout):
        limit = get_setting("LOCAL_BYTES")
        size = len(entry["body"])
        if limit <= 0 or size > limit // 4 or timeout <= 0:
            return
        with self._lock:
            self._remove(key)
            self._entries[key] = (entry, time.monotonic() + timeout)
            self._bytes += size
            while self._bytes > limit:
                self._remove(next(iter(self._entries)))

    def discard(self, key):
        with self._lock:
            self._remove(key)

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _remove(self, key):
        found = self._entries.pop(key, None)
        if found is not None:
            self._bytes -= len(found[0]["body"])


local_entries = LocalEntries()


def lookup(request, key):
    """``(response, epoch)``: the stored response if still current (a 200 or a 304), or None.

    The epoch is read in the same round trip, before any render that follows a
    miss, which :meth:`ResponseCacheMiddleware.store` needs (a hit needs none).
    """
    if not settle_owed():
        return None, None  # neither served from the cache nor kept in it
    entry = local_entries.get(key)
    if entry is not None:
        hit = from_entry(request, entry)
        if hit is not None:
            return hit, None
        local_entries.discard(key)
    found = cache.get_many([key, EPOCH_KEY])
    entry = found.get(key)
    if entry is not None:
        hit = from_entry(request, entry)
        if hit is not None:
            # The copy ends when the shared entry does.
            expires = entry.get("expires") or time.time() + get_setting("TIMEOUT")
            local_entries.put(key, entry, expires - time.time())
            return hit, found.get(EPOCH_KEY)
    epoch = found.get(EPOCH_KEY)
    if epoch is None:
        cache.add(EPOCH_KEY, _new_version(), timeout=None)
        epoch = cache.get(EPOCH_KEY)
    return None, epoch


def versions_unchanged(versions):
    """Whether every dependency counter still has the value ``versions`` recorded."""
    if not versions:
        return True
    expected = {DEP_PREFIX + token: version for token, version in versions.items()}
    check = getattr(cache, "integers_unchanged", None)
    if check is not None:
        # cms.delivery.redis_cache: compared in Redis, one round trip.
        return check(expected)
    return cache.get_many(list(expected)) == expected


def from_entry(request, entry):
    """The response ``entry`` stored, or None when the clock or a dependency has moved on."""
    window = entry.get("clock")
    if window is not None and not window[0] <= timezone.now().timestamp() < window[1]:
        return None
    if not versions_unchanged(entry["versions"]):
        return None
    response = HttpResponse(entry["body"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    if proxy.SURROGATE_KEY in response.headers:
        if get_setting("SURROGATE_KEYS"):
            # The proxy may keep it for what is left of the entry's life.
            left = int(entry.get("expires", 0) - time.time())
            response[proxy.SURROGATE_CONTROL] = f"max-age={max(left, 0)}"
        else:
            del response[proxy.SURROGATE_KEY]
    response["X-Cache"] = "hit"
    return get_conditional_response(
        request,
        etag=entry["etag"],
        last_modified=entry["last_modified"],
        response=response,
    )


class ResponseCacheMiddleware:
    """Serves public GETs from the shared cache and answers conditional requests.

    Put it before the others in ``MIDDLEWARE``, so a cached response carries
    the headers every later middleware added (security headers, CSP, CORS
    varies) and a hit skips them all. Only what ``cms.keys.middleware`` does
    per request (API keys, rate limits) comes before it.

    Only requests nothing personal is known about use the shared cache. A
    request with a session cookie (an editor), or with credentials no earlier
    middleware verified, is rendered each time and sent ``private``. A request
    whose credentials were verified and turned into a ``request.cache_scope``
    (an API key, which stands for its site) is cached under that scope and
    sent ``private``, so no CDN serves it to a request without the key.
    Responses that set a cookie or use a CSRF token are not stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(get_setting("PRIVATE_PREFIXES")):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_store=True)
            return response
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        audience = self.audience(request)
        shared = (
            audience != PRIVATE
            and get_setting("ENABLED")
            and not path.startswith(get_setting("UNCACHED_PREFIXES"))
        )
        if not shared:
            with collecting() as deps:
                response = self.get_response(request)
            self.add_headers(response, deps, audience)
            return self.conditional(request, response, deps)

        try:
            host = request.get_host()
        except Exception:  # noqa: BLE001 - DisallowedHost: let Django answer it.
            return self.get_response(request)
        key = response_key(request, host)
        hit, epoch = lookup(request, key)
        if hit is not None:
            return hit

        with collecting() as deps:
            response = self.get_response(request)
            self.add_view_dependencies(request, response, deps)
        # Judged on the view's own Cache-Control, before a scoped one says "private".
        storable = self.storable(request, response)
        self.add_headers(response, deps, audience)
        if storable:
            self.store(key, response, deps, epoch, proxied=audience == PUBLIC)
        response["X-Cache"] = "miss"
        return self.conditional(request, response, deps)

    @staticmethod
    def audience(request):
        """``PUBLIC``, ``SCOPED`` (verified credentials, see ``cache_scope``) or ``PRIVATE``."""
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return PRIVATE
        if getattr(request, "cache_scope", None):
            return SCOPED
        if "HTTP_AUTHORIZATION" in request.META:
            return PRIVATE
        return PUBLIC

    # Rendering -----------------------------------------------------------

    def add_view_dependencies(self, request, response, deps):
        """Listings depend on their model's collection; a view may add more.

        A DRF listing view's model is found through the URL resolver; views
        and responses may name extra collections in ``cache_collections`` and
        a clock-bound lifetime in ``max_cache_age`` (attributes, so the apps
        need not import this module).
        """
        match = request.resolver_match
        view_class = getattr(getattr(match, "func", None), "cls", None)
        if view_class is not None and getattr(match, "url_name", "") == "listing":
            for model in listed_models(request, view_class):
                deps.add(collection_token(model))
        for source in (view_class, response):
            for model in getattr(source, "cache_collections", ()):
                deps.add(collection_token(model))
            max_age = getattr(source, "max_cache_age", None)
            if max_age is not None:
                deps.limit_timeout(max_age)

    def add_headers(self, response, deps, audience):
        """Validators (``ETag``, ``Last-Modified``) and ``Cache-Control`` for a 200."""
        if response.streaming or response.status_code != 200:
            return
        if not response.has_header("ETag"):
            response["ETag"] = _etag(response.content)
        if deps.last_modified is not None and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(deps.last_modified.timestamp())
        if not response.has_header("Cache-Control"):
            if audience == PRIVATE:
                patch_cache_control(response, private=True, no_cache=True)
                return
            max_age = get_setting("MAX_AGE")
            if deps.timeout is not None:
                max_age = min(max_age, deps.timeout)
            if audience == SCOPED:
                patch_cache_control(response, private=True, max_age=max_age)
            else:
                patch_cache_control(
                    response,
                    public=True,
                    max_age=max_age,
                    stale_while_revalidate=get_setting("STALE_WHILE_REVALIDATE"),
                )

    def conditional(self, request, response, deps):
        """A 304 when the request's ``If-None-Match`` / ``If-Modified-Since`` match."""
        if not response.has_header("ETag"):
            return response
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=_timestamp(deps.last_modified),
            response=response,
        )

    def storable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control

    def store(self, key, response, deps, epoch, proxied=False):
        """Keep ``response`` under ``key``; ``proxied``: a proxy in front may keep it too."""
        versions = current_versions(deps.tokens)
        if epoch is None or cache.get(EPOCH_KEY) != epoch:
            # Something was invalidated while this rendered: serve this
            # response, but do not keep it.
            return
        if any(version is None for version in versions.values()):
            return
        timeout = get_setting("TIMEOUT")
        clock = None
        if deps.timeout is not None:
            if deps.timeout <= 0:
                return
            timeout = min(timeout, deps.timeout)
            # Valid for ``timeout`` seconds of the clock the views read, so a
            # response saying "open now" is not kept past the hour it states.
            now = timezone.now().timestamp()
            clock = (now, now + deps.timeout)
        if (
            proxied
            and get_setting("SURROGATE_KEYS")
            and len(deps.tokens) <= get_setting("SURROGATE_KEY_LIMIT")
        ):
            # Only what is stored here for everyone may be kept by a proxy,
            # and no longer.
            response[proxy.SURROGATE_KEY] = proxy.surrogate_keys(deps.tokens)
            response[proxy.SURROGATE_CONTROL] = f"max-age={timeout}"
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("x-cache", "surrogate-control")
        ]
        entry = {
            "status": response.status_code,
            "headers": headers,
            "body": response.content,
            "etag": response["ETag"],
            "last_modified": _timestamp(deps.last_modified),
            "versions": versions,
            "clock": clock,
            "expires": time.time() + timeout,
        }
        cache.set(key, entry, timeout)
