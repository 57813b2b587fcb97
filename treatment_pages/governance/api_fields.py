"""API fields for clinical review data, shared by master explainers and local pages.

A local page shows its master's review (who checked the content, when, and
against what evidence), so both page types list the same fields, built here
with a ``prefix`` that says where the reviewed page is (``"master."`` for a
local page). Like ``treatment_pages.serializers`` this module imports no
models and reads only what the endpoint's loader joined or prefetched.
"""

from rest_framework import serializers
from wagtail.api import APIField


def reviewer_dict(reviewer):
    """A reviewer as ``{name, credentials, regulator, registration_number}``, or None."""
    if reviewer is None:
        return None
    return {
        "name": reviewer.name,
        "credentials": reviewer.credentials,
        "regulator": reviewer.regulator,
        "registration_number": reviewer.registration_number,
    }


def source_dict(source):
    return source.as_dict() if source is not None else None


class ReviewerField(serializers.ReadOnlyField):
    """The clinician who reviewed the page, or null."""

    def to_representation(self, reviewer):
        return reviewer_dict(reviewer)


class ReviewStatusField(serializers.ReadOnlyField):
    """``current``, ``due_soon``, ``overdue`` or ``unreviewed``, as of the request."""

    def to_representation(self, page):
        return str(page.review_status())


class EvidenceSourceField(serializers.ReadOnlyField):
    """One evidence source as ``EvidenceSource.as_dict``, or null."""

    def to_representation(self, source):
        return source_dict(source)


class SourcesField(serializers.ReadOnlyField):
    """The page's evidence sources in the editor's order; reads prefetched ``source_links``."""

    def to_representation(self, links):
        return [link.source.as_dict() for link in links.all()]


def review_api_fields(prefix=""):
    """The review fields of an explainer; ``prefix="master."`` reads a local page's master."""

    def source(name):
        # DRF refuses a ``source`` equal to the field name.
        return {"source": f"{prefix}{name}"} if prefix else {}

    return [
        APIField("reviewer", serializer=ReviewerField(**source("reviewer"))),
        APIField(
            "last_reviewed",
            serializer=serializers.DateField(
                read_only=True, allow_null=True, **source("last_reviewed")
            ),
        ),
        APIField(
            "next_review_due",
            serializer=serializers.DateField(
                read_only=True, allow_null=True, **source("next_review_due")
            ),
        ),
        APIField("review_status", serializer=ReviewStatusField(source=prefix.rstrip(".") or "*")),
        APIField("sources", serializer=SourcesField(source=f"{prefix}source_links")),
        APIField("timing_source", serializer=EvidenceSourceField(**source("timing_source"))),
    ]
