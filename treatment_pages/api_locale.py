"""``?locale=`` on every endpoint: the asked language, or a fallback that says so.

A site publishes some languages and names the one to fall back to
(:meth:`LocaleMixin.site_languages`; ``locations`` reads them from the
site's settings). ``?locale=fr-CA`` (any case; ``fr_CA`` too) then serves:

- every item that exists in French;
- for an item with no live French translation, the item in the fallback
  language, marked ``meta.fallback: true`` with ``meta.locale`` naming the
  language actually served. A fallback is never silent.

Without ``?locale=``, listings serve the site's fallback (default) language.
A locale the site does not publish is a 400 naming the ones it does. The
choice is made in SQL (one subquery), so it costs no query per item.
"""

from functools import cached_property
from urllib.parse import urlsplit

from django.db.models import Q
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.coreutils import get_content_languages
from wagtail.models import Site

from .translation import bcp47, default_language, locales_by_code


def site_id_for_request(request):
    """The id of the site a request is for; no query once Wagtail's cache is warm.

    A site already chosen for the request wins: ``Site.find_for_request``
    keeps it as ``request._wagtail_site``, and a project may set it (the
    API key's site, in ``cms.keys``). Otherwise the Host header names it.
    """
    chosen = getattr(request, "_wagtail_site", None)
    if chosen is not None:
        return chosen.pk
    host = request.get_host().lower()
    hostname, _, port = host.partition(":")
    default_port = "443" if request.is_secure() else "80"
    for root in Site.get_site_root_paths():
        netloc = urlsplit(root.root_url)
        if netloc.hostname == hostname and str(netloc.port or default_port) == (
            port or default_port
        ):
            return root.site_id
    site = Site.find_for_request(request)
    return site.pk if site else None


def normalise(code):
    return code.strip().replace("_", "-").lower()


class LocaleMixin:
    """For viewsets: parse ``?locale=`` against the site's languages."""

    def site_languages(self, site_id):
        """``(language codes the site publishes, the code to fall back to)``.

        By default every content language, falling back to ``LANGUAGE_CODE``'s.
        """
        return list(get_content_languages()), default_language()

    def locale_site_id(self):
        """The requesting site's id, from Wagtail's cached site root paths when it can."""
        return site_id_for_request(self.request)

    @cached_property
    def locale_chain(self):
        """``[asked Locale, fallback Locale]`` (one item when they are the same)."""
        locales = locales_by_code()
        codes, fallback = self.site_languages(self.locale_site_id())
        raw = self.request.GET.get("locale")
        if raw is None:
            asked = fallback
        else:
            asked = normalise(raw)
            if asked not in codes or asked not in locales:
                served = ", ".join(bcp47(code) for code in codes if code in locales)
                raise BadRequestError(
                    f"locale {raw!r} is not published on this site; use one of: {served}"
                )
        chain = [locales[asked]]
        if fallback != asked and fallback in locales:
            chain.append(locales[fallback])
        return chain

    @property
    def asked_locale(self):
        return self.locale_chain[0]

    def filter_by_locale(self, queryset, candidates=None):
        """Items in the asked locale, plus fallback items with no translation among ``candidates``.

        ``candidates`` is the queryset a translation must be in to count
        (e.g. the site's live, public pages); ``queryset`` by default.
        """
        asked, *fallbacks = self.locale_chain
        if not fallbacks:
            # One language: a plain filter on ``locale``, which search backends index.
            return queryset.filter(locale=asked)
        candidates = queryset if candidates is None else candidates
        condition = Q(locale=asked)
        covered = [asked]
        for fallback in fallbacks:
            translated = candidates.filter(locale__in=covered).values("translation_key")
            condition |= Q(locale=fallback) & ~Q(translation_key__in=translated)
            covered.append(fallback)
        # As a ``pk__in`` subquery: search backends accept that filter (and only simple ones).
        return queryset.filter(pk__in=candidates.filter(condition).values("pk"))

    def localized_object(self, obj, candidates):
        """``obj``'s translation in the asked locale among ``candidates``, or ``obj`` itself."""
        if "locale" not in self.request.GET or obj.locale_id == self.asked_locale.pk:
            return obj
        translation = candidates.filter(
            translation_key=obj.translation_key, locale=self.asked_locale
        ).first()
        return translation or obj


class LocaleFallbackFilter(BaseFilterBackend):
    """Replaces Wagtail's ``LocaleFilter``: see the module docstring."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "detail_view":
            return queryset  # an id names one item: ``localized_object`` handles ?locale=
        child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = view.filter_by_locale(queryset)
        if child_of is not None:
            queryset._filtered_by_child_of = child_of
        return queryset


class LocaleCheckFilter(BaseFilterBackend):
    """For endpoints whose items have no language (images, documents): validate ``?locale=``."""

    def filter_queryset(self, request, queryset, view):
        view.locale_chain  # noqa: B018 (raises the 400 for a locale the site does not publish)
        return queryset


class LocaleField(serializers.Field):
    """``meta.locale``: the language of the item served, as a BCP 47 tag (``fr-CA``)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, obj):
        return bcp47(obj.locale.language_code)


class FallbackField(LocaleField):
    """``meta.fallback``: true when the item is not in the language asked for."""

    def to_representation(self, obj):
        view = self.context.get("view")
        if view is None or "locale" not in view.request.GET:
            return False  # nothing asked for: a page is served in its own language
        return obj.locale_id != view.asked_locale.pk


def replace_locale_filter(backends):
    """A viewset's filter backends with Wagtail's ``LocaleFilter`` swapped for ours."""
    from wagtail.api.v2.filters import LocaleFilter

    replaced = [LocaleFallbackFilter if b is LocaleFilter else b for b in backends]
    if LocaleFallbackFilter not in replaced:
        # Before search: search results cannot be filtered further.
        replaced.insert(max(len(replaced) - 1, 0), LocaleFallbackFilter)
    return replaced
