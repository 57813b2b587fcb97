"""Serving a page with the rows its template reads loaded once, in a fixed number of queries.

Wagtail routes a request one URL segment at a time: it finds the child by
slug, then fetches it again as its specific type, then reads its view
restrictions (two queries), and the template then reads each relation as it
needs it, the structured data (JSON-LD) a second time. A page type that
knows its children's type routes to them with :class:`LoadedChildRouteMixin`
(one query, with the foreign keys the template reads joined and whether a
view restriction covers the child), and :func:`load_for_serving` prefetches
the child rows that the template and the JSON-LD then share.
"""

from .visibility import has_view_restrictions


class LoadedChildRouteMixin:
    """Routes to a child of the type :meth:`loaded_children` names, fetched in one query.

    A child of any other type, or a URL the page answers itself (a
    routable page's sub-route, tried first), is routed Wagtail's way.
    """

    def loaded_children(self):
        """This page's children of one type, as a queryset ready to serve (or None)."""
        return None

    def route(self, request, path_components):
        children = self.loaded_children() if path_components else None
        if children is not None:
            child = (
                children.filter(slug=path_components[0])
                .annotate(view_restricted=has_view_restrictions())
                .first()
            )
            if child is not None:
                # As Wagtail's own route does: the child's parent is this page.
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


def load_for_serving(page, request, loader):
    """Prefetch what ``loader`` loads for ``page``, unless it is a preview.

    A preview is a revision held in memory: prefetching its inline rows would
    replace the draft's rows with the live ones.
    """
    if not getattr(request, "is_preview", False):
        loader.load([page])
