"""Patient search in English and French: the API's ?search= and the HTML search page.

French pages are made the way editors make them: Wagtail's
``copy_for_translation`` (the admin's Translate action), then translated
fields, then publish. Pages are indexed when they are saved, as in the CMS.

On PostgreSQL each page is indexed in its own language (stemming; French
also ignores accents); on SQLite, FTS5 matches exact words, ignoring case and
accents. Tests of stemming run on PostgreSQL only; the SQLite tests say what
SQLite does instead.
"""

import pytest
from django.db import connection
from wagtail.models import Locale, Page, PageViewRestriction

from cms.search.backend import config_for_language, configs_for_languages
from cms.search.views import MAX_QUERY_LENGTH, RESULTS_PER_PAGE
from locations.models import FrontendSettings
from tests.api_helpers import get_json, listing_counts
from tests.conftest import CALGARY_HOST
from tests.factories import TreatmentPageFactory
from tests.html import count_queries, parse, text
from tests.translations import publish, publish_french_ancestors, translate

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="stemming and per-language configurations are PostgreSQL full-text search; "
    "SQLite's FTS5 matches exact words (tested below)",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="what SQLite's FTS5 does instead of stemming"
)

ENGLISH_SUMMARY = "Botox eases chronic migraine and excessive sweating."
FRENCH_SUMMARY = "Le Botox soulage la migraine chronique et la transpiration excessive."


@pytest.fixture
def english(treatment):
    treatment.summary = ENGLISH_SUMMARY
    treatment.save()
    return publish(treatment)


@pytest.fixture
def french_risk_list(risk_list):
    return translate(risk_list, name="Injections de toxine botulique")


@pytest.fixture
def french(english, french_risk_list):
    page = translate(
        english,
        title="Botox thérapeutique",
        slug="botox-therapeutique",
        summary=FRENCH_SUMMARY,
    )
    publish_french_ancestors(page)
    return publish(page)


@pytest.fixture
def untranslated(library, risk_list):
    return TreatmentPageFactory(
        parent=library,
        title="Night guards",
        slug="night-guards",
        summary="Night guards protect against bruxism.",
        risk_lists=[risk_list],
    )


@pytest.fixture
def found(client):
    def search(query, locale=None, host="localhost"):
        """``{title: item}`` of the API's search results."""
        url = f"{PAGES}?search={query}"
        if locale:
            url += f"&locale={locale}"
        return {item["title"]: item for item in get_json(client, url, host)["items"]}

    return search


# --- The backend ---------------------------------------------------------------


def test_each_language_has_its_configuration():
    assert config_for_language("fr-ca") == config_for_language("fr_CA") == "cms_french"
    assert config_for_language("en-ca") == "english"
    assert config_for_language(None) == "english"  # objects without a language
    assert configs_for_languages(["fr-ca", "en-ca", "fr-ca"]) == ["cms_french", "english"]


@postgres_only
def test_each_page_is_indexed_in_its_own_language(english, french):
    from wagtail.search.models import IndexEntry

    def entry(page):
        return IndexEntry.objects.get(object_id=str(page.pk), content_type=page.content_type)

    # French: accents folded ("thérapeutique" -> 'therapeut'), French stop words dropped.
    assert "'therapeut'" in str(entry(french).title)
    assert "'transpir'" in str(entry(french).body)
    assert "'la'" not in str(entry(french).body)  # the English configuration keeps it
    assert "'therapeut'" in str(entry(english).title)
    assert "'sweat'" in str(entry(english).body)


# --- API: English and French ---------------------------------------------------


def test_migraine_finds_the_explainer_in_english(english, found):
    items = found("migraine")
    assert set(items) == {"Therapeutic Botox"}
    assert items["Therapeutic Botox"]["meta"]["locale"] == "en-CA"


def test_migraine_finds_the_french_explainer_in_french(french, found):
    items = found("migraine", "fr-CA")

    assert set(items) == {"Botox thérapeutique"}
    assert items["Botox thérapeutique"]["meta"]["locale"] == "fr-CA"
    assert items["Botox thérapeutique"]["meta"]["fallback"] is False


def test_a_french_phrase_finds_the_french_page(french, found):
    assert set(found("transpiration excessive", "fr-CA")) == {"Botox thérapeutique"}


def test_accents_are_ignored_in_french(french, found):
    # SQLite's unicode61 tokenizer and PostgreSQL's unaccent both fold accents.
    assert set(found("therapeutique", "fr-CA")) == {"Botox thérapeutique"}
    assert set(found("THÉRAPEUTIQUE", "fr-CA")) == {"Botox thérapeutique"}


