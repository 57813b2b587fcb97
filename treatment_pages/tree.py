"""Conditions on Wagtail's page tree that an index on ``path`` can serve.

Wagtail (treebeard) finds a page's descendants with ``path LIKE 'path%'``.
SQLite cannot answer that from an index (its ``LIKE`` ignores case), so each
such filter reads the whole page table, and the cost of a request grows with
every site's pages. A page's subtree is also a range of paths: the page's own,
up to the page's path followed by the alphabet's last character as far as a
path can go. A range uses the index on every database.
"""

from wagtail.models import Page

#: The longest tree path Wagtail stores.
MAX_PATH_LENGTH = Page._meta.get_field("path").max_length


def subtree_end(path):
    """The last path a descendant of the page at ``path`` can have."""
    return path.ljust(MAX_PATH_LENGTH, Page.alphabet[-1])


def subtree(page):
    """Lookups for ``page`` and its descendants."""
    return {"path__range": (page.path, subtree_end(page.path))}


def children(page):
    """Lookups for ``page``'s children."""
    first, last = Page.alphabet[0] * Page.steplen, Page.alphabet[-1] * Page.steplen
    return {"path__range": (page.path + first, page.path + last), "depth": page.depth + 1}
