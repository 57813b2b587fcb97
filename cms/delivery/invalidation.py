"""What a publish or an edit invalidates: the shared cache's counters and the CDN's URLs.

One rule for both. A change to an object bumps its own token, and Wagtail's
reference index names the pages that use it (a risk list's explainers, an
image's pages, a master's local pages, pages linking to a page); those pages'
tokens are bumped too, and their URLs (HTML and API detail, on every site)
are purged from the front-end cache when ``WAGTAILFRONTEND_CACHE`` is set.
A change of membership (publish, unpublish, move, delete) also bumps the
page type's collection token, which every listing of that type read, and the
parent page, whose HTML lists its children.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import NoReverseMatch, reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_unpublished, post_page_move

from .caching import (
    CONFIG_DEPENDENCY,
    CONFIG_MODELS,
    TRACKED_CHILDREN,
    TRACKED_MODELS,
    collection_token,
    invalidate,
    token_for,
)

#: How far reference chains are followed: risk list -> explainer -> local page.
REFERENCE_DEPTH = 2


def referencing_page_ids(objects):
    """Ids of the pages that use ``objects``, directly or through other pages."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    found, frontier = set(), [obj for obj in objects if obj.pk is not None]
    for _ in range(REFERENCE_DEPTH):
        if not frontier:
            break
        ids = set(
            ReferenceIndex.get_references_to_in_bulk(frontier)
            .filter(base_content_type=page_type)
            .values_list("object_id", flat=True)
        )
        new = {int(pk) for pk in ids} - found
        found |= new
        frontier = [Page(pk=pk) for pk in new]
    return found


def _model_collections(model):
    """Collection tokens of a page model and every page model it extends."""
    return [collection_token(cls) for cls in model.__mro__ if _is_page_model(cls)]


def _is_page_model(cls):
    return isinstance(cls, type) and issubclass(cls, Page) and not cls._meta.abstract


def changed(objects, page_ids=(), membership_of=()):
    """Invalidate ``objects``, the pages that use them, and listings of ``membership_of``."""
    tokens = {token for obj in objects if (token := token_for(obj))}
    page_ids = set(page_ids) | referencing_page_ids(objects)
    tokens |= {f"page:{pk}" for pk in page_ids}
    for model in membership_of:
        tokens.update(_model_collections(model))
    invalidate(tokens)
    page_ids |= {obj.pk for obj in objects if isinstance(obj, Page)}
    if getattr(settings, "WAGTAILFRONTEND_CACHE", None) and page_ids:
        transaction.on_commit(lambda: purge_pages(page_ids, listings=bool(membership_of)))


def purge_pages(page_ids, listings=False):
    """Purge the pages' HTML URLs and their API detail URLs on every site."""
    batch = PurgeBatch()
    batch.add_pages(Page.objects.filter(pk__in=page_ids).specific(defer=True))
    roots = [site.root_url for site in Site.objects.all()]
    try:
        details = [reverse("wagtailapi:pages:detail", args=[pk]) for pk in page_ids]
        listing = reverse("wagtailapi:pages:listing")
    except NoReverseMatch:
        details, listing = [], None
    for root in roots:
        batch.add_urls(root + path for path in details)
        if listings and listing:
            batch.add_url(root + listing)
    batch.purge()


# --- Signal receivers -----------------------------------------------------


#: Fields whose change alters the parent's list of children (menus, listings).
LISTED_FIELDS = ("live", "title", "slug", "show_in_menus")


def before_page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or update_fields or instance.pk is None:
        instance._cms_listed_before = None
        return
    instance._cms_listed_before = (
        Page.objects.filter(pk=instance.pk).values_list(*LISTED_FIELDS).first()
    )


def on_page_saved(sender, instance, update_fields=None, raw=False, created=False, **kwargs):
    # Revision bookkeeping (``save(update_fields=["latest_revision", ...])``)
    # changes nothing a reader sees; a full save (publish, a script) may.
    if raw or update_fields:
        return
    before = getattr(instance, "_cms_listed_before", None)
    now = tuple(getattr(instance, name) for name in LISTED_FIELDS)
    if before == now:
        changed([instance])
    else:
        # Published for the first time, or listed differently: the parent's
        # children and every listing of the type change too.
        changed([instance], page_ids=_parent_ids(instance), membership_of=[type(instance)])


def _parent_ids(page):
    if not page.path or len(page.path) <= Page.steplen:
        return set()
    parent_path = page.path[: -Page.steplen]
    return set(Page.objects.filter(path=parent_path).values_list("pk", flat=True))


def on_page_unpublished(sender, instance, **kwargs):
    changed([instance], page_ids=_parent_ids(instance), membership_of=[type(instance)])


def on_page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    # A move rewrites the URL of the page and of every page below it.
    subtree = set(Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))
    parents = {p.pk for p in (parent_page_before, parent_page_after) if p is not None}
    changed([instance], page_ids=subtree | parents, membership_of=[type(instance)])


def on_page_deleted(sender, instance, **kwargs):
    changed([instance], page_ids=_parent_ids(instance), membership_of=[type(instance)])


def on_object_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changed([instance])


def on_child_changed(sender, instance, raw=False, **kwargs):
    if not raw and (token := token_for(instance)):
        invalidate([token])


def on_config_changed(sender, raw=False, **kwargs):
    if not raw:
        invalidate([CONFIG_DEPENDENCY])


def connect(apps):
    for model in apps.get_models():
        label = model._meta.label_lower
        uid = f"cms-cache-{label}"
        if _is_page_model(model):
            pre_save.connect(before_page_saved, sender=model, dispatch_uid=uid)
            post_save.connect(on_page_saved, sender=model, dispatch_uid=uid)
            post_delete.connect(on_page_deleted, sender=model, dispatch_uid=uid)
            page_unpublished.connect(on_page_unpublished, sender=model, dispatch_uid=uid)
            post_page_move.connect(on_page_moved, sender=model, dispatch_uid=uid)
        elif label in CONFIG_MODELS:
            post_save.connect(on_config_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(on_config_changed, sender=model, dispatch_uid=uid)
        elif label in TRACKED_MODELS:
            post_save.connect(on_object_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(on_object_changed, sender=model, dispatch_uid=uid)
        elif label in TRACKED_CHILDREN and label != "wagtailimages.rendition":
            # Renditions are made while pages render; they change nothing shown.
            post_save.connect(on_child_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(on_child_changed, sender=model, dispatch_uid=uid)
