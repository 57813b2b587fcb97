"""StreamField blocks for the free-form part of a treatment explainer.

Everything an explainer must state (uses, timing, risks, cost) lives in typed
fields; these blocks carry the rest: headed sections, lists, FAQs, callouts.
"""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
CALLOUT_TONES = [("info", _("Good to know")), ("important", _("Important"))]


class HeadedValue(blocks.StructValue):
    """A block value with an optional heading that a page can link to."""

    @property
    def anchor(self):
        """The heading as a URL fragment ('Who is it for?' -> 'who-is-it-for'), or ''."""
        return slugify(self.get("heading") or "")


class ListValue(HeadedValue):
    """Lets templates choose <ol> or <ul> without comparing choice strings."""

    @property
    def numbered(self):
        return self.get("style") == "numbered"


class CalloutValue(blocks.StructValue):
    """The tone as patients read it, so templates need not repeat the choice labels."""

    @property
    def important(self):
        return self.get("tone") == "important"

    @property
    def tone_label(self):
        """What patients read above the note: 'Good to know' or 'Important'."""
        return dict(CALLOUT_TONES).get(self.get("tone"), "")


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, help_text="A short heading patients can scan, such as 'Who is it for?'"
    )
    content = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "title"
        template = "treatment_pages/blocks/section.html"
        value_class = HeadedValue
        description = "A headed section of text."
        preview_value = {
            "heading": "Who is it for?",
            "content": "<p>Adults whose symptoms have not settled with simpler care.</p>",
        }

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["anchor"] = value.anchor
        return data

    def get_api_schema(self, schema):
        """The OpenAPI schema of the value above: the struct's, plus ``anchor``."""
        schema["properties"]["anchor"] = {
            "type": "string",
            "description": "The heading as a URL fragment, to link to the section.",
        }
        schema["required"].append("anchor")
        return schema


class ListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    style = blocks.ChoiceBlock(
        choices=[("bulleted", "Bulleted"), ("numbered", "Numbered (steps)")],
        default="bulleted",
        help_text="Use numbered for steps that happen in order.",
    )
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "treatment_pages/blocks/list.html"
        value_class = ListValue
        description = "A bulleted or numbered list."
        preview_value = {
            "heading": "Before your visit",
            "style": "numbered",
            "items": ["Bring a list of your medicines.", "Eat a light meal."],
        }


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Frequently asked questions")
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "treatment_pages/blocks/faq.html"
        value_class = HeadedValue
        description = "Questions and answers, shown as an expandable list."
        preview_value = {
            "heading": "Frequently asked questions",
            "questions": [
                {"question": "Does it hurt?", "answer": "<p>Most people feel a brief pinch.</p>"}
            ],
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=CALLOUT_TONES,
        default="info",
        help_text="'Important' is for safety information patients must not miss.",
    )
    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "treatment_pages/blocks/callout.html"
        value_class = CalloutValue
        description = "A highlighted note that stands out from the text."
        preview_value = {
            "tone": "important",
            "heading": "Tell us about your medicines",
            "text": "<p>Some medicines change how the treatment works.</p>",
        }


class ExplainerBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="treatment_pages/blocks/paragraph.html",
        description="Plain text without a heading.",
        preview_value="<p>Your dentist will explain each step before starting.</p>",
    )
    list = ListBlock()
    faq = FAQBlock()
    callout = CalloutBlock()
