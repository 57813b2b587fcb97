"""drf-spectacular's ``AutoSchema``, taught what Wagtail's API v2 viewsets return.

Set it as ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``. Any other DRF view is
described exactly as drf-spectacular would; a Wagtail viewset
(``wagtail.api.v2.views.BaseAPIViewSet`` and its subclasses) gets:

- operations ``<endpoint>_listing``, ``<endpoint>_detail``, ``<endpoint>_find``,
  tagged with the endpoint's name;
- one item component per model it serves (on a pages endpoint, one per page
  type: ``TreatmentPage``, ``ClinicPage``...), built from the same
  ``api_fields``, ``body_fields`` and ``meta_fields`` the viewset serialises,
  every field optional because ``?fields=`` chooses them;
- the listing envelope ``{meta: {total_count}, items}``;
- the query parameters the endpoint accepts, with their value syntax
  (``fields``, ``order``, ``type`` as patterns built from the real field and
  model names), the field filters, and the errors (``Error``) it answers.

A viewset says what it serves, for API consumers, in ``schema_description``
(its docstring otherwise), and describes extra query parameters of its own
with drf-spectacular's ``extend_schema_view``/``OpenApiParameter``. A name in
``known_query_parameters`` that is described nowhere is a generation warning,
so an undocumented parameter fails ``spectacular --fail-on-warn``.
"""

import re

from django.conf import settings
from django.db import models
from drf_spectacular.drainage import warn
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ComponentIdentity, ResolvedComponent, safe_ref
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from taggit.managers import TaggableManager
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page, get_page_models

from .shapes import Error

ACTIONS = {"listing_view": "listing", "detail_view": "detail", "find_view": "find"}

NO_NUL = r"^[^\x00]*$"


class NoRouter:
    """Stands in for the API router while building serialisers to describe them.

    Wagtail asks the router only which endpoint serves a related model, to
    nest its serialiser; the schema describes related objects generically.
    """

    def get_model_endpoint(self, model):
        return None


def names_pattern(names):
    """A regex group matching any of ``names`` (longest first, so none shadows another)."""
    ordered = sorted(names, key=lambda name: (-len(name), name))
    return "(" + "|".join(re.escape(name) for name in ordered) + ")"


def fields_pattern(names):
    """The ``?fields=`` syntax over ``names``: ``*,-a``, ``_,a,b``, ``a,-b`` or empty."""
    name = names_pattern(names)
    return rf"^(|\*(,-{name})*|_(,{name})*|-?{name}(,-?{name})*)$"


def order_pattern(names):
    """The ``?order=`` syntax: ``random``, or fields, each optionally prefixed with ``-``.

    Empty means the default order.
    """
    name = names_pattern(names)
    return rf"^(|random|-?{name}(,-?{name})*)$"


