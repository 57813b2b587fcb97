"""Translated pages point at translated snippets and masters.

Translating a page (Wagtail's ``copy_for_translation``, which the admin's
"Translate" action runs) copies its references as they are: a French copy of
an explainer would still show the English risk lists. Right after the copy,
:func:`localize_references` swaps each reference for its translation in the
new page's locale when there is one. Where there is none, the reference
stays, and the governance checks refuse to publish the page until it is
translated (``governance.builtin_checks``: a French page never shows an
English risk list).

A page model takes part by defining ``localize_references(locale)``, which
swaps its own references and returns True when it changed something.
"""

from django.db import transaction


def translation_in(obj, locale):
    """``obj``'s translation in ``locale``, ``obj`` itself if already there, or None."""
    if obj is None or obj.locale_id == locale.pk:
        return obj
    return obj.get_translation_or_none(locale)


def on_copy_for_translation_done(sender, source_obj, target_obj, **kwargs):
    page = getattr(target_obj, "specific", target_obj)
    localize = getattr(page, "localize_references", None)
    if localize is None or not localize(page.locale):
        return
    with transaction.atomic():
        page.save()
        if hasattr(page, "save_revision"):
            page.save_revision(clean=False, log_action=False)


LOCALES_CACHE_KEY = "treatment_pages:locales"


def bcp47(language_code):
    """Wagtail's ``'fr-ca'`` as the ``'fr-CA'`` that HTML, HTTP and the API use."""
    language, _, region = language_code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def locales_by_code():
    """``{language code: Locale}`` for every locale, from the shared cache.

    Asked on every API request, so it costs no query once warm; saving or
    deleting a locale forgets it (``apps.ready``).
    """
    from django.core.cache import cache
    from wagtail.models import Locale

    locales = cache.get(LOCALES_CACHE_KEY)
    if locales is None:
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        cache.set(LOCALES_CACHE_KEY, locales, None)
    return locales


def forget_locales(**kwargs):
    from django.core.cache import cache

    cache.delete(LOCALES_CACHE_KEY)


def default_language():
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)
