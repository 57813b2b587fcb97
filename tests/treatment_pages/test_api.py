"""The treatment explainer, image and risk list endpoints of /api/v2/."""

import pytest
import wagtail_factories
from django.test import override_settings
from wagtail.models import PageViewRestriction

from tests.api_helpers import INTERNAL_FIELDS, count_queries, get_json, listing_counts
from tests.factories import RiskListFactory, TreatmentPageFactory
from tests.sizes import MAX_QUERIES, counts_as_it_grows, grow_explainer, grow_site, with_images
from treatment_pages.models import TreatmentUse

TREATMENTS = "/api/v2/pages/?type=treatment_pages.TreatmentPage"


def link_to(page, text="read more"):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def detail(client, page, host="localhost"):
    return get_json(client, f"/api/v2/pages/{page.pk}/", host)


def listing_ids(client, url=TREATMENTS, host="localhost"):
    return [item["id"] for item in get_json(client, url, host)["items"]]


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(
        title="Syringe", description="A syringe on a tray", file__width=2000, file__height=1000
    )


# --- Fields ---------------------------------------------------------------------------------


def test_explainer_detail_exposes_every_fact(client, treatment, image):
    treatment.hero_image = image
    treatment.save_revision().publish()

    data = detail(client, treatment)

    assert data["title"] == "Therapeutic Botox"
    assert data["summary"] == "A short, plain summary of the treatment."
    assert data["uses"] == [
        {"name": "Frown lines", "category": "cosmetic", "category_label": "Cosmetic"},
        {"name": "Teeth grinding", "category": "therapeutic", "category_label": "Therapeutic"},
    ]
    assert data["how_it_works"] == "<p>It relaxes the treated muscles.</p>"
    assert data["onset"] == {"min": 2, "max": 3, "unit": "days", "text": "2–3 days"}
    assert data["full_effect"] == {"min": None, "max": 2, "unit": "weeks", "text": "up to 2 weeks"}
    assert data["duration"] == {"min": 3, "max": 6, "unit": "months", "text": "3–6 months"}
    assert data["cost_and_coverage"].startswith("<p>Private insurance")
    assert [block["type"] for block in data["body"]] == ["section", "callout"]
    assert data["body"][0]["value"]["anchor"] == "who-is-it-for"
    assert data["call_to_action"] == {
        "heading": "Is this treatment right for you?",
        "text": "Book an exam to talk about your options.",
    }
    assert data["hero_image"]["id"] == image.pk


def test_empty_timing_fact_is_null(client, library):
    page = TreatmentPageFactory(parent=library, onset_min=None, onset_max=None)

    assert detail(client, page)["onset"] is None


def test_explainer_shows_its_risk_lists_in_full(client, treatment, risk_list):
    data = detail(client, treatment)

    [shown] = data["risk_lists"]
    assert shown["id"] == risk_list.pk
    assert shown["name"] == "Botulinum toxin injections"
    assert shown["introduction"] == risk_list.introduction
    assert shown["detail_url"] == f"http://localhost/api/v2/risk-lists/{risk_list.pk}/"
    assert [item["name"] for item in shown["items"]] == [
        item.name for item in risk_list.items.all()
    ]
    first = risk_list.items.first()
    assert shown["items"][0] == {
        "name": first.name,
        "description": "Mild and short-lived.",
        "frequency": "rare",
        "frequency_label": "Rare",
        "serious": False,
        "typical_duration": "a few days",
        "action": "self_care",
        "action_label": "Self-care at home",
        "source": None,
    }


def test_library_page_exposes_its_introduction(client, library):
    library.introduction = "<p>Every treatment we offer.</p>"
    library.save_revision().publish()

    assert detail(client, library)["introduction"] == "<p>Every treatment we offer.</p>"


def test_listing_with_all_fields_returns_the_same_facts_as_detail(client, treatment):
    [item] = get_json(client, f"{TREATMENTS}&fields=*")["items"]
    full = detail(client, treatment)

    for name in ("summary", "uses", "onset", "risk_lists", "body", "call_to_action"):
        assert item[name] == full[name]


