import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.trainings import make_training
from trainings.models import Training

pytestmark = pytest.mark.django_db


def test_hooks_see_exactly_the_fetched_rows_once_per_evaluation():
    for n in range(5):
        make_training(title=f"Pelatihan {n}")
    seen = []
    queryset = Training.objects.order_by("pk").after_fetch(lambda rows: seen.append(list(rows)))

    assert queryset.count() == 5
    assert seen == []  # counting fetches no rows

    page = queryset[1:3]
    assert [t.title for t in page] == ["Pelatihan 1", "Pelatihan 2"]
    list(page)  # evaluated already: the hook does not run again
    assert [[t.title for t in rows] for rows in seen] == [["Pelatihan 1", "Pelatihan 2"]]

    # Chained querysets keep their hooks; values() has no instances to finish.
    assert len(queryset.filter(title__endswith="4")) == 1
    assert len(seen) == 2
    list(queryset.values("title"))
    assert len(seen) == 2
    # No rows, no hook (and no query for it).
    with CaptureQueriesContext(connection) as context:
        assert list(queryset.filter(title="tidak ada")) == []
    assert len(context) == 1
    assert len(seen) == 2
