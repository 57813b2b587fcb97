from wagtail.actions.publish_page_revision import PublishPageRevisionAction

from .checks import assert_publishable, run_checks


class GovernedPageMixin:
    """Runs the publish-time checks on every publish path that goes through ``publish()``.

    ``Revision.publish`` (page creation, workflow approval, scheduled
    publishing, management commands) calls ``page.publish``; the admin edit
    view publishes through the ``before_publish_page`` hook, which runs the
    same checks first and keeps the editor's draft.
    """

    #: A page that advertises a price is promotional; some claim rules apply only there.
    is_promotional = False

    def governance_findings(self):
        return run_checks(self)

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        # What ``Page.publish`` does, with the checks in between: they read the
        # very object the action saves, so the revision is deserialized once,
        # and what was checked is what goes live.
        action = PublishPageRevisionAction(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
        )
        assert_publishable(action.object)
        return action.execute(skip_permission_checks=skip_permission_checks)
