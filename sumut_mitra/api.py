"""The REST API, version 1 (`/api/v1/`): each app's endpoints on one router, the OpenAPI schema,
its documentation page (made from that schema, plain HTML) and Swagger UI to try it
(drf-spectacular-sidecar, our own static files).

Read-only throughout. Open data needs no key; an agency's own records need a personal key
(accounts.api). Each viewset reads through its app's selectors, so the API shows exactly what
the pages show to the same person.
"""

import functools

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, include, path, resolve
from django.utils import translation
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter

from agencies import api as agencies_api
from forums import api as forums_api
from partnerships import api as partnerships_api
from trainings import api as trainings_api

from . import datasets_api

router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_root_view = True
router.include_format_suffixes = False  # JSON only: no .json twins of every address
router.register("regencies", agencies_api.RegencyViewSet, basename="regency")
router.register("sectors", agencies_api.SectorViewSet, basename="sector")
router.register("agencies", agencies_api.AgencyViewSet, basename="agency")
router.register("capabilities", agencies_api.CapabilityViewSet, basename="capability")
router.register("agreements", partnerships_api.AgreementViewSet, basename="agreement")
router.register("trainings", trainings_api.TrainingViewSet, basename="training")
router.register("submissions", forums_api.SubmissionViewSet, basename="submission")
router.register("meetings", forums_api.MeetingViewSet, basename="meeting")
router.register("datasets", datasets_api.DatasetViewSet, basename="dataset")

# Staff (personal key): what the staff pages show the key's owner, within the key's scope.
router.register(
    "staff/agreements", partnerships_api.StaffAgreementViewSet, basename="staff-agreement"
)
router.register(
    "staff/milestones", partnerships_api.StaffMilestoneViewSet, basename="staff-milestone"
)
router.register(
    "staff/monev-reports", partnerships_api.StaffMonevReportViewSet, basename="staff-monev-report"
)
router.register(
    "staff/registrations", trainings_api.StaffRegistrationViewSet, basename="staff-registration"
)
router.register("staff/forum-inbox", forums_api.StaffSubmissionViewSet, basename="staff-submission")


# --- The documentation page ---------------------------------------------------------------------


@functools.cache
def _described(language):
    """The schema's endpoints as the documentation page lists them (made once per language: the
    schema changes only with a deploy)."""
    with translation.override(language):
        # The same schema /api/v1/schema/ serves, so the page cannot say other than the API.
        schema = SchemaGenerator().get_schema(public=True)
    components = schema["components"]["schemas"]
    endpoints = []
    for address, operations in schema["paths"].items():
        for method, operation in operations.items():
            ok = operation["responses"].get("200", {})
            body = ok.get("content", {}).get("application/json", {}).get("schema", {})
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": address,
                    "anchor": operation["operationId"],
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "description": parameter.get("description", ""),
                            "type": _type(parameter.get("schema", {}), components),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "fields": _fields(body, components),
                    "example": address if "{" not in address else "",
                }
            )
    return schema["info"], endpoints


def _resolve(schema, components):
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _type(schema, components):
    schema = _resolve(schema, components)
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"] if value not in ("", None))
    if schema.get("type") == "array":
        return f"[{_type(schema.get('items', {}), components)}]"
    if "allOf" in schema or "oneOf" in schema:
        return " | ".join(
            _type(part, components) for part in schema.get("allOf") or schema["oneOf"]
        )
    return schema.get("format") or schema.get("type") or "object"


def _fields(schema, components):
    """The fields of one result: of the page's `results` when the answer is paged."""
    schema = _resolve(schema, components)
    if schema.get("type") == "array":
        schema = _resolve(schema.get("items", {}), components)
    properties = schema.get("properties", {})
    if "results" in properties and "next" in properties:
        return _fields(properties["results"], components)
    return [
        {
            "name": name,
            "type": _type(field, components),
            "description": _resolve(field, components).get("description", ""),
        }
        for name, field in properties.items()
    ]


def not_found(request, rest):
    """An address under /api/v1/ that names no endpoint or no row: JSON, as the API answers.
    Without its final slash an endpoint's address is sent on to it, as Django's APPEND_SLASH
    would have done had this pattern not matched first."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not-found":
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    response = JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def docs(request):
    info, endpoints = _described(translation.get_language())
    return render(request, "api/docs.html", {"info": info, "endpoints": endpoints})


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
    path(
        "docs/coba/",
        # The split view serves Swagger UI's start-up script as a file (the CSP allows no inline).
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="explorer",
    ),
    path("", include(router.urls)),
    # Anything else under /api/v1/ is an API's 404, in JSON like every other API error.
    path("<path:rest>", not_found, name="not-found"),
]
