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

import contextvars

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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


#: The locales read during the current request (None outside a request): a page's
#: HTML asks for them about ten times, each a round trip to the shared cache.
_request_locales = contextvars.ContextVar("treatment_pages_request_locales", default=None)


def locales_by_code():
    """``{language code: Locale}`` for every locale, from the shared cache.

    Asked on every API request, so it costs no query once warm; saving or
    deleting a locale forgets it (``apps.ready``). Within a request it is read
    from the shared cache once (:func:`start_request_locales`).
    """
    from django.core.cache import cache
    from wagtail.models import Locale

    memo = _request_locales.get()
    if memo:
        return memo[0]
    locales = cache.get(LOCALES_CACHE_KEY)
    if locales is None:
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        cache.set(LOCALES_CACHE_KEY, locales, None)
    if memo is not None:
        memo.append(locales)
    return locales


def start_request_locales(**kwargs):
    """On ``request_started``: the request's locales are read from the shared cache once."""
    _request_locales.set([])


def end_request_locales(**kwargs):
    """On ``request_finished``: outside a request, every call reads the shared cache."""
    _request_locales.set(None)


def active_locale():
    """The ``Locale`` of the active language (Wagtail's ``Locale.get_active``) from the cache.

    None when the active language has no locale; Wagtail's own lookup then
    decides.
    """
    from django.utils import translation
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None
    return locales_by_code().get(code)


def forget_locales(**kwargs):
    from django.core.cache import cache

    cache.delete(LOCALES_CACHE_KEY)
    if _request_locales.get() is not None:
        _request_locales.set([])


def default_language():
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def site_languages(site_id):
    """``(language codes the site publishes, the code to fall back to)``.

    From the ``TREATMENT_PAGES["SITE_LANGUAGES"]`` callable when the project
    names one (this project: each site's public front end settings), else
    every content language with ``LANGUAGE_CODE``'s as the fallback.
    """
    from django.utils.module_loading import import_string
    from wagtail.coreutils import get_content_languages

    from .conf import get_setting

    path = get_setting("SITE_LANGUAGES")
    if path:
        return import_string(path)(site_id)
    return list(get_content_languages()), default_language()


def language_of(obj):
    """The language code of a translatable object's locale, read from the cached locales."""
    for code, locale in locales_by_code().items():
        if locale.pk == obj.locale_id:
            return code
    return obj.locale.language_code


def in_language_or_fallback(pages, locale, fallback):
    """``pages`` in ``locale``, plus those in ``fallback`` that have no translation in ``locale``.

    For listings: a page not yet translated is listed from the fallback
    language (templates mark it) rather than dropped. The translation must be
    among ``pages`` to count, so a draft or private translation does not hide
    its source. One query, whatever the number of pages.
    """
    in_locale = Q(locale=locale)
    if fallback is None or fallback.pk == locale.pk:
        return pages.filter(in_locale)
    translated = pages.filter(in_locale).values("translation_key")
    return pages.filter(in_locale | Q(locale=fallback) & ~Q(translation_key__in=translated))


def children_of_translations(model, parent):
    """``model`` pages whose parent is ``parent`` or any of its translations (one subquery).

    Translations of a page sit at the same depth (``copy_for_translation``
    mirrors the tree), so a child's parent is the prefix of its path of the
    parent's length.
    """
    from django.db.models.functions import Substr
    from wagtail.models import Page

    parents = Page.objects.filter(translation_key=parent.translation_key).values("path")
    return (
        model.objects.filter(depth=parent.depth + 1)
        .alias(parent_path=Substr("path", 1, len(parent.path)))
        .filter(parent_path__in=parents)
    )


#: How a language is named inside a sentence of the active language
#: ("shown in English", "présentée en anglais"); keyed by language, not region.
LANGUAGE_NAMES = {
    "en": _("English"),
    "fr": _("French"),
}


def language_name(code):
    """``'en-ca'`` -> 'English' (in English), 'anglais' (in French): for sentences."""
    language = code.split("-")[0].lower()
    return LANGUAGE_NAMES.get(language, code)


def listing_locales(page, request):
    """``(page's Locale, fallback Locale)`` for listing pages in ``page``'s language.

    The fallback is the language the requesting site falls back to
    (:func:`site_languages`); both come from the cached locales, so this
    costs no query once the caches are warm.
    """
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    _codes, fallback = site_languages(site.pk if site else None)
    locales = locales_by_code()
    return locales.get(language_of(page)) or page.locale, locales.get(fallback)


def mark_fallbacks(pages, locale):
    """``pages`` as a list, each with ``shown_language``: its BCP 47 tag when not in ``locale``.

    Templates mark such an item ("In English only") and put ``lang`` on its
    text; for the others ``shown_language`` is ''.
    """
    pages = list(pages)
    codes = {loc.pk: code for code, loc in locales_by_code().items()}
    for page in pages:
        code = codes.get(page.locale_id)
        page.shown_language = bcp47(code) if page.locale_id != locale.pk and code else ""
        page.shown_language_name = language_name(code) if page.shown_language else ""
    return pages


def mark_untranslated(items, page, language):
    """``items`` that have no locale, written in ``language``, with ``shown_language`` set.

    For text that is never translated (a practitioner's role and bio), so
    has no locale to compare. ``shown_language`` is the BCP 47 tag of
    ``language`` when that is not ``page``'s, so templates put ``lang`` on
    the text; else ''.
    """
    shown = bcp47(language) if language != language_of(page) else ""
    for item in items:
        item.shown_language = shown
    return items