@postgres_only
def test_french_words_are_stemmed(french, found):
    assert set(found("migraines", "fr-CA")) == {"Botox thérapeutique"}
    assert set(found("transpirations excessives", "fr-CA")) == {"Botox thérapeutique"}
    assert set(found("thérapeutiques", "fr-CA")) == {"Botox thérapeutique"}


@postgres_only
def test_english_words_are_stemmed(english, found):
    assert set(found("migraines")) == {"Therapeutic Botox"}
    assert set(found("sweat")) == {"Therapeutic Botox"}


@sqlite_only
def test_sqlite_matches_exact_words_only(french, found):
    assert set(found("migraine", "fr-CA")) == {"Botox thérapeutique"}
    assert found("migraines", "fr-CA") == {}
    assert found("transpirations excessives", "fr-CA") == {}


def test_search_stays_in_the_language_asked_for(french, found):
    # No ?locale=: the site's fallback language (English) only.
    assert set(found("migraine")) == {"Therapeutic Botox"}
    assert found("soulage") == {}
    assert found("soulage", "en-CA") == {}
    # French: the French page, not the English one it translates.
    assert set(found("Botox", "fr-CA")) == {"Botox thérapeutique"}


def test_untranslated_pages_are_found_in_french_and_marked(french, untranslated, found):
    items = found("bruxism", "fr-CA")

    assert set(items) == {"Night guards"}
    assert items["Night guards"]["meta"]["locale"] == "en-CA"
    assert items["Night guards"]["meta"]["fallback"] is True


@postgres_only
def test_untranslated_pages_are_found_with_english_stemming_in_french(french, untranslated, found):
    """A French request parses the query in French and English, for the fallback pages."""
    assert set(found("guard", "fr-CA")) == {"Night guards"}
    assert set(found("migraines", "fr-CA")) == {"Botox thérapeutique"}


def test_risk_lists_are_searched_in_the_language_asked_for(client, french_risk_list):
    def names(url):
        return {item["name"] for item in get_json(client, url)["items"]}

    assert names("/api/v2/risk-lists/?search=toxine&locale=fr-CA") == {
        "Injections de toxine botulique"
    }
    assert names("/api/v2/risk-lists/?search=botulique") == set()
    assert names("/api/v2/risk-lists/?search=toxin") == {"Botulinum toxin injections"}


@postgres_only
def test_without_languages_the_backend_parses_queries_in_every_language(english, french):
    """The admin asks the default backend: French and English stems both match."""
    from wagtail.search.backends import get_search_backend

    found_pages = get_search_backend().search("migraines", Page.objects.live())
    assert {page.title for page in found_pages} == {"Therapeutic Botox", "Botox thérapeutique"}
    # English stems: "sweating" -> 'sweat'; parsed in French only, it is left whole.
    assert {page.title for page in get_search_backend().search("sweating", Page)} == {
        "Therapeutic Botox"
    }
    assert list(get_search_backend(LANGUAGES=["fr-ca"]).search("sweating", Page)) == []


def test_search_does_not_cross_sites(english, calgary, edmonton, found):
    assert found("Calgary") == {}
    assert set(found("Calgary", host=CALGARY_HOST)) == {"Calgary clinic"}
    assert found("Edmonton", host=CALGARY_HOST) == {}
    assert found("migraine", host=CALGARY_HOST) == {}


