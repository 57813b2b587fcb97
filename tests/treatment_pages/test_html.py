"""Patient-facing HTML of the treatment library and master explainers."""

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from wagtail.models import PageViewRestriction

from tests.factories import RiskItemFactory, RiskListFactory, TreatmentPageFactory
from tests.html import (
    assert_assets_are_local,
    assert_page_shell,
    count_queries,
    parse,
    text,
)
from tests.sizes import MAX_QUERIES, counts_as_it_grows, grow_explainer, grow_site, with_images

URL = "/therapeutic-botox/"


def explainer_section(soup, section_id):
    section = soup.find("section", id=section_id)
    assert section is not None, f"no section #{section_id}"
    return section


def test_explainer_renders_with_one_h1_and_landmarks(client, treatment):
    response = client.get(URL)

    assert response.status_code == 200
    soup = parse(response)
    assert_page_shell(soup)
    assert text(soup.h1) == "Therapeutic Botox"
    assert soup.title.string.startswith("Therapeutic Botox")
    assert soup.find("meta", attrs={"name": "description"})["content"] == treatment.summary
    assert treatment.summary in text(soup.main)


def test_explainer_groups_uses_as_cosmetic_then_therapeutic(client, treatment):
    soup = parse(client.get(URL))

    groups = explainer_section(soup, "uses").find_all("h3")
    assert [text(h3) for h3 in groups] == ["Cosmetic uses", "Therapeutic uses"]
    uses = {text(h3): [text(li) for li in h3.find_next("ul").find_all("li")] for h3 in groups}
    assert uses == {"Cosmetic uses": ["Frown lines"], "Therapeutic uses": ["Teeth grinding"]}


def test_explainer_leaves_out_an_empty_use_group(client, library, risk_list):
    TreatmentPageFactory(
        parent=library, slug="night-guard", uses=[("Teeth grinding", "therapeutic")]
    )

    soup = parse(client.get("/night-guard/"))

    assert [text(h3) for h3 in explainer_section(soup, "uses").find_all("h3")] == [
        "Therapeutic uses"
    ]


def test_explainer_shows_timing_facts_as_ranges(client, treatment):
    soup = parse(client.get(URL))

    facts = explainer_section(soup, "timing").find("dl")
    pairs = {text(dt): text(dt.find_next_sibling("dd")) for dt in facts.find_all("dt")}
    assert pairs == {
        "First effects": "2–3 days",
        "Full effect": "up to 2 weeks",
        "How long it lasts": "3–6 months",
    }


def test_explainer_leaves_out_timing_when_none_is_set(client, library):
    TreatmentPageFactory(
        parent=library,
        slug="cleaning",
        onset_max=None,
        onset_min=None,
        full_effect_max=None,
        duration_min=None,
        duration_max=None,
    )

    soup = parse(client.get("/cleaning/"))

    assert soup.find(id="timing") is None
    assert soup.find("a", href="#timing") is None


def test_explainer_shows_each_risk_with_frequency_seriousness_duration_and_action(client, library):
    injections = RiskListFactory(name="Injections", items=0)
    RiskItemFactory(risk_list=injections, name="Bruising", frequency="common", sort_order=0)
    RiskItemFactory(
        risk_list=injections,
        name="Trouble swallowing",
        frequency="rare",
        serious=True,
        typical_duration="",
        action="urgent_care",
        sort_order=1,
    )
    anaesthetic = RiskListFactory(name="Local anaesthetic", items=0)
    RiskItemFactory(
        risk_list=anaesthetic, name="Numb lip", frequency="uncommon", action="contact_clinic"
    )
    TreatmentPageFactory(parent=library, slug="botox", risk_lists=[injections, anaesthetic])

    soup = parse(client.get("/botox/"))

    risks_section = explainer_section(soup, "risks")
    # With more than one list, each is headed by its name, in the editor's order.
    assert [text(h3) for h3 in risks_section.find_all("h3")] == ["Injections", "Local anaesthetic"]
    risks = {}
    for item in risks_section.select("ul.risks > li"):
        facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in item.find_all("dt")}
        risks[text(item.strong)] = (facts, "risk--serious" in item["class"])
    assert risks["Bruising"] == (
        {"How often": "Common", "Usually lasts": "a few days", "What to do": "Self-care at home"},
        False,
    )
    facts, serious = risks["Trouble swallowing"]
    assert serious
    assert facts["How often"] == "Rare"
    assert "Usually lasts" not in facts
    assert facts["What to do"].startswith("Seek urgent care")
    assert "911" in facts["What to do"]
    assert "Serious" in text(risks_section.find("span", class_="risk__serious"))
    assert risks["Numb lip"][0]["How often"] == "Uncommon"
    assert risks["Numb lip"][0]["What to do"] == "Contact the clinic"


