"""The patient search page: ``/search/?q=`` and ``/fr-ca/search/?q=``.

It searches the requesting site's live, public pages in the URL's language,
plus the pages not yet translated from the site's fallback language (marked
"In English only", as listings mark them), with the query parsed in both
languages (:mod:`cms.search.backend`). Drafts, private sections and local
pages withdrawn with their master explainer never appear.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from locations.models import LocalTreatmentPage
from treatment_pages.api_errors import search_words
from treatment_pages.translation import (
    in_language_or_fallback,
    locales_by_code,
    mark_fallbacks,
    site_languages,
)

#: Longer queries are cut to this many characters: no patient types more, and
#: every word costs the database work.
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def site_pages(site):
    """The site's live, public pages in every language, withdrawn local pages left out."""
    roots = Page.objects.filter(translation_key=site.root_page.translation_key)
    in_a_root = Q(pk__in=[])
    for root in roots:
        in_a_root |= Q(path__startswith=root.path)
    withdrawn = LocalTreatmentPage.objects.withdrawn().values("pk")
    return Page.objects.filter(in_a_root).live().public().exclude(pk__in=withdrawn)


def search(request):
    site = Site.find_for_request(request)
    language = translation.get_language()
    locales = locales_by_code()
    if site is None:
        raise Http404("no site")
    codes, fallback = site_languages(site.pk)
    if language not in codes or language not in locales:
        raise Http404("this site does not publish this language")
    locale = locales[language]
    fallback_locale = locales.get(fallback)

    query = search_words(request.GET.get("q", ""))[:MAX_QUERY_LENGTH].strip()
    results = []
    if query:
        candidates = in_language_or_fallback(site_pages(site), locale, fallback_locale)
        # As a ``pk__in`` subquery: search backends accept only simple filters.
        pages = Page.objects.filter(pk__in=candidates.values("pk"))
        backend = get_search_backend(LANGUAGES=[language, fallback])
        results = backend.search(query, pages, operator="and")
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page_of_results = paginator.get_page(request.GET.get("page"))
    items = specific_pages([page.pk for page in page_of_results.object_list])
    for item in items:
        item.href = item.get_url(request)
        item.description = item.search_description or getattr(item, "summary", "")

    response = TemplateResponse(
        request,
        "cms/search/search.html",
        {
            "query": query,
            "results": mark_fallbacks(items, locale),
            "page_of_results": page_of_results,
            "paginator": paginator,
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )
    # Publishing any page may change any search's results.
    response.cache_collections = (Page,)
    return response


def specific_pages(page_ids):
    """The pages with these ids as their specific types, in this order (a query per type)."""
    if not page_ids:
        return []
    locales = {locale.pk: locale for locale in locales_by_code().values()}
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=page_ids).defer_streamfields().specific()
    }
    ordered = [pages[pk] for pk in page_ids if pk in pages]
    for page in ordered:
        # From the cached locales: a URL in the page's language costs no query.
        if page.locale_id in locales:
            page.locale = locales[page.locale_id]
    return ordered
