"""Collect the patient-facing text of a page, field by field, for lint and reading level."""

import contextvars
import html
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from modelcluster.models import get_all_child_relations
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.blocks.struct_block import StructValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText

#: Page fields that never reach a patient, or that Wagtail manages.
SKIPPED_FIELDS = {"slug", "url_path", "draft_title", "content_type", "locale", "translation_key"}
TEXT_FIELD_TYPES = (models.CharField, models.TextField)
SKIPPED_FIELD_TYPES = (models.URLField, models.EmailField, models.SlugField)
#: Wagtail's own page fields that patients read: the heading, the browser's
#: title and search results' title (title tag) and snippet (meta description).
PATIENT_FACING_PAGE_FIELDS = {"title", "seo_title", "search_description"}


@dataclass(frozen=True)
class TextPiece:
    """A run of plain text and the editor-facing name of where it came from."""

    label: str
    text: str


def plain_text(value):
    """Rich text, a RichText object or plain text, as plain text with block breaks kept."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    source = source.replace("</p>", "</p>\n").replace("<br/>", "\n").replace("</li>", "</li>\n")
    return without_invisible(html.unescape(strip_tags(source))).strip()


def without_invisible(text):
    """``text`` without format characters (soft hyphens, zero-width spaces and joiners, ...).

    They are invisible where the text is shown, so a word split by one reads
    whole to a patient and must read whole to the checks too.
    """
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _own_fields(model):
    base_fields = {f.name for f in Page._meta.get_fields()} - PATIENT_FACING_PAGE_FIELDS
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in SKIPPED_FIELDS:
            continue
        if field.name in base_fields or getattr(field, "choices", None):
            continue
        if isinstance(field, SKIPPED_FIELD_TYPES):
            continue
        if isinstance(field, (*TEXT_FIELD_TYPES, RichTextField, StreamField)):
            yield field


def _walk_block_value(value, label):
    if isinstance(value, StreamValue):
        for index, child in enumerate(value):
            yield from _walk_block_value(child.value, f"{label} › {child.block.label} {index + 1}")
    elif isinstance(value, StructValue):
        for name, child in value.items():
            child_label = value.block.child_blocks[name].label
            yield from _walk_block_value(child, f"{label} › {child_label}")
    elif isinstance(value, ListValue | list | tuple):
        for index, child in enumerate(value):
            yield from _walk_block_value(child, f"{label} {index + 1}")
    elif isinstance(value, RichText | str):
        text = plain_text(value)
        if text:
            yield TextPiece(label, text)


def object_texts(obj, prefix=""):
    """Text pieces of one object's own text fields and StreamFields."""
    for field in _own_fields(type(obj)):
        label = f"{prefix}{field.verbose_name.capitalize()}"
        value = getattr(obj, field.name)
        if isinstance(field, StreamField):
            yield from _walk_block_value(value, label)
        else:
            text = plain_text(value)
            if text:
                yield TextPiece(label, text)


_collected = contextvars.ContextVar("governance_page_texts", default=None)


@contextmanager
def texts_collected_once():
    """Within the block, :func:`page_texts` walks each page object once.

    For one run of the checks, several of which read the same page's text;
    the page must not change inside the block.
    """
    reset = _collected.set({})
    try:
        yield
    finally:
        _collected.reset(reset)


def page_texts(page):
    """Every patient-facing text on a page: its fields, its blocks and its inline rows.

    Works on an unsaved page or a revision's object: inline rows are read from
    the in-memory child relations, as the editor last left them.
    """
    collected = _collected.get()
    if collected is not None and id(page) in collected:
        return list(collected[id(page)][1])
    pieces = list(object_texts(page))
    for relation in get_all_child_relations(type(page)):
        accessor = relation.get_accessor_name()
        for index, child in enumerate(getattr(page, accessor).all()):
            name = relation.related_model._meta.verbose_name.capitalize()
            pieces.extend(object_texts(child, prefix=f"{name} {index + 1} › "))
    if collected is not None:
        # The page is kept with its texts, so its id is not reused in the block.
        collected[id(page)] = (page, list(pieces))
    return pieces
