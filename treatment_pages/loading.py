"""How the API loads each page type: a fixed number of queries, whatever the page size.

Plain Wagtail serialises each page's images, child rows and snippets with
queries of their own, so a listing of 50 explainers costs hundreds of queries.
A :class:`PageLoader` says, for one page type, what to join into the main
query and what to prefetch for a whole page of results at once. Prefetching
runs with ``prefetch_related_objects`` after the results are fetched, so it
works the same for listings, search results and the detail view.
"""

from django.db.models import Prefetch, prefetch_related_objects
from modelcluster.models import get_all_child_relations

from .models import RiskItem, TreatmentPage, TreatmentPageRiskList, TreatmentPageSource


def risk_list_prefetches(prefix=""):
    """Lookups that load a treatment's risk lists and their items, each with its source."""
    return [
        Prefetch(
            f"{prefix}risk_list_links",
            queryset=TreatmentPageRiskList.objects.select_related("risk_list__locale"),
        ),
        Prefetch(
            f"{prefix}risk_list_links__risk_list__items",
            queryset=RiskItem.objects.select_related("source"),
        ),
    ]


def review_select_related(prefix=""):
    """Foreign keys of a treatment's clinical review, joined into the main query."""
    return (f"{prefix}reviewer", f"{prefix}timing_source")


def review_prefetches(prefix=""):
    """Lookups that load a treatment's evidence sources (one query for a whole page)."""
    return [
        Prefetch(
            f"{prefix}source_links",
            queryset=TreatmentPageSource.objects.select_related("source"),
        ),
    ]


class PageLoader:
    """Loads one page type for the API; the default loads nothing extra."""

    #: foreign keys joined into the main query
    select_related = ()
    #: lookups prefetched for a whole page of results
    prefetch = ()

    def optimise(self, queryset):
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset

    def load(self, pages):
        """Batch-load what the serialisers will read, for every page at once.

        Renditions come last, in one query for every image found (a hero
        image, practitioners' photos), rather than one per kind of image.
        """
        renditions = [lookup for lookup in self.prefetch if _is_renditions(lookup)]
        others = [lookup for lookup in self.prefetch if not _is_renditions(lookup)]
        if others:
            prefetch_related_objects(pages, *others)
        images = []
        for lookup in renditions:
            path = lookup.removesuffix(RENDITIONS)
            # Already joined or prefetched above, as a rule: then no query.
            prefetch_related_objects(pages, path)
            images += _objects_at(pages, path)
        if images:
            prefetch_related_objects(images, "renditions")
        self.attach(pages)

    def load_revisions(self, pages):
        """:meth:`load` for pages restored from revisions (``revision.as_object()``).

        Their inline rows (uses, risk list links, practitioners) are the
        revision's, held in memory; prefetching those relations would replace
        them with the live rows. So lookups through an inline relation are
        applied to the in-memory rows instead, and foreign keys (joined by
        :meth:`optimise` for live pages) are prefetched.
        """
        lookups = [*self.select_related, *self.prefetch]
        for page in pages:
            prefetch_revision_objects(page, lookups)
        self.attach(pages)

    def attach(self, pages):
        """Set values the serialisers read that are not relations (none by default)."""

    def rich_text_sources(self, page):
        """Objects whose rich text the page's API form shows (links resolved in bulk)."""
        return [page]


RENDITIONS = "__renditions"


def _is_renditions(lookup):
    return isinstance(lookup, str) and lookup.endswith(RENDITIONS)


def _objects_at(objects, path):
    """The objects found by following ``path`` (``"a__b"``) from each of ``objects``."""
    for name in path.split("__"):
        found = []
        for obj in objects:
            value = getattr(obj, name, None)
            if value is None:
                continue
            found.extend(value.all() if hasattr(value, "all") else [value])
        objects = found
    return objects


def _select_related_lookups(select_related, prefix=""):
    """``{"risk_list": {"source": {}}}`` -> ``["risk_list", "risk_list__source"]``."""
    if not isinstance(select_related, dict):
        return []
    lookups = []
    for name, nested in select_related.items():
        lookups.append(prefix + name)
        lookups += _select_related_lookups(nested, f"{prefix}{name}__")
    return lookups


def prefetch_revision_objects(page, lookups):
    """Apply prefetch lookups to a page restored from a revision; see ``load_revisions``."""
    inline = {relation.get_accessor_name() for relation in get_all_child_relations(page)}
    on_page, on_rows = [], {}
    for lookup in lookups:
        through = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
        first, _, rest = through.partition("__")
        if first not in inline:
            on_page.append(lookup)
            continue
        rows = on_rows.setdefault(first, [])
        if isinstance(lookup, Prefetch):
            if rest:
                rows.append(Prefetch(rest, queryset=lookup.queryset, to_attr=lookup.to_attr))
            elif lookup.queryset is not None:
                # The relation's own rows are in memory; load what its queryset joined.
                rows += _select_related_lookups(lookup.queryset.query.select_related)
        elif rest:
            rows.append(rest)
    if on_page:
        prefetch_related_objects([page], *on_page)
    for accessor, row_lookups in on_rows.items():
        if row_lookups:
            prefetch_related_objects(list(getattr(page, accessor).all()), *row_lookups)


class TreatmentPageLoader(PageLoader):
    select_related = ("hero_image", *review_select_related())
    prefetch = (
        "hero_image__renditions",
        "uses",
        *risk_list_prefetches(),
        *review_prefetches(),
    )


PAGE_LOADERS = {TreatmentPage: TreatmentPageLoader()}


class BulkLoadMixin:
    """Runs ``load`` on each page of results, and on the object of a detail view.

    Put it before the Wagtail viewset in the bases; subclasses say what to load.
    """

    #: lookups prefetched for every object served
    prefetch = ()

    def load(self, objects):
        if objects and self.prefetch:
            prefetch_related_objects(objects, *self.prefetch)

    def paginate_queryset(self, queryset):
        objects = list(super().paginate_queryset(queryset))
        self.load(objects)
        return objects

    def get_object(self):
        if not hasattr(self, "_loaded_object"):
            self._loaded_object = super().get_object()
            self.load([self._loaded_object])
        return self._loaded_object
