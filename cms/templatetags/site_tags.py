"""Site chrome shared by every page template: language, site name, menu, breadcrumbs."""

from django import template
from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction, Site

from treatment_pages.translation import (
    bcp47,
    language_name,
    language_of,
    locales_by_code,
    site_languages,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def html_lang(context):
    """The language of the page as a BCP 47 tag for ``<html lang>``: 'fr-ca' -> 'fr-CA'.

    The page's own locale when there is a page, so the attribute names the
    language of the content even if it differs from the URL's; otherwise (404,
    500) the active language, which the URL's prefix chose.
    """
    page = context.get("page")
    if isinstance(page, Page):
        return bcp47(language_of(page))
    return bcp47(translation.get_language() or settings.LANGUAGE_CODE)


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


def _ancestors(context, page):
    """``page``'s ancestors, read once per request (the chrome and the breadcrumbs share them)."""
    request = context.get("request")
    cached = getattr(request, "_cms_ancestors", None)
    if cached is not None and cached[0] == page.pk:
        return cached[1]
    ancestors = list(page.get_ancestors())
    if request is not None:
        request._cms_ancestors = (page.pk, ancestors)
    return ancestors


def _localized_root(context, site):
    """The site's root page in the language of the page shown (the French home of a French page).

    Read from the page's ancestors, which the breadcrumbs need anyway, so a
    translated page costs no more queries than one in the root's language.
    Without a page (a 404), the root in the URL's language.
    """
    root = site.root_page
    page = context.get("page")
    if not isinstance(page, Page):
        return root.localized
    if page.locale_id == root.locale_id or page.depth < root.depth:
        return root
    if page.depth == root.depth:
        return page
    for ancestor in _ancestors(context, page):
        if ancestor.depth == root.depth:
            return ancestor
    return root


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Name, home link, main menu and root page of the site serving this request.

    The menu is the home page's live, public children ticked "Show in menus",
    so editors control it from the page's Promote tab. Works without a page
    or a matching Site (a 404 on an unknown host gets a bare header). The
    home page is the one in the page's language (:func:`_localized_root`).
    """
    site = _site(context)
    if site is None:
        home = {"title": _("Home"), "url": "/", "current": False}
        return {"name": "", "home": home, "menu": [], "root": None}
    request = context.get("request")
    page = context.get("page")
    current_id = page.pk if isinstance(page, Page) else None
    root = _localized_root(context, site)
    menu = [
        {"title": child.title, "url": child.get_url(request), "current": child.pk == current_id}
        for child in root.get_children().live().public().in_menu()
    ]
    home = {
        "title": _("Home"),
        "url": root.get_url(request) or "/",
        "current": root.pk == current_id,
    }
    return {"name": site.site_name or root.title, "home": home, "menu": menu, "root": root}


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """[(title, url)] from the site's home page down to the page's parent; [] on the home page."""
    site = _site(context)
    if site is None or not isinstance(page, Page) or page.depth <= site.root_page.depth:
        return []
    request = context.get("request")
    root_depth = site.root_page.depth
    return [
        (ancestor.title, ancestor.get_url(request))
        for ancestor in _ancestors(context, page)
        if ancestor.depth >= root_depth
    ]


def _public():
    """Pages no view restriction covers, as a filter (a subquery, not a query of its own).

    ``PageQuerySet.public()`` reads every restriction first; a restriction
    covers its page and the pages below it, i.e. those whose tree path
    starts with the restricted page's.
    """
    covering = PageViewRestriction.objects.alias(length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("length"))
    )
    return ~Exists(covering)


@register.simple_tag(takes_context=True)
def page_languages(context):
    """The page's versions in the languages its site publishes: switcher and alternates.

    Returns ``{"switcher": [...], "alternates": [...]}``:

    - ``switcher``: one entry per other language of the site, ``code``
      (BCP 47), ``name`` (in that language) and ``url`` of the page's live,
      public translation, or ``url`` None and ``unavailable`` (a note in that
      language) when there is none. A sub-page of a routable page (a clinic's
      finder) links to the same route of the translation.
    - ``alternates``: ``hreflang``/absolute ``url`` for every live, public
      version, the page's own included, and ``x-default`` (the site's
      fallback language); empty unless there are at least two versions.

    One query, for all the translations together.
    """
    request = context.get("request")
    page = context.get("page")
    site = _site(context)
    empty = {"switcher": [], "alternates": []}
    if site is None or not isinstance(page, Page) or not page.pk:
        return empty
    codes, fallback = site_languages(site.pk)
    locales = locales_by_code()
    current = language_of(page)
    codes = [code for code in codes if code in locales]
    if not [code for code in codes if code != current]:
        return empty

    versions = {
        language_of(version): version
        for version in Page.objects.filter(
            translation_key=page.translation_key,
            locale__in=[locales[code] for code in codes],
        )
        .live()
        .filter(_public())
        .only("id", "url_path", "locale_id", "path", "depth", "translation_key")
    }
    own_url = page.get_url(request) or ""
    suffix = request.path[len(own_url) :] if own_url and request.path.startswith(own_url) else ""
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)

    switcher = []
    for code in codes:
        if code == current:
            continue
        version = versions.get(code)
        url = version.get_url(request) if version is not None else None
        with translation.override(code):
            unavailable = _("(this page is not available in %(language)s)") % {
                "language": language_name(code)
            }
        switcher.append(
            {
                "code": bcp47(code),
                "name": names.get(code, code),
                "url": url + suffix if url else None,
                "unavailable": unavailable,
            }
        )

    alternates = []
    if page.pk in {version.pk for version in versions.values()} and len(versions) > 1:
        full_urls = {code: version.get_full_url(request) for code, version in versions.items()}
        alternates = [
            {"hreflang": bcp47(code), "url": full_urls[code] + suffix}
            for code in codes
            if full_urls.get(code)
        ]
        default = full_urls.get(fallback)
        if default:
            alternates.append({"hreflang": "x-default", "url": default + suffix})
    return {"switcher": switcher, "alternates": alternates}
