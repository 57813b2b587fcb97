"""Keys for the shared content tree (``tests/conftest.py``), and requests that send them."""

from typing import NamedTuple

import pytest
from wagtail.models import Locale, Site

from cms.keys.models import ApiKey

from ...conftest import CALGARY_HOST, EDMONTON_HOST

LIBRARY_HOST = "localhost"


class Issued(NamedTuple):
    key: ApiKey
    raw: str


def issue(hostname, name="Front end", **kwargs):
    return Issued(*ApiKey.issue(name=name, site=Site.objects.get(hostname=hostname), **kwargs))


def get(client, url, key=None, host=LIBRARY_HOST, **headers):
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key.raw if isinstance(key, Issued) else key}"
    return client.get(url, HTTP_HOST=host, **headers)


@pytest.fixture
def calgary_key(calgary):
    return issue(CALGARY_HOST, "Calgary website")


@pytest.fixture
def edmonton_key(edmonton):
    return issue(EDMONTON_HOST, "Edmonton website")


@pytest.fixture
def library_key(library):
    return issue(LIBRARY_HOST, "Library website")


@pytest.fixture
def french(db):
    return Locale.objects.get_or_create(language_code="fr-ca")[0]


@pytest.fixture
def english(db):
    return Locale.get_default()