def test_drafts_unpublished_and_private_pages_are_never_found(client, english, library, found):
    draft = Page.objects.get(pk=english.pk).specific
    draft.summary = "Zygomatic draft wording."
    draft.save_revision()
    TreatmentPageFactory(parent=library, title="Zygomatic unpublished").unpublish()
    private = TreatmentPageFactory(parent=library, title="Zygomatic private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    assert found("zygomatic") == {}
    assert found("zygomatic", "fr-CA") == {}
    assert set(found("migraine")) == {"Therapeutic Botox"}  # the live wording
    html = parse(client.get("/search/", {"q": "zygomatic"}))
    assert html.find("ol", class_="search-results") is None


def test_search_keeps_its_bad_input_answers(client, english, found):
    body = get_json(client, f"{PAGES}?search=x&search_operator=xor", status=400)
    assert body == {"message": "search_operator must be 'and' or 'or'", "status": 400}
    body = get_json(client, f"{PAGES}?search=x&locale=de-DE", status=400)
    assert "de-DE" in body["message"]
    assert found('"migraine') and found("%22%20%22") == {}


def test_search_operator_or_finds_either_word_in_french(client, french, untranslated, found):
    assert set(found("bruxism transpiration", "fr-CA")) == set()
    url = f"{PAGES}?search=bruxism%20transpiration&search_operator=or&locale=fr-CA"
    body = get_json(client, url)
    assert {item["title"] for item in body["items"]} == {"Botox thérapeutique", "Night guards"}


def test_api_search_query_counts_stay_constant_with_locale_and_search(
    client, library, risk_list, french_risk_list
):
    for number in range(8):
        page = TreatmentPageFactory(
            parent=library, title=f"Botox {number}", summary="Botox", risk_lists=[risk_list]
        )
        if number % 2:
            publish(translate(page, title=f"Botox {number} (fr)"))
    url = f"{PAGES}?type=treatment_pages.TreatmentPage&fields=*&search=botox"

    plain = listing_counts(client, url, sizes=(2, 6))
    french = listing_counts(client, f"{url}&locale=fr-CA", sizes=(2, 6))
    listing = listing_counts(client, f"{PAGES}?type=treatment_pages.TreatmentPage&fields=*")

    assert plain[2] == plain[6]
    assert french[2] == french[6]
    assert french[6] == plain[6]
    # Searching costs no more queries than listing the same type.
    assert plain[6] <= listing[5]


# --- The HTML search page ------------------------------------------------------


def results(response):
    soup = parse(response)
    return [text(item.find("h3")) for item in soup.select("ol.search-results > li")]


def test_search_page_in_english(client, english):
    response = client.get("/search/", {"q": "migraine"})

    assert response.status_code == 200
    soup = parse(response)
    assert soup.html["lang"] == "en-CA"
    assert len(soup.find_all("h1")) == 1 and text(soup.h1) == "Search"
    form = soup.find("form", attrs={"role": "search"})
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}) is not None
    assert field["value"] == "migraine"
    assert results(response) == ["Therapeutic Botox"]
    link = soup.select_one("ol.search-results a")
    assert link["href"] == "/therapeutic-botox/" and not link.has_attr("lang")
    assert ENGLISH_SUMMARY in text(soup.select_one("ol.search-results"))
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_search_page_in_french(client, french, untranslated):
    response = client.get("/fr-ca/search/", {"q": "migraine"})

    soup = parse(response)
    assert soup.html["lang"] == "fr-CA"
    assert text(soup.h1) == "Rechercher"
    assert soup.find("label", attrs={"for": "search-query"}) is not None
    assert text(soup.find("label", attrs={"for": "search-query"})) != (
        "Search treatments and clinic pages"
    )
    assert results(response) == ["Botox thérapeutique"]
    assert soup.select_one("ol.search-results a")["href"] == "/fr-ca/botox-therapeutique/"
    assert soup.find("form", attrs={"role": "search"})["action"] == "/fr-ca/search/"


def test_french_search_page_marks_pages_shown_in_english(client, french, untranslated):
    soup = parse(client.get("/fr-ca/search/", {"q": "bruxism"}))

    item = soup.select_one("ol.search-results > li")
    assert text(item.find("h3")) == "Night guards"
    assert item.find("a")["lang"] == "en-CA" and item.find("a")["hreflang"] == "en-CA"
    assert "En anglais seulement" in text(item)


@postgres_only
def test_french_search_page_stems_french(client, french):
    assert results(client.get("/fr-ca/search/", {"q": "migraines"})) == ["Botox thérapeutique"]
    assert results(client.get("/fr-ca/search/", {"q": "transpiration excessive"})) == [
        "Botox thérapeutique"
    ]


def test_empty_query_shows_a_hint_and_no_results(client, english):
    for query in ({}, {"q": ""}, {"q": '  " '}):
        response = client.get("/search/", query)
        assert response.status_code == 200
        soup = parse(response)
        assert soup.select("ol.search-results") == []
        assert "migraine" in text(soup.find(class_="search-hint"))


def test_no_results_page_helps(client, english):
    response = client.get("/fr-ca/search/", {"q": "xylophone"})

    assert response.status_code == 200
    soup = parse(response)
    assert results(response) == []
    assert "xylophone" in text(soup.find("h2"))
    tips = soup.find("ul", class_="search-tips")
    assert len(tips.find_all("li")) == 3 and tips.find("a") is not None


@pytest.mark.parametrize("number", ["abc", "0", "-1", "99999999999999999999999", "2.5", ""])
def test_a_bad_page_number_is_never_an_error(client, english, number):
    response = client.get("/search/", {"q": "migraine", "page": number})

    assert response.status_code == 200
    assert results(response) == ["Therapeutic Botox"]


