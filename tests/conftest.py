"""Shared fixtures: a small content tree like the demo's, built with factories.

``library`` is the root of the default site; each clinic is the root of its own
site (``calgary.example.test``, ``edmonton.example.test``).
"""

import pytest
from django.core.cache import caches
from django.db import connections
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Page, Site

from cms.delivery.caching import local_entries

from .factories import (
    ClinicPageFactory,
    LocalTreatmentPageFactory,
    PractitionerFactory,
    RiskListFactory,
    TreatmentLibraryPageFactory,
    TreatmentPageFactory,
)

CALGARY_HOST = "calgary.example.test"
EDMONTON_HOST = "edmonton.example.test"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back the rows migrations created once a ``transaction=True`` test has flushed them.

    Django flushes every table after a transactional test and, with
    ``serialized_rollback``, restores the migrated rows (root page, locales, ...)
    only at the start of the next such test. It counts on running those tests
    last; ``--dist loadfile`` hands a worker whole files, so ordinary tests from
    the next file would otherwise start on an empty database.
    """
    result = yield
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in getattr(item, "fixturenames", ())
    )
    # After the session's last test the test database is already gone.
    if transactional and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(autouse=True)
def clear_caches():
    """Start every test with empty caches.

    The database rolls back after each test but the cache does not, so an
    image rendition or site-root entry cached by one test would describe rows
    of another test that happen to share an id.
    """
    for cache in caches.all():
        cache.clear()
    local_entries.clear()


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def library(root_page):
    library = TreatmentLibraryPageFactory(parent=root_page, slug="treatments")
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=library, is_default_site=True, site_name="Group"
    )
    return library


@pytest.fixture
def risk_list(db):
    return RiskListFactory(name="Botulinum toxin injections")


@pytest.fixture
def treatment(library, risk_list):
    return TreatmentPageFactory(
        parent=library, title="Therapeutic Botox", slug="therapeutic-botox", risk_lists=[risk_list]
    )


@pytest.fixture
def other_treatment(library):
    """An explainer that shares nothing with ``treatment``."""
    return TreatmentPageFactory(parent=library, title="Night guards", slug="night-guards")


@pytest.fixture
def practitioner(db):
    return PractitionerFactory(name="Dr. Amira Haddad")


@pytest.fixture
def calgary(root_page, library, practitioner):
    clinic = ClinicPageFactory(
        parent=root_page, title="Calgary clinic", slug="calgary", practitioners=[practitioner]
    )
    clinic.save_revision().publish()
    Site.objects.create(hostname=CALGARY_HOST, port=80, root_page=clinic, site_name="Calgary")
    return clinic


@pytest.fixture
def edmonton(root_page, library):
    clinic = ClinicPageFactory(
        parent=root_page,
        title="Edmonton clinic",
        slug="edmonton",
        city="Edmonton",
        postal_code="T5J 0N3",
        latitude="53.546100",
        longitude="-113.493800",
    )
    clinic.save_revision().publish()
    Site.objects.create(hostname=EDMONTON_HOST, port=80, root_page=clinic, site_name="Edmonton")
    return clinic


@pytest.fixture
def local_page(calgary, treatment, practitioner):
    page = LocalTreatmentPageFactory(
        parent=calgary, master=treatment, slug="therapeutic-botox", practitioners=[practitioner]
    )
    page.save_revision().publish()
    return page
