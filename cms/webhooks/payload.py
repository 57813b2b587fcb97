"""The JSON body of a delivery, built from the change log entry for the subscription's site."""

import json

from cms.changes.models import Change, ChangeTarget


def object_type(change):
    """The object's type as the API's ``meta.type`` names it, e.g. ``treatment_pages.RiskList``."""
    model = change.content_type.model_class()
    return model._meta.label if model is not None else change.object_label


def detail_url(change, site):
    """The API detail URL of what changed, on ``site``; None for a deletion or a type the
    API does not serve (reviewers, evidence sources)."""
    from cms.api import api_router  # the router imports every app's endpoints

    model = change.content_type.model_class()
    if model is None or change.kind == Change.Kind.DELETE:
        return None
    path = api_router.get_object_detail_urlpath(model, change.object_id)
    return site.root_url + path if path else None


def build(delivery):
    """The payload of ``delivery``: the same for every attempt, so its id names one body."""
    change, site = delivery.change, delivery.subscription.site
    pages = sorted(
        ChangeTarget.objects.filter(change=change, site_id=site.pk).values_list(
            "page_id", flat=True
        )
    )
    return {
        "id": change.pk,
        "event": change.kind,
        "created_at": change.created_at.isoformat().replace("+00:00", "Z"),
        "site": {"id": site.pk, "hostname": site.hostname, "root_url": site.root_url},
        "object": {
            "type": object_type(change),
            "id": change.object_id,
            "page_id": change.page_id,
            "detail_url": detail_url(change, site),
        },
        "revision_id": change.revision_id,
        "locales": change.locales,
        "pages": pages,
    }


def encode(payload):
    """The exact bytes sent and signed."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