# --- Rich text --------------------------------------------------------------------------------


def test_rich_text_field_links_become_absolute_urls(client, library, treatment):
    page = TreatmentPageFactory(
        parent=library, how_it_works=f"<p>Compare with {link_to(treatment)}.</p>"
    )

    html = detail(client, page)["how_it_works"]

    assert (
        html == '<p>Compare with <a href="http://localhost/therapeutic-botox/">read more</a>.</p>'
    )


def test_stream_field_rich_text_links_become_absolute_urls(client, library, treatment):
    page = TreatmentPageFactory(
        parent=library,
        body=[
            ("paragraph", f"<p>{link_to(treatment)}</p>"),
            ("section", {"heading": "See also", "content": f"<p>{link_to(treatment)}</p>"}),
        ],
    )

    body = detail(client, page)["body"]

    expected = '<p><a href="http://localhost/therapeutic-botox/">read more</a></p>'
    assert body[0]["value"] == expected
    assert body[1]["value"]["content"] == expected


def test_no_wagtail_internal_link_markup_leaves_the_api(client, library, treatment):
    page = TreatmentPageFactory(parent=library, how_it_works=f"<p>{link_to(treatment)}</p>")

    response = client.get(f"/api/v2/pages/{page.pk}/")

    assert b"linktype" not in response.content


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_link_to_a_page_readers_cannot_see_keeps_its_text_but_loses_its_href(
    client, library, treatment, hide
):
    page = TreatmentPageFactory(parent=library, how_it_works=f"<p>{link_to(treatment)}</p>")
    if hide == "unpublish":
        treatment.unpublish()
    else:
        PageViewRestriction.objects.create(page=treatment, restriction_type="login")

    assert detail(client, page)["how_it_works"] == "<p><a>read more</a></p>"


def test_rich_text_format_parameter_still_offers_database_html(client, library, treatment):
    page = TreatmentPageFactory(parent=library, how_it_works=f"<p>{link_to(treatment)}</p>")

    data = get_json(client, f"/api/v2/pages/{page.pk}/?rich_text_format=db_html")

    assert data["how_it_works"] == f"<p>{link_to(treatment)}</p>"


# --- Images ----------------------------------------------------------------------------------


def test_hero_image_is_a_rendition_set(client, treatment, image):
    treatment.hero_image = image
    treatment.save_revision().publish()

    hero = detail(client, treatment)["hero_image"]

    assert set(hero) == {"id", "alt", "width", "height", "src", "srcset", "renditions"}
    assert hero["alt"] == "A syringe on a tray"
    assert [r["width"] for r in hero["renditions"]] == [480, 960, 1600]
    assert [r["height"] for r in hero["renditions"]] == [240, 480, 800]
    assert (hero["width"], hero["height"]) == (960, 480)
    assert hero["src"].startswith("http://localhost/media/images/")
    assert ".width-960." in hero["src"]
    assert hero["srcset"] == ", ".join(f"{r['url']} {r['width']}w" for r in hero["renditions"])


@override_settings(
    TREATMENT_PAGES={"IMAGE_RENDITIONS": ("width-300", "width-600"), "HERO_IMAGE_SRC": "width-600"}
)
def test_rendition_sizes_come_from_the_app_setting(client, treatment, image):
    treatment.hero_image = image
    treatment.save_revision().publish()

    hero = detail(client, treatment)["hero_image"]

    assert [r["width"] for r in hero["renditions"]] == [300, 600]
    assert hero["width"] == 600


def test_small_image_does_not_repeat_a_size_in_its_srcset(client, treatment):
    treatment.hero_image = wagtail_factories.ImageFactory(file__width=500, file__height=250)
    treatment.save_revision().publish()

    hero = detail(client, treatment)["hero_image"]

    assert [r["width"] for r in hero["renditions"]] == [480, 500]


