"""The reply count every list shows is a column kept in step by the services (issue 11: counting
every reply of every listed submission took most of a second at province scale)."""

import threading
from datetime import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from forums import selectors, services
from forums.enums import ReplyKind, ReportReason
from forums.models import Reply, Submission
from tests.factories import AdminFactory, UserFactory

from .conftest import forwarded, visitor_of

pytestmark = pytest.mark.django_db


def counted(submission):
    """What the lists show, and what a fresh count of the thread says."""
    shown = Submission.objects.get(pk=submission.pk).reply_count
    actual = Reply.objects.filter(
        submission=submission, kind__in=[ReplyKind.REPLY, ReplyKind.ANSWER], hidden=False
    ).count()
    assert shown == actual
    return shown


def reply(submission, body="Saya juga mengalaminya."):
    return services.reply_create(submission=submission, by=visitor_of(UserFactory()), body=body)


def test_replies_and_answers_count_and_internal_notes_do_not(world):
    submission = forwarded(world)
    assert counted(submission) == 0
    reply(submission)
    reply(submission, "Di depan pabrik juga.")
    assert counted(submission) == 2
    services.note_create(submission=submission, by=world.editor, body="Cek ke Dinas PU.")
    assert counted(submission) == 2
    services.submission_answer(
        submission=submission, by=world.editor, body="Perbaikan dijadwalkan bulan depan."
    )
    assert counted(submission) == 3
    [listed] = [s for s in selectors.submission_public_list() if s.pk == submission.pk]
    assert listed.reply_count == 3


def test_hiding_and_showing_a_reply_moves_the_count_once(world):
    submission = forwarded(world)
    spam = reply(submission, "Beli obat kuat di sini!")
    reply(submission)
    services.moderate_reply(reply=spam, by=world.secretariat, action="hide")
    assert counted(submission) == 1
    # Hiding what is hidden already changes nothing.
    services.moderate_reply(reply=spam, by=world.secretariat, action="hide")
    assert counted(submission) == 1
    services.moderate_reply(reply=spam, by=world.secretariat, action="unhide")
    services.moderate_reply(reply=spam, by=world.secretariat, action="unhide")
    assert counted(submission) == 2


def test_three_reports_hide_a_reply_and_take_it_out_of_the_count(world):
    submission = forwarded(world)
    spam = reply(submission, "Iklan pinjaman online.")
    reply(submission)
    for n in range(4):  # a fourth report of a hidden reply must not count it out twice
        services.report_create(
            reason=ReportReason.SPAM, ip=f"10.0.0.{n + 1}", reply=spam, user=UserFactory()
        )
    spam.refresh_from_db()
    assert spam.hidden
    assert counted(submission) == 1


def test_the_admin_recounts_after_hiding_or_deleting_replies_inline(world, client):
    submission = forwarded(world)
    first = reply(submission)
    second = reply(submission, "Balasan kedua.")
    admin = AdminFactory()
    client.force_login(admin)
    url = reverse("admin:forums_submission_change", args=[submission.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        {
            "replies-TOTAL_FORMS": "2",
            "replies-INITIAL_FORMS": "2",
            "replies-0-id": first.pk,
            "replies-0-submission": submission.pk,
            "replies-0-hidden": "on",
            "replies-1-id": second.pk,
            "replies-1-submission": submission.pk,
            "replies-1-DELETE": "on",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "ratings-TOTAL_FORMS": "0",
            "ratings-INITIAL_FORMS": "0",
        }
    )
    for name, value in list(data.items()):
        if isinstance(value, datetime):  # the admin's date and time boxes
            local = timezone.localtime(value)
            data[f"{name}_0"] = local.strftime("%Y-%m-%d")
            data[f"{name}_1"] = local.strftime("%H:%M:%S")
            del data[name]
    data = {
        key: ("" if value is False else value) for key, value in data.items() if value is not True
    }
    data.update({name: "on" for name, value in form.initial.items() if value is True})
    response = client.post(url, data)
    errors = response.context and [
        (f.formset.prefix, f.formset.errors) for f in response.context["inline_admin_formsets"]
    ]
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors,
        errors,
    )
    assert not Reply.objects.filter(pk=second.pk).exists()
    assert Reply.objects.get(pk=first.pk).hidden
    assert counted(submission) == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_are_all_counted(world):
    submission = forwarded(world)
    people = [UserFactory() for _ in range(12)]
    barrier = threading.Barrier(len(people))
    errors = []

    def write(person, n):
        try:
            barrier.wait(timeout=10)
            services.reply_create(
                submission=submission,
                by=visitor_of(person),
                body=f"Balasan ke-{n}",
                ip=f"10.1.0.{n}",
            )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(person, n)) for n, person in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert counted(submission) == 12


def test_list_queries_no_longer_join_the_replies(world):
    forwarded(world)
    sql = str(selectors.submission_public_list().query)
    assert "forums_reply" not in sql
