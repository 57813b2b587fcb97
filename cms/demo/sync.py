"""Update-or-create helpers that write only when something differs.

``load_demo`` must be safe to run again. Each helper compares the stored
values with the wanted ones and leaves an object alone when they match, so a
second run adds no revision, log entry or timestamp. Pages are changed the
way the admin changes them: a new revision, published, with a log entry.
"""

from django.core.management.base import CommandError
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Orderable, Page

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _without_block_ids(data):
    """Stored StreamField JSON minus the random ``id`` of every block and list item."""
    if isinstance(data, list):
        return [_without_block_ids(item) for item in data]
    if isinstance(data, dict):
        is_block = "type" in data and "value" in data
        return {
            key: _without_block_ids(value)
            for key, value in data.items()
            if not (is_block and key == "id")
        }
    return data


def _comparable(field, value):
    if isinstance(field, StreamField):
        stream = field.to_python(value)
        return _without_block_ids(
            [
                {"type": child.block_type, "value": child.block.get_prep_value(child.value)}
                for child in stream
            ]
        )
    return field.to_python(value)


def _differs(instance, name, wanted):
    field = instance._meta.get_field(name)
    if field.many_to_one:
        return getattr(instance, field.attname) != (wanted.pk if wanted is not None else None)
    current = _comparable(field, field.value_from_object(instance))
    return current != _comparable(field, wanted)


def apply_values(instance, values):
    """Set the fields in ``values`` that differ; return the names of those changed."""
    changed = [name for name, wanted in values.items() if _differs(instance, name, wanted)]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _python_values(model, row):
    """``row`` with plain values ("08:00", "2026-12-24") as the fields' Python types.

    A page's unsaved inline rows are serialised into its revision as they
    are, and a date or time given as a string cannot be.
    """
    values = {}
    for name, value in row.items():
        field = model._meta.get_field(name)
        values[name] = value if field.is_relation else field.to_python(value)
    return values


def apply_children(instance, relation, rows):
    """Replace a child relation (inline panel rows) when its rows differ from ``rows``.

    ``rows`` is a list of dicts of field values, in display order. Returns
    ``[relation]`` when the relation was replaced, else ``[]``.
    """
    manager = getattr(instance, relation)
    current = list(manager.all()) if instance.pk else []
    same = len(current) == len(rows) and all(
        not any(_differs(child, name, wanted) for name, wanted in row.items())
        for child, row in zip(current, rows, strict=True)
    )
    if same:
        return []
    # Orderable rows keep their display order explicitly: rows with an equal
    # (empty) sort_order come back in any order on PostgreSQL.
    ordered = issubclass(manager.model, Orderable)
    new_rows = [
        manager.model(
            **({"sort_order": index} if ordered else {}), **_python_values(manager.model, row)
        )
        for index, row in enumerate(rows)
    ]
    setattr(instance, relation, new_rows)
    return [relation]


def _apply(instance, values, children):
    changed = apply_values(instance, values)
    for relation, rows in (children or {}).items():
        changed += apply_children(instance, relation, rows)
    return changed


def sync_object(model, lookup, values, children=None):
    """Update or create one snippet-like object found by ``lookup``; return (object, status)."""
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    return _save_object(instance, created, values, children)


def _save_object(instance, created, values, children):
    """Apply ``values`` and ``children``; validate, save and log when new or changed."""
    changed = _apply(instance, values, children)
    if not (created or changed):
        return instance, UNCHANGED
    instance.full_clean()
    instance.save()
    log(instance, "wagtail.create" if created else "wagtail.edit")
    return instance, CREATED if created else UPDATED


def _update_page(page, values, children):
    """Apply ``values`` and ``children`` to an existing page; publish a revision if needed.

    A page that matches but was unpublished by an editor is published again.
    """
    if not _apply(page, values, children) and page.live:
        return page, UNCHANGED
    page.save_revision(log_action=True).publish()
    return type(page).objects.get(pk=page.pk), UPDATED


def sync_page(parent, model, slug, values, children=None, owner=None):
    """Update or create the page ``slug`` under ``parent``, publishing a revision if needed.

    Returns (page, status). A page that matches but was unpublished by an
    editor is published again, so every demo page ends up live.
    """
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None and existing.specific_class is not model:
        raise CommandError(
            f"{existing.url_path} exists but is a {existing.specific_class.__name__}, "
            f"not a {model.__name__}; move or rename it, then run load_demo again."
        )
    if existing is None:
        page = model(slug=slug, live=False, owner=owner)
        _apply(page, values, children)
        parent.add_child(instance=page)
        log(page, "wagtail.create")
        page.save_revision().publish()
        return model.objects.get(pk=page.pk), CREATED

    return _update_page(existing.specific, values, children)


def in_locale(value, locale):
    """``value``'s translation in ``locale`` if it is translatable and translated, else ``value``.

    Used to point a translation's references (risk lists, reviewer, master
    explainer) at their own translations, as ``treatment_pages.translation``
    does when an editor translates a page.
    """
    if getattr(value, "locale_id", locale.pk) == locale.pk:
        return value
    translation = value.get_translation_or_none(locale)
    if translation is None:
        return value
    if isinstance(translation, Page) and not isinstance(translation, type(value)):
        translation = translation.specific
    return translation


def localized(values, children, locale):
    """``values`` and inline ``children`` rows with every reference moved to ``locale``."""
    values = {name: in_locale(value, locale) for name, value in values.items()}
    children = {
        relation: [{name: in_locale(value, locale) for name, value in row.items()} for row in rows]
        for relation, rows in (children or {}).items()
    }
    return values, children


def sync_translation(source, locale, values, children=None):
    """Update or create the translation of snippet ``source`` in ``locale``; (object, status).

    A new translation is a copy of the source (``copy_for_translation``, as
    the admin's Translate action makes it) with ``values`` and ``children``
    applied, so fields not given keep the source's values.
    """
    values, children = localized(values, children, locale)
    instance = source.get_translation_or_none(locale)
    created = instance is None
    if created:
        instance = source.copy_for_translation(locale)
    return _save_object(instance, created, values, children)


def sync_page_translation(source, locale, values, children=None):
    """Update or create page ``source``'s translation in ``locale``, published; (page, status).

    A new translation is made as the admin's Translate action makes it:
    ``copy_for_translation`` under the parent's translation, which must exist,
    with its references moved to ``locale`` (``treatment_pages.translation``).
    ``values`` and ``children`` are then applied and a revision published.
    """
    values, children = localized(values, children, locale)
    model = source.specific_class
    existing = source.get_translation_or_none(locale)
    if existing is None:
        copy = source.specific.copy_for_translation(locale)
        page = model.objects.get(pk=copy.pk)
        _apply(page, values, children)
        page.save_revision(log_action=True).publish()
        return model.objects.get(pk=page.pk), CREATED

    return _update_page(existing.specific, values, children)
