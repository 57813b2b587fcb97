"""Patient-facing HTML in French beside English: prefixes, lang, switcher, alternates, listings.

French content is made the way editors make it: Wagtail's
``copy_for_translation`` (the admin's Translate action), then translated
fields, then publish.
"""

import re

import pytest
from defusedxml import ElementTree as ET
from django.contrib.auth import get_user_model
from django.test import override_settings
from wagtail.models import Locale, PageViewRestriction, Site

from tests.api_helpers import count_queries as count_api_queries
from tests.conftest import CALGARY_HOST
from tests.factories import LocalTreatmentPageFactory, RiskItemFactory, TreatmentPageFactory
from tests.html import assert_page_shell, count_queries, parse, text
from tests.sizes import MAX_QUERIES, counts_as_it_grows, grow_local_page, grow_site, with_images
from treatment_pages.models import RiskItem, TreatmentPageRiskList

pytestmark = pytest.mark.django_db

EN_URL = "/therapeutic-botox/"
FR_URL = "/fr-ca/botox-therapeutique/"


@pytest.fixture
def fr(db):
    return Locale.objects.get_or_create(language_code="fr-ca")[0]


def translate(obj, locale, **fields):
    """``obj`` copied into ``locale`` as the admin's Translate action does, edited and published."""
    copy = obj.copy_for_translation(locale)
    copy = copy.specific if hasattr(copy, "specific") else copy
    if hasattr(copy, "save_revision"):
        copy.refresh_from_db()
        copy = copy.specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    if hasattr(copy, "save_revision"):
        copy.save_revision().publish()
        copy = type(copy).objects.get(pk=copy.pk)
    return copy


@pytest.fixture
def french_risk_list(risk_list, fr):
    french = translate(risk_list, fr, name="Injections de toxine botulique")
    french.items.update(description="Légers et de courte durée.")
    return french


@pytest.fixture
def french_library(library, fr):
    return translate(library, fr, title="Traitements", slug="traitements")


@pytest.fixture
def french_treatment(treatment, french_library, french_risk_list, fr):
    return translate(
        treatment,
        fr,
        title="Botox thérapeutique",
        slug="botox-therapeutique",
        summary="Des injections qui détendent les muscles trop actifs.",
    )


@pytest.fixture
def french_calgary(calgary, fr):
    return translate(calgary, fr, title="Clinique de Calgary", slug="calgary-fr")


@pytest.fixture
def french_local_page(local_page, french_calgary, french_treatment, fr):
    return translate(local_page, fr, title="Botox thérapeutique", slug="botox-therapeutique")


def raw(element):
    """Like ``text`` but keeps no-break spaces, which prices and times rely on."""
    return re.sub(r"[ \t\r\n]+", " ", element.get_text()).strip()


def get(client, url, host="localhost", status=200):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == status, response.content[:300]
    return response


def switcher(soup):
    nav = soup.find("nav", class_="language-switcher")
    assert nav is not None, "no language switcher"
    return nav


def alternates(soup):
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}


# Locale-prefixed URLs and <html lang>


def test_french_explainer_is_served_under_its_prefix_in_french(client, french_treatment):
    response = get(client, FR_URL)

    soup = parse(response)
    assert soup.html["lang"] == "fr-CA"
    assert response["Content-Language"] == "fr-CA"
    assert text(soup.h1) == "Botox thérapeutique"
    assert text(soup.find("a", class_="skip-link")) == "Passer au contenu principal"
    assert soup.find("nav", attrs={"aria-label": "Principal"}) is not None
    assert text(soup.find(id="risks-heading")) == "Risques et effets secondaires"
    assert [text(h3) for h3 in soup.find(id="uses").find_all("h3")] == [
        "Usages esthétiques",
        "Usages thérapeutiques",
    ]
    timing = {text(dt): raw(dt.find_next_sibling("dd")) for dt in soup.select("#timing dt")}
    assert timing == {
        "Premiers effets": "2–3 jours",
        "Effet complet": "jusqu’à 2\xa0semaines",
        "Durée de l’effet": "3–6 mois",
    }
    assert "En cas d’urgence, composez le 911." in text(soup.footer)
    # The risk list is the French translation, and its labels are French.
    risks = soup.find(id="risks")
    assert "Légers et de courte durée." in text(risks)
    assert "Fréquence" in [text(dt) for dt in risks.find_all("dt")]
    assert soup.find(class_="language-notice") is None


