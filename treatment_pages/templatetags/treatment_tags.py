"""Presentational helpers for explainer templates."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Page

from ..conf import get_setting
from ..structured_data import for_page
from ..translation import bcp47, language_name, language_of

register = template.Library()


@register.simple_tag
def responsive_image(image, sizes="100vw", **attrs):
    """An ``<img>`` with a ``srcset`` of the app's IMAGE_RENDITIONS, ``src`` from HERO_IMAGE_SRC.

    The same rendition specs as the API, so HTML and JSON consumers ask the
    server for the same files. ``alt`` defaults to the image's description.
    """
    if not image:
        return ""
    src_spec = get_setting("HERO_IMAGE_SRC")
    specs = dict.fromkeys([src_spec, *get_setting("IMAGE_RENDITIONS")])
    renditions = get_renditions_or_not_found(image, list(specs)).values()
    # ResponsiveImage uses the first rendition as the fallback ``src``.
    ordered = sorted(renditions, key=lambda rendition: rendition.filter_spec != src_spec)
    return ResponsiveImage(
        {rendition.filter_spec: rendition for rendition in ordered}, {"sizes": sizes, **attrs}
    )


_JSON_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context, page):
    """The page's schema.org JSON-LD in a ``<script type="application/ld+json">``.

    The same object as the API's ``structured_data`` field
    (``treatment_pages.structured_data.for_page``). ``<``, ``>`` and ``&`` are
    escaped as in ``json_script``, so no text can close the script element.
    Empty for page types without a builder.
    """
    if page is None:
        return ""
    request = context.get("request")
    data = for_page(page, lambda linked: linked.get_full_url(request))
    if data is None:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_JSON_LD_ESCAPES)),  # noqa: S308 - escaped above
    )


@register.simple_tag(takes_context=True)
def content_language(context, obj, page):
    """How ``obj`` (a risk list, an explainer) compares with the language of ``page``.

    ``{"other": bool, "language": code to render it in, "code": its BCP 47 tag,
    "name": its language named in the active language}``. ``other`` is true
    when ``obj`` is not in the page's language; templates then say so and
    render it under its own ``lang``. The language is also added to the
    request's ``other_content_languages``, for a ``Content-Language`` header
    that names it. No query: locales come from the cache.
    """
    own = translation.get_language()
    if obj is None or not isinstance(page, Page) or obj.locale_id == page.locale_id:
        return {"other": False, "language": own, "code": "", "name": ""}
    language = language_of(obj)
    request = context.get("request")
    if request is not None:
        shown = getattr(request, "other_content_languages", [])
        request.other_content_languages = [*shown, bcp47(language)]
    return {
        "other": True,
        "language": language,
        "code": bcp47(language),
        "name": language_name(language),
    }
