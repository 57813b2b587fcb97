"""The one API router; each app keeps its own endpoints beside its models.

``/api/v2/pages/`` is the locations app's pages endpoint, which extends the
treatment pages one, so it loads and merges every page type of both apps.
"""

from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet

from cms.changes.api import SyncAPIViewSet
from locations.api import ClinicsAPIViewSet, PagesAPIViewSet, SiteLanguagesMixin
from treatment_pages import api as treatment_api
from treatment_pages.api_errors import APIPagination, JSONErrorsMixin, safe_filter_backends
from treatment_pages.api_locale import LocaleCheckFilter, LocaleMixin
from treatment_pages.loading import BulkLoadMixin
from treatment_pages.serializers import TagNamesField

from .keys.api import PreviewAPIViewSet


class DocumentsAPIViewSet(
    treatment_api.CompactJSONMixin,
    SiteLanguagesMixin,
    LocaleMixin,
    JSONErrorsMixin,
    BulkLoadMixin,
    WagtailDocumentsAPIViewSet,
):
    """Wagtail's documents endpoint with the API's error shape and tags prefetched.

    Documents have no language; ``?locale=`` is accepted (and checked) like
    everywhere else, so a consumer can send it on every request.
    """

    schema_description = "Documents (files) editors uploaded, with their download URLs."
    pagination_class = APIPagination
    known_query_parameters = WagtailDocumentsAPIViewSet.known_query_parameters.union(["locale"])
    filter_backends = [
        LocaleCheckFilter,
        *safe_filter_backends(WagtailDocumentsAPIViewSet.filter_backends),
    ]
    meta_fields = [
        *BaseAPIViewSet.meta_fields,
        APIField("tags", serializer=TagNamesField()),
        "download_url",
    ]
    prefetch = ("tags",)


class RiskListsAPIViewSet(SiteLanguagesMixin, treatment_api.RiskListsAPIViewSet):
    """Risk lists, in the languages the requesting site publishes."""


class ImagesAPIViewSet(SiteLanguagesMixin, treatment_api.ImagesAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("risk-lists", RiskListsAPIViewSet)
api_router.register_endpoint("clinics", ClinicsAPIViewSet)
api_router.register_endpoint("sync", SyncAPIViewSet)
# Last, so the router never picks it as the endpoint of a page model (detail URLs).
api_router.register_endpoint("preview", PreviewAPIViewSet)
