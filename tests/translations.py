"""French content made the way editors make it: the admin's Translate action, then publish.

``translate`` is Wagtail's ``copy_for_translation`` (parents too, for a page),
with fields then set; ``publish`` publishes a revision and returns the page
as it is now stored.
"""

from wagtail.models import Locale, Page


def fr():
    return Locale.objects.get(language_code="fr-ca")


def translate(obj, **fields):
    """``obj`` copied into French (parents too, for a page), with ``fields`` set."""
    if isinstance(obj, Page):
        copy = obj.specific.copy_for_translation(fr(), copy_parents=True)
        copy = Page.objects.get(pk=copy.pk).specific
    else:
        copy = obj.copy_for_translation(fr())
        copy.save()
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def publish(page):
    page = Page.objects.get(pk=page.pk).specific
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def publish_french_ancestors(page):
    """Publish the French parents ``copy_parents`` made as drafts (aliases are live already)."""
    for ancestor in page.get_ancestors().filter(depth__gt=1, live=False):
        publish(ancestor)
