"""API loading for clinics and local pages, and the pages endpoint that knows them.

:class:`PagesAPIViewSet` extends the treatment pages endpoint with loaders
for this app's page types, and with two rules a local page brings:

- A local page shows its master's content, so it is served only while the
  master itself is live and public; withdrawing an explainer withdraws
  every clinic's version of it.
- On a clinic's site, a rich-text link to a master explainer points at the
  clinic's own version of it when there is one, so readers stay on the
  clinic's site.
"""

import math
from functools import cached_property

from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, F, OuterRef, Q, When
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.fields import ReadOnlyField
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page

from treatment_pages import api as treatment_api
from treatment_pages.api_locale import site_id_for_request
from treatment_pages.serializers import absolute_url
from treatment_pages.visibility import public, unrestricted

from .distance import haversine_km
from .loading import PAGE_LOADERS
from .models import ClinicPage, FrontendSettings, LocalTreatmentPage

#: Half the Earth's circumference, give or take: no two points are farther apart.
MAX_RADIUS_KM = 20_000


class SiteLanguagesMixin:
    """Languages and fallback from the site's own settings (``FrontendSettings``)."""

    def site_languages(self, site_id):
        if site_id is None:
            return super().site_languages(site_id)
        return FrontendSettings.site_languages(site_id)


class PagesAPIViewSet(SiteLanguagesMixin, treatment_api.PagesAPIViewSet):
    """The pages endpoint for a project with both apps: mount this one as ``pages``."""

    page_loaders = {
        **treatment_api.PagesAPIViewSet.page_loaders,
        **PAGE_LOADERS,
    }

    @cached_property
    def frontend_urls(self):
        return FrontendSettings.base_urls()

    @cached_property
    def known_parents(self):
        """``{local page id: its clinic, or None when this endpoint does not serve it}``."""
        return {}

    def load(self, pages):
        """Each local page's clinic, read once: for its ``clinic`` field and as its ``parent``."""
        local_pages = [page for page in pages if isinstance(page, LocalTreatmentPage)]
        if local_pages:
            clinics = ClinicPage.objects.filter(
                path__in={page.path[: -Page.steplen] for page in local_pages}
            ).annotate(served=self.served())
            clinics = {clinic.path: clinic for clinic in clinics}
            for page in local_pages:
                clinic = clinics[page.path[: -Page.steplen]]
                page.clinic = clinic
                self.known_parents[page.pk] = clinic if clinic.served else None
        super().load(pages)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.known_parents:
            context["parents"] = {**self.known_parents, **context.get("parents", {})}
        return context

    def site_pages(self, site):
        """The site's own live, public pages, plus the master explainers its local pages show.

        A clinic's front end renders a local page from the merged API form, but
        may also link to (or prerender) the master behind it; those masters
        belong to the library's site, so they are added here by id. Other
        sites' pages stay out. A local page whose master is not live and public
        is withdrawn with it, which each page checks with a correlated
        subquery, so the cost follows the size of the site.
        """
        in_site = self.in_site(site)
        withdrawn = LocalTreatmentPage.objects.filter(pk=OuterRef("pk")).exclude(
            LocalTreatmentPage.objects.master_available()
        )
        masters = LocalTreatmentPage.objects.live().filter(unrestricted(), in_site)
        return public(Page.objects.live()).filter(
            (in_site & ~Exists(withdrawn)) | Q(pk__in=masters.values("master_id"))
        )

    def link_targets(self, page_ids):
        """The linked pages, and on a clinic's site the clinic's local versions of them."""
        site = self.requested_site
        if site is None:
            return super().link_targets(page_ids)
        # In every language of the site: a French explainer has the French local page.
        local_pages = Q(
            pk__in=self.own_site_pages(site).values("pk"),
            localtreatmentpage__master_id__in=page_ids,
        )
        return self.public_pages.filter(Q(pk__in=page_ids) | local_pages).annotate(
            master_id=F("localtreatmentpage__master_id"),
            is_local_version=ExpressionWrapper(local_pages, output_field=BooleanField()),
        )

    def substitute_links(self, targets, page_ids):
        """On a clinic's site, link to the clinic's local version of a linked explainer."""
        site = self.requested_site
        if site is None:
            return {}
        return {str(page.master_id): page for page in targets if page.is_local_version}


