"""The REST API, version 1 (`/api/v1/`): each app's endpoints on one router, the OpenAPI schema
and its documentation page (Swagger UI from drf-spectacular-sidecar, our own static files).

Read-only throughout. Open data needs no key; an agency's own records need a personal key
(accounts.api). Each viewset reads through its app's selectors, so the API shows exactly what
the pages show to the same person.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from agencies import api as agencies_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = True
router.register("regencies", agencies_api.RegencyViewSet, basename="regency")
router.register("sectors", agencies_api.SectorViewSet, basename="sector")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # The split view serves Swagger UI's start-up script as a file (the CSP allows no inline).
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
