"""Other sites' pages may read the open-data API (CORS on /api/v1/ only): any origin, reading
only, never with cookies; the portal's own pages stay same-origin."""

import pytest
from django.urls import reverse

from core.api import ClientThrottle
from tests.factories import AgencyFactory, AgreementFactory

pytestmark = pytest.mark.django_db
ORIGIN = "https://data.sumutprov.go.id"


@pytest.fixture
def agreement():
    return AgreementFactory(title="Kerja Sama Lintas Situs", parties=[AgencyFactory()])


def test_any_site_may_read_a_public_answer_and_its_caching_headers(client, agreement):
    response = client.get(reverse("api:agreement-list"), headers={"origin": ORIGIN})
    assert response.status_code == 200 and "Kerja Sama Lintas Situs" in response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "last-modified", "retry-after"} <= exposed
    assert "Access-Control-Allow-Credentials" not in response  # never with the visitor's cookies


def test_a_preflight_allows_reading_with_a_key_and_conditional_headers_only(client, agreement):
    response = client.options(
        reverse("api:agreement-list"),
        headers={
            "origin": ORIGIN,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization, if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "if-none-match", "if-modified-since"} <= allowed
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}  # reading only


def test_errors_are_readable_across_sites_too(client, agreement, monkeypatch):
    missing = client.get("/api/v1/tidak-ada/", headers={"origin": ORIGIN})
    assert missing.status_code == 404 and missing["Access-Control-Allow-Origin"] == "*"
    refused = client.get(reverse("api:agreement-list"), {"q": "x"}, headers={"origin": ORIGIN})
    assert refused.status_code == 400 and refused["Access-Control-Allow-Origin"] == "*"
    monkeypatch.setattr(ClientThrottle, "THROTTLE_RATES", {"anonymous": "1/minute"})
    client.get(reverse("api:agreement-list"), REMOTE_ADDR="10.9.9.9")
    limited = client.get(
        reverse("api:agreement-list"), headers={"origin": ORIGIN}, REMOTE_ADDR="10.9.9.9"
    )
    assert limited.status_code == 429 and limited["Access-Control-Allow-Origin"] == "*"


def test_the_portal_s_own_pages_stay_same_origin(client, agreement):
    for address in (reverse("partnerships:list"), reverse("search"), reverse("home")):
        response = client.get(address, headers={"origin": ORIGIN})
        assert response.status_code == 200, address
        assert "Access-Control-Allow-Origin" not in response, address
