"""Wagtail's ``publish_scheduled``, with the publish-time checks applied first.

A scheduled revision that the checks refuse is not published: its schedule is
cleared (the page keeps its draft), the reasons are printed and logged, and
the other scheduled revisions go ahead.
"""

import logging

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from treatment_pages.governance.checks import blocking_findings
from treatment_pages.governance.mixins import GovernedPageMixin

logger = logging.getLogger(__name__)


class Command(WagtailCommand):
    def handle(self, *args, **options):
        if not options.get("dryrun"):
            self.cancel_blocked_schedules()
        return super().handle(*args, **options)

    def cancel_blocked_schedules(self):
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now())
        for revision in due:
            obj = revision.as_object()
            if not isinstance(obj, GovernedPageMixin):
                continue
            blocking = blocking_findings(obj)
            if not blocking:
                continue
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            reasons = " ".join(finding.message for finding in blocking)
            logger.warning("Scheduled publish of %r cancelled: %s", str(obj), reasons)
            self.stderr.write(f"Not published: “{obj}” (page {obj.pk}): {reasons}")
