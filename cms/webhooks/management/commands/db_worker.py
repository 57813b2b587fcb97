"""django-tasks-db's ``db_worker``, set up for webhook deliveries.

The same command and options as the package's (this app comes first in
``INSTALLED_APPS``, so Django runs this one), with two differences:

- ``--backend`` and ``--queue-name`` default to the webhooks queue
  (``CMS_WEBHOOKS['TASK_BACKEND']`` and ``['QUEUE']``), so a bare
  ``manage.py db_worker`` sends webhooks;
- as it starts, it requeues the subscriptions that have pending deliveries
  (:func:`cms.webhooks.dispatch.requeue`). A worker killed mid-task leaves
  that task's row "running" forever; this makes sure its delivery goes out.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from cms.webhooks.conf import get_setting
from cms.webhooks.dispatch import requeue


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker that sends webhook deliveries (django-tasks-db's "
        "db_worker; by default on the webhooks queue)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(
            backend_name=get_setting("TASK_BACKEND"), queue_name=get_setting("QUEUE")
        )

    def handle(self, *args, **options):
        if options["backend_name"] == get_setting("TASK_BACKEND"):
            count = requeue()
            if options["verbosity"]:
                self.stdout.write(
                    f"Webhooks: {count} subscription(s) with pending deliveries queued."
                )
        super().handle(*args, **options)
