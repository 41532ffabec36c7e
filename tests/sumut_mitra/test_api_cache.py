"""The public API's answers come from the shared page cache (core.pagecache) while the tables
they were read from stay unchanged; the per-client limit counts every request, served from the
cache or not; nothing read with a key is ever stored or served to anyone else; and the datasets
are laid out once per set of figures, not once per request."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.api import ClientThrottle
from partnerships.models import Agreement
from sumut_mitra import statistics
from tests.factories import AgencyFactory, AgreementFactory, MembershipFactory, UserFactory
from tests.support.api import date_back, key_for, with_key

# Committed writes: a stored answer is made obsolete when the transaction that changed it commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def limits(monkeypatch):
    """Set the API's per-client limits for a test (DRF reads them once, at import)."""

    def set_limits(**rates):
        monkeypatch.setattr(ClientThrottle, "THROTTLE_RATES", rates)

    return set_limits


def public_agreement(title="Kerja Sama Pelatihan Las Tersimpan", party="Politeknik Negeri Medan"):
    party = AgencyFactory(name=party)
    agreement = AgreementFactory(title=title, parties=[party])
    agreement.party_agency = party
    return agreement


def test_a_public_answer_is_served_from_the_cache_until_its_rows_change(client, page_cache):
    agreement = public_agreement()
    url = reverse("api:agreement-list")
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert "Kerja Sama Pelatihan Las Tersimpan" in first.content.decode()
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == "application/json"
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304

    agreement.title = "Kerja Sama Pelatihan Las Diperbarui"
    agreement.save()
    changed = client.get(url)
    assert changed["X-Page-Cache"] == "miss"
    assert "Kerja Sama Pelatihan Las Diperbarui" in changed.content.decode()
    assert "Tersimpan" not in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_a_stored_detail_keeps_its_last_modified_time(client, page_cache):
    agreement = public_agreement()
    # Last-Modified comes once a change has settled (core.apiviews.SETTLE).
    date_back(Agreement, agreement.pk, timezone.now() - timedelta(hours=1))
    url = reverse("api:agreement-detail", args=[agreement.pk])
    first = client.get(url)
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again["Last-Modified"] == first["Last-Modified"]
    later = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert later.status_code == 304


def test_each_language_and_each_query_has_its_own_stored_answer(client, page_cache):
    public_agreement()
    url = reverse("api:agreement-list")
    client.get(url)
    assert client.get(url, {"page_size": 1})["X-Page-Cache"] == "miss"
    indonesian = client.get(reverse("api:dataset-list"))
    client.cookies["django_language"] = "en"
    english = client.get(reverse("api:dataset-list"))
    assert english["X-Page-Cache"] == "miss"
    assert indonesian.json()[0]["title"] != english.json()[0]["title"]


def test_an_answer_read_with_a_key_is_neither_stored_nor_served_from_the_cache(client, page_cache):
    agreement = public_agreement()
    staff = UserFactory(email="staf-kunci@contoh.id")
    MembershipFactory(user=staff, agency=agreement.party_agency)
    key = key_for(staff)
    url = reverse("api:agreement-list")
    with_token = client.get(url, **with_key(key))
    assert with_token.status_code == 200
    assert "X-Page-Cache" not in with_token
    assert with_token["Cache-Control"] == "private, max-age=0"
    # What was read with the key was not stored for anyone...
    assert client.get(url)["X-Page-Cache"] == "miss"
    # ...and a stored answer is not what a key gets either.
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get(url, **with_key(key))


def test_the_limit_per_address_counts_answers_served_from_the_cache(client, page_cache, limits):
    limits(anonymous="3/minute", token="100/minute")
    public_agreement()
    url = reverse("api:agreement-list")
    served = [client.get(url, REMOTE_ADDR="10.1.1.1") for _ in range(4)]
    assert [r.status_code for r in served] == [200, 200, 200, 429]
    assert served[2]["X-Page-Cache"] == "hit"
    assert 0 < int(served[3]["Retry-After"]) <= 60  # the rest of the minute's window
    assert served[3]["Cache-Control"] == "private, no-store"
    # Another address has its own limit, and gets the stored answer.
    other = client.get(url, REMOTE_ADDR="10.2.2.2")
    assert other.status_code == 200 and other["X-Page-Cache"] == "hit"


def test_the_limit_with_a_key_is_per_owner_whatever_the_address(client, page_cache, limits):
    limits(anonymous="1/minute", token="2/minute")
    agreement = public_agreement()
    staff = UserFactory(email="staf-batas@contoh.id")
    MembershipFactory(user=staff, agency=agreement.party_agency)
    key = key_for(staff)
    url = reverse("api:agreement-list")
    statuses = [
        client.get(url, REMOTE_ADDR=address, **with_key(key)).status_code
        for address in ("10.3.3.1", "10.3.3.2", "10.3.3.3")
    ]
    assert statuses == [200, 200, 429]
    # The owner's limit is not the address's: that address may still read without the key.
    assert client.get(url, REMOTE_ADDR="10.3.3.3").status_code == 200


def test_without_the_cache_server_the_api_answers_unlimited(client, page_cache, limits):
    limits(anonymous="1/minute", token="1/minute")
    public_agreement()
    page_cache.stop()
    url = reverse("api:agreement-list")
    answers = [client.get(url) for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert "Politeknik Negeri Medan" in answers[2].content.decode()


def test_the_datasets_are_laid_out_once_per_set_of_figures(client, page_cache, monkeypatch):
    public_agreement()
    laid_out = []
    sections = statistics.sections

    def counted(*args, **kwargs):
        laid_out.append(kwargs.get("every_agency"))
        return sections(*args, **kwargs)

    monkeypatch.setattr(statistics, "sections", counted)
    first = client.get(reverse("api:dataset-list")).json()
    key = first[0]["key"]
    detail = client.get(reverse("api:dataset-detail", args=[key]))
    assert detail.status_code == 200 and detail.json()["rows"] is not None
    # A write to a table the figures come from makes the stored answers obsolete, but until
    # the figures are made again the layout of the last ones serves.
    public_agreement("Kerja Sama Kedua", party="Universitas Sumatera Utara")
    again = client.get(reverse("api:dataset-detail", args=[key]))
    assert again["X-Page-Cache"] == "miss"
    assert again.json() == detail.json()
    assert laid_out == [True]
    # New figures (made in the background) are laid out afresh, and show the new agreement.
    statistics.figures(statistics.Filters(), fresh=True)
    made_again = client.get(reverse("api:dataset-list")).json()
    assert laid_out == [True, True]
    assert made_again[0]["url"] == first[0]["url"]
