"""The SP4N-LAPOR!-style workflow: received → verified → forwarded → followed up → answered →
closed (or rejected), with deadlines in working days, a tracking code, e-mails and a timeline."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies.enums import AgencyStatus
from forums import services, workdays
from forums.enums import ReplyKind, SubmissionStatus
from forums.models import Reply, Submission, SubmissionEvent
from tests.factories import AgencyFactory, UserFactory

from .conftest import (
    answered,
    confirm_token,
    forwarded,
    guest_session,
    mails_to,
    published,
    queued,
    submit,
    visitor_of,
)

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def timeline(submission):
    return [
        (event.from_status, event.to_status, event.actor)
        for event in SubmissionEvent.objects.filter(submission=submission, internal=False)
    ]


# --- Submitting -----------------------------------------------------------------------------------


def test_an_account_submission_is_received_with_a_deadline_a_code_and_an_email(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(world.forum, user=world.resident)

    submission.refresh_from_db()
    assert submission.status == S.RECEIVED
    assert submission.received_at is not None
    assert submission.verify_due == workdays.deadline(submission.received_at, 3)
    assert timezone.localtime(submission.verify_due).strftime("%H:%M:%S") == "23:59:59"
    year = timezone.localtime(submission.created_at).year
    assert re.fullmatch(rf"SM-{year}-[2-9A-HJKMNP-Z]{{6}}", submission.tracking_code)

    email = queued("forums.received", about=submission).get()
    assert email.to == "siti@contoh.id"
    assert submission.tracking_code in email.subject
    assert submission.tracking_code in email.body
    [sent] = mails_to("siti@contoh.id")
    assert submission.tracking_code in sent.subject

    assert timeline(submission) == [("", S.RECEIVED, world.resident)]
    assert submission.follows.filter(user=world.resident).exists()


def test_tracking_codes_are_drawn_at_random_and_tell_nothing_of_the_count(world):
    """A code neither counts the submissions before it nor lets the next one be guessed."""
    codes = [submit(world.forum, user=UserFactory()).tracking_code for _ in range(6)]
    suffixes = [code.rsplit("-", 1)[1] for code in codes]
    assert len(set(suffixes)) == 6
    assert not any(suffix.isdigit() for suffix in suffixes[:3]) or suffixes != sorted(suffixes)
    for suffix in suffixes:
        assert not set(suffix) & set("01ILO"), suffix  # nothing to misread


def test_a_drawn_code_that_is_taken_is_drawn_again(world, monkeypatch):
    from forums.services import submitting

    taken = submit(world.forum, user=UserFactory()).tracking_code
    draws = iter([taken, taken, "SM-2026-BARU22"])
    monkeypatch.setattr(submitting, "new_tracking_code", lambda now: next(draws))
    assert submit(world.forum, user=UserFactory()).tracking_code == "SM-2026-BARU22"


def test_the_year_in_the_tracking_code_is_the_year_in_medan(world, monkeypatch):
    # New Year's night, 01.00 WIB: still 31 December in UTC. The clock is the process edge.
    new_year_in_medan = datetime(2026, 12, 31, 18, 0, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr(timezone, "now", lambda: new_year_in_medan)
    submission = submit(world.forum, user=world.resident)
    assert submission.tracking_code.startswith("SM-2027-")
    assert submission.verify_due == datetime(
        2027, 1, 6, 23, 59, 59, tzinfo=ZoneInfo("Asia/Jakarta")
    )


def test_tracking_codes_are_unique(world):
    first = submit(world.forum)
    second = submit(world.forum)
    assert first.tracking_code != second.tracking_code


def test_a_guest_submission_waits_for_the_email_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(world.forum, email="budi@contoh.id", name="Budi Nainggolan")

    assert submission.status == S.UNCONFIRMED
    assert submission.author is None
    assert submission.verify_due is None
    assert submission.held  # published only after the secretariat's review
    assert not queued("forums.received").exists()
    [sent] = mails_to("budi@contoh.id")
    token = confirm_token(submission)
    assert token in sent.body
    # Not in the queue, not found by the lookup form, until the address is confirmed.
    assert services.submission_lookup(code=submission.tracking_code, email="budi@contoh.id") is None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.submission_confirm_email(token=token)

    confirmed.refresh_from_db()
    assert confirmed.pk == submission.pk
    assert confirmed.status == S.RECEIVED
    assert confirmed.email_confirmed_at is not None
    assert confirmed.verify_due == workdays.deadline(confirmed.received_at, 3)
    assert queued("forums.received", to="budi@contoh.id", about=submission).count() == 1
    assert len(mails_to("budi@contoh.id")) == 1
    assert timeline(submission) == [("", S.UNCONFIRMED, None), (S.UNCONFIRMED, S.RECEIVED, None)]
    found = services.submission_lookup(
        code=submission.tracking_code.lower(), email="BUDI@contoh.id"
    )
    assert found == submission


def test_the_confirmation_link_works_once_and_says_so_the_second_time(world):
    submission = submit(world.forum, email="budi@contoh.id")
    token = confirm_token(submission)
    services.submission_confirm_email(token=token)
    with pytest.raises(ValidationError, match="sudah dipakai") as refused:
        services.submission_confirm_email(token=token)
    assert refused.value.error_list[0].code == "used"
    submission.refresh_from_db()
    assert submission.status == S.RECEIVED
    assert queued("forums.received", about=submission).count() == 1
    assert SubmissionEvent.objects.filter(submission=submission, to_status=S.RECEIVED).count() == 1


def test_a_tampered_confirmation_link_is_refused(world):
    submission = submit(world.forum, email="budi@contoh.id")
    token = confirm_token(submission)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    with pytest.raises(ValidationError):
        services.submission_confirm_email(token=tampered)
    with pytest.raises(ValidationError):
        services.submission_confirm_email(token="not-a-token")

    submission.refresh_from_db()
    assert submission.status == S.UNCONFIRMED
    assert submission.email_confirmed_at is None


def test_a_closed_forum_takes_no_input(world):
    world.forum.is_active = False
    world.forum.save()
    with pytest.raises(ValidationError):
        submit(world.forum, user=world.resident)
    assert not Submission.objects.exists()


def test_a_guest_must_give_an_email_address(world):
    with pytest.raises(ValidationError):
        services.submission_create(
            forum=world.forum, kind="aspirasi", title="Usul", body="Isi", privacy="public"
        )
    assert not Submission.objects.exists()


# --- The whole way through ------------------------------------------------------------------------


def test_verify_forward_follow_up_answer_close(world, django_capture_on_commit_callbacks):
    submission = submit(world.forum, user=world.resident)

    with django_capture_on_commit_callbacks(execute=True):
        services.submission_verify(submission=submission, by=world.secretariat)
    submission.refresh_from_db()
    assert submission.status == S.VERIFIED
    assert not submission.held
    assert queued("forums.status", to=world.resident.email, about=submission).count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_forward(
            submission=submission, by=world.secretariat, agency=world.agency, note="Kewenangan"
        )
    submission.refresh_from_db()
    assert submission.status == S.FORWARDED
    assert submission.assigned_agency == world.agency
    assert submission.answer_due == workdays.deadline(submission.forwarded_at, 5)
    told = set(queued("forums.forwarded", about=submission).values_list("to", flat=True))
    assert told == {world.editor.email, world.agency_admin.email}
    assert mails_to(world.editor.email) and mails_to(world.agency_admin.email)
    assert not mails_to(world.viewer.email)
    assert not mails_to(world.other_staff.email)
    forward_event = SubmissionEvent.objects.get(submission=submission, to_status=S.FORWARDED)
    assert forward_event.agency == world.agency
    # The note for the agency is staff-only: it never reaches the public timeline.
    assert forward_event.note == "" and not forward_event.internal
    note = SubmissionEvent.objects.get(submission=submission, note="Kewenangan")
    assert note.internal

    services.submission_follow_up(submission=submission, by=world.editor)
    submission.refresh_from_db()
    assert submission.status == S.IN_FOLLOW_UP

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.submission_answer(
            submission=submission, by=world.agency_admin, body="Perbaikan dimulai **Senin**."
        )
    submission.refresh_from_db()
    assert answer.kind == ReplyKind.ANSWER
    assert answer.agency == world.agency
    assert answer.author == world.agency_admin
    assert "<strong>Senin</strong>" in answer.body_html
    assert submission.status == S.ANSWERED
    assert submission.close_due == workdays.deadline(submission.answered_at, 10)
    assert queued("forums.answered", to=world.resident.email, about=submission).count() == 1
    assert len(mails_to(world.resident.email)) == 1

    services.submission_close(submission=submission, by=visitor_of(world.resident))
    submission.refresh_from_db()
    assert submission.status == S.CLOSED
    assert submission.closed_at is not None
    assert submission.close_due is None

    assert timeline(submission) == [
        ("", S.RECEIVED, world.resident),
        (S.RECEIVED, S.VERIFIED, world.secretariat),
        (S.VERIFIED, S.FORWARDED, world.secretariat),
        (S.FORWARDED, S.IN_FOLLOW_UP, world.editor),
        (S.IN_FOLLOW_UP, S.ANSWERED, world.agency_admin),
        (S.ANSWERED, S.CLOSED, world.resident),
    ]


def test_the_agency_may_answer_straight_from_forwarded(world):
    submission = forwarded(world, user=world.resident)
    services.submission_answer(submission=submission, by=world.editor, body="Sudah ditangani.")
    submission.refresh_from_db()
    assert submission.status == S.ANSWERED


def test_the_secretariat_may_forward_again_to_another_agency(world):
    submission = forwarded(world)
    services.submission_forward(
        submission=submission, by=world.secretariat, agency=world.other_agency
    )
    submission.refresh_from_db()
    assert submission.status == S.FORWARDED
    assert submission.assigned_agency == world.other_agency
    assert list(
        SubmissionEvent.objects.filter(submission=submission, to_status=S.FORWARDED)
        .order_by("pk")
        .values_list("agency", flat=True)
    ) == [world.agency.pk, world.other_agency.pk]


def test_a_guest_submitter_closes_with_the_session_of_the_tracking_code(world):
    submission = submit(world.forum, email="budi@contoh.id")
    services.submission_confirm_email(token=confirm_token(submission))
    services.submission_verify(submission=submission, by=world.secretariat)
    services.submission_forward(submission=submission, by=world.secretariat, agency=world.agency)
    services.submission_answer(submission=submission, by=world.editor, body="Jawaban resmi.")
    submission.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.submission_close(submission=submission, by=visitor_of())
    services.submission_close(
        submission=submission, by=visitor_of(session=guest_session(submission))
    )
    submission.refresh_from_db()
    assert submission.status == S.CLOSED
    assert SubmissionEvent.objects.get(submission=submission, to_status=S.CLOSED).actor is None


def test_someone_else_cannot_close_it(world):
    submission = answered(world, user=world.resident)
    for person in (UserFactory(), world.editor, world.secretariat):
        with pytest.raises(PermissionDenied):
            services.submission_close(submission=submission, by=visitor_of(person))
        # However the service is called (a view, the admin, a task), the rule holds.
        with pytest.raises(PermissionDenied):
            services.submission_close(submission=submission, by=person)
    with pytest.raises(PermissionDenied):
        services.submission_close(submission=submission, by=None)
    submission.refresh_from_db()
    assert submission.status == S.ANSWERED


# --- Rejection ------------------------------------------------------------------------------------


def test_rejection_needs_a_reason_and_emails_it(world, django_capture_on_commit_callbacks):
    submission = submit(world.forum, user=world.resident)
    with pytest.raises(ValidationError):
        services.submission_reject(submission=submission, by=world.secretariat, reason="")
    submission.refresh_from_db()
    assert submission.status == S.RECEIVED

    reason = "Bukan kewenangan pemerintah provinsi; silakan ke Pemko Medan."
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_reject(submission=submission, by=world.secretariat, reason=reason)
    submission.refresh_from_db()
    assert submission.status == S.REJECTED
    assert submission.rejection_reason == reason
    email = queued("forums.rejected", to=world.resident.email, about=submission).get()
    assert reason in email.body
    [sent] = mails_to(world.resident.email)[-1:]
    assert reason in sent.body
    event = SubmissionEvent.objects.get(submission=submission, to_status=S.REJECTED)
    assert (event.from_status, event.actor, event.note) == (S.RECEIVED, world.secretariat, reason)


def test_a_verified_submission_can_still_be_rejected(world):
    submission = published(world)
    services.submission_reject(submission=submission, by=world.secretariat, reason="Duplikat.")
    submission.refresh_from_db()
    assert submission.status == S.REJECTED


# --- Refused moves --------------------------------------------------------------------------------


def test_moves_the_state_machine_does_not_allow_are_refused(world):
    received = submit(world.forum)
    with pytest.raises(ValidationError):
        services.submission_forward(submission=received, by=world.secretariat, agency=world.agency)
    received.refresh_from_db()
    assert received.status == S.RECEIVED and received.assigned_agency is None

    verified = published(world)
    with pytest.raises(ValidationError):
        services.submission_verify(submission=verified, by=world.secretariat)

    in_agency = forwarded(world)
    with pytest.raises(ValidationError):
        services.submission_reject(submission=in_agency, by=world.secretariat, reason="Terlambat")
    with pytest.raises(ValidationError):
        services.submission_close(submission=in_agency, by=in_agency.author)

    done = answered(world)
    with pytest.raises(ValidationError):
        services.submission_answer(submission=done, by=world.editor, body="Jawaban kedua")
    assert Reply.objects.filter(submission=done, kind=ReplyKind.ANSWER).count() == 1
    services.submission_close(submission=done, by=done.author)
    with pytest.raises(ValidationError):
        services.submission_follow_up(submission=done, by=world.editor)
    done.refresh_from_db()
    assert done.status == S.CLOSED


def test_refused_moves_leave_no_trace_on_the_timeline(world):
    verified = published(world)
    before = SubmissionEvent.objects.filter(submission=verified).count()
    with pytest.raises(ValidationError):
        services.submission_verify(submission=verified, by=world.secretariat)
    assert SubmissionEvent.objects.filter(submission=verified).count() == before


def test_only_the_secretariat_verifies_and_forwards(world):
    submission = submit(world.forum)
    for person in (world.agency_admin, world.editor, world.resident, submission.author):
        with pytest.raises(PermissionDenied):
            services.submission_verify(submission=submission, by=person)
        with pytest.raises(PermissionDenied):
            services.submission_reject(submission=submission, by=person, reason="Tidak")
    services.submission_verify(submission=submission, by=world.secretariat)
    for person in (world.agency_admin, world.editor):
        with pytest.raises(PermissionDenied):
            services.submission_forward(submission=submission, by=person, agency=world.agency)
    submission.refresh_from_db()
    assert submission.status == S.VERIFIED
    assert submission.assigned_agency is None


def test_only_a_verified_agency_takes_submissions(world):
    submission = published(world)
    pending = AgencyFactory(status=AgencyStatus.PENDING)
    with pytest.raises(ValidationError):
        services.submission_forward(submission=submission, by=world.secretariat, agency=pending)
    submission.refresh_from_db()
    assert submission.status == S.VERIFIED


def test_only_editors_and_admins_of_the_assigned_agency_answer(world):
    submission = forwarded(world)
    for person in (world.viewer, world.other_staff, world.secretariat, submission.author):
        with pytest.raises(PermissionDenied):
            services.submission_answer(submission=submission, by=person, body="Jawaban")
        with pytest.raises(PermissionDenied):
            services.submission_follow_up(submission=submission, by=person)
    submission.refresh_from_db()
    assert submission.status == S.FORWARDED
    assert not Reply.objects.filter(submission=submission).exists()

    services.submission_answer(submission=submission, by=world.editor, body="Jawaban resmi.")
    submission.refresh_from_db()
    assert submission.status == S.ANSWERED


def test_an_empty_answer_is_refused(world):
    submission = forwarded(world)
    with pytest.raises(ValidationError):
        services.submission_answer(submission=submission, by=world.editor, body="   ")
    submission.refresh_from_db()
    assert submission.status == S.FORWARDED


# --- Closing automatically ------------------------------------------------------------------------


def test_answered_submissions_close_automatically_once_close_due_has_passed(
    world, django_capture_on_commit_callbacks
):
    overdue = answered(world, user=world.resident)
    Submission.objects.filter(pk=overdue.pk).update(
        close_due=timezone.now() - timezone.timedelta(minutes=1)
    )
    still_running = answered(world)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.submissions_autoclose() == 1

    overdue.refresh_from_db()
    still_running.refresh_from_db()
    assert overdue.status == S.CLOSED
    assert overdue.closed_at is not None
    assert overdue.close_due is None
    assert still_running.status == S.ANSWERED
    event = SubmissionEvent.objects.get(submission=overdue, to_status=S.CLOSED)
    assert event.actor is None
    assert event.note
    assert queued("forums.autoclosed", to=world.resident.email, about=overdue).count() == 1
    assert len(mails_to(world.resident.email)) == 1
    # Running it again changes nothing.
    assert services.submissions_autoclose() == 0


def test_a_reply_from_the_submitter_after_the_answer_stops_the_automatic_closing(
    world, django_capture_on_commit_callbacks
):
    submission = answered(world, user=world.resident)
    assert submission.close_due is not None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(
            submission=submission,
            by=visitor_of(world.resident),
            body="Jalan belum diperbaiki sampai hari ini.",
        )
    submission.refresh_from_db()
    assert submission.close_due is None
    # Back with the agency, with a new deadline the inboxes watch.
    assert submission.status == S.IN_FOLLOW_UP
    assert submission.answer_due > timezone.now()
    # The agency hears that the resident answered back.
    assert mails_to(world.editor.email) and mails_to(world.agency_admin.email)

    assert services.submissions_autoclose() == 0
    submission.refresh_from_db()
    assert submission.status == S.IN_FOLLOW_UP


def test_a_reply_from_someone_else_keeps_the_automatic_closing(world):
    submission = answered(world)
    due = submission.close_due
    services.reply_create(
        submission=submission, by=visitor_of(UserFactory()), body="Saya juga mengalaminya."
    )
    submission.refresh_from_db()
    assert submission.close_due == due


def test_a_followed_up_again_submission_does_not_close_automatically(world):
    submission = answered(world)
    Submission.objects.filter(pk=submission.pk).update(
        close_due=timezone.now() - timezone.timedelta(minutes=1)
    )
    submission.refresh_from_db()
    services.submission_follow_up(submission=submission, by=world.editor)
    assert services.submissions_autoclose() == 0
    submission.refresh_from_db()
    assert submission.status == S.IN_FOLLOW_UP
