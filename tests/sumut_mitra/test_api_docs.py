"""The API's documentation: our own page, made from the OpenAPI schema (so it cannot drift from
the API), readable without JavaScript; and the schema itself validates."""

import io
import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

DOCS = reverse("api:docs")


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def schema(client):
    return yaml.safe_load(client.get(reverse("api:schema")).content)


@pytest.mark.django_db
def test_the_schema_validates_without_a_warning():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert out.getvalue().startswith("openapi: 3")


@pytest.mark.django_db
def test_the_page_lists_every_endpoint_of_the_schema_with_its_parameters(client):
    page = text(client.get(DOCS))
    html = client.get(DOCS).content.decode()
    paths = schema(client)["paths"]
    assert "/api/v1/regencies/{code}/" in paths
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert f"{method.upper()} {path}" in page
            assert f'id="{operation["operationId"]}"' in html
            for parameter in operation.get("parameters", []):
                assert parameter["name"] in page
    # A result's fields, from the serializer.
    assert all(field in page for field in ("code", "seat", "alternative_names", "name_en"))
    # No script needed: the page is plain HTML; the explorer is a link away.
    assert "swagger-ui" not in html
    assert f'href="{reverse("api:explorer")}"' in html
    assert 'href="/api/v1/regencies/"' in html  # a list opens as it is


@pytest.mark.django_db
def test_the_page_speaks_the_visitor_s_language(client):
    indonesian = text(client.get(DOCS))
    assert "Cara kerjanya" in indonesian
    assert "Dokumentasi API" in indonesian
    client.cookies["django_language"] = "en"
    english = text(client.get(DOCS))
    assert "API documentation" in english
    assert "How it works" in english


@pytest.mark.django_db
def test_the_explorer_loads_swagger_ui_from_our_own_files(client):
    html = client.get(reverse("api:explorer")).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources)
    assert "<style" not in html and "<script>" not in html  # the CSP allows neither


@pytest.mark.django_db
def test_endpoints_and_their_orderings_are_described_in_the_visitor_s_language(client):
    indonesian = text(client.get(DOCS))
    assert "Kerja sama publik (berlaku, berakhir, atau selesai" in indonesian
    assert "Public cooperation agreements" not in indonesian
    # Each ordering says what it takes (DRF's own words named nothing, in English).
    assert "Urutkan menurut salah satu dari: id, start_date, end_date, updated_at" in indonesian
    assert "Which field to use when ordering the results" not in indonesian
    operation = schema(client)["paths"]["/api/v1/agreements/"]["get"]
    ordering = next(p for p in operation["parameters"] if p["name"] == "ordering")
    assert "start_date" in ordering["description"]
    client.cookies["django_language"] = "en"
    english = text(client.get(DOCS))
    assert "Public cooperation agreements (in force, expired or completed" in english
    assert "Order by one of: id, start_date, end_date, updated_at" in english


@pytest.mark.django_db
def test_the_page_says_where_staff_make_their_keys(client):
    html = client.get(DOCS).content.decode()
    # Named, not linked: only staff may open it (tests/test_offered_actions.py).
    assert f"“Kunci API” (<code>{reverse('agencies:api_keys')}</code>)" in html
    assert f'href="{reverse("agencies:api_keys")}"' not in html


@pytest.mark.django_db
def test_the_explorer_without_javascript_points_to_the_plain_page(client):
    html = client.get(reverse("api:explorer")).content.decode()
    assert '<html lang="id">' in html
    noscript = html.split("<noscript>", 1)[1].split("</noscript>", 1)[0]
    assert "Penjelajah API memerlukan JavaScript" in noscript
    assert f'href="{DOCS}"' in noscript
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get(reverse("api:explorer")).content.decode()
