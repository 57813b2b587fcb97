"""schema.org JSON-LD for pages: one builder per page type, shared by HTML and API.

The page's ``<script type="application/ld+json">`` (``treatment_tags.structured_data``)
and the API's ``structured_data`` field (:class:`StructuredDataField`) both call
:func:`for_page`, so what search engines read and what API consumers get cannot
drift. Builders return plain JSON values (strings, numbers, lists, dicts) and
read only what the API loaders prefetch, so the field costs no queries per page.

A builder takes the page and ``url_for(page) -> absolute URL``: the HTML passes
the page's full URL on the requesting host, the API the public URL it gives
everywhere else (``treatment_pages.serializers.page_public_url``).

Other apps add builders with the ``register_structured_data`` hook, a function
returning ``{"app_label.ModelName": builder}`` (see ``locations/wagtail_hooks.py``).
Like ``serializers.py``, this module imports no models, so models can name
:class:`StructuredDataField` in their ``api_fields``.
"""

from rest_framework import serializers
from wagtail import hooks

from .governance.text import plain_text

CONTEXT = "https://schema.org"
SCHEMA = "https://schema.org/"


def compact(data):
    """``data`` without the keys whose value is empty (None, "", [] or {})."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def person(reviewer):
    """A clinical reviewer as a ``Person``, a member of the body that licenses them."""
    if reviewer is None:
        return None
    return compact(
        {
            "@type": "Person",
            "name": reviewer.name,
            "honorificSuffix": reviewer.credentials,
            "identifier": reviewer.registration_number,
            "memberOf": compact({"@type": "Organization", "name": reviewer.regulator}),
        }
    )


def creative_work(source):
    """An evidence source as a citable ``CreativeWork``."""
    return compact(
        {
            "@type": "CreativeWork",
            "name": source.citation,
            "url": source.link,
            "sameAs": f"https://doi.org/{source.doi}" if source.doi and source.url else None,
            "datePublished": source.published.isoformat() if source.published else None,
        }
    )


def adverse_outcomes(explainer):
    """Every risk named on the explainer, once each, in page order (reads prefetched rows)."""
    names = []
    for link in explainer.risk_list_links.all():
        for item in link.risk_list.items.all():
            if item.name not in names:
                names.append(item.name)
    return [{"@type": "MedicalEntity", "name": name} for name in names]


def procedure(explainer):
    """The treatment as a ``TherapeuticProcedure`` when any use is therapeutic.

    ``procedureType`` only takes ``MedicalProcedureType`` values, so the
    therapeutic/cosmetic distinction is carried by ``@type``: a treatment with
    a therapeutic use is a ``TherapeuticProcedure`` (its therapeutic uses are
    its indications); a purely cosmetic one is a ``MedicalProcedure`` of type
    ``NoninvasiveProcedure`` (cosmetic treatments here are office procedures
    without surgery).
    """
    uses = list(explainer.uses.all())
    therapeutic = [use.name for use in uses if use.category == "therapeutic"]
    return compact(
        {
            "@type": "TherapeuticProcedure" if therapeutic else "MedicalProcedure",
            "name": explainer.title,
            "description": explainer.summary,
            "procedureType": None if therapeutic else f"{SCHEMA}NoninvasiveProcedure",
            "indication": [{"@type": "MedicalIndication", "name": name} for name in therapeutic],
            "howPerformed": plain_text(explainer.how_it_works),
            "adverseOutcome": adverse_outcomes(explainer),
        }
    )


def medical_web_page(page, explainer, url_for, *, description, provider=None):
    """A ``MedicalWebPage`` for ``page`` about ``explainer``'s treatment and clinical review."""
    return compact(
        {
            "@context": CONTEXT,
            "@type": "MedicalWebPage",
            "name": page.title,
            "url": url_for(page),
            "description": description,
            "audience": {"@type": "Patient"},
            "lastReviewed": (
                explainer.last_reviewed.isoformat() if explainer.last_reviewed else None
            ),
            "reviewedBy": person(explainer.reviewer),
            "citation": [creative_work(source) for source in explainer.sources],
            "about": procedure(explainer),
            "provider": provider,
        }
    )


def treatment_page(page, url_for):
    return medical_web_page(page, page, url_for, description=page.summary)


def builders():
    """``{model label: builder}``: this app's, then those other apps register."""
    registry = {"treatment_pages.TreatmentPage": treatment_page}
    for register in hooks.get_hooks("register_structured_data"):
        registry.update(register())
    return registry


def for_page(page, url_for):
    """The page's JSON-LD as a dict, or None when its type has no builder."""
    registry = builders()
    for model in type(page).__mro__:
        meta = getattr(model, "_meta", None)
        builder = registry.get(meta.label) if meta is not None else None
        if builder is not None:
            return builder(page, url_for)
    return None


class StructuredDataField(serializers.ReadOnlyField):
    """The page's schema.org JSON-LD, the same object its HTML carries; use with ``source="*"``."""

    def to_representation(self, page):
        view, request = self.context.get("view"), self.context.get("request")
        if hasattr(view, "public_url"):
            url_for = view.public_url  # the reader-facing URL the rest of the API gives
        else:
            url_for = lambda linked: linked.get_full_url(request)  # noqa: E731
        return for_page(page, url_for)
