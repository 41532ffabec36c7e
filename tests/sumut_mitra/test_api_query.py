"""What the API reads from the query string, it reads strictly: an unknown name, an ordering
it does not offer or a page size out of bounds is a 400 saying what it takes, never a quiet
answer to a question nobody asked (`?sektor=` for `sector` would hand back every row)."""

import pytest
from django.urls import reverse

from tests.factories import AgencyFactory, AgreementFactory, TrainingFactory, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements():
    party = AgencyFactory(name="Dinas Perindustrian Kueri")
    industry = AgreementFactory(title="Kerja Sama Industri Kueri", parties=[party])
    industry.sectors.set([sector("perindustrian")])
    tourism = AgreementFactory(title="Kerja Sama Wisata Kueri", parties=[party])
    tourism.sectors.set([sector("pariwisata-ekraf")])
    return industry, tourism


def errors(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_a_misspelt_filter_is_refused_with_the_names_the_endpoint_reads(client, agreements):
    url = reverse("api:agreement-list")
    body = errors(client.get(url, {"sektor": "perindustrian"}))
    assert list(body) == ["sektor"]
    message = body["sektor"][0]
    assert "Parameter tidak dikenal" in message
    for name in ("sector", "regency", "updated_since", "ordering", "cursor", "page_size"):
        assert name in message
    # Spelt right, it filters: the other sector's agreement is not in the answer.
    found = client.get(url, {"sector": "perindustrian"}).json()["results"]
    titles = [row["title"] for row in found]
    assert titles == ["Kerja Sama Industri Kueri"]


def test_a_range_filter_s_names_are_its_two_ends(client):
    TrainingFactory(title="Pelatihan Kueri")
    url = reverse("api:training-list")
    assert client.get(url, {"starts_after": "2026-01-01T00:00:00Z"}).status_code == 200
    body = errors(client.get(url, {"starts": "2026-01-01T00:00:00Z"}))
    assert "starts_after" in body["starts"][0] and "starts_before" in body["starts"][0]


def test_an_ordering_not_offered_is_refused_and_one_offered_orders(client, agreements):
    industry, tourism = agreements
    url = reverse("api:agreement-list")
    body = errors(client.get(url, {"ordering": "-starts_at"}))
    assert "id, start_date, end_date, updated_at" in body["ordering"][0]
    assert "ordering" in errors(client.get(url, {"ordering": "id,title"}))
    rows = client.get(url, {"ordering": "-id"}).json()["results"]
    assert [row["id"] for row in rows] == [tourism.pk, industry.pk]
    rows = client.get(url, {"ordering": "end_date, -id"}).json()["results"]
    assert {row["id"] for row in rows} == {industry.pk, tourism.pk}


@pytest.mark.parametrize("size", ["0", "-1", "501", "10" + "0" * 30, "abc", "1.5", "٣", ""])
def test_a_page_size_out_of_bounds_is_refused(client, agreements, size):
    body = errors(client.get(reverse("api:agreement-list"), {"page_size": size}))
    assert body == {"page_size": ["Bilangan bulat dari 1 sampai 500."]}


def test_a_page_size_within_bounds_pages(client, agreements):
    body = client.get(reverse("api:agreement-list"), {"page_size": "1"}).json()
    assert len(body["results"]) == 1 and body["next"]


def test_every_public_endpoint_refuses_unknown_names(client, agreements):
    for route in (
        "api:regency-list",
        "api:sector-list",
        "api:agency-list",
        "api:capability-list",
        "api:agreement-list",
        "api:training-list",
        "api:submission-list",
        "api:meeting-list",
        "api:dataset-list",
    ):
        assert "q" in errors(client.get(reverse(route), {"q": "USU"})), route
    detail = reverse("api:agreement-detail", args=[agreements[0].pk])
    assert "q" in errors(client.get(detail, {"q": "x"}))
    assert client.get(detail, {"format": "json"}).status_code == 200


def test_a_range_filter_s_error_names_the_end_that_is_wrong(client, agreements):
    url = reverse("api:agreement-list")
    assert errors(client.get(url, {"signed_after": "2026-02-30"})) == {
        "signed_after": ["Masukkan tanggal yang valid."]
    }
    body = errors(client.get(url, {"signed_after": "2026-02-01", "signed_before": "kemarin"}))
    assert list(body) == ["signed_before"]
    body = errors(client.get(url, {"signed_after": "x", "signed_before": "y"}))
    assert sorted(body) == ["signed_after", "signed_before"]


def test_every_not_found_is_json_in_the_reader_s_language(client, agreements):
    for address in (
        reverse("api:submission-detail", args=[999999]),  # no such row
        reverse("api:agreement-detail", args=[10**6]),
        "/api/v1/submissions/SM-2026-ABCDEF/",  # no such address
        "/api/v1/regencies/12.7/",
        "/api/v1/tidak-ada/",
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/json", address
        assert response.json() == {"detail": "Data tidak ditemukan."}, address
        assert response["Cache-Control"] == "private, no-store"
    client.cookies["django_language"] = "en"
    response = client.get(reverse("api:submission-detail", args=[999999]))
    assert response.json() == {"detail": "Not found."}  # not "No Submission matches ..."


def test_an_endpoint_without_its_final_slash_is_sent_on_to_it(client, agreements):
    response = client.get("/api/v1/agreements", {"page_size": "1"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/agreements/?page_size=1"
    assert client.get(response["Location"]).json()["results"]
    assert client.get("/api/v1/tidak-ada").status_code == 404


def test_a_cursor_the_api_did_not_make_says_so_in_indonesian(client, agreements):
    response = client.get(reverse("api:agreement-list"), {"cursor": "abc"})
    assert response.status_code == 404
    assert "tautan “next” atau “previous”" in response.json()["detail"]


def test_the_api_speaks_json_only(client, agreements):
    url = reverse("api:agreement-list")
    assert errors(client.get(url, {"format": "xml"})) == {
        "format": ["API hanya menjawab dalam JSON: format=json, atau tanpa format."]
    }
    assert client.get(url, {"format": "json"}).json()["results"]


def test_input_is_found_by_its_tracking_code_in_any_case_but_never_rahasia_input(client):
    from tests.factories import SubmissionFactory

    public = SubmissionFactory(tracking_code="SM-2026-PUB123", title="Masukan Terbuka Kode")
    SubmissionFactory(
        tracking_code="SM-2026-RHS456", title="Masukan Rahasia Kode", privacy="rahasia"
    )
    SubmissionFactory(title="Masukan Lain")
    url = reverse("api:submission-list")
    for code in ("SM-2026-PUB123", "sm-2026-pub123", " SM-2026-PUB123 "):
        rows = client.get(url, {"tracking_code": code}).json()["results"]
        assert [row["id"] for row in rows] == [public.pk], code
    hidden = client.get(url, {"tracking_code": "SM-2026-RHS456"})
    assert hidden.json()["results"] == []
    assert "Masukan Rahasia Kode" not in hidden.content.decode()
