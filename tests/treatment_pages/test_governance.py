"""Clinical governance: each publish-time check, each publish path, claim lint and reading level."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from treatment_pages.governance.checks import PublishBlocked, run_checks
from treatment_pages.governance.reading import count_syllables, reading_level
from treatment_pages.models import ClaimRule, TreatmentPage
from treatment_pages.models.governance import add_months

from ..factories import (
    EvidenceSourceFactory,
    LocalTreatmentPageFactory,
    TreatmentPageFactory,
)


def check_ids(page, severity=None):
    return {f.check_id for f in run_checks(page) if severity in (None, f.severity)}


def bad_draft(library):
    """A draft explainer that breaks every blocking rule at once."""
    page = TreatmentPageFactory(
        parent=library,
        slug="bad",
        title="Miracle fillers",
        summary="Guaranteed results: painless, risk-free and permanent.",
        reviewer=None,
        last_reviewed=None,
        next_review_due=None,
        timing_source=None,
        sources=[],
        risk_lists=[],
        publish=False,
    )
    return TreatmentPage.objects.get(pk=page.pk)


# --- Each check ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_complete_explainer_passes_every_check(treatment):
    assert run_checks(treatment) == []


@pytest.mark.django_db
def test_explainer_without_a_risk_list_is_blocked(treatment):
    treatment.risk_list_links.all().delete()

    assert "risks.missing" in check_ids(TreatmentPage.objects.get(pk=treatment.pk), "block")


@pytest.mark.django_db
def test_explainer_without_reviewer_or_review_date_is_blocked(treatment):
    treatment.reviewer = None
    treatment.last_reviewed = None

    messages = [f.message for f in run_checks(treatment) if f.check_id == "review.no_reviewer"]
    assert len(messages) == 2


@pytest.mark.django_db
def test_explainer_without_a_source_is_blocked(treatment):
    treatment.source_links.all().delete()

    assert "review.no_source" in check_ids(TreatmentPage.objects.get(pk=treatment.pk), "block")


@pytest.mark.django_db
def test_overdue_review_is_blocked(treatment):
    treatment.last_reviewed = date.today() - timedelta(days=400)
    treatment.next_review_due = date.today() - timedelta(days=1)

    assert "review.overdue" in check_ids(treatment, "block")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Results are guaranteed.", "guaranteed"),
        ("A painless, quick visit.", "painless"),
        ("It is completely risk-free.", "risk-free"),
        ("The best clinic in Calgary.", "best"),
        ("Book a free consultation today.", "free"),
        ("Save 20% off in December.", "20% off"),
        ("Read our testimonials.", "testimonials"),
    ],
)
@pytest.mark.django_db
def test_forbidden_claims_in_english_are_blocked(treatment, text, phrase):
    treatment.summary = text

    findings = [f for f in run_checks(treatment) if f.check_id == "claims.forbidden"]

    assert findings and findings[0].blocks
    assert f"“{phrase}” in Summary" in findings[0].message


@pytest.mark.django_db
def test_forbidden_claims_are_found_inside_stream_blocks(treatment):
    treatment.body = [("callout", {"tone": "info", "heading": "", "text": "<p>100% safe</p>"})]

    findings = [f for f in run_checks(treatment) if f.check_id == "claims.forbidden"]

    assert findings and "Body › Callout 1 › Text" in findings[0].message


@pytest.mark.django_db
def test_forbidden_claims_in_the_title_tag_are_blocked(treatment):
    """The title tag is the browser's title and search results' headline: patients read it."""
    treatment.seo_title = "Guaranteed results: Botox"

    findings = [f for f in run_checks(treatment) if f.check_id == "claims.forbidden"]

    assert findings and findings[0].blocks
    assert "“Guaranteed” in Title tag" in findings[0].message


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
@pytest.mark.django_db
def test_an_invisible_character_inside_a_word_does_not_hide_it(treatment, invisible):
    """A soft hyphen or a zero-width space is not shown: the patient reads the word whole."""
    treatment.summary = f"Results are guar{invisible}anteed for every patient."
    treatment.body = [
        ("callout", {"tone": "info", "heading": "", "text": f"<p>risk{invisible}-free</p>"})
    ]

    messages = [f.message for f in run_checks(treatment) if f.check_id == "claims.forbidden"]

    assert any("“guaranteed” in Summary" in m for m in messages)
    assert any("“risk-free” in Body › Callout 1 › Text" in m for m in messages)


@pytest.mark.django_db
def test_harmless_wording_is_not_flagged(treatment):
    treatment.summary = (
        "Botulinum toxin, best known by the brand name Botox, relaxes overactive muscles. "
        "Feel free to call us with questions; results vary from person to person."
    )

    assert "claims.forbidden" not in check_ids(treatment)


@pytest.mark.django_db
def test_one_run_of_the_checks_walks_the_page_text_once_and_the_next_run_afresh(treatment):
    from unittest import mock

    from treatment_pages.governance import text

    with mock.patch.object(text, "object_texts", side_effect=text.object_texts) as walk:
        assert "claims.forbidden" not in check_ids(treatment)
        treatment.summary = "Guaranteed results."
        assert "claims.forbidden" in check_ids(treatment)

    page_walks = [call for call in walk.call_args_list if call.args[0] is treatment]
    assert len(page_walks) == 2


@pytest.mark.django_db
def test_forbidden_claims_in_french_are_blocked_whatever_the_accents(treatment):
    from wagtail.models import Locale

    treatment.locale = Locale.objects.get_or_create(language_code="fr")[0]
    treatment.summary = "Des résultats GARANTIS, sans douleur et sans risque."

    phrases = [f.message for f in run_checks(treatment) if f.check_id == "claims.forbidden"]

    assert any("GARANTIS" in m for m in phrases)
    assert any("sans douleur" in m for m in phrases)
    assert any("sans risque" in m for m in phrases)


@pytest.mark.django_db
def test_brand_name_next_to_a_benefit_is_blocked_only_on_promotional_pages(local_page):
    local_page.local_summary = "Botox smooths wrinkles and brings relief from jaw pain."
    assert local_page.is_promotional
    assert "claims.forbidden" in check_ids(local_page, "block")

    local_page.price_from = None
    assert "claims.forbidden" not in check_ids(local_page)


@pytest.mark.django_db
def test_claim_rules_are_data_editors_can_change(treatment):
    ClaimRule.objects.create(
        name="Clinic-specific ban",
        category="superiority",
        phrases="state of the art",
        rationale="Our compliance team asked us not to say this.",
    )
    treatment.summary = "State-of-the-art care."
    assert "claims.forbidden" in check_ids(treatment)

    ClaimRule.objects.filter(name="Clinic-specific ban").update(enabled=False)
    assert "claims.forbidden" not in check_ids(treatment)


@pytest.mark.django_db
def test_canadian_default_rules_are_seeded_with_rationales():
    categories = set(ClaimRule.objects.values_list("category", flat=True))

    assert categories == {"guarantee", "superiority", "inducement", "testimonial", "brand_claim"}
    assert all(rule.rationale for rule in ClaimRule.objects.all())


@pytest.mark.django_db
def test_statistic_and_unsourced_timing_only_warn(treatment):
    treatment.timing_source = None
    treatment.summary = "It helps 80% of people with jaw clenching."

    findings = [f for f in run_checks(treatment) if f.check_id == "facts.unsourced_number"]

    assert len(findings) == 2 and not any(f.blocks for f in findings)
    assert not [f for f in run_checks(treatment) if f.blocks]


@pytest.mark.django_db
def test_price_wording_without_a_disclaimer_only_warns(treatment):
    treatment.cost_and_coverage = "<p>Insurance covers the treatment.</p>"

    assert "cost.no_disclaimer" in check_ids(treatment, "warn")

    treatment.cost_and_coverage = "<p>Coverage depends on your plan.</p>"
    assert "cost.no_disclaimer" not in check_ids(treatment)


# --- Review dates ----------------------------------------------------------------


@pytest.mark.django_db
def test_next_review_defaults_to_twelve_months_after_the_last(treatment):
    treatment.last_reviewed = date(2026, 1, 31)
    treatment.next_review_due = None

    treatment.clean()

    assert treatment.next_review_due == date(2027, 1, 31)


@pytest.mark.django_db
def test_next_review_more_than_three_years_away_is_refused(treatment):
    treatment.last_reviewed = date(2026, 1, 1)
    treatment.next_review_due = date(2029, 1, 2)

    with pytest.raises(ValidationError) as error:
        treatment.clean()

    assert "at least every 3 years" in error.value.message_dict["next_review_due"][0]


def test_add_months_clamps_to_the_end_of_short_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), -11) == date(2025, 12, 15)


@pytest.mark.django_db
def test_evidence_source_needs_a_url_or_a_valid_doi():
    source = EvidenceSourceFactory.build(url="", doi="")
    with pytest.raises(ValidationError):
        source.clean()

    source.doi = "https://doi.org/10.5664/jcsm.4858"
    source.clean()
    assert source.link == "https://doi.org/10.5664/jcsm.4858"

    source.doi = "not-a-doi"
    with pytest.raises(ValidationError):
        source.clean()


# --- Every publish path -------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_a_bad_revision_in_code_raises_with_every_reason(library):
    page = bad_draft(library)

    with pytest.raises(PublishBlocked) as error:
        page.save_revision().publish()

    ids = {f.check_id for f in error.value.findings}
    assert ids >= {"risks.missing", "review.no_reviewer", "review.no_source", "claims.forbidden"}
    assert not TreatmentPage.objects.get(pk=page.pk).live_revision_id


@pytest.mark.django_db
def test_the_checks_read_the_object_that_goes_live_from_one_deserialization(treatment):
    from unittest import mock

    from wagtail.models import Revision

    from treatment_pages.governance import mixins

    treatment.summary = "Now also for migraine."
    revision = treatment.save_revision()
    checked = []

    def record(page):
        checked.append(page)

    with (
        mock.patch.object(
            Revision, "as_object", autospec=True, side_effect=Revision.as_object
        ) as load,
        mock.patch.object(mixins, "assert_publishable", side_effect=record),
        mock.patch.object(
            TreatmentPage, "save", autospec=True, side_effect=TreatmentPage.save
        ) as save,
    ):
        revision.publish()

    assert load.call_count == 1
    assert [page.summary for page in checked] == ["Now also for migraine."]
    assert any(call.args[0] is checked[0] for call in save.call_args_list)


@pytest.mark.django_db
def test_admin_edit_publish_is_refused_and_the_draft_kept(admin_client, treatment):
    from .test_admin import explainer_form

    edit_url = f"/admin/pages/{treatment.pk}/edit/"
    form = explainer_form(
        treatment.risk_lists[0], slug=treatment.slug, summary="Guaranteed, permanent results."
    )

    response = admin_client.post(edit_url, form, follow=True)

    assert response.status_code == 200
    message = " ".join(str(m) for m in response.context["messages"])
    assert "saved as a draft but not published" in message and "Guaranteed" in message
    treatment.refresh_from_db()
    assert treatment.summary != "Guaranteed, permanent results."  # live version unchanged
    assert treatment.get_latest_revision_as_object().summary == "Guaranteed, permanent results."


def admin_api_publish(admin_client, page):
    return admin_client.post(
        f"/admin/api/main/pages/{page.pk}/action/publish/", {}, content_type="application/json"
    )


@pytest.mark.django_db
def test_admin_api_publish_is_refused_with_the_findings(admin_client, treatment):
    live_summary = treatment.summary
    treatment.summary = "A guaranteed, risk-free cure."
    treatment.save_revision()

    response = admin_api_publish(admin_client, treatment)

    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("The page was not published:"), message
    assert "“guaranteed”" in message and "“risk-free”" in message
    treatment.refresh_from_db()
    assert treatment.summary == live_summary  # the live version is unchanged
    assert treatment.get_latest_revision_as_object().summary == "A guaranteed, risk-free cure."


@pytest.mark.django_db
def test_admin_api_publish_of_a_page_that_passes_goes_live(admin_client, treatment):
    treatment.summary = "Now also for migraine."
    treatment.save_revision()

    response = admin_api_publish(admin_client, treatment)

    assert response.status_code == 200, response.content[:300]
    treatment.refresh_from_db()
    assert treatment.summary == "Now also for migraine."


@pytest.mark.django_db
def test_edit_view_shows_findings_before_publishing(admin_client, treatment):
    treatment.summary = "The best treatment there is."
    treatment.save_revision()

    response = admin_client.get(f"/admin/pages/{treatment.pk}/edit/")

    html = response.content.decode()
    assert "Publishing is blocked until these are fixed" in html
    assert "Superiority claims" in html
    assert "Reading level: grade" in html


@pytest.mark.django_db
def test_admin_create_with_publish_leaves_a_blocked_page_unpublished(admin_client, library):
    from .test_admin import RiskListFactory as Lists
    from .test_admin import add_url, explainer_form

    form = explainer_form(Lists(), summary="Risk-free and guaranteed.")

    response = admin_client.post(add_url(library), form, follow=True)

    page = TreatmentPage.objects.get(slug="night-guards")
    assert not page.live
    assert "not published" in " ".join(str(m) for m in response.context["messages"])
    client_response = admin_client.get(page.url_path.removeprefix("/treatments"))
    assert client_response.status_code in (404, 200)  # admin may preview; anonymous below
    admin_client.logout()
    assert admin_client.get("/night-guards/").status_code == 404


def start_clinical_review(page, library, reviewer, django_user_model):
    """A one-task approval workflow on ``library``, ``reviewer`` in its group, started on ``page``.

    An editor saves the page's draft and submits it, so ``reviewer`` can approve.
    """
    reviewers = Group.objects.create(name="Test reviewers")
    reviewer.groups.add(reviewers)
    task = GroupApprovalTask.objects.create(name="Clinical review")
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name="Clinical sign-off")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=library)
    editor = django_user_model.objects.create_user("editor", password="x")
    page.save_revision(user=editor)
    workflow.start(page, editor)


@pytest.mark.django_db
def test_workflow_approval_of_a_bad_revision_is_refused(
    admin_client, admin_user, django_user_model, library
):
    page = bad_draft(library)
    start_clinical_review(page, library, admin_user, django_user_model)
    task_state = page.current_workflow_task_state

    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    response = admin_client.post(url, {"comment": ""}, follow=True)

    assert response.status_code == 200
    assert "not published" in " ".join(str(m) for m in response.context["messages"])
    page.refresh_from_db()
    assert not page.live or page.live_revision is None
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"


@pytest.mark.django_db
def test_scheduled_publishing_skips_a_blocked_revision_and_publishes_the_rest(library, treatment):
    bad = bad_draft(library)
    TreatmentPage.objects.filter(pk=bad.pk).update(live=False)
    past = timezone.now() - timedelta(minutes=5)
    bad_revision = bad.save_revision()
    bad_revision.approved_go_live_at = past
    bad_revision.save()
    treatment.summary = "A new, checked summary."
    good_revision = treatment.save_revision()
    good_revision.approved_go_live_at = past
    good_revision.save()
    errors = StringIO()

    call_command("publish_scheduled", stdout=StringIO(), stderr=errors)

    assert "Not published" in errors.getvalue()
    assert not TreatmentPage.objects.get(pk=bad.pk).live
    assert TreatmentPage.objects.get(pk=treatment.pk).summary == "A new, checked summary."


@pytest.mark.django_db
def test_local_page_publish_runs_the_checks_too(local_page):
    local_page.local_summary = "Guaranteed results with Botox."

    with pytest.raises(PublishBlocked):
        local_page.save_revision().publish()


@pytest.mark.django_db
def test_lint_content_reports_published_pages_and_fails_on_blocking_findings(treatment):
    out = StringIO()
    call_command("lint_content", stdout=out)
    assert "1 published pages checked, 0 with blocking findings" in out.getvalue()

    TreatmentPage.objects.filter(pk=treatment.pk).update(summary="Risk-free!")
    with pytest.raises(SystemExit):
        call_command("lint_content", stdout=StringIO(), stderr=StringIO())


# --- Reading level -----------------------------------------------------------------


def test_syllables_are_counted_per_language():
    assert count_syllables("injection") == 3
    assert count_syllables("muscle") == 2
    assert count_syllables("toxine", "fr") == 2


def test_plain_text_reads_easier_than_dense_text():
    plain = "The shot calms the muscle. You may feel a small pinch. It wears off in a few months."
    dense = (
        "Intramuscular administration of botulinum neurotoxin produces chemodenervation "
        "through inhibition of presynaptic acetylcholine exocytosis at neuromuscular junctions."
    )

    assert reading_level(plain).within_target
    assert reading_level(dense).grade > reading_level(plain).grade + 8


def test_french_text_gets_a_grade_from_the_kandel_moles_formula():
    text = "Le traitement détend le muscle. Vous sentez un petit pincement. L'effet dure des mois."

    level = reading_level(text, "fr")

    assert level.formula == "Kandel–Moles" and level.grade < 9


def test_too_little_text_has_no_reading_level():
    assert reading_level("Short.") is None


@pytest.mark.django_db
def test_local_page_factory_pages_pass_the_checks(calgary, treatment):
    page = LocalTreatmentPageFactory(parent=calgary, master=treatment, slug="local-x")

    assert [f for f in run_checks(page) if f.blocks] == []
