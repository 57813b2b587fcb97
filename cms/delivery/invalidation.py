"""What a publish or an edit invalidates: the shared cache's counters and the CDN's URLs.

Driven by the change log (:mod:`cms.changes`), so the cache follows the same
rule as webhooks and sync: each entry, as it is recorded
(``change_staged``), bumps the change log token of each site it names (the
sync endpoint's answers read it), the token of what changed, of every page the entry
names (a risk list's explainers and local pages, a master's local pages,
pages linking to a page, a published page's parent), and, when the entry
changes listings, the collection token of the page type, which every
listing of that type read. A snippet, image or document entry always bumps
its model's collection token: a new, deleted or renamed row changes the
listings of that model (``/api/v2/risk-lists/``) without touching any
token they read. Those pages' URLs (HTML and API detail, on every
site) are purged from the front-end caches ``WAGTAILFRONTENDCACHE`` names,
except proxies that ban by the same tokens (:mod:`cms.delivery.proxy`).

Two kinds of write are not change log entries and are handled here directly:
a child row (a risk item) bumps its parent's token, in case it is saved
apart from its parent; and configuration (sites, front-end URLs) bumps the
token every response depends on.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

from cms.changes.signals import change_staged

from .caching import (
    CONFIG_DEPENDENCY,
    CONFIG_MODELS,
    TRACKED_CHILDREN,
    TRACKED_MODELS,
    change_log_token,
    collection_token,
    invalidate,
    token_for,
)


def _is_page_model(cls):
    return isinstance(cls, type) and issubclass(cls, Page) and not cls._meta.abstract


def _model_collections(model):
    """Collection tokens of a page model and every page model it extends."""
    return [collection_token(cls) for cls in model.__mro__ if _is_page_model(cls)]


def tokens_for_change(change, page_ids):
    """The dependency tokens a change log entry invalidates."""
    model = change.content_type.model_class()
    tokens = {f"page:{pk}" for pk in page_ids}
    tokens.update(change_log_token(site_id) for site_id in change.site_ids)
    if model is not None and _is_page_model(model):
        tokens.add(f"page:{change.object_id}")
        if change.listing_changed:
            tokens.update(_model_collections(model))
    elif change.object_label in TRACKED_MODELS:
        tokens.add(f"{change.object_label}:{change.object_id}")
        if model is not None:
            # A row created, deleted, translated or renamed changes the listings of
            # its model (membership, order, counts), which read no token of it.
            tokens.add(collection_token(model))
    return tokens


def on_change_staged(sender, change, targets=None, **kwargs):
    if targets is None:
        targets = change.targets.all()
    page_ids = {target.page_id for target in targets}
    if change.page_id is not None:
        page_ids.add(change.page_id)
    invalidate(tokens_for_change(change, page_ids))
    if page_ids and (backends := url_backends()):
        listings = change.listing_changed
        transaction.on_commit(
            lambda: purge_pages(page_ids, listings=listings, backends=backends), robust=True
        )


def url_backends():
    """Names of the front-end caches purged URL by URL.

    Proxies that ban by dependency key (cms.delivery.proxy) are left out:
    :func:`~cms.delivery.caching.invalidate` bans everything these URLs
    would purge, and more, in a request or two.
    """
    configured = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    return [
        name
        for name, config in configured.items()
        if not hasattr(import_string(config["BACKEND"]), "purge_keys")
    ]


def purge_pages(page_ids, listings=False, backends=None):
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
    batch.purge(backends=backends)


# --- Writes that are not change log entries ---------------------------------------


def on_child_changed(sender, instance, raw=False, **kwargs):
    if not raw and (token := token_for(instance)):
        invalidate([token])


def on_config_changed(sender, raw=False, **kwargs):
    if not raw:
        invalidate([CONFIG_DEPENDENCY])


def replace_wagtail_purge_handlers(apps):
    """Disconnect ``wagtail.contrib.frontend_cache``'s publish and unpublish purges.

    They purge the page's own URLs synchronously inside the publishing
    transaction, before the commit (a request in between could fill the
    cache again with the old page). :func:`on_change_staged` purges the
    same URLs and more after the commit, and proxies that ban by key need
    no URL purge at all.
    """
    from wagtail.contrib.frontend_cache import signal_handlers
    from wagtail.signals import page_published, page_unpublished

    for model in apps.get_models():
        if _is_page_model(model):
            page_published.disconnect(signal_handlers.page_published_signal_handler, sender=model)
            page_unpublished.disconnect(
                signal_handlers.page_unpublished_signal_handler, sender=model
            )


def connect(apps):
    replace_wagtail_purge_handlers(apps)
    change_staged.connect(on_change_staged, dispatch_uid="cms-cache-change")
    for model in apps.get_models():
        label = model._meta.label_lower
        uid = f"cms-cache-{label}"
        if label in CONFIG_MODELS:
            post_save.connect(on_config_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(on_config_changed, sender=model, dispatch_uid=uid)
        elif label in TRACKED_CHILDREN and label != "wagtailimages.rendition":
            # Renditions are made while pages render; they change nothing shown.
            post_save.connect(on_child_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(on_child_changed, sender=model, dispatch_uid=uid)
