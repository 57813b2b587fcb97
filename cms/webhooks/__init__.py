"""Signed webhooks: every change log entry POSTed to the subscriptions of the sites it alters.

- :class:`~cms.webhooks.models.Subscription`: a receiver's URL, the kinds of
  change it wants, optional locales, its secret (Settings › Webhooks).
- On each entry (``cms.changes.signals.change_staged``, inside the recording
  transaction) a :class:`~cms.webhooks.models.Delivery` is written per matching
  subscription and a task queued on the django-tasks-db queue ``webhooks``.
- ``manage.py db_worker`` sends them (:mod:`cms.webhooks.dispatch`): per
  subscription, oldest change first; signed (:mod:`cms.webhooks.signing`);
  retried with exponential backoff for 24 hours; each POST logged as an
  :class:`~cms.webhooks.models.Attempt`.

Guarantee: each change reaches a receiver that answers 2xx at least once, in
change order per subscription, and is never sent again once a 2xx is recorded.
A repeat can only follow a worker dying between the receiver's answer and
its recording (or a receiver holding a POST open past the worker's lease),
and carries the same ``X-Webhook-Id``: a receiver that applies
each id once applies each change exactly once. ``docs/api.md`` documents it
for receivers.
"""
