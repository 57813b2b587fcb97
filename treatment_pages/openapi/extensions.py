"""What each API serialiser field returns, for drf-spectacular.

The app's fields (``treatment_pages.serializers``, ``governance.api_fields``,
``structured_data``) and Wagtail's own (``wagtail.api.v2.serializers``) are
plain DRF fields whose ``to_representation`` builds a dict or a string, so
drf-spectacular cannot see their shape. Each extension below names it, by
dotted path so this module needs nothing imported early. drf-spectacular
finds extensions by subclass registration: the app config imports this
module in ``ready()``.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import (
    ComponentIdentity,
    ResolvedComponent,
    append_meta,
    build_array_type,
    build_basic_type,
)
from drf_spectacular.types import OpenApiTypes

from . import shapes
from .blocks import BlockSchemas


class ShapeExtension(OpenApiSerializerFieldExtension):
    """A field described by one of ``shapes`` (a serialiser instance, or a raw schema dict)."""

    shape = None

    def map_serializer_field(self, auto_schema, direction):
        if isinstance(self.shape, dict):
            return dict(self.shape)
        return auto_schema._map_serializer_field(self.shape, direction)


def url(nullable=False, description=""):
    schema = build_basic_type(OpenApiTypes.URI)
    if nullable:
        schema["nullable"] = True
    if description:
        schema["description"] = description
    return schema


# --- treatment_pages.serializers ------------------------------------------------------------


class RenditionSetFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.RenditionSetField"
    shape = shapes.RenditionSet(allow_null=True, read_only=True)


class TimeRangeFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.TimeRangeField"
    shape = shapes.TimeRange(allow_null=True, read_only=True)


class UsesFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.UsesField"
    shape = shapes.TreatmentUse(many=True, read_only=True)


class RiskItemsFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.RiskItemsField"
    shape = shapes.Risk(many=True, read_only=True)


class RiskListsFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.RiskListsField"
    shape = shapes.RiskListWithRisks(many=True, read_only=True)


class CallToActionFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.CallToActionField"
    shape = shapes.CallToAction(read_only=True)


class UsedByFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.UsedByField"
    shape = shapes.PageLink(many=True, read_only=True)


class TagNamesFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.TagNamesField"
    shape = build_array_type(build_basic_type(OpenApiTypes.STR))


class AbsoluteDownloadUrlFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.AbsoluteDownloadUrlField"
    shape = url(description="The original file, on the host that answered.")


class PublicHtmlUrlFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.PublicHtmlUrlField"
    shape = url(
        nullable=True,
        description="Where readers open the page: the site's public front end when it has one.",
    )


class RichTextHTMLFieldSchema(ShapeExtension):
    target_class = "treatment_pages.serializers.RichTextHTMLField"
    shape = {"type": "string", "description": "Rich text, as HTML (see rich_text_format)."}


class StructuredDataFieldSchema(ShapeExtension):
    target_class = "treatment_pages.structured_data.StructuredDataField"
    shape = shapes.STRUCTURED_DATA


# --- treatment_pages.api_locale -------------------------------------------------------------


class LocaleFieldSchema(ShapeExtension):
    target_class = "treatment_pages.api_locale.LocaleField"
    shape = {"type": "string", "description": "The language served, as a BCP 47 tag (`fr-CA`)."}


class FallbackFieldSchema(ShapeExtension):
    target_class = "treatment_pages.api_locale.FallbackField"
    shape = {
        "type": "boolean",
        "description": "True when the item is not in the language asked for (`locale`), "
        "but in the site's fallback language.",
    }


# --- treatment_pages.governance.api_fields --------------------------------------------------


class ReviewerFieldSchema(ShapeExtension):
    target_class = "treatment_pages.governance.api_fields.ReviewerField"
    shape = shapes.Reviewer(allow_null=True, read_only=True)


class ReviewStatusFieldSchema(ShapeExtension):
    target_class = "treatment_pages.governance.api_fields.ReviewStatusField"
    shape = shapes.REVIEW_STATUS


class EvidenceSourceFieldSchema(ShapeExtension):
    target_class = "treatment_pages.governance.api_fields.EvidenceSourceField"
    shape = shapes.EvidenceSource(allow_null=True, read_only=True)


class SourcesFieldSchema(ShapeExtension):
    target_class = "treatment_pages.governance.api_fields.SourcesField"
    shape = shapes.EvidenceSource(many=True, read_only=True)


# --- StreamField values -------------------------------------------------------------------


def stream_block_of(field):
    """The StreamBlock behind a bound serialiser field, following ``source`` across relations."""
    model = field.parent.Meta.model
    *path, name = field.source_attrs
    for attr in path:
        model = model._meta.get_field(attr).related_model
    return model._meta.get_field(name).stream_block


class StreamFieldSchema(OpenApiSerializerFieldExtension):
    """Wagtail's StreamField serialiser: the blocks' schema, one component per block type."""

    target_class = "wagtail.api.v2.serializers.StreamField"

    def map_serializer_field(self, auto_schema, direction):
        return BlockSchemas(auto_schema.registry).schema(stream_block_of(self.target))


class StreamValueFieldSchema(StreamFieldSchema):
    target_class = "treatment_pages.serializers.StreamValueField"


# --- Wagtail's own serialiser fields (wagtail.api.v2.serializers) ----------------------------


class TypeFieldSchema(ShapeExtension):
    target_class = "wagtail.api.v2.serializers.TypeField"
    shape = {"type": "string", "description": "The object's model, as `app_label.ModelName`."}


class PageTypeFieldSchema(TypeFieldSchema):
    target_class = "wagtail.api.v2.serializers.PageTypeField"


class DetailUrlFieldSchema(ShapeExtension):
    target_class = "wagtail.api.v2.serializers.DetailUrlField"
    match_subclasses = True
    shape = url(description="This object in the API.")


class PageHtmlUrlFieldSchema(ShapeExtension):
    target_class = "wagtail.api.v2.serializers.PageHtmlUrlField"
    shape = url(nullable=True)


class PageLocaleFieldSchema(ShapeExtension):
    target_class = "wagtail.api.v2.serializers.PageLocaleField"
    shape = {"type": "string", "description": "The page's language code, e.g. `en-ca`."}


NESTED_PAGE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "meta": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "detail_url": url(),
                "html_url": url(nullable=True),
            },
            "required": ["type", "html_url"],
        },
        "title": {"type": "string"},
    },
    "required": ["id", "meta", "title"],
}


def nullable(schema):
    """``schema``, or null: Wagtail serialises any field whose value is None as null."""
    return append_meta(schema, {"nullable": True})


def component(auto_schema, name, schema):
    """A named component with a fixed identity, whichever field class asks for it."""
    resolved = ResolvedComponent(
        name=name, type=ResolvedComponent.SCHEMA, object=ComponentIdentity(f"component:{name}")
    )
    if resolved not in auto_schema.registry:
        resolved.schema = schema
        auto_schema.registry.register_on_missing(resolved)
    return resolved.ref


class NestedPageSchema(OpenApiSerializerFieldExtension):
    """``parent`` and ``alias_of``: ``{id, meta: {type, detail_url, html_url}, title}``, or null."""

    target_class = "wagtail.api.v2.serializers.PageParentField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return nullable(component(auto_schema, "NestedPage", NESTED_PAGE))


class PageAliasOfFieldSchema(NestedPageSchema):
    target_class = "wagtail.api.v2.serializers.PageAliasOfField"


RELATED_OBJECT = {
    "type": "object",
    "description": "A related object; `fields=name(sub,fields)` adds its fields.",
    "properties": {
        "id": {"type": "integer"},
        "meta": {
            "type": "object",
            "properties": {"type": {"type": "string"}, "detail_url": url()},
        },
    },
    "additionalProperties": True,
}


class RelatedFieldSchema(OpenApiSerializerFieldExtension):
    """A plain foreign key in ``api_fields``: ``{id, meta: {type, detail_url}}``, or null."""

    target_class = "wagtail.api.v2.serializers.RelatedField"

    def map_serializer_field(self, auto_schema, direction):
        return nullable(component(auto_schema, "RelatedObject", RELATED_OBJECT))


class ChildRelationFieldSchema(OpenApiSerializerFieldExtension):
    """Inline child rows (a ``ParentalKey``): a list of related objects."""

    target_class = "wagtail.api.v2.serializers.ChildRelationField"

    def map_serializer_field(self, auto_schema, direction):
        return build_array_type(component(auto_schema, "RelatedObject", RELATED_OBJECT))


class TagsFieldSchema(TagNamesFieldSchema):
    target_class = "wagtail.api.v2.serializers.TagsField"


class ImageDownloadUrlFieldSchema(ShapeExtension):
    target_class = "wagtail.images.api.v2.serializers.ImageDownloadUrlField"
    shape = {"type": "string", "description": "The original file's URL."}


class DocumentDownloadUrlFieldSchema(ShapeExtension):
    target_class = "wagtail.documents.api.v2.serializers.DocumentDownloadUrlField"
    shape = url()
