from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Patient search in English and French: the search backend and the HTML search page.

    Its own app for its PostgreSQL migration (the French text search
    configuration the backend indexes French pages with).
    """

    name = "cms.search"
    label = "cms_search"
    verbose_name = "Search"
