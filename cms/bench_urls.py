"""The project's URLs plus a stock Wagtail pages endpoint at /api/plain/ (benchmark only)."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from .urls import urlpatterns as project_urlpatterns

plain_router = WagtailAPIRouter("plainapi")
plain_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [path("api/plain/", plain_router.urls), *project_urlpatterns]
