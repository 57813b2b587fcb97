"""Which pages readers may see, as filters that cost no query of their own.

Wagtail's ``PageQuerySet.public()`` reads every view restriction first, then
filters: one more query on every request that lists or checks pages. A
restriction covers its page and the pages below it, i.e. those whose tree
path starts with the restricted page's, which SQL can test in a subquery.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, Length, Substr
from wagtail.models import Page, PageViewRestriction


def restricted(path="path"):
    """True for a page under a view restriction; ``path`` names the page's tree path."""
    covering = PageViewRestriction.objects.alias(length=Length("page__path")).filter(
        page__path=Substr(OuterRef(path), 1, F("length"))
    )
    return Exists(covering)


def unrestricted(path="path"):
    """The opposite of :func:`restricted`: what ``PageQuerySet.public()`` keeps."""
    return ~restricted(path)


def public(queryset):
    """``queryset.public()`` with the restrictions read in a subquery."""
    return queryset.filter(unrestricted())


def restricted_page_ids():
    """Ids of every page under a view restriction, as a subquery (for ``pk__in``).

    Search backends accept a ``pk__in`` subquery where they would refuse a
    filter on an annotation.
    """
    return Page.objects.filter(restricted()).values("pk")


def has_view_restrictions():
    """True for a page that :meth:`Page.get_view_restrictions` would find restrictions for.

    The same rule as Wagtail's: the restrictions on the page and its
    ancestors, each alias read as its source page. For annotating the page
    being served, so that a public page needs no query of its own for them.
    """
    # Read from the restrictions (few) to the pages they name: the restricted page
    # itself or an alias of it, which the primary key and ``alias_of`` index find,
    # and then whether that page is the served one or above it. Reading from the
    # served page's ancestors instead makes the database list every page first.
    source_above = Page.objects.alias(length=Length("path")).filter(
        Q(pk=OuterRef("page_id"), alias_of__isnull=True) | Q(alias_of_id=OuterRef("page_id")),
        path=Substr(OuterRef(OuterRef("path")), 1, F("length")),
    )
    return Exists(PageViewRestriction.objects.filter(Exists(source_above)))


class ViewRestrictionsMixin:
    """Reads a served page's view restrictions in one query, or none when already known.

    Wagtail checks them on every page it serves with two queries (the
    ancestors, then their restrictions). Here the ancestors are a subquery;
    and a page fetched with a ``view_restricted`` annotation
    (:func:`has_view_restrictions`) that says False has none to read.
    """

    def get_view_restrictions(self):
        if getattr(self, "view_restricted", None) is False:
            return PageViewRestriction.objects.none()
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        sources = (
            Page.objects.filter(path__in=paths)
            .annotate(source=Coalesce("alias_of_id", "id"))
            .values("source")
        )
        return PageViewRestriction.objects.filter(page_id__in=sources)
