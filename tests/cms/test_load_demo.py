"""``load_demo`` builds the demo library, clinics and sites, and a second run changes nothing.

The command runs twice once per module (small images keep it quick) inside a
transaction that is rolled back afterwards; each test then reads that state in
its own nested transaction.
"""

import io
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    ModelLogEntry,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    Site,
)

from cms.demo import content
from locations.models import ClinicPage, LocalTreatmentPage, OpeningHours, Practitioner
from treatment_pages.conf import get_setting
from treatment_pages.models import RiskItem, RiskList, TreatmentPage, TreatmentUse

SITES = {
    "localhost": "treatments",
    "calgary.localhost": "calgary",
    "edmonton.localhost": "edmonton",
    "reddeer.localhost": "red-deer",
}
COUNTED_MODELS = [
    Page,
    Revision,
    PageLogEntry,
    ModelLogEntry,
    ReferenceIndex,
    Site,
    Collection,
    get_image_model(),
    get_image_model().get_rendition_model(),
    RiskList,
    RiskItem,
    Practitioner,
    TreatmentUse,
    OpeningHours,
    get_user_model(),
]


def load_demo():
    out = io.StringIO()
    call_command("load_demo", image_width=96, stdout=out)
    return out.getvalue()


def snapshot():
    """Row counts plus the timestamps a needless save or publish would move."""
    return {
        "counts": {model._meta.label: model.objects.count() for model in COUNTED_MODELS},
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "latest_revision_id", "last_published_at", "path"
            )
        ),
        "risk_lists": list(RiskList.objects.order_by("pk").values_list("pk", "updated_at")),
        "sites": list(
            Site.objects.order_by("pk").values_list(
                "pk", "hostname", "port", "root_page_id", "is_default_site"
            )
        ),
    }


def clear_caches():
    # Wagtail caches site root paths and renditions by id; ids are reused after
    # a rollback, so cached entries from other tests would be mistaken for ours.
    for backend in caches.all():
        backend.clear()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    clear_caches()
    with django_db_blocker.unblock(), transaction.atomic():
        first_output = load_demo()
        after_first = snapshot()
        second_output = load_demo()
        after_second = snapshot()
        yield SimpleNamespace(
            first_output=first_output,
            second_output=second_output,
            after_first=after_first,
            after_second=after_second,
        )
        transaction.set_rollback(True)
    clear_caches()


@pytest.fixture
def site_pages(demo, db):
    """{hostname: [specific pages in that site's tree]}."""
    return {
        site.hostname: list(site.root_page.get_descendants(inclusive=True).specific())
        for site in Site.objects.select_related("root_page")
    }


def created_count(output):
    return int(re.search(r"(\d+) created, \d+ updated", output).group(1))


def test_first_run_creates_the_content_and_the_admin_login(demo, db):
    assert created_count(demo.first_output) > 0
    assert "'admin' with password 'changeme'" in demo.first_output
    assert get_user_model().objects.get(username="admin").check_password("changeme")


def test_second_run_creates_and_changes_nothing(demo, db):
    assert demo.after_second == demo.after_first
    assert ": 0 created, 0 updated" in demo.second_output
    assert "already exists; its password is unchanged" in demo.second_output


def test_welcome_page_is_replaced_by_the_library_as_default_site(demo, db):
    root = Page.get_first_root_node()
    assert sorted(root.get_children().values_list("slug", flat=True)) == sorted(SITES.values())
    default = Site.objects.get(is_default_site=True)
    assert (default.hostname, default.port) == ("localhost", 8000)
    assert default.root_page.slug == "treatments"
    assert Site.objects.count() == len(SITES)


def test_each_clinic_is_the_root_of_its_own_site(demo, db):
    for hostname, slug in SITES.items():
        site = Site.objects.get(hostname=hostname, port=8000)
        assert site.root_page.slug == slug
    for spec in content.CLINICS:
        clinic = ClinicPage.objects.get(slug=spec["slug"])
        local_pages = LocalTreatmentPage.objects.child_of(clinic)
        assert sorted(page.master.slug for page in local_pages) == sorted(
            local["master"] for local in spec["treatments"]
        )
        assert clinic.opening_hours.count() == len(spec["hours"])
        assert clinic.practitioner_links.count() == len(spec["practitioners"])


def test_every_demo_page_is_live_and_published_from_a_revision(demo, db):
    pages = Page.objects.filter(depth__gt=1)
    assert pages.count() == 1 + len(content.TREATMENTS) + sum(
        1 + len(spec["treatments"]) for spec in content.CLINICS
    )
    for page in pages:
        assert page.live, page
        assert not page.has_unpublished_changes, page
        assert page.live_revision_id == page.latest_revision_id, page


def test_every_explainer_discloses_at_least_one_risk_list(demo, db):
    treatments = TreatmentPage.objects.all()
    assert treatments.count() == len(content.TREATMENTS)
    for treatment in treatments:
        assert treatment.risk_list_links.exists(), treatment