def parse_near(value):
    """``"51.04,-114.07"`` -> (51.04, -114.07); a 400 naming the expected form otherwise."""
    try:
        lat, lng = (float(part) for part in value.split(","))
    except ValueError as e:
        raise BadRequestError(
            "near must be latitude,longitude in decimal degrees, e.g. near=51.0447,-114.0719"
        ) from e
    if not (math.isfinite(lat) and math.isfinite(lng)):
        raise BadRequestError("near must be finite numbers")
    if not -90 <= lat <= 90:
        raise BadRequestError("latitude in near must be between -90 and 90")
    if not -180 <= lng <= 180:
        raise BadRequestError("longitude in near must be between -180 and 180")
    return lat, lng


def parse_radius(value):
    try:
        radius = float(value)
    except ValueError as e:
        raise BadRequestError("radius_km must be a number of kilometres, e.g. radius_km=50") from e
    if not math.isfinite(radius) or radius <= 0 or radius > MAX_RADIUS_KM:
        raise BadRequestError(f"radius_km must be more than 0 and at most {MAX_RADIUS_KM}")
    return radius


def parse_bool(name, value):
    if value in ("true", "false"):
        return value == "true"
    raise BadRequestError(f"{name} must be true or false")


class ClinicDetailUrlField(ReadOnlyField):
    """``detail_url`` on the clinics endpoint, which (unlike ``pages``) serves every clinic."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, clinic):
        router = self.context["router"]
        path = reverse(f"{router.url_namespace}:clinics:detail", args=[clinic.pk])
        return absolute_url(self.context, path)


class ClinicSerializer(treatment_api.PublicPageSerializer):
    detail_url = ClinicDetailUrlField(read_only=True)


FINDER_PARAMETERS = [
    OpenApiParameter(
        "near",
        {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?,-?[0-9]+(\.[0-9]+)?$"},
        description="`latitude,longitude` in decimal degrees, e.g. `51.0447,-114.0719`: adds "
        "`distance_km` and sorts nearest first (`order` overrides the sort).",
    ),
    OpenApiParameter(
        "radius_km",
        {"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": MAX_RADIUS_KM},
        description="With `near`: only clinics within this many kilometres.",
    ),
    OpenApiParameter(
        "open_now",
        bool,
        description="Only clinics open (`true`) or closed (`false`) now, each by its own "
        "clock, holidays included.",
    ),
    # Accepted as on every pages endpoint, but the finder lists clinics only.
    OpenApiParameter("type", exclude=True),
]


@extend_schema_view(
    listing_view=extend_schema(parameters=FINDER_PARAMETERS),
    detail_view=extend_schema(parameters=FINDER_PARAMETERS[:1]),
)
class ClinicsAPIViewSet(PagesAPIViewSet):
    """The clinic finder: every live, public clinic of the group, from any site.

    Unlike ``pages``, not scoped to the requesting site: a patient on one
    clinic's site looks for the nearest clinic of the group. Filters:

    - ``near=<lat>,<lng>`` adds ``distance_km`` (great-circle, haversine) and
      sorts nearest first; ``radius_km=<r>`` (needs ``near``) keeps clinics
      within ``r`` km.
    - ``open_now=true|false`` keeps clinics open (or closed) now, each by its
      own time zone, honouring special hours (``locations.hours``).

    Distances and opening state are computed in Python over one query of every
    clinic's position (and one each for weekly and special hours when
    ``open_now`` is asked): a group has tens of clinics, not millions, and
    this keeps SQLite and PostgreSQL identical. The listing then loads the
    page of results like ``pages`` does, so its cost does not grow with
    ``limit``.
    """

    name = "clinics"
    model = ClinicPage
    schema_item_name = "FinderClinic"
    schema_description = (
        "The clinic finder: every clinic of the group, whichever site asks, with its "
        "address, phone, opening hours, special days and whether it is open now. With "
        "`near`, each clinic's distance, nearest first."
    )
    base_serializer_class = ClinicSerializer
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["near", "radius_km", "open_now"]
    )
    body_fields = [
        *PagesAPIViewSet.body_fields,
        APIField(
            "distance_km",
            serializer=serializers.FloatField(
                read_only=True, allow_null=True, help_text="From `near`, to one decimal."
            ),
        ),
        APIField(
            "open_now",
            serializer=serializers.BooleanField(
                read_only=True, help_text="Open at the time of the request, by its own clock."
            ),
        ),
    ]
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "distance_km",
        "open_now",
        "street_address",
        "city",
        "province",
        "postal_code",
        "phone",
        "latitude",
        "longitude",
        "time_zone",
        "opening_hours",
        "special_hours",
    ]

    def locale_site_id(self):
        # Not scoped to the requesting site, so it needs no Site row: only its languages.
        return site_id_for_request(self.request)

    def get_base_queryset(self):
        return self.public_pages.type(ClinicPage)

    @cached_property
    def now(self):
        return timezone.now()

    @cached_property
    def near(self):
        value = self.request.GET.get("near")
        return parse_near(value) if value is not None else None

    def get_queryset(self):
        # Wagtail asks for the queryset more than once per request; filter once.
        if not hasattr(self, "_clinics"):
            self._clinics = self.filter_clinics()
        return self._clinics

    def filter_clinics(self):
        params = self.request.GET
        queryset = ClinicPage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
        self.distances = {}
        if self.action == "listing_view":
            radius = parse_radius(params["radius_km"]) if "radius_km" in params else None
            if radius is not None and self.near is None:
                raise BadRequestError("radius_km needs near=<latitude>,<longitude>")
            open_now = parse_bool("open_now", params["open_now"]) if "open_now" in params else None
            if self.near is not None:
                queryset = self.by_distance(queryset, radius)
            if open_now is not None:
                queryset = self.by_open_now(queryset, open_now)
        elif self.near is not None:
            self.distances = self.distances_from(self.near, queryset)
        queryset = queryset.select_related("locale")
        return self.loader_for(ClinicPage).optimise(queryset)

    def distances_from(self, point, queryset):
        positions = queryset.values_list("pk", "latitude", "longitude")
        return {pk: haversine_km(point, (float(lat), float(lng))) for pk, lat, lng in positions}

    def by_distance(self, queryset, radius):
        distances = self.distances_from(self.near, queryset)
        if radius is not None:
            distances = {pk: km for pk, km in distances.items() if km <= radius}
        self.distances = distances
        if "order" in self.request.GET:
            return queryset.filter(pk__in=distances)
        ranked = sorted(distances, key=lambda pk: (distances[pk], pk))
        rank = Case(*(When(pk=pk, then=i) for i, pk in enumerate(ranked)), default=len(ranked))
        return queryset.filter(pk__in=ranked).order_by(rank) if ranked else queryset.none()

    def by_open_now(self, queryset, wanted):
        clinics = queryset.only("pk", "time_zone").prefetch_related(
            "opening_hours", "special_hours"
        )
        matching = [clinic.pk for clinic in clinics if clinic.is_open_at(self.now) == wanted]
        return queryset.filter(pk__in=matching)

    def load(self, pages):
        super().load(pages)
        for page in pages:
            distance = self.distances.get(page.pk)
            page.distance_km = round(distance, 1) if distance is not None else None
            page.open_now = page.is_open_at(self.now)