def test_english_page_is_unchanged_by_a_french_translation(client, french_treatment):
    response = get(client, EN_URL)

    soup = parse(response)
    assert_page_shell(soup)
    assert response["Content-Language"] == "en-CA"
    assert text(soup.find(id="risks-heading")) == "Risks and side effects"


def test_html_lang_follows_the_page_not_only_the_url(rf, treatment, fr):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load site_tags %}{% html_lang %}")
    with translation.override("fr-ca"):
        assert template.render(Context({"page": treatment})) == "en-CA"
        assert template.render(Context({})) == "fr-CA"


def test_english_only_site_redirects_the_french_prefix_to_the_pages_own_address(client, local_page):
    response = get(client, "/fr-ca/therapeutic-botox/?from=menu", CALGARY_HOST, status=302)

    assert response["Location"] == "/therapeutic-botox/?from=menu"
    assert get(client, "/fr-ca/", CALGARY_HOST, status=302)["Location"] == "/"


def test_french_404_is_in_french(client, french_library):
    soup = parse(get(client, "/fr-ca/nulle-part/", status=404))

    assert soup.html["lang"] == "fr-CA"
    assert text(soup.h1) == "Désolés, nous ne trouvons pas cette page"
    assert soup.find("a", string=lambda s: s and "page d’accueil" in s)["href"] == "/fr-ca/"


def test_500_page_speaks_the_urls_language_without_the_database(django_assert_num_queries):
    from django.template.loader import render_to_string
    from django.utils import translation

    with django_assert_num_queries(0), translation.override("fr-ca"):
        html = render_to_string("500.html")

    soup = parse(type("R", (), {"content": html.encode()}))
    assert soup.html["lang"] == "fr-CA"
    assert text(soup.h1) == "Désolés, un problème est survenu de notre côté"
    assert soup.header.a["href"] == "/fr-ca/"


# The site's name


def name_site_after_its_home_page(host):
    site = Site.objects.get(hostname=host)
    site.site_name = site.root_page.title
    site.save()


def test_french_pages_name_the_clinic_as_its_french_home_page_does(client, french_local_page):
    # The site is named after its home page ("Calgary clinic"), as onboarding names it.
    name_site_after_its_home_page(CALGARY_HOST)
    local = parse(get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST))
    home = parse(get(client, "/fr-ca/", CALGARY_HOST))
    not_found = parse(get(client, "/fr-ca/nulle-part/", CALGARY_HOST, status=404))

    assert text(local.title) == "Botox thérapeutique à Clinique de Calgary | Clinique de Calgary"
    assert text(local.find(class_="site-header__brand")) == "Clinique de Calgary"
    assert text(local.find(class_="site-footer__copyright")).endswith(" Clinique de Calgary")
    assert text(home.title) == "Clinique de Calgary"
    assert text(not_found.find(class_="site-header__brand")) == "Clinique de Calgary"


def test_a_site_name_of_its_own_is_kept_on_french_pages(client, french_local_page):
    # "Calgary" is not the home page's title: a name chosen for the site, kept as typed.
    local = parse(get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST))

    assert text(local.find(class_="site-header__brand")) == "Calgary"
    assert text(local.title).endswith(" | Calgary")


def test_english_pages_keep_the_sites_name(client, french_local_page):
    local = parse(get(client, "/therapeutic-botox/", CALGARY_HOST))
    home = parse(get(client, "/", CALGARY_HOST))

    assert text(local.title) == "Therapeutic Botox at Calgary clinic | Calgary"
    assert text(local.find(class_="site-header__brand")) == "Calgary"
    assert text(local.find(class_="site-footer__copyright")).endswith(" Calgary")
    assert text(home.title) == "Calgary clinic | Calgary"


