"""Signal receivers that feed the change log: the one place that decides what changed.

- A full save of a live page is a publish (a ``translation`` when a page goes
  live for the first time in a locale of an existing page); a full save that
  takes a page from live to not live is an unpublish. Drafts are saved with
  ``update_fields`` (revision bookkeeping) or leave ``live`` false: they
  change nothing a reader sees, so they are not recorded.
- ``post_page_move`` records a move of the page and its live descendants, on
  the sites they left as well as the sites they reached.
- ``post_delete`` of a live page records a delete (once per page, although
  Django sends it for each table of a page's inheritance chain).
- A view restriction added, changed or removed records ``privacy`` for the
  live pages below it: they leave, or come back to, the public API.
- An edit of a tracked snippet, image or document (``TRACKED_MODELS``), or of
  a child row of one (a risk list's risks), records a ``snippet`` or
  ``media`` change; its pages come from the reference index.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import post_page_move

from cms.delivery.caching import TRACKED_CHILDREN, TRACKED_MODELS
from locations.models import LocalTreatmentPage

from .models import Change
from .recording import Position, record_change

#: Fields whose change alters the parent's list of children (menus, listings).
LISTED_FIELDS = ("live", "title", "slug", "show_in_menus")

#: Image and document rows; the other tracked models are snippets.
MEDIA_MODELS = {"wagtailimages.image", "wagtaildocs.document"}

#: Saves limited to these fields are bookkeeping (Wagtail fills them in lazily).
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}

#: A path no page can have (treebeard uses 0-9 and A-Z): a moved page's old
#: place is "somewhere below its old parent".
UNKNOWN_STEP = "~" * Page.steplen


def _is_page_model(cls):
    return isinstance(cls, type) and issubclass(cls, Page) and not cls._meta.abstract


def _locale_code(locale_id):
    if locale_id is None:
        return ""
    return Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first() or ""


# --- Pages -------------------------------------------------------------------------


def before_page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or update_fields or instance.pk is None:
        instance._cms_listed_before = None
        return
    instance._cms_listed_before = (
        Page.objects.filter(pk=instance.pk).values_list(*LISTED_FIELDS).first()
    )


def _is_move_bookkeeping(instance, before, now):
    """Wagtail's move saves a freshly loaded base ``Page``; ``post_page_move`` records the move."""
    return type(instance) is Page and instance.specific_class not in (None, Page) and before == now


def on_page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or update_fields:
        return
    before = getattr(instance, "_cms_listed_before", None)
    now = tuple(getattr(instance, name) for name in LISTED_FIELDS)
    was_live = bool(before and before[0])
    if _is_move_bookkeeping(instance, before, now):
        return
    if instance.live:
        kind = Change.Kind.PUBLISH
        if not was_live and _has_translations(instance):
            kind = Change.Kind.TRANSLATION
        record_change(
            kind,
            instance,
            pages=[instance.pk],
            revision_id=instance.live_revision_id,
            listing_changed=before != now,
        )
    elif was_live:
        record_change(Change.Kind.UNPUBLISH, instance, pages=[instance.pk], listing_changed=True)


def _has_translations(page):
    if not page.translation_key:
        return False
    return Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).exists()


def on_page_moved(sender, instance, parent_page_before=None, **kwargs):
    subtree = Page.objects.descendant_of(instance, inclusive=True).live()
    rows = list(subtree.values_list("pk", "locale__language_code", "content_type_id"))
    if not rows:
        return  # nothing published moved
    ids = [pk for pk, _, _ in rows]
    masters = dict(LocalTreatmentPage.objects.filter(pk__in=ids).values_list("pk", "master_id"))
    positions = []
    if parent_page_before is not None:
        old_place = parent_page_before.path + UNKNOWN_STEP
        positions = [
            Position(pk, old_place, locale, content_type_id, masters.get(pk))
            for pk, locale, content_type_id in rows
        ]
    record_change(
        Change.Kind.MOVE,
        instance,
        pages=ids,
        positions=positions,
        revision_id=instance.live_revision_id,
        listing_changed=True,
    )


def on_page_deleted(sender, instance, **kwargs):
    # Deleting a page deletes a row of each model in its inheritance chain, and
    # Django signals each: record the page once, as its own specific class.
    specific = instance.specific_class
    if specific is not None and type(instance) is not specific:
        return
    if not instance.live:
        return
    position = Position(
        instance.pk,
        instance.path,
        _locale_code(instance.locale_id),
        instance.content_type_id,
        getattr(instance, "master_id", None),
    )
    record_change(Change.Kind.DELETE, instance, positions=[position], listing_changed=True)


def on_restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return  # deleted with its page, which records its own change
    ids = list(Page.objects.descendant_of(page, inclusive=True).live().values_list("pk", flat=True))
    if ids:
        record_change(Change.Kind.PRIVACY, page, pages=ids, listing_changed=True)


# --- Snippets, images, documents -------------------------------------------------


def _kind_of(label):
    return Change.Kind.MEDIA if label in MEDIA_MODELS else Change.Kind.SNIPPET


def _mark_recorded(instance, change):
    """Remember, until commit, that this instance's save was recorded (see ``on_child_changed``)."""
    instance._cms_change_id = change.pk
    transaction.on_commit(lambda: instance.__dict__.pop("_cms_change_id", None))


def on_object_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    change = record_change(_kind_of(sender._meta.label_lower), instance)
    _mark_recorded(instance, change)


def _covered_by_parent(parent):
    """Whether the parent's own save recorded the change, and nothing has been recorded since.

    Entries are written in commit order under a lock, so "the parent's entry
    is still the newest" means this child is saved in the same transaction,
    straight after its parent, as the snippet editor and modelcluster do.
    """
    change_id = getattr(parent, "_cms_change_id", None)
    if change_id is None:
        return False
    return Change.objects.order_by("-id").values_list("id", flat=True).first() == change_id


def on_child_changed(sender, instance, raw=False, **kwargs):
    """A risk item saved or deleted is a change of its risk list.

    Saving a risk list in the admin saves the list, then each of its items,
    in one transaction: the list's own entry covers them. An item changed on
    its own (a script, a shell) records an entry for its list.
    """
    if raw:
        return
    parent_label, attname = TRACKED_CHILDREN[sender._meta.label_lower]
    field = sender._meta.get_field(attname.removesuffix("_id"))
    parent = instance._state.fields_cache.get(field.name)
    if _covered_by_parent(parent):
        return
    parent_id = instance.__dict__.get(attname)
    if parent_id is None:
        return
    if parent is None:
        parent = field.related_model(pk=parent_id)
    record_change(_kind_of(parent_label), parent)


def connect(apps):
    for model in apps.get_models():
        label = model._meta.label_lower
        uid = f"cms-changes-{label}"
        if _is_page_model(model):
            pre_save.connect(before_page_saved, sender=model, dispatch_uid=uid)
            post_save.connect(on_page_saved, sender=model, dispatch_uid=uid)
            post_delete.connect(on_page_deleted, sender=model, dispatch_uid=uid)
            post_page_move.connect(on_page_moved, sender=model, dispatch_uid=uid)
        elif model is PageViewRestriction:
            post_save.connect(on_restriction_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(on_restriction_changed, sender=model, dispatch_uid=uid)
        elif label in TRACKED_MODELS:
            post_save.connect(on_object_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(on_object_changed, sender=model, dispatch_uid=uid)
        elif label in TRACKED_CHILDREN and label != "wagtailimages.rendition":
            # Renditions are made while pages render; they change nothing shown.
            post_save.connect(on_child_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(on_child_changed, sender=model, dispatch_uid=uid)
