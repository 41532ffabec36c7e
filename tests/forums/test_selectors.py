"""Reads for staff pages and agency profiles: the answer record and the inbox."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forums import selectors, services
from forums.models import Submission
from tests.factories import AgencyFactory, UserFactory

from .conftest import answered, forwarded, published, submit

pytestmark = pytest.mark.django_db


def answered_after(world, days, agency=None):
    submission = answered(world)
    if agency is not None:
        Submission.objects.filter(pk=submission.pk).update(assigned_agency=agency)
    forwarded_at = timezone.now() - timedelta(days=30)
    Submission.objects.filter(pk=submission.pk).update(
        forwarded_at=forwarded_at, answered_at=forwarded_at + timedelta(days=days)
    )
    return submission


def test_the_answer_record_counts_answers_and_their_median_time(world):
    for days in (1, 2, 4.5):
        answered_after(world, days)
    forwarded(world)  # not answered yet: not counted
    answered_after(world, 20, agency=world.other_agency)

    assert selectors.agency_answer_record(world.agency) == {
        "answered": 3,
        "median_days": 2.0,
        "median_hours": 48,
    }
    assert selectors.agency_answer_record(world.other_agency) == {
        "answered": 1,
        "median_days": 20.0,
        "median_hours": 480,
    }


def test_the_median_of_an_even_number_of_answers_is_the_mean_of_the_middle_two(world):
    answered_after(world, 1)
    answered_after(world, 2)
    assert selectors.agency_answer_record(world.agency) == {
        "answered": 2,
        "median_days": 1.5,
        "median_hours": 36,
    }


def test_an_agency_with_no_answers_has_no_median():
    assert selectors.agency_answer_record(AgencyFactory()) == {
        "answered": 0,
        "median_days": None,
        "median_hours": None,
    }


def test_the_answer_record_counts_through_the_services(world):
    submission = forwarded(world)
    services.submission_answer(submission=submission, by=world.editor, body="Sudah ditangani.")
    record = selectors.agency_answer_record(world.agency)
    assert record["answered"] == 1
    assert 0 <= record["median_days"] < 0.1
    assert record["median_hours"] == 1  # "within an hour", never "within 0,0 days"


def test_the_agency_page_says_hours_for_quick_answers_and_never_zero_days(client, world):
    submission = forwarded(world)
    services.submission_answer(submission=submission, by=world.editor, body="Sudah ditangani.")
    page = client.get(world.agency.get_absolute_url()).content.decode()
    assert "dalam 1 jam setelah diteruskan" in page
    assert "0,0 hari" not in page and "0 hari" not in page


def test_the_inbox_of_agency_staff_holds_only_their_agency_overdue_first(world):
    now = timezone.now()
    later = forwarded(world, title="Masih lama")
    overdue = forwarded(world, title="Terlambat")
    sooner = forwarded(world, title="Segera")
    elsewhere = forwarded(world, title="Instansi lain")
    services.submission_forward(
        submission=elsewhere, by=world.secretariat, agency=world.other_agency
    )
    Submission.objects.filter(pk=later.pk).update(answer_due=now + timedelta(days=5))
    Submission.objects.filter(pk=overdue.pk).update(answer_due=now - timedelta(hours=1))
    Submission.objects.filter(pk=sooner.pk).update(answer_due=now + timedelta(days=1))
    done = answered(world, title="Sudah dijawab")
    closed = answered(world, title="Selesai")
    services.submission_close(submission=closed, by=closed.author)
    published(world, title="Belum diteruskan")  # the secretariat's, not the agency's

    inbox = list(selectors.inbox(world.viewer))
    assert [item.title for item in inbox] == [
        "Terlambat",
        "Segera",
        "Masih lama",
        "Sudah dijawab",
    ]
    assert [item.is_overdue for item in inbox] == [True, False, False, False]
    assert [item.pk for item in selectors.inbox(world.viewer, overdue=True)] == [overdue.pk]
    assert [item.pk for item in selectors.inbox(world.editor, status="answered")] == [done.pk]

    assert [item.pk for item in selectors.inbox(world.other_staff)] == [elsewhere.pk]
    assert list(selectors.inbox(UserFactory())) == []


def test_the_secretariat_inbox_holds_everything_open_with_late_verification_first(world):
    late = submit(world.forum, title="Belum diverifikasi, terlambat")
    Submission.objects.filter(pk=late.pk).update(verify_due=timezone.now() - timedelta(hours=1))
    fresh = submit(world.forum, title="Baru masuk")
    in_agency = forwarded(world, title="Di instansi")
    submit(world.forum, email="budi@contoh.id", title="Belum dikonfirmasi")
    submit(world.forum, title="Bot", looks_like_a_bot=True)

    inbox = list(selectors.inbox(world.secretariat))
    assert inbox[0].pk == late.pk and inbox[0].is_overdue
    assert {item.pk for item in inbox} == {late.pk, fresh.pk, in_agency.pk}

    queues = selectors.secretariat_queues()
    assert queues["to_verify"] == 2
    assert queues["to_forward"] == 0
    assert queues["overdue"] == 1
    assert queues["held"] == 2  # the new accounts' first submissions, before review
