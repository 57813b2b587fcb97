"""Email the clinical reviewers about overdue and soon-due explainers; safe to run daily."""

from django.core.management.base import BaseCommand

from treatment_pages.governance.reviews import REVIEWERS_GROUP, flag_reviews


class Command(BaseCommand):
    help = (
        f"Notify the '{REVIEWERS_GROUP}' group of explainers whose clinical review is overdue "
        "or due within 30 days. A page is flagged at most once a day."
    )

    def handle(self, *args, **options):
        results = flag_reviews()
        for page, status, notified in results:
            note = "notified" if notified else "already notified today"
            self.stdout.write(
                f"{status.label}: {page.title} (due {page.next_review_due:%Y-%m-%d}) — {note}"
            )
        flagged = sum(1 for *_rest, notified in results if notified)
        self.stdout.write(self.style.SUCCESS(f"{len(results)} due or overdue, {flagged} notified."))
