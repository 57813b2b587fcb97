"""The change log: one ordered, persisted entry for every change that alters published output.

Contract (other parts of the project, and webhooks, build on it):

- :class:`cms.changes.models.Change` is one entry. Its ``id`` (a
  ``BigAutoField``) is the global order: entries commit in ``id`` order, so a
  reader that has seen entry *n* will never later see an entry below *n*
  appear (writers take a lock around the insert on PostgreSQL; SQLite
  serialises writers anyway). Fields:

  ``created_at``
      when it was recorded;
  ``kind``
      ``publish``, ``unpublish``, ``move``, ``delete``, ``privacy`` (a view
      restriction added, changed or removed), ``translation`` (a page goes
      live in another locale of an existing page), ``snippet`` (a risk
      list, reviewer, source or practitioner edited or deleted) or
      ``media`` (an image or document);
  ``content_type`` + ``object_id``
      what changed (for a page, its specific type), and ``page_id`` when it
      is a page (a plain integer: the entry outlives a deleted page);
  ``revision_id``
      the revision that went live, for a publish (also a plain integer);
  ``site_ids``, ``locales``
      the Wagtail sites and the locale codes (``Locale.language_code``) whose
      published output the change alters;
  ``listing_changed``
      whether which pages are listed, or how (title, slug, menus), changed.

  ``Change.targets`` (:class:`~cms.changes.models.ChangeTarget`) says the
  same per page: each page whose output changed, on each site that serves
  it (``site_id`` is null for a page no site serves), with its locale and
  its specific type (``content_type``, kept for tombstones). A
  risk list edit names every live page that shows it; a master explainer is
  named on the library's site and on each clinic site with a live local page
  for it.

- :func:`cms.changes.recording.record_change` records one entry and returns
  it. The receivers in :mod:`cms.changes.receivers` call it for every page
  publish, unpublish, move and delete, view restriction, snippet, image and
  document edit, so no other code needs to.

- :data:`cms.changes.signals.change_recorded` (kwarg ``change``) is sent once
  per new entry when its transaction commits, and never for a rolled back
  one: use it for anything that leaves the process (webhooks, CDN purges).
  :data:`cms.changes.signals.change_staged` (kwargs ``change`` and
  ``targets``, the entry's target rows) is sent at once, inside the
  transaction, for in-process state that must follow within it (the shared
  response cache).

Readers: ``cms.delivery.invalidation`` (the response cache and CDN purge) and
the sync endpoint (``cms.changes.api``).
"""
