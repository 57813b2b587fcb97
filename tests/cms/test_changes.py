"""The change log: one ordered entry per change that alters published output, by one rule."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms.changes.models import Change
from cms.changes.signals import change_recorded
from treatment_pages.models import RiskItem, TreatmentPageRiskList

from ..factories import LocalTreatmentPageFactory, TreatmentPageFactory


def entries(**filters):
    return list(Change.objects.filter(**filters).order_by("id"))


def targets(change):
    """``{(site id, page id)}`` the entry names."""
    return set(change.targets.values_list("site_id", "page_id"))


def site_of(page):
    return Site.objects.get(root_page=page).pk


@pytest.fixture
def sites(library, calgary, edmonton):
    return {"library": site_of(library), "calgary": site_of(calgary), "edmonton": site_of(edmonton)}


@pytest.fixture
def since():
    """Entries recorded after the fixtures: ``since()`` lists them."""
    start = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return lambda **filters: entries(id__gt=start, **filters)


def test_publishing_records_the_revision_the_sites_and_the_locale(treatment, sites, since):
    treatment.summary = "Now also for migraine."
    revision = treatment.save_revision()
    revision.publish()

    [change] = since()
    assert change.kind == "publish"
    assert change.page_id == treatment.pk
    assert change.object_id == str(treatment.pk)
    assert change.content_type == ContentType.objects.get_for_model(type(treatment))
    assert change.revision_id == revision.pk
    assert change.site_ids == [sites["library"]]
    assert change.locales == [treatment.locale.language_code]
    assert change.listing_changed is False


def test_saving_a_draft_records_nothing(treatment, since):
    treatment.summary = "Draft only."
    treatment.save_revision()

    assert since() == []


def test_a_master_explainer_affects_the_library_and_every_clinic_with_a_local_page(
    treatment, local_page, edmonton, sites, since
):
    treatment.save_revision().publish()

    [change] = since()
    # Calgary has a local page for it; Edmonton has none.
    assert change.site_ids == sorted([sites["library"], sites["calgary"]])
    assert (sites["calgary"], treatment.pk) in targets(change)
    assert (sites["calgary"], local_page.pk) in targets(change)
    assert not any(site == sites["edmonton"] for site, _ in targets(change))


def test_publishing_a_local_page_brings_its_master_onto_the_clinic_site(
    treatment, calgary, sites, since
):
    page = LocalTreatmentPageFactory(parent=calgary, master=treatment, slug="botox", live=False)
    page.save_revision().publish()

    [change] = since(kind="publish")
    assert change.listing_changed
    assert targets(change) >= {
        (sites["calgary"], page.pk),
        (sites["calgary"], treatment.pk),  # the clinic's site now serves the master
        (sites["calgary"], calgary.pk),  # whose HTML lists its children
    }


def test_unpublishing_records_an_unpublish(treatment, sites, since):
    treatment.unpublish()

    [change] = since()
    assert change.kind == "unpublish"
    assert change.listing_changed
    assert (sites["library"], treatment.pk) in targets(change)


def test_unpublishing_a_master_names_its_withdrawn_local_pages(treatment, local_page, sites, since):
    treatment.unpublish()

    [change] = since()
    assert (sites["calgary"], local_page.pk) in targets(change)
    assert (sites["calgary"], treatment.pk) in targets(change)


def test_moving_a_local_page_names_the_site_it_left_and_the_one_it_reached(
    local_page, treatment, edmonton, sites, since
):
    local_page.move(edmonton, pos="last-child")

    [change] = since()
    assert change.kind == "move"
    # The library's own output does not change: only the two clinics' sites.
    assert change.site_ids == sorted([sites["calgary"], sites["edmonton"]])
    assert {(sites["calgary"], local_page.pk), (sites["edmonton"], local_page.pk)} <= targets(
        change
    )
    # The master leaves Calgary's site with it, and arrives on Edmonton's.
    assert {(sites["calgary"], treatment.pk), (sites["edmonton"], treatment.pk)} <= targets(change)


def test_deleting_a_page_records_one_delete_with_its_type(library, treatment, sites, since):
    other = TreatmentPageFactory(parent=library, slug="night-guards")
    start = since()[-1].pk

    Page.objects.get(pk=other.pk).delete()

    deletes = [c for c in since() if c.pk > start]
    assert [c.kind for c in deletes] == ["delete"]
    [change] = deletes
    assert change.page_id == other.pk
    assert change.content_type.model_class() is type(other)
    assert (sites["library"], other.pk) in targets(change)


def test_a_risk_list_edit_affects_the_sites_of_every_page_that_shows_it(
    treatment, local_page, risk_list, sites, since
):
    item = risk_list.items.first()
    item.name = "Eyelid droop"
    # As the snippet editor saves it: the list, then its items, one entry.
    with transaction.atomic():
        risk_list.save()
        item.save()

    [change] = since()
    assert change.kind == "snippet"
    assert change.object_label == "treatment_pages.risklist"
    assert change.object_id == str(risk_list.pk)
    assert change.page_id is None
    assert change.site_ids == sorted([sites["library"], sites["calgary"]])
    assert {(sites["library"], treatment.pk), (sites["calgary"], local_page.pk)} <= targets(change)


def test_a_risk_item_changed_on_its_own_records_its_list(treatment, risk_list, since):
    RiskItem.objects.create(risk_list=risk_list, name="Headache", frequency="rare", sort_order=9)

    [change] = since()
    assert change.kind == "snippet"
    assert change.object_id == str(risk_list.pk)


def test_a_view_restriction_records_privacy_for_the_pages_below_it(treatment, sites, since):
    restriction = PageViewRestriction.objects.create(
        page=treatment, restriction_type=PageViewRestriction.LOGIN
    )
    restriction.delete()

    assert [c.kind for c in since()] == ["privacy", "privacy"]
    assert all((sites["library"], treatment.pk) in targets(c) for c in since())


def test_a_translation_going_live_records_a_translation_in_both_locales(
    treatment, risk_list, sites, since
):
    library_fr = treatment.get_parent().copy_for_translation(
        Locale.objects.get(language_code="fr-ca")
    )
    library_fr.save_revision().publish()
    translation = translate(treatment, risk_list)
    start = since()[-1].pk

    translation.save_revision().publish()

    [change] = [c for c in since() if c.pk > start]
    assert change.kind == "translation"
    assert change.page_id == translation.pk
    assert change.locales == sorted(["fr-ca", treatment.locale.language_code])
    # The library site serves its root's translations' trees too.
    assert {(sites["library"], translation.pk), (sites["library"], treatment.pk)} <= targets(change)


def translate(page, risk_list, code="fr-ca"):
    """A draft translation of an explainer that shows the translation of its risk list."""
    locale = Locale.objects.get(language_code=code)
    translated_list = risk_list.get_translation_or_none(locale)
    if translated_list is None:
        translated_list = risk_list.copy_for_translation(locale)
        translated_list.save()
    copy = page.copy_for_translation(locale)
    TreatmentPageRiskList.objects.filter(page_id=copy.pk).update(risk_list=translated_list)
    return Page.objects.get(pk=copy.pk).specific


def test_entries_are_ordered_by_id(treatment, since):
    for summary in ("One.", "Two.", "Three."):
        treatment.summary = summary
        treatment.save_revision().publish()

    ids = [c.pk for c in since()]
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_change_recorded_is_sent_on_commit_and_never_for_a_rollback(
    treatment, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, change, **kwargs):
        received.append(change)

    change_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            treatment.save_revision().publish()
        assert [c.kind for c in received] == ["publish"]
        assert received[0].pk == Change.objects.latest("id").pk

        received.clear()
        newest = Change.objects.latest("id").pk
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError), transaction.atomic():
                treatment.save_revision().publish()
                assert Change.objects.filter(pk__gt=newest).exists()
                raise RuntimeError("publish failed after the entry was written")
        assert received == []
        assert not Change.objects.filter(pk__gt=newest).exists()
    finally:
        change_recorded.disconnect(receiver)


def test_recording_a_master_publish_reads_a_bounded_number_of_rows_whatever_its_clinics(
    treatment, local_page, edmonton, sites
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.changes.recording import record_change

    def record():
        with CaptureQueriesContext(connection) as queries:
            change = record_change(
                Change.Kind.PUBLISH, treatment, pages=[treatment.pk], listing_changed=True
            )
        return change, len(queries)

    one_clinic, one_count = record()
    LocalTreatmentPageFactory(
        parent=edmonton, master=treatment, slug="botox"
    ).save_revision().publish()
    two_clinics, two_count = record()

    assert sites["edmonton"] not in one_clinic.site_ids
    assert sites["edmonton"] in two_clinics.site_ids
    assert two_count == one_count
    # Pages using it (2, two references deep), the changed pages, their parents
    # and translations, the sites (2), the local pages serving it, the entry and
    # its targets (2), the webhook subscriptions, 4 savepoints; and on
    # PostgreSQL the lock that orders entries. A master has no local page row
    # to look up, and invalidation reuses the targets just written.
    assert one_count <= 14 + (connection.vendor == "postgresql")
