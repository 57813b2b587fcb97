"""Reading level of patient-facing text: Flesch–Kincaid for English, Kandel–Moles for French.

Health literacy guidance asks for grade 8 or lower. Both formulas need
syllable counts; a vowel-group count per language is the usual approximation
and is accurate enough to steer an editor (it is a warning, never a block).
"""

import re
import unicodedata
from dataclasses import dataclass

TARGET_GRADE = 8

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END_RE = re.compile(r"[.!?;:]+(?:\s|$)|\n+")
_VOWELS = {"en": "aeiouy", "fr": "aeiouyàâäéèêëîïôöùûüÿœæ"}

# Flesch reading ease -> school grade (Flesch, 1949), interpolated between points.
_EASE_TO_GRADE = [(100, 4), (90, 5), (80, 6), (70, 7), (60, 9), (50, 12), (30, 16), (0, 18)]


@dataclass(frozen=True)
class ReadingLevel:
    grade: float
    words: int
    sentences: int
    formula: str

    @property
    def within_target(self):
        return self.grade <= TARGET_GRADE


def count_syllables(word, language="en"):
    word = word.lower()
    vowels = _VOWELS["fr" if language.startswith("fr") else "en"]
    groups = re.findall(f"[{vowels}]+", word)
    count = len(groups)
    if language.startswith("fr"):
        if re.search(r"[^aeiouy](e|es|ent)$", word) and count > 1:
            count -= 1
    elif word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def _counts(text, language):
    words = _WORD_RE.findall(text)
    sentences = max(len([s for s in _SENTENCE_END_RE.split(text) if _WORD_RE.search(s)]), 1)
    syllables = sum(count_syllables(w, language) for w in words)
    return len(words), sentences, syllables


def _ease_to_grade(ease):
    ease = max(0.0, min(100.0, ease))
    for (high_ease, high_grade), (low_ease, low_grade) in zip(
        _EASE_TO_GRADE, _EASE_TO_GRADE[1:], strict=False
    ):
        if low_ease <= ease <= high_ease:
            share = (high_ease - ease) / (high_ease - low_ease)
            return high_grade + share * (low_grade - high_grade)
    return _EASE_TO_GRADE[-1][1]


def reading_level(text, language="en"):
    """The school grade needed to read ``text``, or None for too little text to judge."""
    text = unicodedata.normalize("NFC", text or "")
    words, sentences, syllables = _counts(text, language)
    if words < 10:
        return None
    if language.startswith("fr"):
        ease = 207 - 1.015 * (words / sentences) - 73.6 * (syllables / words)
        return ReadingLevel(round(_ease_to_grade(ease), 1), words, sentences, "Kandel–Moles")
    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
    return ReadingLevel(round(max(grade, 0.0), 1), words, sentences, "Flesch–Kincaid")
