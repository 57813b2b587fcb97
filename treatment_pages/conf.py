"""The app's own settings, read through one accessor.

A project sets any of these in ``settings.TREATMENT_PAGES`` (a dict); whatever
it leaves out falls back to ``DEFAULTS``. Read at call time, so
``override_settings`` works in tests.
"""

from django.conf import settings

DEFAULTS = {
    # Rendition filter specs for images in the API and HTML: one `src` and a
    # `srcset` made of all of them.
    "IMAGE_RENDITIONS": ("width-480", "width-960", "width-1600"),
    "HERO_IMAGE_SRC": "width-960",
    # Dotted path to a callable ``(site_id) -> (language codes, fallback code)``
    # naming the languages a site publishes and the one that stands in for a
    # missing translation in HTML listings. None: every content language,
    # falling back to LANGUAGE_CODE's.
    "SITE_LANGUAGES": None,
}


def get_setting(name):
    if name not in DEFAULTS:
        raise KeyError(f"Unknown TREATMENT_PAGES setting: {name}")
    return getattr(settings, "TREATMENT_PAGES", {}).get(name, DEFAULTS[name])