def test_results_are_paginated(client, library, risk_list):
    for number in range(RESULTS_PER_PAGE + 2):
        TreatmentPageFactory(parent=library, title=f"Botox {number}", risk_lists=[risk_list])

    first = parse(client.get("/search/", {"q": "botox"}))
    second = client.get("/search/", {"q": "botox", "page": 2})

    assert len(first.select("ol.search-results > li")) == RESULTS_PER_PAGE
    pages = first.find("nav", attrs={"aria-label": "Search results pages"})
    assert pages.find("a", rel="next")["href"] == "?q=botox&page=2"
    assert len(results(second)) == 2
    assert parse(second).select_one("ol.search-results")["start"] == str(RESULTS_PER_PAGE + 1)


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "migraine " * 500,
        "\x00migraine",
        "' OR 1=1 --",
        "*:^()&|!",
        "é" * 3000,
    ],
)
def test_odd_queries_are_escaped_and_never_an_error(client, english, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    field = parse(response).find("input", attrs={"name": "q"})
    assert len(field["value"]) <= MAX_QUERY_LENGTH


def test_every_page_links_to_search_in_its_language(client, french):
    english_page = parse(client.get("/therapeutic-botox/"))
    french_page = parse(client.get("/fr-ca/botox-therapeutique/"))

    assert english_page.find("header").find("a", href="/search/") is not None
    assert french_page.find("header").find("a", href="/fr-ca/search/") is not None


def test_search_page_on_a_clinic_site_searches_that_site(client, english, local_page):
    on_clinic = client.get("/search/", {"q": "Calgary"}, HTTP_HOST=CALGARY_HOST)
    on_group = client.get("/search/", {"q": "Calgary"})

    assert "Calgary clinic" in results(on_clinic)
    assert results(on_group) == []


def test_a_language_the_site_does_not_publish_is_a_404(client, calgary):
    settings = FrontendSettings.for_site(calgary.get_site())
    settings.save()
    settings.locales.set([Locale.objects.get(language_code="en-ca")])

    assert client.get("/fr-ca/search/", {"q": "x"}, HTTP_HOST=CALGARY_HOST).status_code == 404
    assert client.get("/search/", {"q": "x"}, HTTP_HOST=CALGARY_HOST).status_code == 200


def test_search_page_is_cached_and_follows_publishing(client, english, library, risk_list):
    first = client.get("/search/", {"q": "migraine"})
    again = client.get("/search/", {"q": "migraine"})
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    assert first.has_header("ETag") and again["X-Cache"] == "hit"

    TreatmentPageFactory(
        parent=library, title="Migraine clinic", summary="Migraine care.", risk_lists=[risk_list]
    ).save_revision().publish()

    after = client.get("/search/", {"q": "migraine"})
    assert after["X-Cache"] == "miss"
    assert set(results(after)) == {"Therapeutic Botox", "Migraine clinic"}


def test_search_page_query_count_does_not_grow_with_results(client, library, risk_list):
    for number in range(8):
        TreatmentPageFactory(
            parent=library,
            title=f"Botox {number}",
            summary="Botox for a molar." if number < 2 else "Botox.",
            risk_lists=[risk_list],
        )

    from django.test import override_settings

    with override_settings(CMS_CACHE={"ENABLED": False}):
        two = count_queries(client, "/search/?q=molar")
        eight = count_queries(client, "/search/?q=botox")
        french_two = count_queries(client, "/fr-ca/search/?q=molar")
        french_eight = count_queries(client, "/fr-ca/search/?q=botox")

    assert len(results(client.get("/search/?q=molar"))) == 2
    assert len(results(client.get("/search/?q=botox"))) == 8
    assert two == eight
    assert french_two == french_eight


# --- The PostgreSQL configuration ------------------------------------------------


@postgres_only
def test_french_ignores_accents_when_unaccent_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('cms_french', 'Épaules thérapeutiques')::text")
        assert cursor.fetchone()[0] == "'epaul':1 'therapeut':2"


@postgres_only
def test_without_unaccent_french_still_stems_and_the_migration_says_so(caplog):
    """A database where the extension cannot be created gets plain French, and a warning."""
    from importlib import import_module

    from django.db import DatabaseError

    migration = import_module("cms.search.migrations.0001_text_search_configurations")

    class RefusingCursor:
        def __init__(self, cursor):
            self.cursor = cursor

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.cursor.close()

        def execute(self, sql, params=None):
            if sql.startswith("CREATE EXTENSION"):
                raise DatabaseError('permission denied to create extension "unaccent"')
            return self.cursor.execute(sql, params)

    class Connection:
        vendor = connection.vendor
        alias = connection.alias

        def cursor(self):
            return RefusingCursor(connection.cursor())

    class SchemaEditor:
        connection = Connection()

    with caplog.at_level("WARNING"):
        migration.create_configurations(None, SchemaEditor())

    assert "French search will not ignore accents" in caplog.text
    assert "permission denied" in caplog.text
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('cms_french', 'Épaules thérapeutiques')::text")
        assert cursor.fetchone()[0] == "'thérapeut':2 'épaul':1"
