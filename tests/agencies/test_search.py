import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.selectors import agency_directory, capability_search
from tests.factories import AgencyFactory, CapabilityFactory, regency


@pytest.fixture
def agencies(db):
    return {
        "disperindag": AgencyFactory(
            name="Dinas Perindustrian dan Perdagangan Provinsi Sumatera Utara",
            acronym="Disperindag",
            slug="disperindag",
        ),
        "usu": AgencyFactory(
            name="Universitas Sumatera Utara", acronym="USU", slug="usu", kind="university"
        ),
        "siantar": AgencyFactory(
            name="Koperasi Kopi Pematangsiantar",
            slug="kopi-siantar",
            kind="cooperative",
            regency=regency("12.72"),
        ),
        "pending": AgencyFactory(
            name="Dinas Perindustrian Rahasia", slug="rahasia", status="pending"
        ),
    }


def names(queryset):
    return [agency.name for agency in queryset]


@pytest.mark.parametrize("query", ["disperindag", "Dinas Perindustrian", "perindustrain"])
def test_directory_search_finds_disperindag(agencies, query):
    found = names(agency_directory(user=AnonymousUser(), query=query))
    assert found[0] == agencies["disperindag"].name
    assert agencies["usu"].name not in found


def test_search_tolerates_spacing_variants(agencies):
    found = names(agency_directory(user=AnonymousUser(), query="Pematang Siantar"))
    assert found == [agencies["siantar"].name]


def test_pending_agencies_are_never_found_by_the_public(agencies):
    for query in ("Rahasia", "perindustrian", ""):
        assert agencies["pending"].name not in names(
            agency_directory(user=AnonymousUser(), query=query)
        )


def test_filters_combine(agencies):
    found = agency_directory(user=AnonymousUser(), kind="cooperative", regency=regency("12.72"))
    assert names(found) == [agencies["siantar"].name]
    assert (
        names(agency_directory(user=AnonymousUser(), kind="cooperative", regency=regency("12.11")))
        == []
    )


@pytest.mark.django_db
def test_capability_search_finds_the_welding_workshop():
    blk = AgencyFactory(name="UPTD Balai Latihan Kerja Medan", slug="blk")
    CapabilityFactory(
        agency=blk,
        title="Bengkel las UPTD BLK Medan",
        kind="facility",
        description="Welding workshop with 20 stations.",
    )
    CapabilityFactory(title="Laboratorium uji mutu CPO", description="CPO quality testing.")
    hidden = AgencyFactory(status="pending", slug="tersembunyi")
    CapabilityFactory(agency=hidden, title="Bengkel las rahasia")

    CapabilityFactory(title="Lahan dan gudang siap pakai", description="Kavling industri.")
    for query in ("bengkel las", "welding workshop", "bengkel", "las", "bengkle las"):
        found = list(capability_search(user=AnonymousUser(), query=query))
        assert [c.agency for c in found] == [blk], query
    assert list(capability_search(user=AnonymousUser(), query="las", kind="programme")) == []
