"""System check: webhook deliveries need a django-tasks-db backend for their queue."""

from django.core import checks

from .conf import get_setting


@checks.register()
def task_backend_is_a_database_queue(app_configs, **kwargs):
    from django_tasks import task_backends
    from django_tasks.exceptions import InvalidTaskBackendError
    from django_tasks_db import DatabaseBackend

    alias, queue = get_setting("TASK_BACKEND"), get_setting("QUEUE")
    try:
        backend = task_backends[alias]
    except InvalidTaskBackendError:
        return [
            checks.Error(
                f"CMS_WEBHOOKS['TASK_BACKEND'] names the task backend {alias!r}, "
                "which TASKS does not define.",
                hint=f"Add TASKS[{alias!r}] = "
                f'{{"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [{queue!r}]}}.',
                id="webhooks.E001",
            )
        ]
    errors = []
    if not isinstance(backend, DatabaseBackend):
        errors.append(
            checks.Error(
                f"The webhooks task backend {alias!r} is not a django-tasks-db DatabaseBackend.",
                hint="Deliveries are queued inside the publishing transaction and retried for "
                "hours: they need the persistent database queue and its worker.",
                id="webhooks.E002",
            )
        )
    elif queue not in backend.queues:
        errors.append(
            checks.Error(
                f"The task backend {alias!r} does not accept the queue {queue!r}.",
                hint=f"Add {queue!r} to TASKS[{alias!r}]['QUEUES'].",
                id="webhooks.E003",
            )
        )
    return errors
