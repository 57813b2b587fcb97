"""The OpenAPI description of the app's endpoints (drf-spectacular).

Wagtail's API v2 builds a serializer per request, from the page type and
``?fields=``, so drf-spectacular's own introspection sees nothing useful.
This package describes what the endpoints really return:

- ``inspector.WagtailAPISchema`` knows Wagtail's viewsets: the listing
  envelope, one item schema per model (per page type on ``pages``), the query
  parameters each endpoint accepts, ``find/`` and the error bodies.
- ``blocks.block_schema`` derives a StreamField's schema from its block
  definitions, one component per block type, so a new block is described
  without anyone writing its schema.
- ``shapes`` holds the nested objects the app's serialiser fields return
  (rendition sets, time ranges, risks...), as components; the fields name
  them with ``extend_schema_field``.
- ``extensions`` describes Wagtail's own serialiser fields (``type``,
  ``detail_url``, StreamField, ...).

Nothing here is imported by the serialisers or models at runtime except
``shapes``, which imports only DRF.
"""
