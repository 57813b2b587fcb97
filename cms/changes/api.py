"""``/api/v2/sync/``: a site's pages once, then only what changed since, read from the change log.

A consumer (a clinic's front end, a search index, a static build) keeps a
mirror of one site's pages:

1. Without a token, the endpoint lists every page the site serves, exactly
   as ``/api/v2/pages/<id>/`` shows it, ``limit`` at a time, by id. Each
   answer carries ``meta.next_token``; while ``meta.has_more`` is true, ask
   again with that token.
2. The last page of that listing gives a token that stands for "the change
   log as it was when the listing began". Asked with it, the endpoint
   answers with each page whose output changed since: its current form in
   ``items`` if the site still serves it, or a tombstone in ``removed``
   (``id``, ``type``, ``reason``) if it does not. Again ``limit`` at a time.
3. Keep the last ``next_token`` and ask again later.

Why it converges: entries commit in id order (``cms.changes``), the listing
pages by id, and the delta starts at the entry that was newest when the
listing began. A page changed while the listing was being paged comes back
in the delta, in its newest form; a page deleted after it was listed comes
back as a tombstone. Items are always read as they are now, so a page
changed twice is sent once.

Tokens are signed (``django.core.signing``) and bound to the site and to
``?locale=``; a token altered, truncated, from another site or for another
locale is a 400 that says to start over without one.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import Max, Q
from django.urls import path
from django.utils.cache import patch_cache_control
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page

from cms.delivery.caching import change_log_token, depends_on
from cms.keys.auth import ApiKeyAuthentication
from cms.keys.permissions import ApiKeyRequiredMixin, HasSiteApiKey
from cms.openapi import sync_schema
from locations.api import PagesAPIViewSet
from locations.models import LocalTreatmentPage

from .models import Change, ChangeTarget

SIGNING_SALT = "cms.changes.sync"
TOKEN_VERSION = 1
DEFAULT_LIMIT = 20
START_OVER = "Start over: request /api/v2/sync/ without a token to fetch every page again."


class Reason:
    """Why a page left the site's output: the ``reason`` of a tombstone."""

    DELETED = "deleted"
    UNPUBLISHED = "unpublished"
    PRIVATE = "private"  # under a view restriction
    WITHDRAWN = "withdrawn"  # a local page whose master is unpublished or private
    LEFT_SITE = "left_site"  # live elsewhere: moved away, or a master no local page here uses


@dataclass(frozen=True)
class Cursor:
    """Where a consumer is: listing every page (``full``) or following the log."""

    site_id: int
    locale: str | None
    full: bool
    change_id: int  # the log entry the consumer has seen up to
    #: Listing: the last page id listed. Following the log: the last page id
    #: seen of entry ``change_id`` (answers stop within an entry), or None
    #: when all of it has been seen.
    page_id: int | None

    def dumps(self):
        data = {
            "v": TOKEN_VERSION,
            "s": self.site_id,
            "l": self.locale,
            "f": self.full,
            "c": self.change_id,
            "p": self.page_id,
        }
        return signing.dumps(data, salt=SIGNING_SALT, compress=True)

    @classmethod
    def loads(cls, token, site, locale):
        try:
            data = signing.loads(token, salt=SIGNING_SALT)
        except (signing.BadSignature, ValueError, TypeError) as e:
            raise BadRequestError(
                f"the sync token is not valid: altered, truncated or not issued here. {START_OVER}"
            ) from e
        if not isinstance(data, dict) or data.get("v") != TOKEN_VERSION:
            raise BadRequestError(f"the sync token is from an older version. {START_OVER}")
        if data.get("s") != site.pk:
            raise BadRequestError(f"the sync token belongs to another site. {START_OVER}")
        if data.get("l") != locale:
            issued = f"locale={data.get('l')}" if data.get("l") else "every locale"
            raise BadRequestError(
                f"the sync token was issued for {issued}; ask with the same locale, or "
                f"start over without a token."
            )
        page_id = data.get("p")
        return cls(
            site.pk,
            locale,
            bool(data["f"]),
            int(data["c"]),
            None if page_id is None else int(page_id),
        )