def model_label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def filter_schema(model_field):
    """The query-string schema of a field filter (``?city=Calgary``), from the model field."""
    if isinstance(model_field, TaggableManager):
        return {"type": "string", "pattern": NO_NUL, "description": "Tag names, comma-separated."}
    if isinstance(model_field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(model_field, models.ForeignKey):
        model_field = model_field.target_field
    if isinstance(model_field, models.IntegerField | models.AutoField):
        return {"type": "integer"}
    if isinstance(model_field, models.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(model_field, models.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(model_field, models.TimeField):
        return {"type": "string", "format": "time"}
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return {"type": "number"}
    if isinstance(model_field, models.CharField | models.TextField):
        return {"type": "string", "pattern": NO_NUL}
    return None


class WagtailAPISchema(AutoSchema):
    """Describes Wagtail API v2 viewsets; any other view as drf-spectacular does."""

    #: Lets ``extend_schema_view(listing_view=..., detail_view=..., find_view=...)``
    #: find Wagtail's actions (drf-spectacular looks for the mapping's values).
    method_mapping = {**AutoSchema.method_mapping, **{f"wagtail {a}": a for a in ACTIONS}}

    # --- Which view is this -----------------------------------------------------------------

    @property
    def is_wagtail(self):
        return isinstance(self.view, BaseAPIViewSet) and self.view.action in ACTIONS

    @property
    def kind(self):
        return ACTIONS[self.view.action]

    @property
    def endpoint(self):
        """The endpoint's name as mounted: ``pages`` in ``/api/v2/pages/{id}/``."""
        segments = [s for s in self.path.strip("/").split("/") if s]
        return segments[-1] if self.kind == "listing" else segments[-2]

    @property
    def serves_pages(self):
        return issubclass(self.view.model, Page)

    @property
    def models(self):
        """The models whose objects the endpoint returns: every page type for ``pages``."""
        model = self.view.model
        if self.serves_pages:
            return [m for m in get_page_models() if issubclass(m, model)]
        return [model]

    def listing_model(self):
        """The model a listing's fields and filters are those of when no ``type`` is given."""
        return self.view.model

    # --- Operation metadata -----------------------------------------------------------------

    def get_operation_id(self):
        if not self.is_wagtail:
            return super().get_operation_id()
        return f"{self.endpoint.replace('-', '_')}_{self.kind}"

    def get_tags(self):
        if not self.is_wagtail:
            return super().get_tags()
        return [self.endpoint]

    def get_summary(self):
        if not self.is_wagtail:
            return super().get_summary()
        what = self.endpoint.replace("-", " ")
        return {
            "listing": f"List {what}",
            "detail": f"One of the {what}, by id",
            "find": f"Find one of the {what} (redirects to its detail URL)",
        }[self.kind]

    def get_description(self):
        if not self.is_wagtail:
            return super().get_description()
        # ``schema_description`` speaks to API consumers; a docstring, to developers.
        doc = getattr(self.view, "schema_description", None) or type(self.view).__doc__ or ""
        doc = re.sub(r"\n[ \t]+", "\n", doc.strip())
        extra = {
            "listing": "Items carry the listing's default fields; `fields` chooses others.",
            "detail": "Every field of the object's type, unless `fields` says otherwise.",
            "find": "Answers 302 with the detail URL of the object matched by the parameters; "
            "other query parameters are kept on the redirect.",
        }[self.kind]
        return f"{doc}\n\n{extra}" if doc else extra

    # --- Parameters ------------------------------------------------------------------------

    def _get_format_parameters(self):
        # The API's contract is JSON; DRF's browsable HTML is a developer aid, not described.
        return [] if self.is_wagtail else super()._get_format_parameters()

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        if self.is_wagtail:
            for parameter in parameters:
                if parameter["name"] == "id":
                    parameter["schema"] = {"type": "integer", "minimum": 0}
                    parameter["description"] = "The object's id."
        return parameters

    def get_override_parameters(self):
        # Wagtail's first: parameters a view declares with extend_schema come later and
        # replace them (drf-spectacular keeps the last one of each name).
        declared = super().get_override_parameters()
        if not self.is_wagtail:
            return declared
        return [*self.wagtail_parameters(), *declared]

    def _get_parameters(self):
        parameters = super()._get_parameters()
        if self.is_wagtail and self.kind == "listing":
            described = {p.name for p in self.get_override_parameters()}
            described |= {p["name"] for p in parameters}
            undescribed = set(self.view.known_query_parameters) - described
            for name in sorted(undescribed - self.undocumented_parameters()):
                warn(
                    f"query parameter {name!r} of {self.endpoint} is not described: add an "
                    "OpenApiParameter for it with extend_schema_view (see docs/api.md)"
                )
        return parameters

    def undocumented_parameters(self):
        """Accepted for compatibility but not part of the contract."""
        return {"format", "_"}

    def wagtail_parameters(self):
        if self.kind == "listing":
            return self.listing_parameters()
        if self.kind == "detail":
            return self.detail_parameters()
        return self.find_parameters()

    def common_parameters(self, listing):
        model = self.listing_model()
        names = self.field_names(model, listing=listing)
        any_type = self.serves_pages and model is Page
        more = (
            " With `type` (listings) or on a page of that type (detail), the type's own "
            "fields too: see its schema."
            if any_type
            else ""
        )
        parameters = []
        if "locale" in self.view.known_query_parameters:
            parameters.append(
                OpenApiParameter(
                    "locale",
                    {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    description="The language to serve, e.g. `fr-CA` (any case; `fr_CA` too): "
                    "an item not translated into it comes in the site's fallback language, "
                    "marked `meta.fallback`. A language the site does not publish is a 400.",
                )
            )
        return [
            *parameters,
            OpenApiParameter(
                "fields",
                str,
                pattern=fields_pattern(names),
                description="Fields to return, comma-separated: `*` for all, `_` for none, "
                f"`-name` to leave one out. Fields: {', '.join(sorted(names))}.{more}",
            ),
            OpenApiParameter(
                "rich_text_format",
                str,
                enum=sorted(rich_text_formats()),
                description=f"How rich text is returned; default `{APIRichText.resolve_format()}`.",
            ),
        ]

    def listing_parameters(self):
        view, model = self.view, self.listing_model()
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        parameters = [
            *self.common_parameters(listing=True),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 0, **({"maximum": limit_max} if limit_max else {})},
                description=f"Items per page, default {min(20, limit_max or 20)}; "
                "more than the maximum is a 400, never a silent cap.",
            ),
            OpenApiParameter(
                "offset",
                {"type": "integer", "minimum": 0},
                description="Items to skip. Past the end, `items` is empty.",
            ),
            OpenApiParameter(
                "order",
                str,
                pattern=order_pattern(view.get_available_fields(model, db_fields_only=True)),
                description="Sort by fields, comma-separated, `-` for descending; or `random` "
                "(not with `offset`).",
            ),
            OpenApiParameter(
                "search",
                {"type": "string", "pattern": NO_NUL},
                description="Full-text search in the language of `locale` and its fallback "
                "(words stemmed per language on PostgreSQL); results by relevance unless "
                "`order` is given.",
            ),
            OpenApiParameter(
                "search_operator",
                str,
                enum=["and", "or"],
                description="With `search`: every word (`and`, default) or any (`or`).",
            ),
        ]
        if self.serves_pages:
            parameters += self.page_listing_parameters()
        parameters.sort(key=lambda parameter: parameter.name != "type")  # first, if there
        return parameters + self.filter_parameters(model)

    def filter_parameters(self, model):
        parameters = []
        for name in self.view.get_available_fields(model, db_fields_only=True):
            if name == "locale":
                continue  # its own filter, by language code
            try:
                model_field = model._meta.get_field(name)
            except models.FieldDoesNotExist:
                continue
            schema = filter_schema(model_field)
            if schema is None:
                continue
            parameters.append(
                OpenApiParameter(
                    name,
                    schema,
                    description=f"Only items whose `{name}` is this value.",
                )
            )
        return parameters

    def page_listing_parameters(self):
        tree = {"type": "string", "pattern": "^(root|[0-9]+)$"}
        parameters = [
            OpenApiParameter(
                "child_of",
                tree,
                description="Only children of this page (id, or `root` for the site's root).",
            ),
            OpenApiParameter(
                "descendant_of",
                tree,
                description="Only pages below this one (id, or `root`); not with `child_of`.",
            ),
            OpenApiParameter(
                "ancestor_of",
                {"type": "integer", "minimum": 0},
                description="Only ancestors of this page.",
            ),
            OpenApiParameter(
                "translation_of",
                tree,
                description="Only translations of this page.",
            ),
            *self.site_parameters(),
        ]
        if self.view.model is Page:
            labels = [model_label(m) for m in self.models]
            label = names_pattern(labels)
            parameters.insert(
                0,
                OpenApiParameter(
                    "type",
                    str,
                    pattern=rf"^({label}(,{label})*)?$",
                    description="Only pages of these types, comma-separated (empty: any type). "
                    "With one type, "
                    "`fields`, `order` and field filters may name that type's fields "
                    "(e.g. `type=locations.ClinicPage&city=Calgary`). Types: "
                    + ", ".join(f"`{label}`" for label in labels)
                    + ".",
                ),
            )
        return parameters

    def site_parameters(self):
        return [
            OpenApiParameter(
                "site",
                {"type": "string", "pattern": r"^[^\x00/]*$"},
                description="The site to serve, by hostname (`calgary.localhost`, or "
                "`hostname:port`); by default the site of the Host header. Unknown is a 404.",
            )
        ]

    def detail_parameters(self):
        parameters = self.common_parameters(listing=False)
        if self.serves_pages:
            parameters += self.site_parameters()
        return parameters

    def find_parameters(self):
        parameters = [
            OpenApiParameter("id", {"type": "integer", "minimum": 0}, description="Find by id.")
        ]
        if self.serves_pages:
            parameters += [
                OpenApiParameter(
                    "html_path",
                    {"type": "string", "pattern": NO_NUL},
                    description="Find the page readers open at this path, e.g. "
                    "`/therapeutic-botox/`, on the site of the Host header.",
                ),
                *self.site_parameters(),
            ]
        return parameters

    def field_names(self, model, listing):
        view = type(self.view)
        names = view.get_body_fields_names(model) + view.get_meta_fields_names(model)
        if listing:
            names = [name for name in names if name not in view.detail_only_fields]
        return list(dict.fromkeys(names))

    # --- Responses -------------------------------------------------------------------------

    def get_response_serializers(self):
        if not self.is_wagtail:
            return super().get_response_serializers()
        error = self.error_ref()
        if self.kind == "listing":
            return {
                200: OpenApiResponse(self.listing_ref(), description="One page of results."),
                400: OpenApiResponse(error, description="A query parameter is not valid."),
                404: OpenApiResponse(error, description="An unknown `site`."),
            }
        if self.kind == "detail":
            return {
                200: OpenApiResponse(self.item_schema(), description="The object."),
                400: OpenApiResponse(error, description="A query parameter is not valid."),
                404: OpenApiResponse(error, description="No such object here."),
            }
        return {
            302: OpenApiResponse(description="Found: `Location` is the object's detail URL."),
            400: OpenApiResponse(error, description="A query parameter is not valid."),
            404: OpenApiResponse(error, description="Nothing matches."),
        }

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        if self.is_wagtail and self.kind == "listing" and str(status_code) == "200":
            prefix = self.endpoint.replace("-", "_")
            response["links"] = {
                "detail": {
                    "operationId": f"{prefix}_detail",
                    "parameters": {"id": "$response.body#/items/0/id"},
                    "description": "The first item, in full.",
                }
            }
        return response

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if self.is_wagtail and self.kind == "find" and str(status_code) == "302":
            headers["Location"] = {
                "schema": {"type": "string", "format": "uri"},
                "description": "The detail URL, with the other query parameters.",
                "required": True,
            }
        return headers

    def register(self, name, identity, build):
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=ComponentIdentity(identity),
        )
        if component not in self.registry:
            component.schema = build()
            self.registry.register_on_missing(component)
        return component.ref

    def error_ref(self):
        return self.resolve_serializer(Error, "response").ref

    def item_schema(self):
        refs = [self.item_ref(model) for model in self.models]
        return refs[0] if len(refs) == 1 else {"anyOf": refs}

    def item_name(self, model):
        return getattr(self.view, "schema_item_name", None) or model.__name__

    def listing_ref(self):
        model = self.view.model
        name = "PageListing" if model is Page else f"{self.item_name(model)}Listing"

        def build():
            return {
                "type": "object",
                "properties": {
                    "meta": self.register(
                        "ListingMeta",
                        "wagtail-api-listing-meta",
                        lambda: {
                            "type": "object",
                            "properties": {
                                "total_count": {
                                    "type": "integer",
                                    "minimum": 0,
                                    "description": "Items matching, on every page together.",
                                }
                            },
                            "required": ["total_count"],
                            "additionalProperties": False,
                        },
                    ),
                    "items": {"type": "array", "items": self.item_schema()},
                },
                "required": ["meta", "items"],
                "additionalProperties": False,
            }

        return self.register(name, (type(self.view), "listing"), build)

    def item_ref(self, model):
        name = self.item_name(model)
        return self.register(name, (type(self.view), model), lambda: self.build_item(model, name))

    def build_item(self, model, name):
        view_class = type(self.view)
        serializer_class = view_class._get_serializer_class(
            NoRouter(), model, [("*", False, None)], show_details=True
        )
        serializer = serializer_class(context={})
        meta_names = set(serializer.meta_fields)
        body, meta = {}, {}
        for field_name, field in serializer.fields.items():
            if field_name == "type":
                schema = self.register(
                    f"{model.__name__}Type",
                    ("type", model),
                    lambda: {
                        "type": "string",
                        "enum": [model_label(model)],
                        "description": "The object's type, `app_label.ModelName`.",
                    },
                )
            else:
                schema = self.field_schema(field)
                if schema is None:
                    continue
            (meta if field_name in meta_names else body)[field_name] = schema
        properties = {}
        if "id" in body:
            properties["id"] = body.pop("id")
        properties["meta"] = self.register(
            f"{name}Meta",
            (view_class, model, "meta"),
            lambda: {
                "type": "object",
                "description": "About the object rather than its content.",
                "properties": meta,
                "additionalProperties": False,
            },
        )
        properties.update(body)
        description = (model.__doc__ or "").strip().split("\n\n")[0]
        return {
            "type": "object",
            "description": re.sub(r"\s+", " ", description)
            + " Fields are those asked for with `fields` (see the operation).",
            "properties": properties,
            "additionalProperties": False,
        }

    def field_schema(self, field):
        schema = self._map_serializer_field(field, "response")
        if schema is None:
            return None
        self._insert_field_validators(field, schema)
        if isinstance(field, serializers.CharField) and field.allow_blank:
            # An empty value is not a URL or an address: keep the format in words only.
            string_format = schema.pop("format", None)
            if string_format:
                note = f"A {string_format}, or empty."
                schema["description"] = f"{schema.get('description', '')} {note}".strip()
        return safe_ref(schema)


def rich_text_formats():
    try:
        return set(APIRichText._serializers())
    except AttributeError:  # pragma: no cover - older Wagtail
        return {"html", "db_html"}
