"""Per-site sitemap.xml and robots.txt.

Each clinic's hostname gets its own sitemap (Wagtail's sitemap is built from
the requesting site's tree) and its own robots.txt pointing at it.
"""

from django.http import HttpResponse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from locations.models import LocalTreatmentPage


class GroupSitemap(Sitemap):
    """Wagtail's sitemap, less local pages withdrawn with their master explainer."""

    def items(self):
        withdrawn = LocalTreatmentPage.objects.withdrawn().values("pk")
        return super().items().exclude(pk__in=withdrawn)


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
