"""Clinic editors work only on their clinic; the clinical team's explainers go through review.

Every forbidden action is tried over HTTP against the admin, as the role that
must not succeed, and checked twice: refused (403, or a redirect), and nothing
changed in the database.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.access import CLINICAL_REVIEWERS, CLINICAL_TEAM, ensure_clinical_review
from locations.models import LocalTreatmentPage
from locations.onboarding import onboard_clinic
from tests.conftest import CALGARY_HOST, EDMONTON_HOST
from tests.factories import LocalTreatmentPageFactory


@pytest.fixture
def clinics(calgary, edmonton):
    return {
        "calgary": onboard_clinic(name=calgary.title, hostname=CALGARY_HOST, slug="calgary"),
        "edmonton": onboard_clinic(name=edmonton.title, hostname=EDMONTON_HOST, slug="edmonton"),
    }


def png_bytes():
    return get_test_image_file().file.getvalue()


def user_in(*groups, name="someone"):
    user = get_user_model().objects.create_user(name, f"{name}@example.test", "pw")
    user.groups.add(*groups)
    return user


@pytest.fixture
def calgary_editor(client, clinics):
    client.force_login(user_in(clinics["calgary"].group, name="calgary-editor"))
    return client


@pytest.fixture
def edmonton_page(edmonton, treatment):
    page = LocalTreatmentPageFactory(parent=edmonton, master=treatment, slug="botox")
    page.save_revision().publish()
    return page


def local_form(master, slug, action="action-publish", **overrides):
    data = {
        "title": master.title,
        "slug": slug,
        "master": str(master.pk),
        "introduction": rich_text(""),
        "local_summary": "",
        "price_from": "300",
        "price_to": "",
        "price_note": "",
        "coverage_notes": rich_text(""),
        "booking_url": "",
        "practitioner_links": inline_formset([]),
        action: "1",
        **overrides,
    }
    return nested_form_data(data)


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and "/edit/" not in response["Location"]
    )


def snapshot(page):
    page = Page.objects.get(pk=page.pk)
    return (page.title, page.live, page.latest_revision_id, Revision.objects.count())


# --- Clinic editors -----------------------------------------------------------------------


def test_onboarding_grants_page_and_collection_permissions_on_the_clinic_only(clinics, calgary):
    group = clinics["calgary"].group
    codenames = set(group.page_permissions.values_list("permission__codename", flat=True))
    assert codenames == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    assert set(group.page_permissions.values_list("page_id", flat=True)) == {calgary.pk}
    collections = set(group.collection_permissions.values_list("collection__name", flat=True))
    assert collections == {calgary.title}
    assert group.permissions.filter(codename="access_admin").exists()


def test_calgary_editor_creates_and_publishes_under_calgary(calgary_editor, calgary, treatment):
    response = calgary_editor.post(
        f"/admin/pages/add/locations/localtreatmentpage/{calgary.pk}/",
        local_form(treatment, "botox-here"),
    )

    assert response.status_code == 302, response.content[:1000]
    assert LocalTreatmentPage.objects.child_of(calgary).get(slug="botox-here").live


def test_calgary_editor_edits_and_publishes_calgary_pages(calgary_editor, local_page, treatment):
    response = calgary_editor.post(
        f"/admin/pages/{local_page.pk}/edit/",
        local_form(treatment, local_page.slug, title="Botox in Calgary"),
    )

    assert response.status_code == 302, response.content[:1000]
    assert Page.objects.get(pk=local_page.pk).title == "Botox in Calgary"


def test_calgary_editor_cannot_add_under_edmonton(calgary_editor, edmonton, treatment):
    response = calgary_editor.post(
        f"/admin/pages/add/locations/localtreatmentpage/{edmonton.pk}/",
        local_form(treatment, "intruder"),
    )

    assert refused(response)
    assert not LocalTreatmentPage.objects.filter(slug="intruder").exists()


@pytest.mark.parametrize("action", ["action-publish", "action-submit", None])
def test_calgary_editor_cannot_edit_or_publish_edmonton_pages(
    calgary_editor, edmonton_page, treatment, action
):
    before = snapshot(edmonton_page)
    url = f"/admin/pages/{edmonton_page.pk}/edit/"

    assert refused(calgary_editor.get(url))
    form = local_form(treatment, edmonton_page.slug, title="Hijacked", action=action or "x")
    assert refused(calgary_editor.post(url, form))
    assert snapshot(edmonton_page) == before


def test_calgary_editor_cannot_delete_or_unpublish_edmonton_pages(calgary_editor, edmonton_page):
    before = snapshot(edmonton_page)

    assert refused(calgary_editor.post(f"/admin/pages/{edmonton_page.pk}/delete/"))
    assert refused(calgary_editor.post(f"/admin/pages/{edmonton_page.pk}/unpublish/"))
    assert snapshot(edmonton_page) == before


def test_calgary_editor_cannot_browse_edmonton_in_the_explorer(calgary_editor, edmonton_page):
    response = calgary_editor.get(f"/admin/pages/{edmonton_page.get_parent().pk}/")
    assert refused(response) or edmonton_page.title.encode() not in response.content


def test_calgary_editor_cannot_edit_a_master_explainer(calgary_editor, treatment):
    before = snapshot(treatment)
    url = f"/admin/pages/{treatment.pk}/edit/"

    assert refused(calgary_editor.get(url))
    assert refused(calgary_editor.post(url, {"title": "Changed", "action-publish": "1"}))
    assert refused(calgary_editor.post(f"/admin/pages/{treatment.pk}/delete/"))
    assert snapshot(treatment) == before


def test_calgary_editor_can_choose_a_master_in_the_page_chooser(calgary_editor, treatment):
    response = calgary_editor.get(
        "/admin/choose-page/", {"page_type": "treatment_pages.treatmentpage"}
    )
    assert response.status_code == 200
    assert treatment.title in response.json()["html"]


def test_calgary_editor_uploads_only_to_calgary_images(calgary_editor, clinics):
    edmonton_collection = clinics["edmonton"].collection
    calgary_collection = clinics["calgary"].collection

    def upload(collection, title):
        return calgary_editor.post(
            "/admin/images/add/",
            {
                "title": title,
                "file": SimpleUploadedFile(f"{title}.png", png_bytes(), content_type="image/png"),
                "collection": collection.pk,
            },
        )

    upload(edmonton_collection, "sneaky")
    upload(calgary_collection, "welcome")

    # With one collection to add to, Wagtail hides the choice and files every
    # upload there, whatever collection the request names.
    images = get_image_model().objects
    assert not images.filter(collection=edmonton_collection).exists()
    assert images.get(title="welcome").collection == calgary_collection


def test_calgary_editor_does_not_see_edmonton_images(calgary_editor, clinics):
    image = get_image_model().objects.create(
        title="Edmonton storefront",
        file=get_test_image_file("store.png"),
        collection=clinics["edmonton"].collection,
    )

    listing = calgary_editor.get("/admin/images/")
    edit = calgary_editor.get(f"/admin/images/{image.pk}/")

    assert b"Edmonton storefront" not in listing.content
    assert refused(edit)


# --- The clinical team and review -----------------------------------------------------------


@pytest.fixture
def review(library):
    ensure_clinical_review(library)
    from django.contrib.auth.models import Group

    team = Group.objects.get(name=CLINICAL_TEAM)
    reviewers = Group.objects.get(name=CLINICAL_REVIEWERS)
    return user_in(team, name="writer"), user_in(team, reviewers, name="reviewer")


def test_setting_up_review_twice_changes_nothing(library, review):
    from wagtail.models import GroupPagePermission, Workflow, WorkflowTask

    counts = (
        Workflow.objects.count(),
        WorkflowTask.objects.count(),
        GroupPagePermission.objects.count(),
        Collection.objects.count(),
    )
    ensure_clinical_review(library)
    assert counts == (
        Workflow.objects.count(),
        WorkflowTask.objects.count(),
        GroupPagePermission.objects.count(),
        Collection.objects.count(),
    )


def test_clinic_editor_cannot_publish_a_master_in_any_way(calgary_editor, treatment, review):
    before = snapshot(treatment)
    for path in ("edit/", "unpublish/", "move/", "copy/"):
        calgary_editor.post(f"/admin/pages/{treatment.pk}/{path}", {"action-publish": "1"})
    assert snapshot(treatment) == before


def test_clinical_team_publish_goes_through_clinical_review(client, treatment, review):
    writer, reviewer = review
    page = treatment.specific
    assert page.get_workflow().name == "Clinical review"
    assert not page.permissions_for_user(writer).can_publish()
    assert page.permissions_for_user(writer).can_edit()

    page.summary = "A clearer summary."
    revision = page.save_revision(user=writer)
    state = page.get_workflow().start(page, writer)

    page.refresh_from_db()
    assert page.summary != "A clearer summary."  # the live page waits for review
    assert state.status == state.STATUS_IN_PROGRESS

    client.force_login(writer)
    task_state = state.current_task_state
    approve = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    client.post(approve, {"comment": ""})
    page.refresh_from_db()
    assert page.summary != "A clearer summary."  # a writer cannot approve

    client.force_login(reviewer)
    response = client.post(approve, {"comment": "Checked against the sources."})
    assert response.status_code in (200, 302), response.content[:500]

    page.refresh_from_db()
    assert page.summary == "A clearer summary."
    assert page.live_revision_id == revision.pk
