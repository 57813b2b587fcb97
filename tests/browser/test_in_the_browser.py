"""An editor, a patient and an accessibility audit, in a real browser against the served demo.

Each test works as a person would: through the admin's forms and choosers,
by following links on the public pages, by reading what is on screen. The
fixtures (``conftest.py``) start the demo on gunicorn and Chromium.
"""

import re
from datetime import date, timedelta

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip, or fail in CI, saying what to install
    expect = None

# --- An editor creates, validates and publishes an explainer -----------------

NEW_SLUG = "custom-sports-mouthguards"
CLAIM = "Protection is guaranteed."
FIXED_SUMMARY = (
    "A mouthguard made from a mould of your teeth. It fits closely, so you can "
    "breathe and speak while it protects your teeth during sport."
)


def choose_in_modal(page, button_name, item_name):
    """Open a chooser, pick ``item_name`` from its list, wait for the modal to close."""
    page.get_by_role("button", name=button_name).first.click()
    page.get_by_role("dialog").get_by_role("link", name=item_name).click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def fill_date(page, selector, value, away):
    """Type a date, then click the field ``away`` to close the date picker, as an editor would.

    The picker opens a moment after the field gains focus, so it can open after
    a first click elsewhere; click again until it stays closed.
    """
    page.locator(selector).fill(value.isoformat())
    picker = page.locator(".xdsoft_datetimepicker:visible")
    for _ in range(5):
        page.locator(away).click()
        try:
            expect(picker).to_have_count(0, timeout=1000)
            return
        except AssertionError:
            continue
    expect(picker).to_have_count(0)


#: Counts Wagtail's draft autosaves in flight, from the events its autosave controller sends.
WATCH_AUTOSAVES = """
window.autosavesInFlight = 0;
document.addEventListener("w-autosave:save", () => { window.autosavesInFlight += 1; });
for (const name of ["w-autosave:success", "w-autosave:error"]) {
    document.addEventListener(name, () => { window.autosavesInFlight -= 1; });
}
"""
#: Wagtail autosaves a draft this long after the last change (WAGTAIL_AUTOSAVE_INTERVAL).
AUTOSAVE_DELAY_MS = 500


def publish(page):
    """Publish from the action menu, once the draft autosave started by the last change is done.

    Publishing while that autosave is in flight is taken by Wagtail for an edit
    made in another window; an editor would not click that fast.
    """
    page.wait_for_timeout(AUTOSAVE_DELAY_MS * 2)
    for _ in range(100):  # wait_for_function would need 'unsafe-eval' in the admin's CSP
        if page.evaluate("window.autosavesInFlight") == 0:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("Wagtail's autosave did not finish within 10 s")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()


