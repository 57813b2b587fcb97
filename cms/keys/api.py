"""``/api/v2/preview/?token=…``: one page revision, in the shape of the pages detail endpoint.

It is the pages endpoint (``locations.api.PagesAPIViewSet``) with its object
swapped: instead of a live page, the revision the token names, restored with
``revision.as_object()`` and loaded by the same page loaders (see
``PageLoader.load_revisions``), so the serialisers, URLs and rich-text links
are exactly those of ``/api/v2/pages/<id>/`` as the key's site sees them.

Reading a revision writes nothing, so live pages and their cached responses
are untouched; the preview itself is sent ``private, no-store`` and is never
stored.
"""

from django.http import Http404
from django.urls import path
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Revision

from cms.openapi import preview_schema
from locations.api import PagesAPIViewSet

from .permissions import ApiKeyRequiredMixin
from .preview import PreviewTokenExpired, PreviewTokenInvalid, read_token, site_serves


class PreviewExpired(APIException):
    status_code = 401
    default_detail = "This preview link has expired. Open the preview again from the page editor."


class PreviewRefused(PermissionDenied):
    default_detail = "This preview token is not valid."


class PreviewAPIViewSet(ApiKeyRequiredMixin, PagesAPIViewSet):
    """A draft (any revision) of one page, for the front end of the site the token names.

    Needs ``?token=`` (from the admin's preview link) and an API key of that
    site. No key: 401. Expired token: 401. Altered token, or a token for
    another site: 403. A page or revision deleted since: 404.
    """

    name = "preview"
    known_query_parameters = frozenset(["token", "fields", "rich_text_format"])

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "preview_view"}), name="preview")]

    @preview_schema()
    def preview_view(self, request):
        unknown = set(request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )
        page = self.get_object()
        return Response(self.get_serializer(page).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_object(self):
        if not hasattr(self, "_loaded_object"):
            page = self.previewed_page()
            self._loaded_object = page
            self.load([page])
        return self._loaded_object

    def previewed_page(self):
        token = self.request.GET.get("token")
        if not token:
            raise BadRequestError("token is required: use the preview link from the page editor")
        try:
            grant = read_token(token)
        except PreviewTokenExpired as e:
            raise PreviewExpired from e
        except PreviewTokenInvalid as e:
            raise PreviewRefused from e
        key = self.request.auth
        if grant.site_id != key.site_id:
            raise PreviewRefused("This preview is for another site; use that site's API key.")
        revision = (
            Revision.page_revisions.filter(pk=grant.revision_id, object_id=str(grant.page_id))
            .select_related("content_type")
            .first()
        )
        if revision is None or revision.content_object is None:
            raise Http404("The page or revision this preview shows no longer exists.")
        page = revision.as_object()
        if not site_serves(self.requested_site, page):
            raise PreviewRefused("This page is not shown on this API key's site.")
        if not key.allows_locale(page.locale.language_code):
            raise PreviewRefused(
                f"This API key does not read pages in {page.locale.language_code}."
            )
        return page

    def load(self, pages):
        for page in pages:
            loader = self.loader_for(type(page))
            loader.load_revisions([page])
            self.page_links.add_from(loader.rich_text_sources(page))
