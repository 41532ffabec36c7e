"""core.paging: the page's keys first, then its rows; counts remembered until content changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from core import pagecache
from core.paging import DeferredPaginator
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    return [AgencyFactory(name=f"Instansi {n:02d}", status="verified") for n in range(23)]


def test_every_page_holds_the_rows_a_plain_slice_would_in_the_same_order(agencies):
    queryset = (
        Agency.objects.select_related("regency").prefetch_related("sectors").order_by("-name")
    )
    paginator = DeferredPaginator(queryset, 5, orphans=3)
    expected = list(queryset)
    seen = []
    for number in paginator.page_range:
        page = paginator.page(number)
        seen += list(page)
        assert page.start_index() == expected.index(page[0]) + 1
    assert seen == expected
    # Orphans join the last page, as Django's paginator does.
    assert paginator.num_pages == 4
    assert len(paginator.page(4)) == 8


def test_a_deep_page_fetches_its_rows_by_key_with_their_joins(agencies):
    queryset = Agency.objects.select_related("regency").prefetch_related("sectors").order_by("name")
    paginator = DeferredPaginator(queryset, 5)
    paginator.count  # noqa: B018  (counted before, as the page template does)
    with CaptureQueriesContext(connection) as context:
        rows = list(paginator.page(4))
    keys, page_rows, sectors = (query["sql"] for query in context.captured_queries)
    assert "OFFSET 15" in keys and "regency" not in keys.split("FROM")[0]
    assert "OFFSET" not in page_rows and "agencies_regency" in page_rows
    assert "agencies_agency_sectors" in sectors
    assert [row.name for row in rows] == [f"Instansi {n:02d}" for n in range(15, 20)]
    # The joined and prefetched data came with the rows: no query per row.
    with CaptureQueriesContext(connection) as context:
        [(row.regency.name, list(row.sectors.all())) for row in rows]
    assert len(context) == 0


def test_lists_that_are_not_querysets_page_as_usual():
    paginator = DeferredPaginator(list(range(12)), 5)
    assert list(paginator.page(3)) == [10, 11]
    assert paginator.count == 12


@pytest.mark.django_db(transaction=True)
def test_counts_are_remembered_per_list_until_content_changes(page_cache):  # noqa: F811
    for n in range(4):
        AgencyFactory(name=f"Koperasi {n}", status="verified")
    verified = Agency.objects.filter(status="verified").order_by("name")
    assert DeferredPaginator(verified, 2).count == 4
    with CaptureQueriesContext(connection) as context:
        assert DeferredPaginator(verified, 2).count == 4
    assert len(context) == 0  # from the cache

    # Another list (other SQL or parameters) has a count of its own.
    assert DeferredPaginator(verified.filter(name__endswith="1"), 2).count == 1
    assert DeferredPaginator(Agency.objects.filter(status="pending").order_by("pk"), 2).count == 0

    # A committed write to the table counted makes its remembered counts obsolete.
    before = pagecache.versions()["agencies_agency"]
    AgencyFactory(name="Koperasi Baru", status="verified")
    assert pagecache.versions()["agencies_agency"] > before
    assert DeferredPaginator(verified, 2).count == 5
