"""The nested objects the app's API fields return, as OpenAPI components.

Each serialiser here exists only to describe a shape: the API builds these
objects in ``treatment_pages.serializers`` (and ``governance.api_fields``,
``models``), and ``extensions`` names the shape each field returns. The
tests validate real responses against the schema, so a shape that drifts
from its builder fails them.
"""

from rest_framework import serializers

from ..models.governance import ReviewStatus, SourceType
from ..models.risks import Action, Frequency
from ..models.treatment import UseCategory
from ..timing import TimeUnit


class Error(serializers.Serializer):
    """Every error of the API has this shape, with its 4xx status."""

    message = serializers.CharField(help_text="What was wrong, for a developer.")
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")


class Rendition(serializers.Serializer):
    url = serializers.URLField(read_only=True)
    width = serializers.IntegerField(read_only=True)
    height = serializers.IntegerField(read_only=True)


class RenditionSet(serializers.Serializer):
    """An image, ready for ``<img src srcset width height alt>``.

    ``src``, ``width`` and ``height`` are the ``HERO_IMAGE_SRC`` rendition;
    ``srcset`` and ``renditions`` list every ``IMAGE_RENDITIONS`` size.
    """

    id = serializers.IntegerField(read_only=True)
    alt = serializers.CharField(read_only=True, help_text="The image's alt text; may be empty.")
    width = serializers.IntegerField(read_only=True)
    height = serializers.IntegerField(read_only=True)
    src = serializers.URLField(read_only=True)
    srcset = serializers.CharField(read_only=True, help_text="`url width`w pairs, comma-separated.")
    renditions = Rendition(many=True, read_only=True)


class TimeRange(serializers.Serializer):
    """A typed span of time: ``2–3 days``, ``up to 2 weeks`` (``min`` null)."""

    min = serializers.IntegerField(read_only=True, allow_null=True)
    max = serializers.IntegerField(read_only=True, allow_null=True)
    unit = serializers.ChoiceField(choices=TimeUnit.choices, read_only=True)
    text = serializers.CharField(read_only=True, help_text="The range as patients read it.")


class TreatmentUse(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    category = serializers.ChoiceField(choices=UseCategory.choices, read_only=True)
    category_label = serializers.CharField(read_only=True)


class EvidenceSource(serializers.Serializer):
    citation = serializers.CharField(read_only=True)
    type = serializers.ChoiceField(choices=SourceType.choices, read_only=True)
    type_label = serializers.CharField(read_only=True)
    url = serializers.CharField(
        read_only=True, help_text="Where to read the source: its URL, or its DOI's URL."
    )
    doi = serializers.CharField(read_only=True, help_text="The DOI, or empty.")
    published = serializers.DateField(read_only=True, allow_null=True)


class Risk(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    frequency = serializers.ChoiceField(choices=Frequency.choices, read_only=True)
    frequency_label = serializers.CharField(read_only=True)
    serious = serializers.BooleanField(read_only=True)
    typical_duration = serializers.CharField(read_only=True)
    action = serializers.ChoiceField(choices=Action.choices, read_only=True)
    action_label = serializers.CharField(read_only=True)
    source = EvidenceSource(read_only=True, allow_null=True)


class RiskListWithRisks(serializers.Serializer):
    """A shared risk list as a page shows it: its risks in full, and its API URL."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    introduction = serializers.CharField(read_only=True)
    detail_url = serializers.URLField(read_only=True, allow_null=True)
    items = Risk(many=True, read_only=True)


class PageLink(serializers.Serializer):
    """A related page: its API URL and the URL readers open it at."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    detail_url = serializers.URLField(read_only=True, allow_null=True)
    html_url = serializers.URLField(read_only=True, allow_null=True)


class CallToAction(serializers.Serializer):
    heading = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)


class Reviewer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    credentials = serializers.CharField(read_only=True)
    regulator = serializers.CharField(read_only=True)
    registration_number = serializers.CharField(read_only=True)


#: ``review_status``, as of the request.
REVIEW_STATUS = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)

#: ``structured_data``: a schema.org JSON-LD object, the same one the page's HTML carries.
STRUCTURED_DATA = {
    "type": "object",
    "description": "schema.org JSON-LD, identical to the page's HTML (docs/governance.md).",
    "properties": {
        "@context": {"type": "string", "format": "uri"},
        "@type": {"type": "string"},
    },
    "required": ["@context", "@type"],
    "additionalProperties": True,
}
