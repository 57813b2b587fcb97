"""StreamField blocks for the free-form part of a treatment explainer.

Everything an explainer must state (uses, timing, risks, cost) lives in typed
fields; these blocks carry the rest: headed sections, lists, FAQs, callouts.
"""

from django.utils.text import slugify
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, help_text="A short heading patients can scan, such as 'Who is it for?'"
    )
    content = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "title"
        template = "treatment_pages/blocks/section.html"
        description = "A headed section of text."
        preview_value = {
            "heading": "Who is it for?",
            "content": "<p>Adults whose symptoms have not settled with simpler care.</p>",
        }

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["anchor"] = slugify(value["heading"])
        return data


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
        description = "Questions and answers, shown as an expandable list."
        preview_value = {
            "heading": "Frequently asked questions",
            "questions": [
                {"question": "Does it hurt?", "answer": "<p>Most people feel a brief pinch.</p>"}
            ],
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Good to know"), ("important", "Important")],
        default="info",
        help_text="'Important' is for safety information patients must not miss.",
    )
    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "treatment_pages/blocks/callout.html"
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