def test_images_endpoint_lists_rendition_sets_and_tags(client, image):
    image.tags.add("injection", "clinic")

    [item] = get_json(client, "/api/v2/images/?fields=*")["items"]

    assert item["alt"] == "A syringe on a tray"
    assert item["meta"]["tags"] == ["clinic", "injection"]
    assert item["meta"]["download_url"].startswith("http://localhost/media/original_images/")
    assert item["rendition_set"]["id"] == image.pk
    assert len(item["rendition_set"]["renditions"]) == 3


# --- Risk lists endpoint ---------------------------------------------------------------------


def test_risk_list_endpoint_lists_items_and_published_explainers(client, treatment, risk_list):
    data = get_json(client, f"/api/v2/risk-lists/{risk_list.pk}/")

    assert data["name"] == "Botulinum toxin injections"
    assert len(data["items"]) == 3
    assert data["used_by"] == [
        {
            "id": treatment.pk,
            "title": "Therapeutic Botox",
            "detail_url": f"http://localhost/api/v2/pages/{treatment.pk}/",
            "html_url": "http://localhost/therapeutic-botox/",
        }
    ]


def test_risk_list_listing_shows_names_by_default(client, risk_list):
    [item] = get_json(client, "/api/v2/risk-lists/")["items"]

    assert item["name"] == "Botulinum toxin injections"
    assert item["meta"]["detail_url"] == f"http://localhost/api/v2/risk-lists/{risk_list.pk}/"


def test_risk_list_used_by_leaves_out_unpublished_draft_and_private_explainers(
    client, library, treatment, risk_list
):
    unpublished = TreatmentPageFactory(parent=library, risk_lists=[risk_list])
    unpublished.unpublish()
    private = TreatmentPageFactory(parent=library, risk_lists=[risk_list])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    draft_only = TreatmentPageFactory.build(risk_lists=[risk_list])
    draft_only.live = False
    library.add_child(instance=draft_only)
    draft_only.save_revision()

    data = get_json(client, f"/api/v2/risk-lists/{risk_list.pk}/")

    assert [page["id"] for page in data["used_by"]] == [treatment.pk]


def test_risk_lists_can_be_searched_and_filtered_by_name(client, risk_list):
    RiskListFactory(name="Dermal fillers")

    assert [
        i["name"] for i in get_json(client, "/api/v2/risk-lists/?name=Dermal fillers")["items"]
    ] == ["Dermal fillers"]
    assert get_json(client, "/api/v2/risk-lists/?search=Botulinum")["meta"]["total_count"] == 1


# --- Drafts, unpublished and private pages ----------------------------------------------------


def test_unpublished_explainer_is_absent_from_the_api(client, treatment):
    treatment.unpublish()

    assert treatment.pk not in listing_ids(client)
    get_json(client, f"/api/v2/pages/{treatment.pk}/", status=404)


@pytest.mark.parametrize("restriction_type", ["password", "login", "groups"])
def test_private_explainer_is_absent_from_the_api(client, treatment, restriction_type):
    PageViewRestriction.objects.create(
        page=treatment, restriction_type=restriction_type, password="secret"
    )

    assert treatment.pk not in listing_ids(client)
    get_json(client, f"/api/v2/pages/{treatment.pk}/", status=404)


def test_private_explainer_stays_hidden_from_a_logged_in_editor(admin_client, treatment):
    PageViewRestriction.objects.create(page=treatment, restriction_type="login")

    assert treatment.pk not in listing_ids(admin_client)


def test_pages_under_a_private_section_are_absent(client, library, treatment):
    PageViewRestriction.objects.create(page=library, restriction_type="login")

    assert get_json(client, "/api/v2/pages/")["items"] == []


def test_newer_draft_revision_does_not_leak(client, treatment):
    treatment.title = "Draft title"
    treatment.summary = "Draft summary"
    treatment.uses.add(TreatmentUse(name="Draft use", category="cosmetic"))
    treatment.save_revision()

    data = detail(client, treatment)
    [item] = get_json(client, f"{TREATMENTS}&fields=*")["items"]

    for shown in (data, item):
        assert shown["title"] == "Therapeutic Botox"
        assert shown["summary"] == "A short, plain summary of the treatment."
        assert "Draft use" not in [use["name"] for use in shown["uses"]]


