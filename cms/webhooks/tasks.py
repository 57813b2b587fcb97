"""The background task that sends a subscription's deliveries (see :mod:`cms.webhooks.dispatch`)."""

from django_tasks import task

from . import dispatch


@task()
def deliver_next(subscription_id):
    """Send the oldest pending delivery of a subscription, if it is due and nobody is sending it."""
    return dispatch.deliver_next(subscription_id)
