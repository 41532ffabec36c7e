"""Seats on the lists are counted after paging, for the trainings shown (issue 11)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.trainings import make_training
from trainings import selectors

from .test_views import add_registrations

pytestmark = pytest.mark.django_db


def test_each_listed_training_shows_its_own_seats_and_waiting_list(client):
    roomy = make_training(title="Pelatihan Digital Marketing UMKM", capacity=30)
    full = make_training(title="Sertifikasi Juru Las", capacity=3)
    add_registrations(roomy, 4)
    add_registrations(full, 3)
    add_registrations(full, 2, status="waitlisted")
    add_registrations(roomy, 5, status="cancelled")

    html = client.get(reverse("trainings:list")).content.decode()
    roomy_card = html[html.index(roomy.title) :][:2500]
    full_card = html[html.index(full.title) :][:2500]
    assert "26 kursi tersisa" in roomy_card
    assert "Penuh" in full_card and "2 orang di daftar tunggu" in full_card


def test_the_list_and_its_count_never_join_the_registrations():
    training = make_training()
    add_registrations(training, 3)
    queryset = selectors.training_upcoming_list(user=AnonymousUser())
    with CaptureQueriesContext(connection) as context:
        assert queryset.count() == 1
        [row] = list(queryset[:20])
    sql = [query["sql"] for query in context.captured_queries]
    assert "trainings_registration" not in sql[0]  # the paginator's count
    assert "trainings_registration" not in sql[1]  # the page's rows
    # One query counts the seats of the page's trainings only.
    assert sum("trainings_registration" in statement for statement in sql) == 1
    assert row.confirmed == 3
    assert row.waiting == 0
