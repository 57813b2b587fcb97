"""The project's URLs plus media files, for end-to-end runs only (``cms.settings.e2e``).

Production serves media from object storage or the web server; the browser
tests need the demo's images served by the app itself, with ``DEBUG`` off.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from .urls import handler400  # noqa: F401 - a URLconf's handlers are its own names
from .urls import urlpatterns as project_urlpatterns

media_prefix = settings.MEDIA_URL.lstrip("/")
urlpatterns = [
    re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *project_urlpatterns,
]
