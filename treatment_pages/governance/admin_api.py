"""The clinical checks on the publish action of Wagtail's admin API.

Every other way to publish runs the checks: ``Page.publish`` (creation,
workflow approval, scheduled publishing, ``Revision.publish``) through
:class:`~treatment_pages.governance.mixins.GovernedPageMixin`, and the edit
view through the ``before_publish_page`` hook. Wagtail's admin API
(``POST /admin/api/main/pages/<id>/action/publish/``) builds its publish
action directly and calls neither, so without this a user with publish
permission could put a page with a forbidden claim or no risk disclosure live.
"""

from wagtail.admin.api.actions.publish import PublishPageAPIAction
from wagtail.api.v2.utils import BadRequestError

from .checks import blocking_findings
from .mixins import GovernedPageMixin


class GovernedPublishPageAPIAction(PublishPageAPIAction):
    """Wagtail's admin API publish, refused with a JSON 400 naming the findings that block it."""

    def execute(self, instance, data):
        page = instance.specific
        if isinstance(page, GovernedPageMixin):
            # What this action would publish: the latest revision (as Wagtail's does).
            revision = page.get_latest_revision()
            candidate = revision.as_object() if revision is not None else page
            blocking = blocking_findings(candidate)
            if blocking:
                # The same words as the edit view's message.
                raise BadRequestError(
                    "The page was not published: "
                    + " ".join(finding.message for finding in blocking)
                )
        return super().execute(instance, data)


def govern_admin_api():
    """Put the governed action in place of Wagtail's (from ``AppConfig.ready``)."""
    from wagtail.admin.api.views import PagesAdminAPIViewSet

    PagesAdminAPIViewSet.actions = {
        **PagesAdminAPIViewSet.actions,
        "publish": GovernedPublishPageAPIAction,
    }