# Practitioners are not translated


def test_french_pages_mark_the_english_role_and_bio_of_practitioners(
    client, french_local_page, practitioner
):
    practitioner.bio = "Dr. Haddad has practised in Calgary since 2009."
    practitioner.save()

    home = parse(get(client, "/fr-ca/", CALGARY_HOST)).find(id="team")
    local = parse(get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST)).find(id="at-clinic")

    for team in (home, local):
        assert team.find(class_="person__role")["lang"] == "en-CA"
        assert text(team.find(class_="person__role")) == "General dentist"
    bio = home.find("p", string=practitioner.bio)
    assert bio["lang"] == "en-CA"
    # Names are the same in both languages.
    assert not home.find(class_="person__name").has_attr("lang")


def test_on_a_site_that_falls_back_to_french_practitioners_are_taken_as_french(
    client, french_local_page, practitioner, fr
):
    from locations.models import FrontendSettings

    site_settings = FrontendSettings.for_site(Site.objects.get(hostname=CALGARY_HOST))
    site_settings.fallback_locale = fr
    site_settings.save()

    french = parse(get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST)).find(id="at-clinic")
    english = parse(get(client, "/therapeutic-botox/", CALGARY_HOST)).find(id="at-clinic")

    assert not french.find(class_="person__role").has_attr("lang")
    assert english.find(class_="person__role")["lang"] == "fr-CA"


def test_english_pages_do_not_mark_practitioners(client, french_local_page, practitioner):
    practitioner.bio = "Dr. Haddad has practised in Calgary since 2009."
    practitioner.save()

    home = parse(get(client, "/", CALGARY_HOST)).find(id="team")
    local = parse(get(client, "/therapeutic-botox/", CALGARY_HOST)).find(id="at-clinic")

    assert not [p for p in [*home.find_all("p"), *local.find_all("p")] if p.has_attr("lang")]


# French typography


def test_french_risk_advice_puts_a_no_break_space_before_the_colon(
    client, french_local_page, french_risk_list
):
    first, second, *_rest = french_risk_list.items.order_by("sort_order")
    RiskItem.objects.filter(pk=first.pk).update(action="contact_clinic")
    RiskItem.objects.filter(pk=second.pk).update(action="urgent_care")

    soup = parse(get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST))

    advice = [raw(dd) for dd in soup.select("#risks .risk__facts div:last-child dd")]
    assert advice[:2] == [
        "Communiquer avec la clinique\xa0: appelez le (403) 555-0134",
        "Obtenir des soins d’urgence\xa0: rendez-vous à l’urgence ou composez le 911",
    ]
    assert soup.select_one("#risks dd a")["href"] == "tel:+14035550134"
    english = parse(get(client, "/therapeutic-botox/", CALGARY_HOST))
    english_advice = [raw(dd) for dd in english.select("#risks .risk__facts div:last-child dd")]
    assert english_advice[:1] == ["Self-care at home"]


# Private pages: the password and login pages speak the page's language


def test_french_page_for_logged_in_users_sends_patients_to_a_french_login_page(
    client, french_local_page
):
    name_site_after_its_home_page(CALGARY_HOST)
    PageViewRestriction.objects.create(
        page=french_local_page, restriction_type=PageViewRestriction.LOGIN
    )

    response = get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST, status=302)
    assert response["Location"] == "/fr-ca/_util/login/?next=/fr-ca/botox-therapeutique/"
    response = get(client, response["Location"], CALGARY_HOST)

    soup = parse(response)
    assert soup.html["lang"] == "fr-CA"
    assert response["Content-Language"] == "fr-CA"
    assert soup.find("meta", attrs={"name": "viewport"}) is not None
    assert soup.find("main", id="main") is not None
    assert text(soup.find("a", class_="skip-link")) == "Passer au contenu principal"
    assert text(soup.find(class_="site-header__brand")) == "Clinique de Calgary"
    assert text(soup.h1) == "Se connecter"
    assert text(soup.title) == "Se connecter | Clinique de Calgary"
    assert [text(label) for label in soup.select("form label")] == [
        "Nom d’utilisateur",
        "Mot de passe",
    ]
    form = soup.find("form", class_="form")
    assert form["action"] == "/fr-ca/_util/login/"
    assert form.find("input", attrs={"name": "next"})["value"] == "/fr-ca/botox-therapeutique/"
    assert text(form.button) == "Se connecter"
    assert "Vous n’avez pas de compte\xa0?" in raw(soup.main)
    assert "Botox" not in text(soup.main)


