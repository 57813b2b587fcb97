"""Per-site sitemap.xml and robots.txt.

Each clinic's hostname gets its own sitemap and its own robots.txt pointing
at it. The sitemap lists the site's pages in every language the site
publishes (the home page's translations and the pages below them), and
each URL names its versions in the other languages with ``xhtml:link``
alternates, ``x-default`` being the site's fallback language.
"""

from collections import defaultdict

from django.db.models import Q
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site

from locations.models import LocalTreatmentPage
from treatment_pages.translation import bcp47, language_of, locales_by_code, site_languages


class GroupSitemap(Sitemap):
    """Wagtail's sitemap in every language of the site, with language alternates.

    Local pages withdrawn with their master explainer are left out.
    """

    def items(self):
        site = self.get_wagtail_site()
        self.languages, self.fallback = site_languages(site.pk)
        locales = locales_by_code()
        roots = Page.objects.filter(
            translation_key=site.root_page.translation_key,
            locale__in=[locales[code] for code in self.languages if code in locales],
        )
        in_a_root = Q(pk__in=[])
        for root in roots:
            in_a_root |= Page.objects.descendant_of_q(root, inclusive=True)
        withdrawn = LocalTreatmentPage.objects.withdrawn().values("pk")
        return (
            Page.objects.filter(in_a_root)
            .live()
            .public()
            .exclude(pk__in=withdrawn)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        """Wagtail's URLs, each with the same URL of the page's translations as alternates.

        A page may have several URLs (a clinic's finder route); its
        translations are the same type of page, so the URLs pair up in order.
        """
        items = list(self.paginator.page(page).object_list)
        urls_of = {item.pk: item.get_sitemap_urls(self.request) for item in items}
        versions = defaultdict(dict)
        for item in items:
            versions[item.translation_key][language_of(item)] = urls_of[item.pk]

        urls, last_mods = [], set()
        for item in items:
            translations = versions[item.translation_key]
            for index, url_info in enumerate(urls_of[item.pk]):
                if len(translations) > 1:
                    url_info = {**url_info, "alternates": self._alternates(translations, index)}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, translations, index):
        by_language = {
            code: translations[code][index]["location"]
            for code in self.languages
            if code in translations and len(translations[code]) > index
        }
        alternates = [
            {"lang_code": bcp47(code), "location": location}
            for code, location in by_language.items()
        ]
        if self.fallback in by_language:
            alternates.append({"lang_code": "x-default", "location": by_language[self.fallback]})
        return alternates


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": GroupSitemap(request)})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /documents/",
    ]
    if Site.find_for_request(request) is not None:
        lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
