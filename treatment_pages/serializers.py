"""API field serialisers that turn treatment content into render-ready JSON.

Models name them in ``api_fields``, so a field and its API form are declared
together; that is why this module imports no models (nor ``wagtail.api.v2``,
which loads the Page model on import). None of them queries for a related
object: the endpoint prefetches what they read (see ``loading.py``), which
keeps a listing's query count independent of its length.
"""

import logging
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from rest_framework import serializers
from wagtail.api.rich_text import APIRichText
from wagtail.api.utils import get_full_url
from wagtail.images.models import SourceImageIOError

from .choices import choice_label
from .conf import get_setting
from .translation import bcp47

logger = logging.getLogger(__name__)


def absolute_url(context, url):
    """``url`` made absolute against the site that answers the request."""
    request = context.get("request")
    return get_full_url(request, url) if request is not None and url else url


def rendition_set(image, context):
    """An image as ``{id, alt, width, height, src, srcset, renditions}``.

    ``src`` (with its width and height) is the ``HERO_IMAGE_SRC`` rendition;
    ``srcset`` and ``renditions`` hold every ``IMAGE_RENDITIONS`` size. Reads
    ``image.renditions`` when prefetched; creates missing renditions once.
    """
    specs = list(dict.fromkeys(get_setting("IMAGE_RENDITIONS")))
    src_spec = get_setting("HERO_IMAGE_SRC")
    wanted = list(dict.fromkeys([*specs, src_spec]))
    try:
        by_spec = dict(zip(wanted, image.get_renditions(*wanted).values(), strict=True))
    except SourceImageIOError:
        logger.warning("Image %s has no readable file; left out of the API.", image.pk)
        return None
    src = by_spec[src_spec]
    sizes, widths = [], set()
    for spec in specs:
        rendition = by_spec[spec]
        if rendition.width not in widths:  # a small original gives the same size twice
            widths.add(rendition.width)
            sizes.append(rendition)
    return {
        "id": image.pk,
        "alt": image.default_alt_text,
        "width": src.width,
        "height": src.height,
        "src": absolute_url(context, src.url),
        "srcset": ", ".join(f"{absolute_url(context, r.url)} {r.width}w" for r in sizes),
        "renditions": [
            {"url": absolute_url(context, r.url), "width": r.width, "height": r.height}
            for r in sizes
        ],
    }


def detail_url(obj, context):
    """The API URL of ``obj`` on the requesting host, or None if no endpoint serves it."""
    path = context["router"].get_object_detail_urlpath(type(obj), obj.pk)
    return absolute_url(context, path) if path else None


def page_detail_url(page, context):
    """The API URL of ``page``, on the host of the site the page belongs to.

    The pages endpoint only serves the requesting site's pages, so a link from
    a clinic site to a library explainer must point at the library's host; or,
    for a client that names sites with ``?site=`` (one address for all sites),
    at the same address naming the library's site.
    """
    path = context["router"].get_object_detail_urlpath(type(page), page.pk)
    if path is None:
        return None
    request = context.get("request")
    site = site_parameter(request)
    if site and getattr(request, "api_key", None) is not None:
        # A key reads its own site only (another ?site= is a 403), and that
        # site's endpoint serves the pages its pages link to (the masters).
        return with_site(absolute_url(context, path), site)
    parts = page.get_url_parts(request)
    if parts and parts[1]:
        if site:
            return with_site(absolute_url(context, path), urlsplit(parts[1]).netloc)
        if not getattr(settings, "WAGTAILAPI_BASE_URL", None):
            return parts[1] + path
    return absolute_url(context, path)


def site_parameter(request):
    """The site a request names with ``?site=hostname[:port]``, in lower case (as Site keeps it).

    None without one. Hostnames match whatever their case, as in ``Host``.
    """
    site = request.GET.get("site") if request is not None else None
    return site.lower() if site else None


def with_site(url, site):
    """``url`` naming ``site`` (``hostname[:port]``) in its query string, as ``?site=`` does."""
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'site': site})}"


def public_url(page, request, frontend_urls):
    """The URL readers open ``page`` at, as seen from the site consuming the API.

    The one place the API turns a page into a reader-facing URL: ``html_url``,
    page links (master, clinic, risk list users) and links inside rich text
    all come from here. ``request`` names the consuming site (its Host header
    or ``?site=``), which Wagtail prefers when a page belongs to several sites;
    ``frontend_urls`` maps site ids to the base URL of that site's own public
    front end. A page of a site with a front end gets a URL on that front end;
    any other page a URL on the host that serves it from this CMS. None for a
    page that belongs to no site.
    """
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    site_id, root_url, page_path = parts
    base = frontend_urls.get(site_id)
    if base:
        return base.rstrip("/") + page_path
    return (root_url or "") + page_path


