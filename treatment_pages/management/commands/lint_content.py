"""Lint all published explainers and local pages against the claim rules and checks."""

from django.core.management.base import BaseCommand
from wagtail.models import Page

from treatment_pages.governance.checks import run_checks
from treatment_pages.governance.mixins import GovernedPageMixin


class Command(BaseCommand):
    help = (
        "Run the publish-time checks (claim lint included) over every live page and print a "
        "report. Exits with status 1 when a published page has blocking findings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--warnings", action="store_true", help="Also list findings that only warn."
        )

    def handle(self, *args, **options):
        pages = [p for p in Page.objects.live().specific() if isinstance(p, GovernedPageMixin)]
        total = len(pages)
        blocking_pages = 0
        for index, page in enumerate(pages, start=1):
            findings = run_checks(page)
            shown = [f for f in findings if f.blocks or options["warnings"]]
            if any(f.blocks for f in findings):
                blocking_pages += 1
            status = "BLOCK" if any(f.blocks for f in findings) else "ok"
            self.stdout.write(f"[{index}/{total}] {status:5} {page.url_path} ({page.title})")
            for finding in shown:
                self.stdout.write(f"    {finding.severity:5} {finding.check_id}: {finding.message}")
        summary = f"{total} published pages checked, {blocking_pages} with blocking findings."
        if blocking_pages:
            self.stderr.write(self.style.ERROR(summary))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(summary))
