"""Refuse, with a message, deletions that a PROTECT foreign key would turn into a 500.

A risk list shown on an explainer, or a master explainer that clinics
localise, must not disappear from under the pages that read it. Django
protects them with ``on_delete=PROTECT``; Wagtail's delete views do not catch
the resulting ``ProtectedError``, so the admin asks first.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from wagtail.models import Page


def blocking_objects(objects):
    """What would stop ``objects`` (and, for pages, their subtrees) from being deleted."""
    targets = []
    for obj in objects:
        if isinstance(obj, Page):
            targets.extend(obj.get_descendants(inclusive=True))
        else:
            targets.append(obj)
    if not targets:
        return []
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect(targets)
    except ProtectedError as error:
        return sorted(error.protected_objects, key=str)
    except RestrictedError as error:
        return sorted(error.restricted_objects, key=str)
    return []


def describe(blocker):
    if isinstance(blocker, Page):
        return f"the page “{blocker.get_admin_display_title()}”"
    parent = getattr(blocker, "page", None)
    if isinstance(parent, Page):
        return f"the page “{parent.get_admin_display_title()}”"
    return f"“{blocker}”"


def refusal_message(objects, blockers, limit=5):
    names = ", ".join(f"“{obj}”" for obj in objects)
    used_by = sorted({describe(b) for b in blockers})
    more = f" and {len(used_by) - limit} more" if len(used_by) > limit else ""
    return (
        f"{names} cannot be deleted because it is still used by "
        f"{', '.join(used_by[:limit])}{more}. "
        "Remove it from those pages, or delete them first."
    )