def test_french_password_page_is_in_french(client, french_local_page):
    name_site_after_its_home_page(CALGARY_HOST)
    PageViewRestriction.objects.create(
        page=french_local_page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    soup = parse(get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST))

    assert soup.html["lang"] == "fr-CA"
    assert soup.find("main", id="main") is not None
    assert text(soup.h1) == "Mot de passe requis"
    assert text(soup.find(class_="site-header__brand")) == "Clinique de Calgary"
    assert text(soup.find("form", class_="form").button) == "Continuer"


def test_logging_in_from_the_french_login_page_returns_to_the_french_page(
    client, french_local_page
):
    PageViewRestriction.objects.create(
        page=french_local_page, restriction_type=PageViewRestriction.LOGIN
    )
    get_user_model().objects.create_user("patient", password="correct horse battery")
    login = "/fr-ca/_util/login/"
    wrong = {"username": "patient", "password": "wrong", "next": "/fr-ca/botox-therapeutique/"}

    refused = client.post(login, wrong, HTTP_HOST=CALGARY_HOST)
    assert refused.status_code == 200
    assert "Saisissez" in text(parse(refused).find(class_="form__error"))

    response = client.post(
        login, {**wrong, "password": "correct horse battery"}, HTTP_HOST=CALGARY_HOST
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr-ca/botox-therapeutique/"
    soup = parse(get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST))
    assert text(soup.h1) == "Botox thérapeutique à Clinique de Calgary"


# The language switcher


def test_switcher_links_to_the_translation_both_ways(client, french_treatment):
    english = switcher(parse(get(client, EN_URL)))
    french = switcher(parse(get(client, FR_URL)))

    assert english["aria-label"] == "Language"
    assert french["aria-label"] == "Langue"
    [to_french] = english.find_all("a")
    assert (to_french["href"], to_french["hreflang"], to_french["lang"]) == (
        FR_URL,
        "fr-CA",
        "fr-CA",
    )
    assert text(to_french) == "Français"
    [to_english] = french.find_all("a")
    assert (to_english["href"], to_english["hreflang"], to_english["lang"]) == (
        EN_URL,
        "en-CA",
        "en-CA",
    )
    assert text(to_english) == "English"


def test_switcher_shows_a_missing_translation_as_text_not_a_link_to_home(
    client, treatment, french_library
):
    nav = switcher(parse(get(client, EN_URL)))

    assert nav.find("a") is None
    unavailable = nav.find(class_="language-switcher__unavailable")
    assert unavailable["lang"] == "fr-CA"
    assert text(unavailable) == "Français (cette page n’est pas offerte en français)"


def test_switcher_does_not_link_a_draft_or_private_translation(client, french_treatment):
    french_treatment.unpublish()
    assert switcher(parse(get(client, EN_URL))).find("a") is None

    french_treatment.save_revision().publish()
    PageViewRestriction.objects.create(
        page=french_treatment, restriction_type="password", password="x"
    )
    assert switcher(parse(get(client, EN_URL))).find("a") is None


def test_switcher_keeps_the_route_of_a_routable_page(client, french_calgary):
    nav = switcher(parse(get(client, "/find-a-clinic/", CALGARY_HOST)))

    assert nav.find("a")["href"] == "/fr-ca/find-a-clinic/"
    french = parse(get(client, "/fr-ca/find-a-clinic/", CALGARY_HOST))
    assert french.html["lang"] == "fr-CA"
    assert text(french.h1) == "Trouver une clinique"


