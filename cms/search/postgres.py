"""PostgreSQL full-text search with one text search configuration per language.

See :mod:`cms.search.backend`, which picks this backend on PostgreSQL.
"""

import copy
from functools import reduce
from operator import or_

from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

from .backend import CONFIGS, DEFAULT_CONFIG, config_for_language, configs_for_languages


class LanguageQueryCompiler(PostgresSearchQueryCompiler):
    """Parses a query in each configuration of a list, ORed.

    A French request's results hold French pages (indexed in French) and the
    English pages it falls back to (indexed in English): each is found by the
    query parsed in its own language.
    """

    def build_tsquery(self, query, config=None):
        if not isinstance(config, (list, tuple)):
            return super().build_tsquery(query, config=config)
        parsed = []
        for one in config:
            tsquery = super().build_tsquery(query, config=one)
            if tsquery is not None:
                parsed.append(tsquery)
        return reduce(or_, parsed) if parsed else None


class LanguageIndex(PostgresIndex):
    """Writes each object's vectors with the configuration of the object's language.

    Objects without a language (images, documents, practitioners) are indexed
    in the default configuration (English).
    """

    def add_items(self, model, objs):
        languages = _locale_languages()
        by_config = {}
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            by_config.setdefault(config_for_language(language), []).append(obj)
        for config, same_language in by_config.items():
            PostgresIndex(self.backend.indexing_with(config)).add_items(model, same_language)


class LanguageSearchBackend(PostgresSearchBackend):
    """Wagtail's PostgreSQL backend, indexing and querying in each item's language.

    Options (besides the PostgreSQL backend's): ``LANGUAGES``, the language
    codes a query's results may be in; or ``SEARCH_CONFIG``, a configuration
    name or a list of them. Neither: every configuration.
    """

    query_compiler_class = LanguageQueryCompiler
    index_class = LanguageIndex

    def __init__(self, params):
        super().__init__(params)
        if params.get("SEARCH_CONFIG"):
            self.config = params["SEARCH_CONFIG"]
        elif params.get("LANGUAGES"):
            self.config = configs_for_languages(params["LANGUAGES"])
        else:
            self.config = list(dict.fromkeys([DEFAULT_CONFIG, *CONFIGS.values()]))

    def indexing_with(self, config):
        """This backend, writing vectors with the one configuration ``config``."""
        backend = copy.copy(self)
        backend.config = config
        return backend


def _locale_languages():
    """``{locale id: language code}``, from the shared cache of locales."""
    from treatment_pages.translation import locales_by_code

    return {locale.pk: code for code, locale in locales_by_code().items()}