def test_explainer_renders_body_blocks_semantically(client, library):
    TreatmentPageFactory(
        parent=library,
        slug="whitening",
        body=[
            ("section", {"heading": "Who is it for?", "content": "<p>Adults.</p>"}),
            ("paragraph", "<p>Plain words.</p>"),
            (
                "list",
                {"heading": "Before your visit", "style": "numbered", "items": ["Eat", "Rest"]},
            ),
            ("list", {"heading": "", "style": "bulleted", "items": ["One thing"]}),
            (
                "faq",
                {
                    "heading": "Questions",
                    "questions": [{"question": "Does it hurt?", "answer": "<p>A pinch.</p>"}],
                },
            ),
            ("callout", {"tone": "important", "heading": "Medicines", "text": "<p>Tell us.</p>"}),
        ],
    )

    soup = parse(client.get("/whitening/"))

    section = soup.find("h2", id="who-is-it-for")
    assert text(section) == "Who is it for?"
    assert "Adults." in text(section.parent)
    assert [text(li) for li in soup.find("h2", id="before-your-visit").find_next("ol")] == [
        "Eat",
        "Rest",
    ]
    assert soup.find("li", string="One thing").parent.name == "ul"
    details = soup.find("details")
    assert text(details.summary) == "Does it hurt?"
    assert "A pinch." in text(details)
    callout = soup.find(attrs={"role": "note"})
    assert text(callout).startswith("Important: Medicines")
    assert "callout--important" in callout["class"]
    # Headed blocks appear in "On this page", in page order, after the fixed sections.
    toc = [a["href"] for a in soup.find("nav", class_="toc").find_all("a")]
    assert toc[-5:] == [
        "#who-is-it-for",
        "#before-your-visit",
        "#questions",
        "#review",
        "#next-steps",
    ]
    for href in toc:
        assert soup.find(id=href[1:]) is not None, href


def test_explainer_ends_with_its_call_to_action(client, treatment):
    soup = parse(client.get(URL))

    cta = explainer_section(soup, "next-steps")
    assert text(cta.h2) == "Is this treatment right for you?"
    assert "Book an exam to talk about your options." in text(cta)


def test_hero_image_has_alt_text_and_a_srcset_of_renditions(client, library):
    image = wagtail_factories.ImageFactory(
        title="hero.jpg",
        description="A dentist talking with a patient",
        file__width=2000,
        file__height=1000,
    )
    TreatmentPageFactory(parent=library, slug="with-hero", hero_image=image)

    soup = parse(client.get("/with-hero/"))

    img = soup.find("img", class_="hero__image")
    assert img["alt"] == "A dentist talking with a patient"
    assert img["width"] == "960"
    widths = sorted(int(candidate.split()[1][:-1]) for candidate in img["srcset"].split(","))
    assert widths == [480, 960, 1600]
    assert img["sizes"]


def test_every_image_has_an_alt_attribute(client, library):
    image = wagtail_factories.ImageFactory(title="Smiling patient", description="")
    TreatmentPageFactory(parent=library, slug="with-hero", hero_image=image)

    soup = parse(client.get("/with-hero/"))

    images = soup.find_all("img")
    assert images
    # No description: Wagtail falls back to the image title.
    assert all(img.get("alt") for img in images)


def test_library_lists_live_public_explainers_only(client, library, treatment, risk_list):
    TreatmentPageFactory(parent=library, title="Alpha withdrawn", slug="alpha").unpublish()
    private = TreatmentPageFactory(parent=library, title="Beta private", slug="beta")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    response = client.get("/")

    assert response.status_code == 200
    soup = parse(response)
    assert_page_shell(soup)
    assert text(soup.h1) == "Treatments"
    cards = soup.select("ul.cards > li")
    assert [text(card.h2) for card in cards] == ["Therapeutic Botox"]
    assert cards[0].a["href"] == URL
    assert treatment.summary in text(cards[0])


def test_library_lists_explainers_with_a_constant_number_of_queries(client, library, risk_list):
    TreatmentPageFactory(parent=library, risk_lists=[risk_list])
    one = count_queries(client, "/")
    for _ in range(5):
        TreatmentPageFactory(parent=library, risk_lists=[risk_list])

    assert count_queries(client, "/") == one <= MAX_QUERIES


def test_explainer_costs_the_same_few_queries_whatever_its_size(
    client, treatment, library, calgary, root_page
):
    with_images(treatment)
    counts = counts_as_it_grows(
        lambda: count_queries(client, URL),
        lambda: grow_explainer(treatment),
        lambda: grow_site(library, calgary, root_page),
    )

    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES, counts


def test_library_costs_the_same_few_queries_whatever_the_size_of_the_site(
    client, treatment, library, calgary, root_page
):
    counts = counts_as_it_grows(
        lambda: count_queries(client, "/"),
        lambda: grow_explainer(treatment),
        lambda: grow_site(library, calgary, root_page),
    )

    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES, counts