def test_site_publishing_one_language_has_no_switcher(client, treatment, french_library):
    with ENGLISH_ONLY:
        soup = parse(get(client, EN_URL))

    assert soup.find("nav", class_="language-switcher") is None
    assert alternates(soup) == {}


def english_only(site_id):
    return ["en-ca"], "en-ca"


ENGLISH_ONLY = override_settings(
    TREATMENT_PAGES={"SITE_LANGUAGES": "tests.cms.test_i18n_html.english_only"}
)


# hreflang alternates


def test_each_version_names_every_live_version_and_the_default(client, french_treatment):
    expected = {
        "en-CA": f"http://localhost{EN_URL}",
        "fr-CA": f"http://localhost{FR_URL}",
        "x-default": f"http://localhost{EN_URL}",
    }
    assert alternates(parse(get(client, EN_URL))) == expected
    assert alternates(parse(get(client, FR_URL))) == expected


def test_a_page_without_a_live_translation_has_no_alternates(client, french_treatment):
    french_treatment.unpublish()

    assert alternates(parse(get(client, EN_URL))) == {}


def warm(client, url, host="localhost"):
    get(client, url, host)
    response = get(client, url, host)
    assert response["X-Cache"] == "hit"
    return response


def test_cached_pages_follow_their_translations_publishing(
    client, treatment, french_library, french_risk_list, fr
):
    """The switcher, alternates and French listing read the translation's state, cache or not."""
    assert switcher(parse(warm(client, EN_URL))).find("a") is None
    warm(client, "/fr-ca/")

    french = translate(treatment, fr, title="Botox thérapeutique", slug="botox-therapeutique")
    english = get(client, EN_URL)
    assert english.get("X-Cache") != "hit"
    assert switcher(parse(english)).find("a")["href"] == FR_URL
    assert alternates(parse(english))["fr-CA"] == f"http://localhost{FR_URL}"
    library_cards = parse(get(client, "/fr-ca/")).select("ul.cards > li")
    assert [card.a["href"] for card in library_cards] == [FR_URL]

    warm(client, EN_URL)
    french.slug = "botox-a-visee-therapeutique"
    french.save_revision().publish()
    assert switcher(parse(get(client, EN_URL))).find("a")["href"] == (
        "/fr-ca/botox-a-visee-therapeutique/"
    )

    warm(client, EN_URL)
    french.unpublish()
    assert switcher(parse(get(client, EN_URL))).find("a") is None
    assert alternates(parse(get(client, EN_URL))) == {}


# Listings in French


def test_french_library_marks_explainers_not_yet_translated(client, french_treatment, library):
    TreatmentPageFactory(parent=library, title="Night guards", slug="night-guards")

    soup = parse(get(client, "/fr-ca/"))

    cards = soup.select("ul.cards > li")
    assert [text(card.h2) for card in cards] == ["Botox thérapeutique", "Night guards"]
    french, english = cards
    assert french.find(class_="language-tag") is None
    assert french.a["href"] == FR_URL and not french.a.has_attr("lang")
    assert text(english.find(class_="language-tag")) == "En anglais seulement"
    assert (english.a["lang"], english.a["hreflang"], english.a["href"]) == (
        "en-CA",
        "en-CA",
        "/night-guards/",
    )
    assert english.find("p", lang="en-CA") is not None
    # The English library lists each explainer once, in English.
    english_cards = parse(get(client, "/")).select("ul.cards > li")
    assert [text(card.h2) for card in english_cards] == ["Night guards", "Therapeutic Botox"]
    assert not parse(get(client, "/")).select(".language-tag")


def test_french_clinic_home_lists_local_pages_with_fallbacks_marked(
    client, french_local_page, calgary, library
):
    master = TreatmentPageFactory(parent=library, title="Night guards", slug="night-guards")
    LocalTreatmentPageFactory(
        parent=calgary, master=master, slug="night-guards", price_from="1234.50"
    )

    soup = parse(get(client, "/fr-ca/", CALGARY_HOST))

    assert soup.html["lang"] == "fr-CA"
    cards = soup.select("#treatments .card")
    assert [text(card.h3) for card in cards] == ["Botox thérapeutique", "Night guards"]
    assert text(cards[1].find(class_="language-tag")) == "En anglais seulement"
    assert cards[1].h3.a["lang"] == "en-CA"
    assert raw(cards[1].find(class_="card__price")).startswith("Prix ici\xa0: 1\xa0234,50\xa0$")
    assert raw(cards[0].find(class_="card__price")).startswith("Prix ici\xa0: 350\xa0$")


