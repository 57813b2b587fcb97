"""The checks every treatment explainer must pass, registered at app start-up."""

import re
from datetime import date

from .checks import BLOCK, WARN, Finding, registry
from .claims import fold, lint_page
from .text import page_texts, plain_text

STATISTIC_RE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|per ?cent|pour ?cent)|\b\d+\s+(?:out of|in|sur)\s+\d+\b", re.I
)
MONEY_RE = re.compile(
    r"\$|\b(?:price|prices|cost|costs|fee|fees|insurance|insurer|covered|coverage|"
    r"prix|cout|couts|tarif|tarifs|assurance|assureur|rembourse\w*)\b",
    re.I,
)
DISCLAIMER_RE = re.compile(
    r"\b(?:may vary|varies|vary|depends? on|check (?:with )?your (?:insurer|insurance|plan|"
    r"coverage)|confirm (?:with|your)|predetermination|estimate|not (?:all|every|always)|"
    r"(?:many|most|some) (?:dental |health |extended health )?plans|often (?:covers?|pays?)|"
    r"peut varier|peuvent varier|varie|depend\w* de|verifiez aupres|renseignez-vous|"
    r"predetermination|estimation|certains regimes|souvent)\b",
    re.I,
)


def register_treatment_checks(page_model):
    """Register the built-in checks for ``page_model`` (the master explainer)."""

    @registry.register("risks.missing", BLOCK, page_model)
    def risk_list_missing(page):
        """An explainer must disclose its risks through at least one risk list."""
        if not list(page.risk_list_links.all()):
            yield (
                "Add at least one risk list: every explainer must disclose its risks.",
                "risk_list_links",
            )

    @registry.register("risks.untranslated", BLOCK, page_model)
    def risk_list_untranslated(page):
        """A page shows risk lists in its own language only: never an untranslated disclosure."""
        for link in page.risk_list_links.all():
            risk_list = link.risk_list if link.risk_list_id else None
            if risk_list is not None and risk_list.locale_id != page.locale_id:
                language = risk_list.locale.get_display_name()
                yield (
                    f"The risk list '{risk_list.name}' is in {language}, not "
                    f"{page.locale.get_display_name()}. Translate it (Snippets > Risk lists > "
                    "Translate), then choose the translation here.",
                    "risk_list_links",
                )

    @registry.register("review.no_reviewer", BLOCK, page_model)
    def no_reviewer(page):
        """A clinician must be named as the page's reviewer, with a review date."""
        if not page.reviewer_id:
            yield ("Choose the clinical reviewer who checked this page.", "reviewer")
        if not page.last_reviewed:
            yield ("Enter the date the page was last reviewed.", "last_reviewed")

    @registry.register("review.no_source", BLOCK, page_model)
    def no_source(page):
        """At least one evidence source must support the page."""
        if not [link for link in page.source_links.all() if link.source_id]:
            yield ("Add at least one evidence source for the facts on this page.", "source_links")

    @registry.register("review.overdue", BLOCK, page_model)
    def review_overdue(page):
        """A page whose review date has passed cannot be republished until it is reviewed."""
        if page.next_review_due and page.next_review_due < date.today():
            yield (
                f"The clinical review was due on {page.next_review_due:%d %B %Y}. Ask a "
                "reviewer to check the page, then update the review dates.",
                "next_review_due",
            )

    @registry.register("facts.unsourced_number", WARN, page_model)
    def unsourced_number(page):
        """Figures (timing ranges, statistics) should name their source."""
        if page.timing and not page.timing_source_id:
            yield (
                "The timing facts have no source: choose one under Clinical review.",
                "timing_source",
            )
        for piece in page_texts(page):
            found = STATISTIC_RE.search(piece.text)
            if found:
                yield (
                    f"“{found.group(0)}” in {piece.label} is a statistic: make sure one of the "
                    "page's evidence sources supports it, or remove it.",
                    "",
                )


def register_common_checks(governed_class):
    """Checks for every governed page type: forbidden claims and cost wording."""

    @registry.register("claims.forbidden", BLOCK, governed_class)
    def forbidden_claims(page):
        """Wording that Canadian health advertising rules forbid (see Claim rules)."""
        for match in lint_page(page):
            yield Finding(
                "claims.forbidden",
                match.severity,
                f"“{match.phrase}” in {match.field}: {match.rule_name}. {match.rationale}",
                "",
            )

    @registry.register("cost.no_disclaimer", WARN, governed_class)
    def cost_without_disclaimer(page):
        """Price or insurance wording should say that costs and coverage vary."""
        texts = [piece.text for piece in page_texts(page)]
        # A local page shows its master's cost text unless it replaces it.
        texts.append(plain_text(getattr(page, "cost_and_coverage", "")))
        mentions_money = (
            any(MONEY_RE.search(fold(t)) for t in texts)
            or getattr(page, "price_from", None) is not None
        )
        if mentions_money and not any(DISCLAIMER_RE.search(fold(t)) for t in texts):
            yield Finding(
                "cost.no_disclaimer",
                WARN,
                "The page mentions price or insurance but does not say that costs and "
                "coverage vary: add a sentence such as 'Coverage depends on your plan; "
                "check with your insurer.'",
                "",
            )
