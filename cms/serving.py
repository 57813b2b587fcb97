"""Wagtail's page serving, with the site and its home page found in fewer queries.

Wagtail's ``Page.route_for_request`` finds the request's ``Site`` (one
query), looks the active language's ``Locale`` up (another), may look for
the home page's translation, then fetches the home page again as its own
type. Here:

- The sites come from the shared cache, kept until configuration changes
  (the ``config`` counter of :mod:`cms.delivery.caching`, which every save
  or deletion of a site bumps), and are matched to the request's host and
  port by Wagtail's own rules (``wagtail.models.sites.get_site_for_hostname``).
  The match is stored where ``Site.find_for_request`` keeps it.
- The locales come from the shared cache too (``locales_by_code``).
- The home page and its live translation in the active language are read
  as their own type, together, in one query.

The rest is Wagtail's: the route is stored where ``route_for_request``
keeps it, and Wagtail's ``serve`` view does everything else (hooks, view
restrictions, ``serve``).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from treatment_pages.translation import active_locale

from .delivery.caching import CONFIG_DEPENDENCY, current_versions, get_setting

SITES_PREFIX = "cms:sites:"
SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def _sites():
    """Every site as a dict, with its home page's content type (which never changes)."""
    version = current_versions([CONFIG_DEPENDENCY])[CONFIG_DEPENDENCY]
    key = f"{SITES_PREFIX}{version}"
    rows = cache.get(key)
    if rows is None:
        rows = list(Site.objects.values(*SITE_FIELDS, "root_page__content_type_id"))
        # Under the version read before the rows: a change committed meanwhile
        # has moved the counter on, so nobody reads these rows again.
        cache.set(key, rows, get_setting("TIMEOUT"))
    return rows


def _match(rows, hostname, port):
    """Wagtail's ``get_site_for_hostname``, over ``rows``: the row serving ``hostname:port``."""

    def rank(row):
        if row["hostname"] == hostname:
            if row["port"] == port:
                return 0
            if row["is_default_site"]:
                return 1
            return 3
        return 2  # the default site

    candidates = sorted(
        (row for row in rows if row["hostname"] == hostname or row["is_default_site"]),
        key=rank,
    )
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    if rank(candidates[0]) == 2:
        return candidates[len(candidates) == 2]
    return None


def find_site(request):
    """``Site.find_for_request`` from the cached sites; the home page is not loaded."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        row = _match(_sites(), hostname, request.get_port())
        site = None
        if row is not None:
            site = Site(**{name: row[name] for name in SITE_FIELDS})
            site.root_content_type_id = row["root_page__content_type_id"]
        request._wagtail_site = site
    return request._wagtail_site


def _localized_root(site):
    """The site's home page in the active language, as its own type (kept on ``site`` too)."""
    if "root_page" in site._state.fields_cache:
        root = site.root_page
        locale = active_locale()
        if locale is None or locale.pk != root.locale_id:
            return root.localized.specific
        return root.specific
    content_type_id = getattr(site, "root_content_type_id", None)
    model = (
        ContentType.objects.get_for_id(content_type_id).model_class() if content_type_id else None
    )
    locale = active_locale()
    if model is None or locale is None:
        return site.root_page.localized.specific
    # The home page, and its live translation in the active language when it
    # has one, in one query.
    translation_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")[:1]
    # Unordered: the rows are told apart by id, and Page's ordering by path made
    # SQLite read the page table in path order instead of the home page's own.
    pages = model._default_manager.filter(
        Q(pk=site.root_page_id) | Q(translation_key=translation_key, locale_id=locale.pk, live=True)
    ).order_by()
    root = translated = None
    for page in pages:
        if page.pk == site.root_page_id:
            root = page
        else:
            translated = page
    if root is None:
        raise Http404
    site.root_page = root
    if root.locale_id == locale.pk:
        return root
    return translated or root


def route_for_request(request, path):
    """What ``Page.route_for_request`` answers: ``(page, args, kwargs)`` or None."""
    site = find_site(request)
    if site is None:
        return None
    try:
        root = _localized_root(site)
        return root.route(request, [part for part in path.split("/") if part])
    except Http404:
        return None


def serve(request, path):
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route_for_request(request, path)
    return wagtail_views.serve(request, path)
