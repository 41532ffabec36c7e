"""After the official answer the submitter rates it (puas / tidak puas, with a reason when not
satisfied) and may appeal once ("tidak puas, minta tindak lanjut"): the submission goes back to
the assigned agency with a new deadline, its staff and the secretariat are told, the history
says so, and the ratings feed the agency's public figures without showing anyone's."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from forums import rules, selectors, services, workdays
from forums.enums import APPEAL_KIND, Privacy, Verdict
from forums.models import AnswerRating, Submission
from notifications.models import Notification, OutboundEmail, Reminder
from tests.factories import UserFactory

from .conftest import answered, confirmed_guest, forwarded, guest_session, queued, visitor_of

pytestmark = pytest.mark.django_db

SATISFIED, NOT_SATISFIED = Verdict.SATISFIED, Verdict.NOT_SATISFIED
REASON = "Jadwal perbaikan tidak disebutkan, dan lubangnya makin besar."


def day(moment):
    """A date as the pages and e-mails write it (28 November 2026)."""
    with translation.override("id"):
        return formats.date_format(timezone.localtime(moment), "j F Y")


def stored(submission):
    return Submission.objects.get(pk=submission.pk)


def rate(submission, by, verdict=SATISFIED, reason=""):
    return services.answer_rate(submission=submission, by=by, verdict=verdict, reason=reason)


def appeal(submission, by, reason=REASON):
    return services.submission_appeal(submission=submission, by=by, reason=reason)


def answer_again(world, submission, body="Perbaikan dimulai Senin, 7 Desember."):
    services.submission_answer(submission=stored(submission), by=world.editor, body=body)
    return stored(submission)


# --- Rating ---------------------------------------------------------------------------------------


def test_the_submitter_rates_the_answer_once_and_the_agency_is_credited(world):
    submission = answered(world, user=world.resident)
    rating = rate(submission, world.resident)
    assert (rating.verdict, rating.agency, rating.answer.kind) == (
        SATISFIED,
        world.agency,
        "answer",
    )
    assert rating.reason == "" and not rating.appealed
    line = submission.events.order_by("-pk").first()
    assert (line.actor, line.to_status, line.internal) == (world.resident, "", False)
    assert line.note == "Pengirim menilai jawaban: puas."
    assert stored(submission).status == "answered"  # rating moves nothing

    with pytest.raises(ValidationError, match="sudah menilai jawaban ini"):
        rate(submission, world.resident, NOT_SATISFIED, REASON)
    assert AnswerRating.objects.count() == 1
    assert selectors.agency_satisfaction(world.agency) == {
        "rated": 1,
        "satisfied": 1,
        "percent": 100,
    }
    assert selectors.agency_satisfaction(world.other_agency)["rated"] == 0


def test_not_satisfied_needs_a_reason(world):
    submission = answered(world, user=world.resident)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            rate(submission, world.resident, NOT_SATISFIED, reason)
        assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        rate(submission, world.resident, "lumayan")
    assert not AnswerRating.objects.exists()
    rating = rate(submission, world.resident, NOT_SATISFIED, f"  {REASON} ")
    assert rating.reason == REASON


def test_the_database_refuses_a_not_satisfied_rating_without_a_reason(world):
    submission = answered(world, user=world.resident)
    answer = selectors.latest_answer(submission)
    with pytest.raises(IntegrityError):
        AnswerRating.objects.create(
            submission=submission, answer=answer, verdict=NOT_SATISFIED, reason=""
        )


def test_only_the_submitter_rates(world):
    submission = answered(world, user=world.resident)
    for person in (UserFactory(), world.editor, world.agency_admin, world.secretariat, None):
        with pytest.raises(PermissionDenied):
            rate(submission, person)
        with pytest.raises(PermissionDenied):
            appeal(submission, person)
    with pytest.raises(PermissionDenied):
        rate(submission, visitor_of())  # a browser that proved nothing
    assert not AnswerRating.objects.exists()
    assert stored(submission).status == "answered"


def test_a_guest_who_proved_the_code_rates_and_appeals(world):
    submission = confirmed_guest(world.forum, privacy=Privacy.ANONYMOUS)
    services.submission_verify(submission=submission, by=world.secretariat)
    services.submission_forward(
        submission=stored(submission), by=world.secretariat, agency=world.agency
    )
    services.submission_answer(submission=stored(submission), by=world.editor, body="Kami cek.")
    guest = visitor_of(session=guest_session(submission))
    rate(stored(submission), guest, NOT_SATISFIED, REASON)
    appeal(stored(submission), guest)
    assert stored(submission).status == "in_follow_up"
    # The history names nobody but staff: a guest has no account to name.
    actors = set(submission.events.values_list("actor", flat=True))
    assert actors <= {None, world.secretariat.pk, world.editor.pk}


def test_an_answer_can_be_rated_while_answered_and_for_a_while_after_closing(world, settings):
    settings.FORUM_RATING_DAYS = 14
    forwarded_only = forwarded(world, user=world.resident)
    with pytest.raises(ValidationError, match="dapat dinilai selama"):
        rate(forwarded_only, world.resident)

    closed = answered(world, user=world.resident)
    services.submission_close(submission=closed, by=world.resident)
    assert rules.rating_open(stored(closed))
    rate(stored(closed), world.resident)

    late = answered(world, user=world.resident)
    services.submission_close(submission=late, by=world.resident)
    Submission.objects.filter(pk=late.pk).update(
        closed_at=timezone.now() - timedelta(days=14, minutes=1)
    )
    with pytest.raises(ValidationError, match="14 hari"):
        rate(stored(late), world.resident)
    assert AnswerRating.objects.filter(submission=late).count() == 0


def test_after_closing_by_itself_the_answer_can_still_be_rated_but_not_appealed(world):
    submission = answered(world, user=world.resident)
    Submission.objects.filter(pk=submission.pk).update(
        close_due=timezone.now() - timedelta(hours=1)
    )
    assert services.submissions_autoclose() == 1
    closed = stored(submission)
    assert closed.status == "closed"
    with pytest.raises(ValidationError):
        appeal(closed, world.resident)
    rate(closed, world.resident, NOT_SATISFIED, REASON)
    assert stored(submission).status == "closed" and stored(submission).appealed_at is None


# --- The one appeal -------------------------------------------------------------------------------


def test_an_appeal_reopens_it_to_the_agency_with_a_new_deadline_and_a_line_in_the_history(
    world, django_capture_on_commit_callbacks
):
    submission = answered(world, user=world.resident, privacy=Privacy.ANONYMOUS)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        appeal(submission, world.resident)
    reopened = stored(submission)
    assert reopened.status == "in_follow_up"
    assert reopened.appealed_at >= before and reopened.close_due is None
    assert reopened.answer_due == workdays.deadline(reopened.appealed_at, services.ANSWER_WITHIN)
    assert reopened.assigned_agency == world.agency
    [rating] = AnswerRating.objects.filter(submission=submission)
    assert (rating.verdict, rating.reason, rating.appealed) == (NOT_SATISFIED, REASON, True)

    move = reopened.events.get(from_status="answered", to_status="in_follow_up")
    assert move.actor == world.resident and move.agency == world.agency and not move.internal
    assert "meminta tindak lanjut" in move.note
    assert REASON not in move.note  # the reason stays off the public timeline

    # The reminders follow the new deadline.
    pending = Reminder.objects.filter(object_id=str(submission.pk), status="pending")
    assert set(pending.values_list("rule__key", "moment")) == {
        ("forum_answer_overdue", reopened.answer_due),
        ("forum_answer_escalation", reopened.answer_due),
    }


def test_the_agency_and_the_secretariat_hear_of_the_appeal_and_never_who_sent_it(
    world, django_capture_on_commit_callbacks
):
    world.resident.full_name = "Siti Rahasia Rahmawati"
    world.resident.save()
    submission = answered(world, user=world.resident, privacy=Privacy.ANONYMOUS)
    with django_capture_on_commit_callbacks(execute=True):
        appeal(submission, world.resident)
    bells = Notification.objects.filter(kind=APPEAL_KIND)
    assert set(bells.values_list("user", flat=True)) == {
        world.editor.pk,
        world.agency_admin.pk,
        world.secretariat.pk,
    }
    staff_mail = queued(APPEAL_KIND, about=submission)
    assert set(staff_mail.values_list("to", flat=True)) == {
        world.editor.email,
        world.agency_admin.email,
        world.secretariat.email,
    }
    due = day(stored(submission).answer_due)
    for row in staff_mail:
        assert submission.tracking_code in row.subject and due in row.subject
        assert f"/forum/kelola/{submission.tracking_code}/" in row.body
    # The submitter is told too, with the new date.
    [told] = queued("forums.appealed", to=world.resident.email)
    assert submission.title in told.body and due in told.body
    # Nothing of the submitter's, nor their reason, in any of it.
    for row in OutboundEmail.objects.filter(kind=APPEAL_KIND):
        text = f"{row.subject} {row.body} {row.html}"
        assert "Siti Rahasia" not in text and world.resident.email not in text
        assert REASON not in text
    for bell in bells:
        assert "Siti Rahasia" not in f"{bell.title} {bell.body}" and REASON not in bell.body
    assert {m.to[0] for m in mail.outbox} >= {world.editor.email, world.secretariat.email}


def test_an_appeal_is_once_only_and_the_second_answer_is_rated_on_its_own(world):
    submission = answered(world, user=world.resident)
    rate(submission, world.resident, NOT_SATISFIED, "Belum jelas kapan.")
    appeal(stored(submission), world.resident)
    again = answer_again(world, submission)
    assert again.status == "answered" and again.close_due is not None
    assert not rules.appeal_open(again)
    with pytest.raises(ValidationError, match="sudah pernah diminta"):
        appeal(again, world.resident)
    assert stored(submission).status == "answered"

    rate(again, world.resident, SATISFIED)
    ratings = list(AnswerRating.objects.filter(submission=submission).order_by("pk"))
    assert [(r.verdict, r.appealed) for r in ratings] == [(NOT_SATISFIED, True), (SATISFIED, False)]
    assert ratings[0].answer != ratings[1].answer
    assert ratings[0].reason == REASON  # the appeal's reason replaced the first one
    assert selectors.agency_satisfaction(world.agency) == {
        "rated": 2,
        "satisfied": 1,
        "percent": 50,
    }


def test_an_answer_rated_satisfying_is_not_appealed(world):
    submission = answered(world, user=world.resident)
    rate(submission, world.resident, SATISFIED)
    with pytest.raises(ValidationError, match="memuaskan"):
        appeal(stored(submission), world.resident)
    assert stored(submission).status == "answered" and stored(submission).appealed_at is None


def test_an_appeal_needs_a_reason_and_an_answered_submission(world):
    submission = answered(world, user=world.resident)
    with pytest.raises(ValidationError) as refused:
        appeal(submission, world.resident, reason="  ")
    assert "reason" in refused.value.message_dict
    waiting = forwarded(world, user=world.resident)
    with pytest.raises(ValidationError):
        appeal(waiting, world.resident)
    assert not Submission.objects.filter(appealed_at__isnull=False).exists()
    assert not AnswerRating.objects.exists()


def test_the_database_keeps_one_appeal_per_submission(world):
    submission = answered(world, user=world.resident)
    appeal(submission, world.resident)
    second = answer_again(world, submission)
    with pytest.raises(IntegrityError):
        AnswerRating.objects.create(
            submission=second,
            answer=selectors.latest_answer(second),
            verdict=NOT_SATISFIED,
            reason="Lagi.",
            appealed=True,
        )


# --- Pages ----------------------------------------------------------------------------------------


def page(client, submission):
    return client.get(submission.get_absolute_url()).content.decode()


def test_the_submitter_rates_and_appeals_from_the_submission_page(client, world):
    submission = answered(world, user=world.resident)
    rate_url = reverse("forums:rate", args=[submission.tracking_code])
    appeal_url = reverse("forums:appeal", args=[submission.tracking_code])

    reader = Client()
    reader.force_login(UserFactory())
    public = page(reader, submission)
    assert "Perbaikan jalan dijadwalkan bulan depan." in public  # the answer is there
    assert rate_url not in public and appeal_url not in public
    assert reader.get(rate_url).status_code == 404 and reader.get(appeal_url).status_code == 404

    client.force_login(world.resident)
    own = page(client, submission)
    assert f'action="{rate_url}"' in own and appeal_url in own
    refused = client.post(rate_url, {"verdict": NOT_SATISFIED, "reason": ""})
    assert refused.status_code == 200
    assert "Sebutkan apa yang kurang dari jawaban" in refused.content.decode()
    assert not AnswerRating.objects.exists()
    sent = client.post(rate_url, {"verdict": NOT_SATISFIED, "reason": REASON})
    assert sent.status_code == 302
    own = page(client, submission)
    assert 'id="my-rating"' in own and "Tidak puas" in own and REASON in own
    assert f'action="{rate_url}"' not in own  # rated once

    form = client.get(appeal_url).content.decode()
    assert REASON in form and "satu kali" in form  # the reason carried over
    client.post(appeal_url, {"reason": REASON})
    reopened = stored(submission)
    assert reopened.status == "in_follow_up"
    own = page(client, submission)
    assert appeal_url not in own and 'id="appealed"' in own
    assert day(reopened.answer_due) in own

    answer_again(world, submission)
    own = page(client, submission)
    assert f'action="{rate_url}"' in own  # the new answer may be rated
    assert appeal_url not in own and 'id="appealed"' in own  # but not appealed again
    assert client.get(appeal_url).status_code == 302


def test_the_public_sees_the_rating_but_never_the_reason(client, world):
    submission = answered(world, user=world.resident, privacy=Privacy.ANONYMOUS)
    rate(submission, world.resident, NOT_SATISFIED, REASON)
    public = page(Client(), submission)
    assert "Penilaian pengirim" in public and "Tidak puas" in public
    assert REASON not in public and world.resident.full_name not in public

    client.force_login(world.resident)
    assert REASON in page(client, submission)
    staff = Client()
    staff.force_login(world.editor)
    manage = staff.get(reverse("forums:manage", args=[submission.tracking_code])).content.decode()
    assert REASON in manage and world.resident.full_name not in manage


def test_the_agency_sees_the_appeal_and_the_new_deadline_on_its_staff_page(client, world):
    submission = answered(world, user=world.resident)
    appeal(submission, world.resident)
    client.force_login(world.editor)
    manage = client.get(reverse("forums:manage", args=[submission.tracking_code])).content.decode()
    assert 'id="appealed"' in manage and "Tindak lanjut diminta" in manage
    assert day(stored(submission).answer_due) in manage
    assert reverse("forums:action", args=[submission.tracking_code, "jawab"]) in manage
    inbox = client.get(reverse("forums:inbox")).content.decode()
    row = inbox[inbox.index(submission.title) :]
    row = row[: row.index("</article>")]
    assert "Tindak lanjut diminta" in row and day(stored(submission).answer_due).split()[0] in row


def test_the_agency_profile_shows_satisfaction_and_no_single_rating(client, world):
    secret = answered(world, user=world.resident, privacy=Privacy.CONFIDENTIAL, title="Pungli izin")
    rate(secret, world.resident, NOT_SATISFIED, REASON)
    public = answered(world, user=UserFactory(), title="Jalan rusak")
    rate(public, public.author, SATISFIED)
    third = answered(world, user=UserFactory(), title="Lampu padam")
    rate(third, third.author, SATISFIED)
    profile = client.get(world.agency.get_absolute_url()).content.decode()
    assert "67%" in profile and "2 dari 3" in profile
    assert "Pungli izin" not in profile and REASON not in profile
    other = client.get(world.other_agency.get_absolute_url()).content.decode()
    assert "Belum ada jawaban yang dinilai" in other


@pytest.mark.parametrize("value", ["\x00", "ab\x00cd", "x" * 3000])
def test_malformed_ratings_and_appeals_from_the_submitter_are_form_errors(client, world, value):
    """The malformed-input walk reaches these pages only as a stranger (a 404): here as the
    submitter, whose forms they are."""
    submission = answered(world, user=world.resident)
    client.force_login(world.resident)
    rate_url = reverse("forums:rate", args=[submission.tracking_code])
    appeal_url = reverse("forums:appeal", args=[submission.tracking_code])
    for data in ({"verdict": value, "reason": REASON}, {"verdict": NOT_SATISFIED, "reason": value}):
        assert client.post(rate_url, data).status_code == 200, data
    assert client.post(appeal_url, {"reason": value}).status_code == 200
    assert not AnswerRating.objects.exists()
    assert stored(submission).status == "answered"


def test_past_the_rating_window_the_page_offers_nothing_to_rate(client, world, settings):
    settings.FORUM_RATING_DAYS = 14
    submission = answered(world, user=world.resident)
    services.submission_close(submission=submission, by=world.resident)
    client.force_login(world.resident)
    rate_url = reverse("forums:rate", args=[submission.tracking_code])
    within = page(client, submission)
    assert f'action="{rate_url}"' in within and day(timezone.now() + timedelta(days=14)) in within
    Submission.objects.filter(pk=submission.pk).update(
        closed_at=timezone.now() - timedelta(days=15)
    )
    after = page(client, submission)
    assert "Perbaikan jalan dijadwalkan bulan depan." in after
    assert f'action="{rate_url}"' not in after and 'id="rating"' not in after
    assert client.get(rate_url).status_code == 302


def test_an_accounts_data_download_holds_its_ratings(world):
    from forums import personal_data

    submission = answered(world, user=world.resident)
    rate(submission, world.resident, NOT_SATISFIED, REASON)
    data = personal_data.export(world.resident)
    assert [(r["tracking_code"], r["rating"], r["reason"]) for r in data["ratings"]] == [
        (submission.tracking_code, NOT_SATISFIED, REASON)
    ]
    assert personal_data.export(UserFactory())["ratings"] == []
