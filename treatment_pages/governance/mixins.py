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

    def publish(self, revision, *args, **kwargs):
        assert_publishable(revision.as_object())
        return super().publish(revision, *args, **kwargs)
