"""Full-text search in each page's own language.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "cms.search.backend"``.

On PostgreSQL, Wagtail's database backend indexes and queries everything with
one text search configuration. Here each object is indexed with the
configuration of its own language (``fr*``: French, anything else and objects
without a language: English), so "migraines" finds "migraine" in a French page
and "treatments" finds "treatment" in an English one. A query is made in the
languages of the results it may return: ``get_search_backend(LANGUAGES=[...])``
(what the API and the HTML search page do, with the asked language and its
fallback) ORs the query parsed in each language's configuration, so a French
request also finds the English pages it falls back to. Without ``LANGUAGES``
(the admin), a query is parsed in every configuration.

French is ``cms_french``, a copy of PostgreSQL's ``french`` that also ignores
accents ("epaule" finds "épaule") when the ``unaccent`` extension could be
created; see ``migrations/0001_text_search_configurations.py``.

On SQLite, and any other database, this is Wagtail's database backend
unchanged: SQLite's FTS5 (``unicode61`` tokenizer) ignores case and accents
but does not stem, so a query finds exact words only ("migraine", not
"migraines"). ``LANGUAGES`` is accepted and has no effect there.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

#: PostgreSQL text search configuration for each language (its first part).
CONFIGS = {"en": "english", "fr": "cms_french"}
DEFAULT_CONFIG = "english"


def config_for_language(language_code):
    """The PostgreSQL text search configuration for ``'fr-ca'``, ``'en-ca'``, ..."""
    language = (language_code or "").split("-")[0].split("_")[0].lower()
    return CONFIGS.get(language, DEFAULT_CONFIG)


def configs_for_languages(language_codes):
    """Configurations for ``language_codes``, each once, in order."""
    return list(dict.fromkeys(config_for_language(code) for code in language_codes))


def SearchBackend(params):  # noqa: N802 (Wagtail imports a backend module's ``SearchBackend``)
    """The backend for the default database, as Wagtail's ``database`` backend chooses it."""
    if connection.vendor == "postgresql":
        # Imported here: it reads Wagtail's search models, so needs the app registry.
        from .postgres import LanguageSearchBackend

        return LanguageSearchBackend(params)
    params = {key: value for key, value in params.items() if key != "LANGUAGES"}
    return DatabaseSearchBackend(params)
