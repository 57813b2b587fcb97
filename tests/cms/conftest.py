"""Fixtures shared by the webhook tests: a real receiver on 127.0.0.1 and a subscription to it."""

import pytest
from wagtail.models import Site

from cms.changes.models import Change
from cms.webhooks.models import Subscription

from ..webhook_receiver import Receiver


@pytest.fixture
def receiver():
    receiver = Receiver(secret="whsec_test-secret")
    yield receiver
    receiver.stop()


@pytest.fixture
def subscription(library, receiver):
    """The library site's front end, subscribed to every kind of change."""
    return Subscription.objects.create(
        name="Library front end",
        site=Site.objects.get(root_page=library),
        url=receiver.url,
        events=list(Change.Kind.values),
        secret=receiver.secret,
    )
