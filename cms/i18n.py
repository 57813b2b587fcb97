"""Languages: the URL decides, and every configured content language has a Locale.

- HTML pages live under a language prefix (``/fr-ca/...``), the default
  language without one (``i18n_patterns(prefix_default_language=False)`` in
  ``cms/urls.py``). :class:`PathLocaleMiddleware` activates the language
  named by the path and nothing else: unlike Django's ``LocaleMiddleware`` it
  never reads ``Accept-Language`` or a cookie, so a URL always gives the same
  bytes and no response carries ``Vary: Accept-Language``, which shared
  caches and CDNs handle badly.
- The API chooses its language with ``?locale=`` instead (``locations.i18n``).
- :func:`ensure_locales` runs after ``migrate`` and creates a Wagtail
  ``Locale`` for each of ``WAGTAIL_CONTENT_LANGUAGES``, so adding a language
  to the settings is all it takes to offer it to editors.
"""

from django.conf import settings
from django.utils import translation


class PathLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if not request.path_info.startswith("/api/"):
            # Content shown in another language than the page's (a risk list
            # not translated yet) is named too: see ``content_language``.
            languages = [bcp47(language), *getattr(request, "other_content_languages", ())]
            response.headers.setdefault("Content-Language", ", ".join(dict.fromkeys(languages)))
        return response


def site_languages(site_id):
    """Each site's languages and fallback, from its public front end settings.

    Named by ``TREATMENT_PAGES["SITE_LANGUAGES"]`` so the apps' HTML listings
    fall back the way the API does.
    """
    from locations.models import FrontendSettings

    return FrontendSettings.site_languages(site_id)


def bcp47(language_code):
    """Django's ``'fr-ca'`` as the ``'fr-CA'`` that HTML, HTTP and the API use."""
    return translation.to_locale(language_code).replace("_", "-")


def ensure_locales(**kwargs):
    from wagtail.coreutils import get_content_languages
    from wagtail.models import Locale

    existing = set(Locale.objects.values_list("language_code", flat=True))
    Locale.objects.bulk_create(
        Locale(language_code=code) for code in get_content_languages() if code not in existing
    )
