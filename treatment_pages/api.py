"""The app's API endpoints: Wagtail's v2 viewsets, extended rather than replaced.

A project mounts them on its own ``WagtailAPIRouter``; see ``cms/api.py``.
Each viewset adds to Wagtail's: one JSON error shape (``api_errors``), bulk
loading so a listing's query count does not grow with its length
(``loading``), and rich text with links resolved to absolute URLs
(``rich_text``).
"""

from collections import defaultdict
from functools import cached_property

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, Value, prefetch_related_objects
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2 import views as wagtail_views
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.serializers import (
    DetailUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.validators import SiteFilterValidator
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet
from wagtail.models import Page, Site

from .api_errors import (
    APIPagination,
    JSONErrorsMixin,
    safe_filter_backends,
)
from .api_locale import (
    FallbackField,
    LocaleCheckFilter,
    LocaleField,
    LocaleMixin,
    replace_locale_filter,
)
from .loading import PAGE_LOADERS, BulkLoadMixin, PageLoader
from .models import RiskItem, RiskList, TreatmentPage, TreatmentPageRiskList
from .rich_text import PageLinks
from .serializers import (
    AbsoluteDownloadUrlField,
    PublicHtmlUrlField,
    RenditionSetField,
    TagNamesField,
    public_url,
    site_parameter,
    with_site,
)
from .tree import subtree
from .visibility import public, restricted_page_ids


class CompactJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, never indented, whatever the request asks."""

    def get_indent(self, accepted_media_type, renderer_context):
        return None


class CompactJSONMixin:
    """JSON without Wagtail's four-space indentation.

    Wagtail's viewsets pretty-print every response, which makes Python encode
    it with its pure-Python encoder (several times slower than the C one for a
    listing) and makes the body about a third larger. Consumers are programs.
    One representation for everyone: DRF's ``Accept: application/json;
    indent=4`` is not honoured, because the shared cache (and a CDN) keys a
    response on its URL, not on the ``Accept`` header, and would hand the first
    client's formatting to all.
    """

    renderer_classes = [CompactJSONRenderer, BrowsableAPIRenderer]

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context


class PublicPageParentField(PageParentField):
    """The ``parent`` field, nested with :class:`PublicPageSerializer`.

    Wagtail looks each page's parent up with two queries (the parent, then
    whether the endpoint serves it); here it is one, the parent looked for
    among the pages the endpoint serves. A view serialising many pages in
    their detail form, or that found a parent already, puts
    ``{page id: parent or None}`` in the context as ``parents``.
    """

    def get_attribute(self, instance):
        parents = self.context.get("parents")
        if parents is not None and instance.pk in parents:
            return parents[instance.pk]
        if instance.depth <= 1:
            return None
        parent_path = instance.path[: -instance.steplen]
        return self.context["base_queryset"].filter(path=parent_path).first()

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PublicPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class PageDetailUrlField(DetailUrlField):
    """Wagtail's ``detail_url``; one that keeps the request's ``?site=`` when it named one.

    Without it, a client that names its site with ``?site=`` would be sent to
    the host's default site, where the page is a 404.
    """

    def get_attribute(self, instance):
        url = super().get_attribute(instance)
        site = site_parameter(self.context["request"])
        return with_site(url, site) if site else url


class PublicPageSerializer(PageSerializer):
    """Wagtail's page serialiser, with ``html_url`` (its own, its parent's) from ``public_url``.

    ``meta.locale`` is a BCP 47 tag (``fr-CA``), and ``meta.fallback`` says
    whether the page is in another language than the one asked for
    (:mod:`~treatment_pages.api_locale`).
    """

    detail_url = PageDetailUrlField(read_only=True)
    html_url = PublicHtmlUrlField(read_only=True)
    parent = PublicPageParentField(read_only=True)
    locale = LocaleField()
    fallback = FallbackField()


class PagesAPIViewSet(
    CompactJSONMixin, LocaleMixin, JSONErrorsMixin, BulkLoadMixin, wagtail_views.PagesAPIViewSet
):
    """Wagtail's pages endpoint, serving only public live content, loaded in bulk.

    - Pages come from the live, public tree of the requesting site (the Host
      header, or ``?site=``). A page under any view restriction is left out
      whoever asks, so a response never depends on a session and is safe to
      cache. Drafts never appear: the API reads the live page rows, never
      revisions.
    - ``?type=`` swaps in the page type's own queryset, which its
      :class:`~treatment_pages.loading.PageLoader` optimises; ``page_loaders``
      maps page types to loaders, and other apps extend it.
    - Internal page links in rich text become absolute URLs, resolved in one
      query per response; ``substitute_links`` lets a subclass point them at
      other pages.
    """

    schema_description = (
        "Published pages of one site: the site whose hostname is in the Host header, or "
        "the one named by `site`. Drafts, unpublished pages and pages under a view "
        "restriction never appear. Each page type has its own fields; a local treatment "
        "page comes back merged with its master explainer."
    )
    base_serializer_class = PublicPageSerializer
    pagination_class = APIPagination
    filter_backends = replace_locale_filter(
        safe_filter_backends(wagtail_views.PagesAPIViewSet.filter_backends)
    )
    meta_fields = [*wagtail_views.PagesAPIViewSet.meta_fields, "last_published_at", "fallback"]
    listing_default_fields = [*wagtail_views.PagesAPIViewSet.listing_default_fields, "fallback"]
    page_loaders = PAGE_LOADERS

    def dispatch(self, request, *args, **kwargs):
        self.page_links = PageLinks(self.resolve_page_links)
        with self.page_links.active():
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.GET.get("site"):
            # An unknown site is a 404 whether or not this response needed the site.
            self.requested_site  # noqa: B018

    def loader_for(self, model):
        return self.page_loaders.get(model) or PageLoader()

    @cached_property
    def public_pages(self):
        """Live pages outside any private section, on any site.

        Wagtail asks each view restriction whether the requester passes it,
        which needs a user object (DRF may have none) and makes responses vary
        by session. Leaving every restricted section out does neither.
        """
        return Page.objects.live().exclude(pk__in=restricted_page_ids())

    @cached_property
    def frontend_urls(self):
        """``{site id: base URL of the site's public front end}``; none by default.

        A project whose sites have their own front ends overrides this (see
        ``locations.api``); :func:`~treatment_pages.serializers.public_url`
        then builds reader-facing URLs on them.
        """
        return {}

    def public_url(self, page):
        return public_url(page, self.request, self.frontend_urls)

    @cached_property
    def requested_site(self):
        """The site named by ``?site=``, or else by the Host header."""
        try:
            return SiteFilterValidator(
                site=site_parameter(self.request), request=self.request
            ).site_obj
        except ValueError as e:
            raise BadRequestError(str(e)) from e

    def locale_site_id(self):
        return self.requested_site.pk if self.requested_site else None

    def filter_by_locale(self, queryset, candidates=None):
        return super().filter_by_locale(queryset, self.get_base_queryset())

    def get_base_queryset(self):
        """The pages this endpoint serves: the ids of :meth:`site_pages`, as one subquery.

        As a ``pk__in`` subquery because search backends filter only on indexed
        fields; inside it, any SQL will do, so :meth:`site_pages` can test each
        row with correlated subqueries and a range on the tree path, and its
        cost follows the size of the site rather than of the whole page tree.
        """
        if not hasattr(self, "_base_queryset"):
            site = self.requested_site
            if site is None:
                queryset = Page.objects.none()
            elif getattr(self, "action", None) == "detail_view":
                # One page, never searched: checked on its own, whatever the site's size.
                queryset = Page.objects.filter(self.served())
            else:
                queryset = Page.objects.filter(pk__in=self.requested_site_pages.values("pk"))
            self._base_queryset = queryset
        return self._base_queryset

    def served(self, pk="pk"):
        """True for a page this endpoint serves, as a subquery correlated on the page's ``pk``.

        For checking a few pages: each is looked up by its id, where the
        ``pk__in`` form of :meth:`get_base_queryset` lists the whole site first.
        """
        site = self.requested_site
        if site is None:
            return Value(False)
        return Exists(self.requested_site_pages.filter(pk=OuterRef(pk)))

    @cached_property
    def requested_site_pages(self):
        """:meth:`site_pages` of the requested site, built once per request."""
        return self.site_pages(self.requested_site)

    def site_pages(self, site):
        """The live, public pages of ``site`` (subclasses add or withdraw some)."""
        return self.own_site_pages(site)

    def own_site_pages(self, site):
        """The live, public pages of ``site``'s tree, in every language it has."""
        return public(Page.objects.live()).filter(self.in_site(site))

    def in_site(self, site):
        """A condition for pages in ``site``'s tree or in its root's translations' trees.

        The tree is a range of paths (:mod:`~treatment_pages.tree`), which an
        index serves. The root's translations come from Wagtail's cached site
        root paths: no query.
        """
        root = site.root_page
        condition = Q(**subtree(root))
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            for root_path in Site.get_site_root_paths():
                if root_path.site_id == site.pk and root_path.root_path != root.url_path:
                    condition |= Q(url_path__startswith=root_path.root_path)
        return condition

    def get_queryset(self):
        # Built once: Wagtail asks again for the serialiser's model.
        if not hasattr(self, "_optimised_queryset"):
            queryset = super().get_queryset().select_related("locale")
            self._optimised_queryset = self.loader_for(queryset.model).optimise(queryset)
        return self._optimised_queryset

    def resolve_page_links(self, page_ids):
        """Absolute URLs of the linked pages readers can see, ``{id: url}`` (one query)."""
        found = list(self.link_targets(page_ids))
        pages = {str(page.pk): page for page in found if str(page.pk) in page_ids}
        pages.update(self.substitute_links(found, set(pages)))
        return {page_id: self.public_url(page) for page_id, page in pages.items()}

    def link_targets(self, page_ids):
        """The pages links may lead to: the linked ones readers can see, and any substitutes."""
        return self.public_pages.filter(pk__in=page_ids)

    def substitute_links(self, targets, page_ids):
        """Of ``targets``, those to link to instead of some linked ones: ``{linked id: page}``."""
        return {}

    def get_object(self):
        # Wagtail's version turns the page into its specific type with one more
        # query and nothing prefetched; fetch the specific page through its loader.
        if not hasattr(self, "_loaded_object"):
            page = wagtail_views.BaseAPIViewSet.get_object(self)
            # ?locale= on a detail URL serves the page's translation when it has one.
            page = self.localized_object(page, self.get_base_queryset())
            model = page.specific_class or type(page)
            if not isinstance(page, model):
                queryset = model._default_manager.filter(pk=page.pk).select_related("locale")
                page = self.loader_for(model).optimise(queryset).first() or page
            self._loaded_object = page
            self.load([page])
        return self._loaded_object

    def load(self, pages):
        by_model = defaultdict(list)
        for page in pages:
            by_model[type(page)].append(page)
        for model, same_type in by_model.items():
            loader = self.loader_for(model)
            loader.load(same_type)
            self.page_links.add_from(
                source for page in same_type for source in loader.rich_text_sources(page)
            )


class RiskListsAPIViewSet(
    CompactJSONMixin, LocaleMixin, JSONErrorsMixin, BulkLoadMixin, wagtail_views.BaseAPIViewSet
):
    """Shared risk lists, each with its risks and the published explainers that show it.

    ``used_by`` counts only live, public explainers, from every site: risk
    lists are shared by the whole group, not owned by one site. Lists are
    translatable: ``?locale=`` works as on pages, fallbacks marked.
    """

    schema_description = (
        "Risk lists shared by the group's explainers: each risk with how often it happens, "
        "whether it is serious and what to do, and the published explainers that show it."
    )
    model = RiskList
    name = "risk-lists"
    pagination_class = APIPagination
    known_query_parameters = wagtail_views.BaseAPIViewSet.known_query_parameters.union(["locale"])
    filter_backends = replace_locale_filter(
        safe_filter_backends([FieldsFilter, OrderingFilter, SearchFilter])
    )
    meta_fields = [
        *wagtail_views.BaseAPIViewSet.meta_fields,
        APIField("locale", serializer=LocaleField()),
        APIField("fallback", serializer=FallbackField()),
    ]
    listing_default_fields = [
        *wagtail_views.BaseAPIViewSet.listing_default_fields,
        "name",
        "locale",
        "fallback",
    ]
    nested_default_fields = [*wagtail_views.BaseAPIViewSet.nested_default_fields, "name"]

    def get_queryset(self):
        return RiskList.objects.select_related("locale")

    def filter_by_locale(self, queryset, candidates=None):
        # A translation counts wherever it is, not only among the other filters' results.
        return super().filter_by_locale(queryset, RiskList.objects.all())

    def get_object(self):
        if not hasattr(self, "_loaded_object"):
            risk_list = wagtail_views.BaseAPIViewSet.get_object(self)
            self._loaded_object = self.localized_object(risk_list, self.get_queryset())
            self.load([self._loaded_object])
        return self._loaded_object

    def load(self, risk_lists):
        published = (
            TreatmentPageRiskList.objects.filter(page__in=public(TreatmentPage.objects.live()))
            .select_related("page")
            .order_by("page__title", "page_id")
        )
        prefetch_related_objects(
            risk_lists,
            Prefetch("items", queryset=RiskItem.objects.select_related("source")),
            Prefetch("page_links", queryset=published, to_attr="published_page_links"),
        )


class ImagesAPIViewSet(
    CompactJSONMixin, LocaleMixin, JSONErrorsMixin, BulkLoadMixin, WagtailImagesAPIViewSet
):
    """Wagtail's images endpoint, with each image's rendition set and no per-image queries.

    ``rendition_set`` is the same ``{id, alt, width, height, src, srcset,
    renditions}`` object pages use for their images (``IMAGE_RENDITIONS``).
    """

    schema_description = (
        "Images, each with its rendition set (`src`, `srcset`, sizes) and alt text."
    )
    pagination_class = APIPagination
    known_query_parameters = WagtailImagesAPIViewSet.known_query_parameters.union(["locale"])
    filter_backends = [
        LocaleCheckFilter,
        *safe_filter_backends(WagtailImagesAPIViewSet.filter_backends),
    ]
    body_fields = [
        *WagtailImagesAPIViewSet.body_fields,
        APIField("alt", serializer=serializers.CharField(source="default_alt_text")),
        APIField("rendition_set", serializer=RenditionSetField(source="*")),
    ]
    meta_fields = [
        *wagtail_views.BaseAPIViewSet.meta_fields,
        APIField("tags", serializer=TagNamesField()),
        APIField("download_url", serializer=AbsoluteDownloadUrlField(source="file.url")),
    ]
    prefetch = ("tags", "renditions")