def test_botox_explainer_holds_the_reference_facts(demo, db):
    botox = TreatmentPage.objects.get(slug="therapeutic-botox")
    categories = [use.category for use in botox.uses.all()]
    assert (categories.count("cosmetic"), categories.count("therapeutic")) == (4, 8)
    assert [str(botox.onset), str(botox.full_effect), str(botox.duration)] == [
        "2–3 days",
        "up to 2 weeks",
        "3–6 months",
    ]
    assert {block.block_type for block in botox.body} == {"section", "list", "faq", "callout"}
    assert botox.hero_image is not None
    (risk_list,) = botox.risk_lists
    assert risk_list.name == "Botulinum toxin injections"
    assert [item.frequency for item in risk_list.items.all()] == ["rare"] * 5


def test_a_risk_list_is_shared_by_several_explainers(demo, db):
    shared = RiskList.objects.get(name="Custom-made mouth appliances")
    assert shared.page_links.count() == 2


def test_calgary_botox_page_sets_its_own_price_and_coverage(demo, db):
    page = LocalTreatmentPage.objects.get(url_path="/calgary/therapeutic-botox/")
    assert page.price["min"] == 350
    assert "price" in page.overridden_fields
    assert "cost_and_coverage" in page.overridden_fields
    assert page.summary == page.master.summary


def test_images_have_alt_text_and_every_configured_rendition(demo, db):
    specs = {*get_setting("IMAGE_RENDITIONS"), get_setting("HERO_IMAGE_SRC")}
    images = get_image_model().objects.filter(collection__name="Demo")
    assert images.count() == len(content.HERO_IMAGES) + len(content.PRACTITIONERS)
    for image in images:
        assert image.description, image
        assert {r.filter_spec for r in image.renditions.all()} >= specs, image


def test_explainers_are_in_the_search_index(demo, db):
    results = TreatmentPage.objects.live().search("hyperhidrosis")
    assert [page.slug for page in results] == ["therapeutic-botox"]


def test_pages_answer_over_http_on_their_own_hostname(demo, client, site_pages):
    for hostname, pages in site_pages.items():
        for page in pages:
            _, _, path = page.get_url_parts()
            response = client.get(path, HTTP_HOST=hostname)
            assert response.status_code == 200, (hostname, path)
            assert response.context["page"] == page, (hostname, path)


def test_api_on_a_clinic_hostname_lists_its_pages_and_the_masters_they_localise(
    demo, client, site_pages
):
    response = client.get("/api/v2/pages/", {"limit": 50}, HTTP_HOST="calgary.localhost:8000")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    own = site_pages["calgary.localhost"]
    masters = {
        page.specific.master_id
        for page in own
        if page.specific_class.__name__ == "LocalTreatmentPage"
    }
    assert ids == {page.pk for page in own} | masters


def test_a_changed_page_is_restored_with_one_new_revision(demo, db):
    botox = TreatmentPage.objects.get(slug="therapeutic-botox")
    botox.summary = "Edited by hand."
    botox.save_revision().publish()
    revisions = Revision.objects.count()

    output = load_demo()

    assert ": 0 created, 1 updated" in output
    assert Revision.objects.count() == revisions + 1
    botox.refresh_from_db()
    assert botox.summary.startswith("Botulinum toxin")


def test_an_existing_admin_keeps_its_password(demo, db):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("something-else")
    admin.save()

    load_demo()

    admin.refresh_from_db()
    assert admin.check_password("something-else")


def test_each_demo_clinic_has_its_editors_group_and_login(demo, db):
    from django.contrib.auth.models import Group

    for spec in content.CLINICS:
        group = Group.objects.get(name=f"{spec['title']} editors")
        clinic = Page.objects.get(slug=spec["slug"], depth=2)
        assert set(group.page_permissions.values_list("page_id", flat=True)) == {clinic.pk}
        editor = get_user_model().objects.get(username=spec["editor"])
        assert list(editor.groups.all()) == [group]
        assert editor.check_password("changeme")


def test_demo_library_goes_through_clinical_review(demo, db):
    library = Page.objects.get(slug="treatments", depth=2)
    reviewer = get_user_model().objects.get(username="clinical-reviewer")
    writer = get_user_model().objects.get(username="clinical-writer")

    assert library.get_workflow().name == "Clinical review"
    assert {g.name for g in reviewer.groups.all()} == {"Clinical team", "Clinical reviewers"}
    botox = TreatmentPage.objects.get(slug="therapeutic-botox")
    assert not botox.permissions_for_user(writer).can_publish()
    assert botox.permissions_for_user(writer).can_edit()


def test_demo_clinics_close_on_christmas_day(demo, db):
    from datetime import UTC, datetime

    for clinic in ClinicPage.objects.all():
        assert not clinic.is_open_at(datetime(2026, 12, 25, 18, tzinfo=UTC)), clinic
    calgary = ClinicPage.objects.get(slug="calgary")
    assert calgary.is_open_at(datetime(2026, 12, 24, 17, tzinfo=UTC))  # 10:00
    assert not calgary.is_open_at(datetime(2026, 12, 24, 20, tzinfo=UTC))  # 13:00


def test_inline_rows_keep_an_explicit_display_order(demo, db):
    # Rows without a sort_order come back in any order on PostgreSQL, which
    # would make a second run see differences that are not there.
    for model in (OpeningHours, TreatmentUse, RiskItem):
        assert not model.objects.filter(sort_order__isnull=True).exists(), model
