"""Record a change: which pages it alters, on which sites and in which locales, by one rule.

:func:`record_change` is the one way entries are written. Given what changed
and the pages it touches directly, it adds, from the database as it is now:

- the live pages that use the changed object, through Wagtail's reference
  index (a risk list's explainers, and their local pages; pages linking to
  a page; an image's pages), two references deep;
- when the change alters listings (``listing_changed``): the parent of each
  page (its HTML lists its children), the master of each local page (a
  clinic's site serves the masters of its local pages, so one appears or
  leaves with them), and the page's live translations;
- for every page, each site that serves it: the sites whose root page (or a
  translation of it) is the page or an ancestor, and, for a master
  explainer, the site of each live local page for it.

Pages that are no longer where the database says (a deleted page, a moved
page's old place) come in as :class:`Position` values.
"""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from wagtail.models import Page, ReferenceIndex, Site

from locations.models import LocalTreatmentPage

from .models import Change, ChangeTarget
from .signals import change_recorded, change_staged

logger = logging.getLogger(__name__)

#: How far reference chains are followed: risk list -> explainer -> local page.
REFERENCE_DEPTH = 2

#: PostgreSQL advisory lock held from an entry's insert until its transaction
#: ends, so entries commit in id order (a reader never sees a gap fill later).
ORDER_LOCK = 7_233_616_931


@dataclass(frozen=True)
class Position:
    """Where a page was: its ``path``, or one below an ancestor (a moved page's old parent)."""

    page_id: int
    path: str
    locale: str
    content_type_id: int
    master_id: int | None = None