def test_page_never_published_is_absent(client, library):
    draft = TreatmentPageFactory.build()
    draft.live = False
    library.add_child(instance=draft)
    draft.save_revision()

    assert draft.pk not in listing_ids(client)
    get_json(client, f"/api/v2/pages/{draft.pk}/", status=404)


def test_internal_fields_never_appear(client, treatment):
    data = detail(client, treatment)
    [item] = get_json(client, f"{TREATMENTS}&fields=*")["items"]

    for shown in (data, item):
        assert not INTERNAL_FIELDS & (set(shown) | set(shown["meta"]))


@pytest.mark.parametrize("name", ["owner", "locked_by", "latest_revision", "live_revision"])
def test_internal_fields_cannot_be_requested_or_filtered(client, treatment, name):
    assert get_json(client, f"{TREATMENTS}&fields={name}", status=400)["status"] == 400
    assert get_json(client, f"{TREATMENTS}&{name}=1", status=400)["status"] == 400


# --- Query counts ------------------------------------------------------------------------------


@pytest.fixture
def many_treatments(library, treatment):
    """22 explainers, each with its own hero image, risk list and an internal link."""
    pages = []
    for i in range(22):
        pages.append(
            TreatmentPageFactory(
                parent=library,
                hero_image=wagtail_factories.ImageFactory(file__width=120, file__height=60),
                how_it_works=f"<p>Like {link_to(pages[-1] if pages else treatment)}.</p>",
                body=[("paragraph", f"<p>{link_to(treatment)} number {i}</p>")],
                risk_lists=[RiskListFactory(items=4)],
            )
        )
    return pages


#: listing URL -> most queries it may cost, whatever the page size
LISTING_QUERY_BUDGETS = {
    f"{TREATMENTS}&fields=*": 9,
    "/api/v2/pages/?fields=*": 3,
    "/api/v2/risk-lists/?fields=*": 5,
    "/api/v2/images/?fields=*": 7,
}


def test_listing_query_counts_do_not_grow_with_page_size(client, many_treatments):
    for image in {page.hero_image for page in many_treatments}:
        image.tags.add("treatment")

    for url, budget in LISTING_QUERY_BUDGETS.items():
        counts = listing_counts(client, url)

        assert counts[5] == counts[20], (url, counts)
        assert counts[20] <= budget, (url, counts)


def test_detail_query_counts_are_small(client, many_treatments, risk_list):
    budgets = {
        f"/api/v2/pages/{many_treatments[10].pk}/": MAX_QUERIES,
        f"/api/v2/risk-lists/{risk_list.pk}/": 6,
        f"/api/v2/images/{many_treatments[10].hero_image.pk}/": 7,
    }
    for url, budget in budgets.items():
        assert count_queries(client, url) <= budget, url


def test_explainer_detail_costs_the_same_few_queries_whatever_its_size(
    client, treatment, library, calgary, root_page
):
    with_images(treatment)
    counts = counts_as_it_grows(
        lambda: count_queries(client, f"/api/v2/pages/{treatment.pk}/"),
        lambda: grow_explainer(treatment),
        lambda: grow_site(library, calgary, root_page),
    )

    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES, counts


def test_library_detail_costs_the_same_few_queries_whatever_the_size_of_the_site(
    client, treatment, library, calgary, root_page
):
    counts = counts_as_it_grows(
        lambda: count_queries(client, f"/api/v2/pages/{library.pk}/"),
        lambda: grow_explainer(treatment),
        lambda: grow_site(library, calgary, root_page),
    )

    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES, counts


@pytest.mark.parametrize("accept", ["application/json", "application/json; indent=4"])
def test_json_is_compact_for_every_client(client, treatment, accept):
    """One representation per URL: the shared cache and CDNs key on the URL, not on Accept."""
    for url in (TREATMENTS, f"/api/v2/pages/{treatment.pk}/", "/api/v2/risk-lists/"):
        response = client.get(url, HTTP_ACCEPT=accept)

        assert response.status_code == 200
        assert b"\n" not in response.content and b'": ' not in response.content, url
        assert response.json()
