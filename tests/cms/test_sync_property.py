"""Property: a mirror kept through sync alone ends identical to a full fetch of the pages endpoint.

Hypothesis draws sequences of edits (publish, unpublish, move, delete, a view
restriction, a risk list edit) over a small group: explainers in the library,
and local pages for them at two clinics. Between edits, mirrors of three sites
sync: sometimes one answer at a time (so a first listing can be interleaved
with edits), sometimes to the end, with small random page sizes. At the end
each mirror catches up and must equal what ``/api/v2/pages/`` serves on its
site, item for item. The shared response cache stays on throughout, so a
stale cached answer would fail it too.
"""

import pytest
from django.core.cache import caches
from django.db import transaction
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

from locations.models import LocalTreatmentPage

from ..conftest import CALGARY_HOST, EDMONTON_HOST
from ..factories import LocalTreatmentPageFactory, TreatmentPageFactory
from .test_sync import client_with_site_keys, full_fetch, issue_site_keys, sync  # noqa: F401

HOSTS = ("localhost", CALGARY_HOST, EDMONTON_HOST)
EDITS = ("publish", "unpublish", "move", "delete", "restrict", "edit_risks")


class Rollback(Exception):
    """Ends an example, undoing its edits so the next starts from the same group."""


class Mirror:
    """What a consumer of one site keeps: ``{id: item}`` and its last token."""

    def __init__(self, host):
        self.host, self.items, self.token = host, {}, None

    def step(self, client, limit):
        body = sync(client, self.host, self.token, limit=limit)
        for item in body["items"]:
            self.items[item["id"]] = item
        for tombstone in body["removed"]:
            self.items.pop(tombstone["id"], None)
        self.token = body["meta"]["next_token"]
        return body["meta"]["has_more"]

    def catch_up(self, client, limit):
        for _ in range(500):
            if not self.step(client, limit):
                return
        raise AssertionError(f"sync of {self.host} never finished")


@pytest.fixture
def group(library, calgary, edmonton, risk_list):
    """Four explainers (one not localised), three local pages: the pages edits pick from."""
    masters = [
        TreatmentPageFactory(parent=library, slug=f"explainer-{i}", risk_lists=[risk_list])
        for i in range(4)
    ]
    local_pages = []
    for i, (clinic, master) in enumerate(
        [(calgary, masters[0]), (calgary, masters[1]), (edmonton, masters[0])]
    ):
        page = LocalTreatmentPageFactory(parent=clinic, master=master, slug=f"local-{i}")
        page.save_revision().publish()
        local_pages.append(page)
    return {
        "pages": [page.pk for page in masters + local_pages],
        "clinics": {calgary.pk: edmonton.pk, edmonton.pk: calgary.pk},
        "library": library.pk,
        "risk_list": risk_list,
    }


def edit(kind, page_id, group, version):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return  # deleted by an earlier edit
    page = page.specific
    # Targets are read afresh: an earlier example's moves changed them in memory.
    fresh = Page.objects.get
    if kind == "publish":
        page.title = f"{page.title.split(' (v')[0]} (v{version})"
        page.save_revision().publish()
    elif kind == "unpublish":
        if page.live:
            page.unpublish()
    elif kind == "move":
        if isinstance(page, LocalTreatmentPage):
            page.move(fresh(pk=group["clinics"][page.get_parent().pk]), pos="last-child")
        else:
            page.move(fresh(pk=group["library"]), pos="first-child")  # a reorder
    elif kind == "delete":
        if not LocalTreatmentPage.objects.filter(master_id=page.pk).exists():
            page.delete()
    elif kind == "restrict":
        restrictions = PageViewRestriction.objects.filter(page=page)
        if restrictions.exists():
            restrictions.delete()
        else:
            PageViewRestriction.objects.create(page=page, restriction_type="login")
    elif kind == "edit_risks":
        item = group["risk_list"].items.order_by("sort_order").first()
        item.name = f"Bruising (v{version})"
        group["risk_list"].save()
        item.save()


steps = st.lists(
    st.fixed_dictionaries(
        {
            "edit": st.sampled_from(EDITS),
            "page": st.integers(min_value=0, max_value=6),
            "sync": st.sampled_from(["none", "one", "all"]),
            "host": st.sampled_from(HOSTS),
            "limit": st.integers(min_value=1, max_value=4),
        }
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_a_mirror_kept_through_sync_alone_ends_identical_to_a_full_fetch(client, group, steps):
    issue_site_keys(client, HOSTS)  # outside the example's transaction, which rolls back
    try:
        with transaction.atomic():
            for cache in caches.all():
                cache.clear()
            mirrors = {host: Mirror(host) for host in HOSTS}
            note(f"steps: {steps}")
            for version, step in enumerate(steps, start=1):
                edit(step["edit"], group["pages"][step["page"]], group, version)
                mirror = mirrors[step["host"]]
                if step["sync"] == "one":
                    mirror.step(client, step["limit"])
                elif step["sync"] == "all":
                    mirror.catch_up(client, step["limit"])
            for host, mirror in mirrors.items():
                mirror.catch_up(client, limit=3)
                assert mirror.items == full_fetch(client, host), host
            raise Rollback
    except Rollback:
        pass
