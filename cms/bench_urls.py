"""The project's URLs plus stock Wagtail baselines (benchmark only).

- ``/api/plain/`` is Wagtail's own ``PagesAPIViewSet``, unmodified.
- ``/plain-html/<path>`` serves a page as stock Wagtail does: ``Page.route``'s
  walk down the tree (one child lookup and one ``specific`` per level), the
  ``before_serve_page`` hooks, then ``Page.serve`` with the page's own template,
  which reads each relation when the template asks for it. The product's
  ``serve`` overrides are left out: their prefetching (loaders), and a local
  page's check that its master explainer is published (true for every page
  measured), so both render the same HTML.

Both are never cached, and mounted only here (``cms.settings.bench``), never in
production.
"""

from django.http import Http404, HttpResponse
from django.urls import path, re_path
from wagtail import hooks
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, Site

from .urls import handler400  # noqa: F401 - a URLconf's handlers are its own names
from .urls import urlpatterns as project_urlpatterns

plain_router = WagtailAPIRouter("plainapi")
plain_router.register_endpoint("pages", PagesAPIViewSet)


def plain_html(request, path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    page = site.root_page.specific
    for slug in filter(None, path.split("/")):
        try:
            page = page.get_children().get(slug=slug).specific
        except Page.DoesNotExist:
            raise Http404 from None
    if not page.live:
        raise Http404
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return Page.serve(page, request)


urlpatterns = [
    path("api/plain/", plain_router.urls),
    re_path(r"^plain-html/(?P<path>.*)$", plain_html),
    *project_urlpatterns,
]
