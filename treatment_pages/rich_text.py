"""Internal page links in rich text, resolved for API consumers in one query per response.

Wagtail stores a link to a page as ``<a linktype="page" id="42">`` and expands
it one rich-text value at a time, with a query for each value, into a URL that
may be relative. A headless consumer needs absolute URLs, and a listing of 50
explainers must not cost 50 link queries.

So an API response opens a :class:`PageLinks` for its duration. Before
serialising, the view hands it the objects it is about to render; it collects
every page id they link to, resolves them together and remembers the URLs.
:class:`APIPageLinkHandler` (registered in ``wagtail_hooks``) reads them while
rich text is expanded. Outside an API response, in templates, links lead
where Wagtail's own handler leads them (each page in the active language when
it has a live translation), found with one query per rich text value rather
than Wagtail's two plus one per link.

Links to pages that are not live and public lose their ``href`` (the text is
kept), as Wagtail already does for deleted pages: a consumer must not link
to a page it cannot show.
"""

import contextvars
from contextlib import contextmanager

from django.utils.html import escape
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import extract_references_from_rich_text
from wagtail.rich_text.pages import PageLinkHandler

from .translation import active_locale

_active_links = contextvars.ContextVar("treatment_pages_api_page_links", default=None)


def linked_page_ids(obj):
    """Ids (as strings) of the pages linked from every rich text and StreamField of ``obj``."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, RichTextField):
            references = extract_references_from_rich_text(field.value_from_object(obj) or "")
        elif isinstance(field, StreamField):
            references = field.stream_block.extract_references(field.value_from_object(obj))
        else:
            continue
        for model, object_id, *_ in references:
            if issubclass(model, Page):
                yield str(object_id)


class PageLinks:
    """The URLs of the pages one API response links to, resolved in bulk.

    ``resolve`` takes a set of page ids (strings) and returns ``{id: absolute
    URL or None}``; the view supplies it, as it knows which pages are visible.
    """

    def __init__(self, resolve):
        self.resolve = resolve
        self.urls = {}

    def add_from(self, objects):
        """Resolve, in one go, the links of every object about to be serialised."""
        self._resolve({page_id for obj in objects for page_id in linked_page_ids(obj)})

    def _resolve(self, ids):
        ids = {page_id for page_id in ids if page_id.isdigit()} - self.urls.keys()
        if ids:
            resolved = self.resolve(ids)
            self.urls.update({page_id: resolved.get(page_id) for page_id in ids})

    def expand(self, attrs_list):
        """Opening ``<a>`` tags for the given link attributes, as Wagtail's handlers return."""
        self._resolve({str(attrs.get("id", "")) for attrs in attrs_list})
        tags = []
        for attrs in attrs_list:
            url = self.urls.get(str(attrs.get("id", "")))
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags

    @contextmanager
    def active(self):
        token = _active_links.set(self)
        try:
            yield self
        finally:
            _active_links.reset(token)


def localized_pages(page_ids):
    """``{id: page}``: each page, or its live translation in the active language (``localized``).

    One query, and one more when some page is in another language; the
    locales come from the cache.
    """
    ids = [page_id for page_id in page_ids if page_id.isdigit()]
    pages = {str(page.pk): page for page in Page.objects.filter(pk__in=ids)} if ids else {}
    locale = active_locale()
    if locale is None:
        return {page_id: page.localized for page_id, page in pages.items()}
    elsewhere = {page.translation_key for page in pages.values() if page.locale_id != locale.pk}
    if elsewhere:
        translations = {
            page.translation_key: page
            for page in Page.objects.filter(
                translation_key__in=elsewhere, locale_id=locale.pk, live=True
            )
        }
        pages = {
            page_id: translations.get(page.translation_key, page) for page_id, page in pages.items()
        }
    return pages


class APIPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, which defers to the active :class:`PageLinks` if any."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        links = _active_links.get()
        if links is not None:
            return links.expand(attrs_list)
        pages = localized_pages({str(attrs.get("id", "")) for attrs in attrs_list})
        tags = []
        for attrs in attrs_list:
            page = pages.get(str(attrs.get("id", "")))
            tags.append(f'<a href="{escape(page.url)}">' if page is not None else "<a>")
        return tags