def frontend_urls(context):
    """``{site id: front-end base URL}`` from the view serving the response, if it knows any."""
    view = context.get("view")
    return view.frontend_urls if view is not None and hasattr(view, "frontend_urls") else {}


def page_public_url(page, context):
    """:func:`public_url` for a serialiser: the consuming site and front ends from ``context``."""
    return public_url(page, context.get("request"), frontend_urls(context))


def page_link(page, context):
    """A related page as ``{id, title, detail_url, html_url}``; see :func:`public_url`."""
    return {
        "id": page.pk,
        "title": page.title,
        "detail_url": page_detail_url(page, context),
        "html_url": page_public_url(page, context),
    }


class PublicHtmlUrlField(serializers.Field):
    """A page's ``html_url`` meta field, built by :func:`public_url`."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page_public_url(page, self.context)


class RichTextHTMLField(serializers.ReadOnlyField):
    """Rich text from any attribute (a master's field, an override) as display HTML.

    Wagtail's own serialiser only applies to a model's RichTextField; this one
    renders whatever string ``source`` names, in the request's rich text format.
    """

    def to_representation(self, value):
        rich_text_format = self.context.get("_wagtail_rich_text_format")
        if rich_text_format is None:
            rich_text_format = APIRichText.resolve_format()
        return APIRichText.serialize(value, format=rich_text_format)


class StreamValueField(serializers.ReadOnlyField):
    """A StreamField value from any attribute, as its blocks' API representation."""

    def to_representation(self, value):
        return value.stream_block.get_api_representation(value, self.context)


class RenditionSetField(serializers.ReadOnlyField):
    """An image foreign key, serialised as a rendition set."""

    def to_representation(self, image):
        return rendition_set(image, self.context)


class TimeRangeField(serializers.ReadOnlyField):
    """A :class:`~treatment_pages.timing.TimeRange` as ``{min, max, unit, text}``, or null."""

    def to_representation(self, time_range):
        return time_range.as_dict()


class UsesField(serializers.ReadOnlyField):
    """The uses of a treatment, each with its category and the category's label."""

    def to_representation(self, uses):
        return [
            {
                "name": use.name,
                "category": use.category,
                "category_label": choice_label(use, "category"),
            }
            for use in uses.all()
        ]


def risk_items(risk_list):
    return [item.as_dict() for item in risk_list.items.all()]


class RiskItemsField(serializers.ReadOnlyField):
    """The risks of a list, in the editor's order."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, risk_list):
        return risk_items(risk_list)


class RiskListsField(serializers.ReadOnlyField):
    """Risk lists in full: name, language, introduction, every risk, and the list's API URL.

    ``fallback`` is true for a list in another language than the page's
    (publishing refuses that, so it marks content published before a rule
    changed, never a silent mix).

    Reads the page's ``risk_list_links`` (prefetched), not ``risk_lists``,
    which may run a query of its own.
    """

    def get_attribute(self, instance):
        # The page served, for its language: a local page's lists come from its master.
        return instance, super().get_attribute(instance)

    def to_representation(self, value):
        page, links = value
        return [
            {
                "id": link.risk_list.pk,
                "name": link.risk_list.name,
                # A risk list in another language than its page is never silent.
                "locale": bcp47(link.risk_list.locale.language_code),
                "fallback": link.risk_list.locale_id != page.locale_id,
                "introduction": link.risk_list.introduction,
                "detail_url": detail_url(link.risk_list, self.context),
                "items": risk_items(link.risk_list),
            }
            for link in links.all()
        ]


class CallToActionField(serializers.ReadOnlyField):
    """The closing call to action as ``{heading, text}``; use with ``source="*"``."""

    def to_representation(self, page):
        return {"heading": page.cta_heading, "text": page.cta_text}


class UsedByField(serializers.ReadOnlyField):
    """The published explainers that show a risk list, as page links.

    Reads ``published_page_links``, which the risk lists endpoint prefetches
    (live, public explainers only).
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, risk_list):
        pages = {link.page.pk: link.page for link in risk_list.published_page_links}
        return [page_link(page, self.context) for page in pages.values()]


class TagNamesField(serializers.ReadOnlyField):
    """Tag names, sorted, read from prefetched tags (Wagtail's field queries per object)."""

    def to_representation(self, tags):
        return sorted(tag.name for tag in tags.all())


class AbsoluteDownloadUrlField(serializers.ReadOnlyField):
    """A file URL made absolute, so a consumer on another host can fetch it."""

    def to_representation(self, url):
        return absolute_url(self.context, url)