def test_draft_revision_is_not_shown_until_published(client, treatment):
    treatment.summary = "A draft summary nobody has approved."
    treatment.save_revision()

    assert "A draft summary" not in client.get(URL).content.decode()

    treatment.get_latest_revision().publish()

    assert "A draft summary nobody has approved." in client.get(URL).content.decode()


def test_unpublished_explainer_is_not_found(client, treatment):
    treatment.unpublish()

    response = client.get(URL)

    assert response.status_code == 404
    assert treatment.summary not in response.content.decode()


def test_private_explainer_asks_for_a_password_and_shows_nothing_of_the_page(client, treatment):
    PageViewRestriction.objects.create(
        page=treatment, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    response = client.get(URL)

    body = response.content.decode()
    assert treatment.summary not in body
    assert "Frown lines" not in body
    soup = parse(response)
    assert_page_shell(soup)
    assert text(soup.h1) == "Password required"
    assert soup.find("input", attrs={"type": "password"}) is not None
    assert "Therapeutic Botox" not in text(soup)


def test_explainer_for_logged_in_users_sends_patients_to_a_login_page_in_the_site(
    client, treatment
):
    PageViewRestriction.objects.create(page=treatment, restriction_type=PageViewRestriction.LOGIN)

    redirect = client.get(URL)
    assert redirect.status_code == 302
    assert redirect["Location"] == f"/_util/login/?next={URL}"
    response = client.get(redirect["Location"])

    assert response.status_code == 200
    soup = parse(response)
    assert_page_shell(soup)
    assert_assets_are_local(soup, host="testserver")
    assert text(soup.h1) == "Log in"
    assert text(soup.title) == "Log in | Group"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    form = soup.find("main").find("form", class_="form")
    assert form["action"] == "/_util/login/" and form["method"] == "post"
    assert form.find("input", attrs={"name": "next"})["value"] == URL
    labels = {label["for"]: text(label) for label in form.find_all("label")}
    assert labels == {"id_username": "Username", "id_password": "Password"}
    assert form.find(id="id_password")["type"] == "password"
    assert "Therapeutic Botox" not in text(soup)
    assert treatment.summary not in response.content.decode()


def assert_errors_tied_to_fields(response, names, words):
    """Each error a field announces (aria-describedby) is on the page, next to it."""
    assert response.status_code == 200
    form = parse(response).find("main").find("form", class_="form")
    invalid = form.find_all(attrs={"aria-invalid": "true"})
    assert {field["name"] for field in invalid} == names
    for field in invalid:
        error = form.find(id=field["aria-describedby"])
        assert error is not None and words in text(error)


def test_login_errors_are_tied_to_their_fields(client, treatment):
    response = client.post("/_util/login/", {"username": "", "password": "", "next": URL})

    assert_errors_tied_to_fields(response, {"username", "password"}, "required")


def test_a_wrong_password_error_is_tied_to_its_field(client, treatment):
    PageViewRestriction.objects.create(
        page=treatment, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    action = parse(client.get(URL)).find("main").find("form", class_="form")["action"]

    response = client.post(action, {"password": "wrong", "return_url": URL})

    assert_errors_tied_to_fields(response, {"password"}, "not correct")


def test_an_account_without_access_is_told_so_on_the_login_page(client, treatment):
    restriction = PageViewRestriction.objects.create(
        page=treatment, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Staff"))
    client.force_login(get_user_model().objects.create_user("patient"))

    response = client.get(client.get(URL)["Location"])

    alert = parse(response).find("main").find(attrs={"role": "alert"})
    assert text(alert).startswith("Your account does not have access to this page.")


def test_pages_load_no_external_assets(client, library):
    image = wagtail_factories.ImageFactory(description="A calm treatment room")
    TreatmentPageFactory(parent=library, slug="with-hero", hero_image=image)

    for url in ("/", "/with-hero/"):
        soup = parse(client.get(url))
        assert_assets_are_local(soup, host="testserver")
        # Only data: the page's JSON-LD, never a script to run.
        assert all(
            script.get("type") == "application/ld+json" and not script.get("src")
            for script in soup.find_all("script")
        )


def test_missing_page_gets_a_helpful_404(client, library):
    response = client.get("/no-such-treatment/")

    assert response.status_code == 404
    soup = parse(response)
    assert_page_shell(soup)
    assert "can't find" in text(soup.h1)
    home_links = [a for a in soup.main.find_all("a") if a["href"] == "/"]
    assert home_links, "the 404 page links back to the home page"
    assert_assets_are_local(soup, host="testserver")


@pytest.mark.django_db
def test_server_error_page_needs_no_context_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("h1")) == 1
    assert soup.find("main") and soup.find("header") and soup.find("footer")
    assert soup.find("link") is None and soup.find("script") is None
    assert "911" in text(soup)


def test_editors_get_the_wagtail_user_bar_and_patients_do_not(client, admin_client, treatment):
    assert parse(client.get(URL)).find("wagtail-userbar") is None

    response = admin_client.get(URL)

    assert response.status_code == 200
    assert parse(response).find("wagtail-userbar") is not None
