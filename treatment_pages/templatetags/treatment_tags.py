"""Presentational helpers for explainer templates."""

from django import template
from wagtail.images.models import ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

from ..conf import get_setting

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