def referencing_page_ids(objects):
    """Ids of the pages that use ``objects``, directly or through other pages."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    found = set()
    references = ReferenceIndex.get_references_to_in_bulk(
        [obj for obj in objects if obj.pk is not None]
    )
    for _ in range(REFERENCE_DEPTH):
        ids = references.filter(base_content_type=page_type).values_list("object_id", flat=True)
        new = {int(pk) for pk in ids} - found
        if not new:
            break
        found |= new
        # The next step from these pages' ids: no page instances to build.
        references = ReferenceIndex.objects.filter(
            to_content_type=page_type, to_object_id__in=[str(pk) for pk in new]
        )
    return found


def local_page_type_ids():
    """Content type ids of ``LocalTreatmentPage`` and the page types that extend it."""
    return {
        ContentType.objects.get_for_model(model).pk
        for model in apps.get_models()
        if issubclass(model, LocalTreatmentPage)
    }


def content_type_of(obj):
    if isinstance(obj, Page) and obj.content_type_id:
        return ContentType.objects.get_for_id(obj.content_type_id)
    return ContentType.objects.get_for_model(type(obj))


class SiteMap:
    """Which sites serve a path: those rooted at the path or one of its ancestors."""

    def __init__(self):
        roots = list(
            Site.objects.values_list("pk", "root_page__path", "root_page__translation_key")
        )
        self.roots = [(site_id, path) for site_id, path, _ in roots]
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False) and roots:
            # The pages API serves a site's root translations' trees too.
            keys = {key: site_id for site_id, _, key in roots}
            translations = Page.objects.filter(translation_key__in=keys).values_list(
                "translation_key", "path"
            )
            self.roots += [(keys[key], path) for key, path in translations]

    def sites_for(self, path):
        return {site_id for site_id, root in self.roots if path.startswith(root)}


def _rows(queryset):
    """``{id: (path, locale code, content type id)}``."""
    fields = ("pk", "path", "locale__language_code", "content_type_id")
    return {pk: row for pk, *row in queryset.values_list(*fields)}


def affected_targets(obj, pages=(), positions=(), listing_changed=False, referencing=True):
    """``{(site id or None, page id, locale, type id)}``: the pages a change alters, and where."""
    explicit = set(pages)
    referenced = referencing_page_ids([obj]) if referencing else set()
    live = Page.objects.live()
    # The pages whose own output changed (those named, and the live pages
    # using ``obj``), and where each is (or was).
    changed = _rows(
        Page.objects.filter(Q(pk__in=explicit) | Q(pk__in=referenced - explicit, live=True))
    )
    places = [(pk, *row) for pk, row in changed.items()]
    places += [(p.page_id, p.path, p.locale, p.content_type_id) for p in positions]

    local_masters, masters = {}, {}  # {local page id: master id}, {master id: row}
    if listing_changed:
        # Parents list their children; translations link to each other.
        parent_paths = {p[1][: -Page.steplen] for p in places if len(p[1]) > Page.steplen}
        keys = Page.objects.filter(pk__in=explicit).values("translation_key")
        listed = live.filter(path__in=parent_paths) | live.filter(translation_key__in=keys).exclude(
            pk__in=explicit
        )
        places += [(pk, *row) for pk, row in _rows(listed).items()]
        # A clinic's site serves the masters of its local pages: one arrives
        # or leaves with them, on those sites only.
        # Only a page whose type is a local page's has a local page row.
        local_types = local_page_type_ids()
        maybe_local = {pk for pk in explicit if pk in changed and changed[pk][2] in local_types}
        maybe_local |= {p.page_id for p in positions if p.content_type_id in local_types}
        local_masters = dict(
            LocalTreatmentPage.objects.filter(pk__in=maybe_local).values_list("pk", "master_id")
        )
        local_masters.update({p.page_id: p.master_id for p in positions if p.master_id})
        masters = _rows(live.filter(pk__in=set(local_masters.values())))

    sites = SiteMap()
    targets = set()
    sites_of_page = {}
    for pk, path, locale, content_type_id in places:
        page_sites = sites.sites_for(path) or {None}
        sites_of_page.setdefault(pk, set()).update(page_sites)
        targets.update((site_id, pk, locale, content_type_id) for site_id in page_sites)
    for local_id, master_id in local_masters.items():
        if master_id in masters:
            _, locale, content_type_id = masters[master_id]
            targets.update(
                (site_id, master_id, locale, content_type_id)
                for site_id in sites_of_page.get(local_id, ())
                if site_id is not None
            )
    # A changed master explainer is served on every site with a live local page for it.
    served = LocalTreatmentPage.objects.live().filter(master_id__in=list(changed))
    for master_id, path in served.values_list("master_id", "path"):
        _, locale, content_type_id = changed[master_id]
        targets.update(
            (site_id, master_id, locale, content_type_id) for site_id in sites.sites_for(path)
        )
    # A page served on a site needs no "no site" row.
    on_a_site = {t[1] for t in targets if t[0] is not None}
    return {t for t in targets if t[0] is not None or t[1] not in on_a_site}


def record_change(
    kind,
    obj,
    *,
    pages=(),
    positions=(),
    revision_id=None,
    listing_changed=False,
    referencing=True,
):
    """Write one :class:`Change` for ``obj`` and return it; see the module docstring.

    ``pages`` are the ids of pages the change alters directly (a published
    page, a moved subtree), wherever the database now has them; pages using
    ``obj`` are found through the reference index unless ``referencing`` is
    false. ``change_staged`` is sent at once, ``change_recorded`` on commit.
    """
    targets = affected_targets(obj, pages, positions, listing_changed, referencing)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ORDER_LOCK])
        change = Change.objects.create(
            kind=kind,
            content_type=content_type_of(obj),
            object_id=str(obj.pk),
            page_id=obj.pk if isinstance(obj, Page) else None,
            revision_id=revision_id,
            site_ids=sorted({t[0] for t in targets if t[0] is not None}),
            locales=sorted({t[2] for t in targets if t[0] is not None and t[2]}),
            listing_changed=listing_changed,
        )
        rows = ChangeTarget.objects.bulk_create(
            ChangeTarget(
                change=change,
                site_id=site_id,
                page_id=page_id,
                locale=locale or "",
                content_type_id=content_type_id,
            )
            for site_id, page_id, locale, content_type_id in sorted(
                targets, key=lambda t: (t[0] or 0, t[1])
            )
        )
        change_staged.send(sender=Change, change=change, targets=rows)
        transaction.on_commit(lambda: announce(change))
    return change


def announce(change):
    """Send ``change_recorded``; one failing receiver does not stop the others."""
    for receiver, result in change_recorded.send_robust(sender=Change, change=change):
        if isinstance(result, Exception):
            logger.error(
                "change_recorded receiver %r failed for change %s",
                receiver,
                change.pk,
                exc_info=result,
            )
