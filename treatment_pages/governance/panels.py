"""Edit-view panels: the publish-time findings and the reading level, before publishing."""

from wagtail.admin.panels import Panel

from .checks import BLOCK
from .reading import TARGET_GRADE, reading_level
from .text import page_texts


class GovernancePanel(Panel):
    """Shows the editor what publishing would report, for the version being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "treatment_pages/admin/governance_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            findings = page.governance_findings() if page.pk else []
            language = page.locale.language_code if page.locale_id else "en"
            text = "\n".join(piece.text for piece in page_texts(page))
            context.update(
                findings=findings,
                blocking=[f for f in findings if f.severity == BLOCK],
                warnings=[f for f in findings if f.severity != BLOCK],
                reading=reading_level(text, language),
                target_grade=TARGET_GRADE,
                is_new=not page.pk,
            )
            return context
