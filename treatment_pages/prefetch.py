"""Reading child rows so that both the HTML views and the API's bulk loading stay cheap."""


def related_rows(instance, relation, *select_related):
    """``instance.<relation>.all()``, joined to ``select_related`` unless already prefetched.

    A page shown on its own saves queries by joining the rows' foreign keys;
    but chaining ``select_related`` onto a relation the API prefetched for a
    whole listing would throw the prefetch away and query once per page.
    """
    rows = getattr(instance, relation).all()
    if relation in getattr(instance, "_prefetched_objects_cache", {}):
        return rows
    return rows.select_related(*select_related)
