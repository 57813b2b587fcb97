"""Site chrome shared by every page template: language, site name, menu, breadcrumbs."""

from django import template
from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from treatment_pages.translation import (
    bcp47,
    language_name,
    language_of,
    locales_by_code,
    site_languages,
)
from treatment_pages.tree import children
from treatment_pages.visibility import unrestricted

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


def _cached_parents(page, depth):
    """``page``'s ancestors down from ``depth``, from the parents routing kept, or None.

    Wagtail's routing fetches each page on the way to the one served and
    keeps it as the next one's parent (``_cached_parent_obj``, which
    treebeard's ``get_parent`` reads): no need to read them again.
    """
    parents = []
    node = page
    while node.depth > depth:
        node = node.__dict__.get("_cached_parent_obj")
        if node is None:
            return None
        parents.append(node)
    return parents[::-1]


def _ancestors(context, page, depth):
    """``page``'s ancestors from ``depth`` down, read once per request (chrome and breadcrumbs).

    Those the site shows start at its root page's depth; routing usually
    has them already (:func:`_cached_parents`).
    """
    request = context.get("request")
    cached = getattr(request, "_cms_ancestors", None)
    if cached is not None and cached[0] == (page.pk, depth):
        return cached[1]
    ancestors = _cached_parents(page, depth)
    if ancestors is None:
        ancestors = list(page.get_ancestors().filter(depth__gte=depth))
    if request is not None:
        request._cms_ancestors = ((page.pk, depth), ancestors)
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
    for ancestor in _ancestors(context, page, root.depth):
        if ancestor.depth == root.depth:
            return ancestor
    return root


def _translated_languages(page, codes):
    """The languages of ``codes`` with a locale, when one of them is not ``page``'s; else []."""
    locales = locales_by_code()
    codes = [code for code in codes if code in locales]
    current = language_of(page)
    return codes if [code for code in codes if code != current] else []


def _chrome_pages(context, site, root):
    """``(menu, versions)``: the pages the chrome links to, read together in one query.

    ``menu``: ``root``'s live, public children ticked "Show in menus", in
    tree order. ``versions``: the page's live, public versions in the
    languages its site publishes, itself included (none when there is only
    one language). Read once per request.
    """
    request = context.get("request")
    page = context.get("page")
    key = (root.pk, page.pk if isinstance(page, Page) else None)
    cached = getattr(request, "_cms_chrome_pages", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    in_menu = Q(**children(root), show_in_menus=True)
    wanted = in_menu
    locale_ids = set()
    if isinstance(page, Page) and page.pk:
        codes = _translated_languages(page, site_languages(site.pk)[0])
        locales = locales_by_code()
        locale_ids = {locales[code].pk for code in codes}
        if locale_ids:
            wanted |= Q(translation_key=page.translation_key, locale_id__in=locale_ids)
    pages = list(Page.objects.live().filter(unrestricted()).filter(wanted).order_by("path"))
    menu = [
        child
        for child in pages
        if child.show_in_menus
        and child.depth == root.depth + 1
        and child.path.startswith(root.path)
    ]
    versions = [
        version
        for version in pages
        if locale_ids
        and version.translation_key == page.translation_key
        and version.locale_id in locale_ids
    ]
    if request is not None:
        request._cms_chrome_pages = (key, (menu, versions))
    return menu, versions


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
        for child in _chrome_pages(context, site, root)[0]
    ]
    home = {
        "title": _("Home"),
        "url": root.get_url(request) or "/",
        "current": root.pk == current_id,
    }
    return {"name": _site_name(site, root), "home": home, "menu": menu, "root": root}


def _site_name(site, root):
    """The site's name, in the language of ``root`` (the home page in the page's language).

    ``Site.site_name`` (*Settings › Sites*) is one string with no translation.
    When it is empty or the home page's title (a clinic's site, as onboarding
    and the demo set it up), a page under a translation
    of that home page (a French page) shows the translation's title: the
    clinic's name as that language writes it. A name of its own ("Treatment
    library" for a home page titled "Treatments") is kept as typed.
    """
    own_root = site.root_page
    if root.locale_id != own_root.locale_id and site.site_name in ("", own_root.title):
        return root.title
    return site.site_name or root.title


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
        for ancestor in _ancestors(context, page, root_depth)
    ]


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

    Read with the menu, in one query (:func:`_chrome_pages`).
    """
    request = context.get("request")
    page = context.get("page")
    site = _site(context)
    empty = {"switcher": [], "alternates": []}
    if site is None or not isinstance(page, Page) or not page.pk:
        return empty
    codes, fallback = site_languages(site.pk)
    codes = _translated_languages(page, codes)
    if not codes:
        return empty
    current = language_of(page)
    versions = {
        language_of(version): version
        for version in _chrome_pages(context, site, _localized_root(context, site))[1]
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