def test_editor_publishes_an_explainer_once_the_checks_pass(editor, visitor, demo_server):
    page = editor
    page.add_init_script(WATCH_AUTOSAVES)
    page.goto(demo_server.url("/admin/pages/"))
    page.get_by_role("link", name="Explore child pages of 'Treatments'").click()
    page.get_by_role("link", name="Add child page").first.click()
    expect(page.get_by_role("heading", name="New: Treatment explainer")).to_be_attached()

    title = page.get_by_placeholder("Page title*")
    title.press_sequentially("Custom sports mouthguards")
    title.blur()
    page.locator("#id_summary").fill(f"A mouthguard made from a mould of your teeth. {CLAIM}")
    page.locator("#id_uses-0-name").fill("Protecting teeth in contact sports")
    page.locator("#id_uses-0-category").select_option(label="Therapeutic")
    how_it_works = page.locator('[data-contentpath="how_it_works"] [role="textbox"]')
    how_it_works.click()
    how_it_works.press_sequentially("The guard spreads the force of a blow across all the teeth.")
    choose_in_modal(page, "Choose risk list", "Custom-made mouth appliances")
    choose_in_modal(page, "Choose reviewer", re.compile("^Dr. Marc-André Tremblay"))
    fill_date(page, "#id_last_reviewed", date.today() - timedelta(days=7), away="#id_cta_text")
    page.get_by_role("button", name="Add Evidence source").click()
    choose_in_modal(page, "Choose evidence source", re.compile("^Lobbezoo F"))

    # The claim is refused: the page is kept as a draft and the editor is told why.
    publish(page)
    refusal = page.locator(".messages")
    expect(refusal).to_contain_text("not published")
    expect(refusal).to_contain_text("“guaranteed” in Summary")
    expect(page.get_by_text("Publishing is blocked until these are fixed")).to_be_visible()
    assert visitor.goto(demo_server.url(f"/{NEW_SLUG}/")).status == 404

    page.locator("#id_summary").fill(FIXED_SUMMARY)
    publish(page)
    expect(page.locator(".messages")).to_contain_text("has been published")

    response = visitor.goto(demo_server.url("/"))
    assert response.status == 200
    visitor.get_by_role("link", name="Custom sports mouthguards").click()
    expect(visitor).to_have_url(demo_server.url(f"/{NEW_SLUG}/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Custom sports mouthguards")
    expect(visitor.get_by_text(FIXED_SUMMARY)).to_be_visible()
    risks = visitor.get_by_role("region", name="Risks and side effects")
    expect(risks.get_by_role("listitem").first).to_be_visible()

    api = visitor.request.get(
        demo_server.url(
            f"/api/v2/pages/?type=treatment_pages.TreatmentPage&slug={NEW_SLUG}"
            "&fields=summary,uses,risk_lists"
        )
    )
    assert api.status == 200
    [item] = api.json()["items"]
    assert item["summary"] == FIXED_SUMMARY
    assert [use["name"] for use in item["uses"]] == ["Protecting teeth in contact sports"]
    assert [risk_list["name"] for risk_list in item["risk_lists"]] == [
        "Custom-made mouth appliances"
    ]
    assert item["meta"]["html_url"] == demo_server.url(f"/{NEW_SLUG}/")


# --- A patient reads the Calgary Botox page, then switches to French ---------

CALGARY = "calgary.localhost"


def open_calgary_botox(page, demo_server):
    page.goto(demo_server.url("/", site=CALGARY))
    treatments = page.get_by_role("region", name="Treatments at Calgary Beltline Clinic")
    treatments.get_by_role("link", name="Therapeutic Botox").click()
    expect(page).to_have_url(demo_server.url("/therapeutic-botox/", site=CALGARY))


def test_patient_reads_the_calgary_botox_page(visitor, demo_server):
    page = visitor
    open_calgary_botox(page, demo_server)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Therapeutic Botox at Calgary Beltline Clinic"
    )
    # Calgary's own facts: price, practitioners, booking and phone.
    here = page.get_by_role("region", name="At Calgary Beltline Clinic")
    expect(here).to_contain_text("Specific to Calgary Beltline Clinic")
    expect(here.get_by_role("definition").filter(has_text="$350")).to_contain_text(
        "per treatment area"
    )
    expect(here.get_by_role("listitem").filter(has_text="Dr. Amira Haddad")).to_be_visible()
    expect(here.get_by_role("link", name="Call (403) 555-0142")).to_have_attribute(
        "href", "tel:+14035550142"
    )
    # The master explainer's facts, merged in: timing and the shared risk list.
    expect(
        page.get_by_role("region", name="How soon it works and how long it lasts")
    ).to_contain_text("3–6 months")
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Risks and side effects"
    ).click()
    expect(page).to_have_url(re.compile("#risks$"))
    risks = page.get_by_role("region", name="Risks and side effects")
    expect(risks.get_by_role("heading", level=2)).to_be_in_viewport()
    drooping = risks.get_by_role("listitem").filter(has_text="Drooping eyelid")
    expect(drooping).to_contain_text("Rare")
    # What to do points to this clinic, not to the group.
    expect(drooping.get_by_role("link", name="call (403) 555-0142")).to_be_visible()

    hero = page.locator("img.hero__image")
    expect(hero).to_have_attribute("alt", re.compile("Therapeutic Botox"))
    assert hero.evaluate("image => image.complete && image.naturalWidth > 0")
    assert page.console_errors == [], [message.text for message in page.console_errors]


def test_patient_switches_the_calgary_botox_page_to_french(visitor, demo_server):
    page = visitor
    open_calgary_botox(page, demo_server)
    english_url = page.url

    languages = page.get_by_role("navigation", name="Language")
    french = languages.locator('a[hreflang="fr-CA"]')
    expect(french).to_have_count(1, timeout=2000)  # rendered with the page: no need to wait
    french.click()

    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    assert page.url != english_url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Botox thérapeutique")
    # The explainer's French risk list, merged in.
    expect(page.get_by_role("main")).to_contain_text("Paupière tombante")
    # Still Calgary's page: its phone number, and a way back to English.
    expect(page.get_by_role("main")).to_contain_text("403")
    # The switcher is labelled in the page's language.
    back = page.get_by_role("navigation", name="Langue").locator('a[hreflang="en-CA"]')
    expect(back).to_have_attribute("href", re.compile(re.escape("/therapeutic-botox/") + "$"))


# --- axe-core: no serious or critical violation on any page type -------------

PAGE_TYPES = {
    "library home": ("localhost", "/"),
    "treatment explainer": ("localhost", "/therapeutic-botox/"),
    "clinic home": (CALGARY, "/"),
    "local treatment page": (CALGARY, "/therapeutic-botox/"),
    "find a clinic": (CALGARY, "/find-a-clinic/"),
    "404 on the library": ("localhost", "/no-such-page/"),
    "404 on a clinic site": (CALGARY, "/no-such-page/"),
}
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_serious_accessibility_violation(visitor, demo_server, page_type):
    from axe_playwright_python.sync_playwright import Axe

    site, path = PAGE_TYPES[page_type]
    response = visitor.goto(demo_server.url(path, site=site))
    assert response.status == (404 if "404" in page_type else 200)

    results = Axe().run(visitor)

    blocking = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in blocking
    )
    assert results.response["testEngine"]["name"] == "axe-core"


def test_the_accessibility_check_finds_what_it_looks_for(visitor):
    """The audit above is not vacuous: a page with a missing language and alt text fails it."""
    from axe_playwright_python.sync_playwright import Axe

    visitor.set_content('<html><body><main><img src="/x.png"></main></body></html>')

    results = Axe().run(visitor)

    found = {v["id"]: v["impact"] for v in results.response["violations"]}
    assert found["html-has-lang"] == "serious"
    assert found["image-alt"] == "critical"
