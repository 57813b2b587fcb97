"""Claim lint: find promotional wording that Canadian health advertising rules forbid.

Rules are data (``ClaimRule``, edited in the admin); this module compiles
them and runs them over a page's text. Matching ignores case and accents, so
"Garanti" and "garanti" both match a rule written as "garanti".
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .text import page_texts

NEAR_WINDOW = 80  # characters either side in which a "near" phrase must appear


@dataclass(frozen=True)
class ClaimMatch:
    rule_id: int
    rule_name: str
    category: str
    severity: str
    rationale: str
    field: str
    phrase: str
    excerpt: str


def fold(text):
    """Lower-case and strip accents while keeping every character's position."""
    if text.isascii():
        return text.lower()  # no accents, and one character each way
    return "".join(
        (unicodedata.normalize("NFKD", ch)[:1] or ch).lower() if ch.isalpha() else ch.lower()
        for ch in text
    )


def _phrase_pattern(phrase):
    words = [re.escape(fold(w)) for w in re.split(r"[\s-]+", phrase.strip()) if w]
    body = r"[\s\-‐–]+".join(words)
    start = r"(?<!\w)" if re.match(r"\w", phrase.strip()) else ""
    end = r"(?!\w)" if re.search(r"\w$", phrase.strip()) else ""
    return f"{start}{body}{end}"


@lru_cache(maxsize=256)
def compile_patterns(phrases, is_regex):
    """One regex from a rule's lines: phrases (spacing and hyphens flexible) or raw regexes."""
    lines = [line.strip() for line in phrases.splitlines() if line.strip()]
    if not lines:
        return None
    parts = [f"(?:{fold(line)})" if is_regex else _phrase_pattern(line) for line in lines]
    return re.compile("|".join(parts), re.IGNORECASE)


def _excerpt(text, start, end, width=40):
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def lint_text(text, rule, field="", folded=None):
    """Matches of ``rule`` in ``text``; ``folded`` is ``fold(text)`` when the caller has it."""
    pattern = compile_patterns(rule.phrases, rule.is_regex)
    if pattern is None:
        return []
    near = compile_patterns(rule.near_phrases, False) if rule.near_phrases.strip() else None
    if folded is None:
        folded = fold(text)
    matches = []
    for found in pattern.finditer(folded):
        if near is not None:
            window = folded[max(0, found.start() - NEAR_WINDOW) : found.end() + NEAR_WINDOW]
            if not near.search(window):
                continue
        matches.append(
            ClaimMatch(
                rule_id=rule.pk,
                rule_name=rule.name,
                category=rule.category,
                severity=rule.severity,
                rationale=rule.rationale,
                field=field,
                phrase=text[found.start() : found.end()],
                excerpt=_excerpt(text, found.start(), found.end()),
            )
        )
    return matches


def applicable_rules(page, rules=None):
    from ..models import ClaimRule

    language = page.locale.language_code[:2] if page.locale_id else "en"
    rules = ClaimRule.objects.active() if rules is None else rules
    promotional = bool(getattr(page, "is_promotional", False))
    return [
        rule
        for rule in rules
        if rule.language in ("all", language) and (promotional or not rule.promotional_only)
    ]


def lint_page(page, rules=None):
    """Every claim-rule match in the page's own text, in field order."""
    rules = applicable_rules(page, rules)
    matches = []
    for piece in page_texts(page):
        folded = fold(piece.text)  # once per piece, not once per rule
        for rule in rules:
            matches.extend(lint_text(piece.text, rule, piece.label, folded))
    return matches