def parse_limit(value):
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 100) or 100
    if value is None:
        return min(DEFAULT_LIMIT, limit_max)
    try:
        limit = int(value)
    except ValueError as e:
        raise BadRequestError("limit must be a whole number, e.g. limit=50") from e
    if not 1 <= limit <= limit_max:
        raise BadRequestError(f"limit must be between 1 and {limit_max}")
    return limit


def latest_change_id():
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


def type_label(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    model = content_type.model_class()
    return model._meta.label if model else f"{content_type.app_label}.{content_type.model}"


class SyncAPIViewSet(ApiKeyRequiredMixin, PagesAPIViewSet):
    """Delta sync of the consuming site's pages; see the module docstring.

    It is the pages endpoint underneath: the same site scoping, the same rule
    for private, draft and withdrawn pages, the same loaders and the same
    detail serialisers, so an item here is byte for byte the page's detail.
    """

    name = "sync"
    #: Who may sync. Kept here, in one place: requiring an API key is a matter
    #: of naming its authentication and permission classes.
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasSiteApiKey]
    known_query_parameters = frozenset(["token", "limit", "locale", "site"])

    @classmethod
    def get_urlpatterns(cls):
        # Not named "listing": the response cache would make every answer
        # depend on every page type's listings, which the change log covers.
        return [path("", cls.as_view({"get": "sync_view"}), name="sync")]

    @sync_schema()
    def sync_view(self, request):
        unknown = set(request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not recognised: " + ", ".join(sorted(unknown))
            )
        site = self.requested_site
        if site is None:
            raise BadRequestError("no site answers this host; name one with ?site=<hostname>")
        locale = self.requested_locale
        limit = parse_limit(request.GET.get("limit"))
        # Any entry naming this site changes what a token's answer holds.
        depends_on(change_log_token(site.pk))
        token = request.GET.get("token")
        if token is None:
            cursor = Cursor(site.pk, locale, True, latest_change_id(), 0)
        else:
            cursor = Cursor.loads(token, site, locale)
        if cursor.full:
            items, removed, next_cursor, has_more = self.listing_page(cursor, limit)
        else:
            items, removed, next_cursor, has_more = self.delta_page(cursor, limit)
        response = Response(
            {
                "meta": {"next_token": next_cursor.dumps(), "has_more": has_more},
                "items": items,
                "removed": removed,
            }
        )
        # Shared caches may keep it, but must ask again each time: a token's
        # answer grows as changes arrive.
        patch_cache_control(response, public=True, no_cache=True)
        return response

    @cached_property
    def requested_locale(self):
        """The ``Locale.language_code`` of ``?locale=`` (``fr-CA``, ``fr_ca``...), or None.

        Checked against the languages the site publishes, as on every
        endpoint; unlike the pages listing, sync does not fall back: with
        ``?locale=`` it follows the pages in that language only, and without
        it the pages in every language.
        """
        if "locale" not in self.request.GET:
            return None
        return self.asked_locale.language_code

    def served_pages(self):
        """What the pages endpoint serves on this site, in ``?locale=`` when given."""
        queryset = self.get_base_queryset()
        if self.requested_locale is not None:
            queryset = queryset.filter(locale__language_code=self.requested_locale)
        return queryset

    # Listing every page -------------------------------------------------------

    def listing_page(self, cursor, limit):
        ids = list(
            self.served_pages()
            .filter(pk__gt=cursor.page_id)
            .order_by("pk")
            .values_list("pk", flat=True)[: limit + 1]
        )
        has_more = len(ids) > limit
        ids = ids[:limit]
        if has_more:
            next_cursor = Cursor(cursor.site_id, cursor.locale, True, cursor.change_id, ids[-1])
        else:
            # Listed: from now on, follow the log from where it stood at the start.
            next_cursor = Cursor(cursor.site_id, cursor.locale, False, cursor.change_id, None)
            # Pages listed early may have changed since: then there is more now.
            has_more = self.targets_after(next_cursor).exists()
        return self.serialise(ids), [], next_cursor, has_more

    # Following the log ------------------------------------------------------

    def delta_page(self, cursor, limit):
        """The next ``limit`` pages whose output changed since ``cursor``, oldest change first.

        Each page comes once, ranked by its newest entry; the new cursor is
        that entry and page id, so a page passed over here has an entry after
        it and comes in a later answer.
        """
        rows = list(
            self.targets_after(cursor)
            .values("page_id")
            .annotate(last=Max("change_id"), type=Max("content_type_id"))
            .order_by("last", "page_id")[: limit + 1]
        )
        has_more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = cursor
        if rows:
            last = rows[-1]
            next_cursor = Cursor(
                cursor.site_id, cursor.locale, False, last["last"], last["page_id"]
            )
        ids = [row["page_id"] for row in rows]
        served = set(self.served_pages().filter(pk__in=ids).values_list("pk", flat=True))
        items = self.serialise([pk for pk in ids if pk in served])
        removed = self.tombstones(
            {row["page_id"]: row["type"] for row in rows if row["page_id"] not in served}
        )
        return items, removed, next_cursor, has_more

    def targets_after(self, cursor):
        """The site's change log targets after ``cursor``, in its locale when it has one."""
        after = Q(change_id__gt=cursor.change_id)
        if cursor.page_id is not None:
            after |= Q(change_id=cursor.change_id, page_id__gt=cursor.page_id)
        targets = ChangeTarget.objects.filter(after, site_id=cursor.site_id)
        if cursor.locale is not None:
            targets = targets.filter(locale=cursor.locale)
        return targets

    # Items and tombstones -----------------------------------------------------

    def serialise(self, ids):
        """The pages' detail forms, in ``ids`` order, loaded a page type at a time."""
        if not ids:
            return []
        types = Page.objects.filter(pk__in=ids).values_list("pk", "content_type_id")
        by_model = defaultdict(list)
        for pk, content_type_id in types:
            model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
            by_model[model].append(pk)
        pages = {}
        for model, pks in by_model.items():
            queryset = model._default_manager.filter(pk__in=pks).select_related("locale")
            pages.update((page.pk, page) for page in self.loader_for(model).optimise(queryset))
        ordered = [pages[pk] for pk in ids if pk in pages]
        self.load(ordered)

        context = self.get_serializer_context()
        context["parents"] = self.parents_of(ordered)
        router = self.request.wagtailapi_router
        serializers = {}
        data = []
        for page in ordered:
            model = type(page)
            if model not in serializers:
                serializers[model] = self._get_serializer_class(
                    router, model, [], show_details=True
                )
            data.append(serializers[model](page, context=context).data)
        return data

    def parents_of(self, pages):
        """``{page id: parent}`` as the detail's ``parent`` field has it: served parents only."""
        paths = {page.path[: -Page.steplen] for page in pages if page.depth > 1}
        served = {parent.path: parent for parent in self.get_base_queryset().filter(path__in=paths)}
        return {page.pk: served.get(page.path[: -Page.steplen]) for page in pages}

    def tombstones(self, types):
        """``{id, type, reason}`` for pages the site no longer serves, from ``{id: type id}``."""
        if not types:
            return []
        ids = list(types)
        live = dict(Page.objects.filter(pk__in=ids).values_list("pk", "live"))
        private = set(
            Page.objects.filter(pk__in=ids).live().not_public().values_list("pk", flat=True)
        )
        withdrawn = set(
            LocalTreatmentPage.objects.filter(pk__in=ids)
            .withdrawn(self.public_pages)
            .values_list("pk", flat=True)
        )
        tombstones = []
        for pk in ids:
            if pk not in live:
                reason = Reason.DELETED
            elif not live[pk]:
                reason = Reason.UNPUBLISHED
            elif pk in private:
                reason = Reason.PRIVATE
            elif pk in withdrawn:
                reason = Reason.WITHDRAWN
            else:
                reason = Reason.LEFT_SITE
            tombstones.append({"id": pk, "type": type_label(types[pk]), "reason": reason})
        return tombstones