def test_french_finder_lists_each_clinic_once(client, french_calgary, edmonton):
    soup = parse(get(client, "/fr-ca/find-a-clinic/", CALGARY_HOST))

    items = soup.select(".clinic-finder__item")
    assert [text(item.h2) for item in items] == ["Clinique de Calgary", "Edmonton clinic"]
    assert text(items[1].find(class_="language-tag")) == "En anglais seulement"
    assert text(items[0].select_one("tbody th")) == "Lundi"
    assert "8\xa0h\xa000" in raw(items[0].find("td"))
    english = parse(get(client, "/find-a-clinic/", CALGARY_HOST))
    assert [text(h2) for h2 in english.select(".clinic-finder h2")] == [
        "Calgary clinic",
        "Edmonton clinic",
    ]


# Prices, dates and times on the page


def test_french_local_page_formats_price_hours_and_review_dates(client, french_local_page):
    response = get(client, "/fr-ca/botox-therapeutique/", CALGARY_HOST)

    soup = parse(response)
    assert soup.html["lang"] == "fr-CA"
    price = soup.select_one(".price dd strong")
    assert raw(price) == "350\xa0$"
    assert text(soup.select_one("table.hours tbody th")) == "Lundi"
    assert raw(soup.select_one("table.hours td")) == "8\xa0h\xa000\xa0– 17\xa0h\xa000"
    byline = text(soup.find(class_="review__byline"))
    assert byline.startswith("Révisé par")
    reviewed = french_local_page.master.last_reviewed
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    assert f"le {reviewed.day} {months[reviewed.month - 1]} {reviewed.year}" in byline
    assert text(soup.find(class_="local-tag")) == "Propre à Clinique de Calgary"


def test_english_local_page_formats_price_hours_and_review_dates(client, local_page):
    soup = parse(get(client, "/therapeutic-botox/", CALGARY_HOST))

    assert text(soup.select_one(".price dd strong")) == "$350"
    assert raw(soup.select_one("table.hours td")) == "8 a.m.\xa0– 5 p.m."
    reviewed = local_page.master.last_reviewed
    assert f"on {reviewed:%B} {reviewed.day}, {reviewed.year}" in text(
        soup.find(class_="review__byline")
    )


# A risk list not in the page's language


def test_english_risk_list_on_a_french_page_is_announced_and_marked(
    client, french_treatment, risk_list
):
    # Publishing refuses this; the page defends itself all the same.
    TreatmentPageRiskList.objects.filter(page=french_treatment).update(risk_list=risk_list)
    RiskItemFactory(risk_list=risk_list, name="Bruising", frequency="common", sort_order=9)

    response = get(client, FR_URL)

    assert response["Content-Language"] == "fr-CA, en-CA"
    soup = parse(response)
    risks = soup.find(id="risks")
    notice = risks.find(class_="language-notice")
    assert "Cette liste de risques n’a pas encore été traduite" in text(notice)
    assert "présentée en anglais" in text(notice)
    assert not notice.has_attr("lang")  # in the page's language
    block = risks.find(class_="risk-list")
    assert block["lang"] == "en-CA"
    assert notice.find_next(class_="risk-list") is block
    labels = {text(dt) for dt in block.find_all("dt")}
    assert labels == {"How often", "Usually lasts", "What to do"}
    assert "Common" in text(block)


# Sitemaps


NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap(client, host="localhost"):
    root = ET.fromstring(get(client, "/sitemap.xml", host).content)
    return {
        url.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_every_language_with_alternates(client, french_treatment, library):
    TreatmentPageFactory(parent=library, title="Night guards", slug="night-guards")

    urls = sitemap(client)

    base = "http://localhost"
    pair = {"en-CA": f"{base}{EN_URL}", "fr-CA": f"{base}{FR_URL}", "x-default": f"{base}{EN_URL}"}
    assert urls[f"{base}{EN_URL}"] == pair
    assert urls[f"{base}{FR_URL}"] == pair
    assert urls[f"{base}/fr-ca/"]["en-CA"] == f"{base}/"
    assert urls[f"{base}/night-guards/"] == {}


def test_clinic_sitemap_pairs_the_finder_routes(client, french_local_page):
    urls = sitemap(client, CALGARY_HOST)

    base = f"http://{CALGARY_HOST}"
    assert urls[f"{base}/find-a-clinic/"]["fr-CA"] == f"{base}/fr-ca/find-a-clinic/"
    assert urls[f"{base}/fr-ca/botox-therapeutique/"]["en-CA"] == f"{base}/therapeutic-botox/"
    robots = get(client, "/robots.txt", CALGARY_HOST).content.decode()
    assert f"Sitemap: {base}/sitemap.xml" in robots


def test_sitemap_leaves_out_a_language_the_site_does_not_publish(client, french_treatment):
    with ENGLISH_ONLY:
        urls = sitemap(client)

    assert not [url for url in urls if "/fr-ca/" in url]


# Query counts


def test_french_explainer_costs_no_more_queries_than_the_english_one(client, french_treatment):
    english = count_queries(client, EN_URL)
    french = count_queries(client, FR_URL)

    assert french <= english, (french, english)


def test_french_library_costs_no_more_queries_and_does_not_grow(client, french_treatment, library):
    english = count_queries(client, "/")
    french = count_queries(client, "/fr-ca/")
    for i in range(4):
        TreatmentPageFactory(parent=library, title=f"More {i}", slug=f"more-{i}")

    assert french <= english, (french, english)
    assert count_queries(client, "/fr-ca/") == french


def test_french_local_page_costs_no_more_queries_than_the_english_one(client, french_local_page):
    english = count_queries(client, "/therapeutic-botox/", HTTP_HOST=CALGARY_HOST)
    french = count_queries(client, "/fr-ca/botox-therapeutique/", HTTP_HOST=CALGARY_HOST)

    assert french <= english, (french, english)


# Query counts: French pages cost what English ones do


@pytest.mark.parametrize(
    ("url", "host"),
    [
        (FR_URL, CALGARY_HOST),
        ("/fr-ca/", CALGARY_HOST),
        ("/fr-ca/find-a-clinic/", CALGARY_HOST),
        (FR_URL, "localhost"),
        ("/fr-ca/", "localhost"),
    ],
    ids=["local page", "clinic home", "clinic finder", "explainer", "library"],
)
def test_french_pages_cost_the_same_few_queries_whatever_their_size(
    client, french_local_page, calgary, library, root_page, url, host
):
    with_images(french_local_page)
    with_images(french_local_page.clinic)
    counts = counts_as_it_grows(
        lambda: count_queries(client, url, HTTP_HOST=host),
        lambda: grow_local_page(french_local_page),
        # English pages not translated yet: the French listings show them as fallbacks.
        lambda: grow_site(library, calgary, root_page),
    )

    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES, counts


@pytest.mark.parametrize("detail_of", ["local page", "explainer", "clinic"])
def test_french_api_details_cost_the_same_few_queries_whatever_their_size(
    client, french_local_page, french_treatment, calgary, library, root_page, detail_of
):
    with_images(french_local_page)
    with_images(french_local_page.clinic)
    page, host = {
        "local page": (french_local_page, CALGARY_HOST),
        "explainer": (french_treatment, "localhost"),
        "clinic": (french_local_page.clinic, CALGARY_HOST),
    }[detail_of]
    counts = counts_as_it_grows(
        lambda: count_api_queries(client, f"/api/v2/pages/{page.pk}/", host),
        lambda: grow_local_page(french_local_page),
        lambda: grow_site(library, calgary, root_page),
    )

    assert counts[0] == counts[1] == counts[2] <= MAX_QUERIES, counts
