"""A guest keeps the rights the consent text promises ("I can download or erase my data at any
time"): from their input's page, once their browser proved the tracking code and e-mail
address, they download what the portal holds about them and erase the name and address their
input was sent with. The text stays, without a name; the history says so, without the data."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from forums import services
from forums.enums import Privacy
from forums.models import Reply, Submission, SubmissionEvent
from forums.personal_data import guest_export
from forums.selectors import guest_submissions
from notifications.models import OutboundEmail
from tests.factories import UserFactory
from tests.support.links import emailed_token

from .conftest import confirmed_guest, guest_session, published, queued, visitor_of

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Budi Sembiring", "budi.sembiring@contoh.id"


def guest_answered(world, privacy=Privacy.ANONYMOUS, **fields):
    """A guest's input, verified, forwarded with a note for the agency, replied to by its
    sender (from the browser that proved it) and by somebody else, and answered."""
    submission = confirmed_guest(world.forum, email=EMAIL, name=NAME, privacy=privacy, **fields)
    services.submission_verify(submission=submission, by=world.secretariat)
    services.submission_forward(
        submission=Submission.objects.get(pk=submission.pk),
        by=world.secretariat,
        agency=world.agency,
        note="Catatan internal untuk instansi.",
    )
    submission = Submission.objects.get(pk=submission.pk)
    guest = visitor_of(session=guest_session(submission))
    services.reply_create(
        submission=submission, by=guest, body="Terima kasih, saya tunggu.", ip="36.80.2.2"
    )
    if privacy != Privacy.CONFIDENTIAL:
        services.reply_create(submission=submission, by=UserFactory(), body="Saya juga.")
    services.submission_answer(
        submission=Submission.objects.get(pk=submission.pk), by=world.editor, body="Kami cek."
    )
    return Submission.objects.get(pk=submission.pk)


def sender(submission):
    browser = Client()
    session = browser.session
    session.update(guest_session(submission))
    session.save()
    return browser


# --- The download ---------------------------------------------------------------------------------


def test_the_download_holds_what_the_guest_sent_and_what_was_sent_to_them(world):
    submission = guest_answered(world)
    services.answer_rate(
        submission=submission,
        by=visitor_of(session=guest_session(submission)),
        verdict="tidak_puas",
        reason="Belum ada jadwal.",
    )
    [row] = guest_export(Submission.objects.filter(pk=submission.pk))["submissions"]
    assert (row["tracking_code"], row["name"], row["email"]) == (
        submission.tracking_code,
        NAME,
        EMAIL,
    )
    assert row["body"] == submission.body and row["privacy"] == "anonim"
    assert [reply["body"] for reply in row["replies"]] == ["Terima kasih, saya tunggu."]
    assert [(r["rating"], r["reason"]) for r in row["ratings"]] == [
        ("tidak_puas", "Belum ada jadwal.")
    ]
    assert {"received", "verified", "forwarded", "answered"} <= {
        event["to_status"] for event in row["history"]
    }
    kinds = {email["subject"] for email in row["emails"]}
    assert any(submission.tracking_code in subject for subject in kinds)
    text = json.dumps(row, ensure_ascii=False)
    assert "Catatan internal untuk instansi." not in text  # staff's note is not theirs
    assert "Saya juga." not in text  # nor is somebody else's reply


def test_the_download_page_and_file_are_the_proved_guests_only(world):
    submission = guest_answered(world)
    other = confirmed_guest(world.forum, email="lain@contoh.id", title="Masukan lain")
    url = reverse("forums:guest_data", args=[submission.tracking_code])
    for stranger in (Client(), Client()):
        assert stranger.get(url).status_code == 404
        assert stranger.get(url, {"unduh": "1"}).status_code == 404
    signed_in = Client()
    signed_in.force_login(UserFactory(email=EMAIL))  # the address, but no proof of the code
    assert signed_in.get(url, {"unduh": "1"}).status_code == 404

    browser = sender(submission)
    session = browser.session
    session["forum_submissions"] = [submission.pk, other.pk]
    session.save()
    page = browser.get(url).content.decode()
    assert submission.tracking_code in page and other.tracking_code in page
    download = browser.get(url, {"unduh": "1"})
    assert download["Content-Disposition"] == 'attachment; filename="data-kiriman-sumut-mitra.json"'
    assert download["Cache-Control"] == "private, no-store"
    data = json.loads(download.content)
    assert [row["tracking_code"] for row in data["submissions"]] == [
        submission.tracking_code,
        other.tracking_code,
    ]


def test_input_sent_with_an_account_is_the_accounts_data(world):
    submission = published(world, user=world.resident)
    browser = sender(submission)  # proved its code and the account's address
    assert (
        browser.get(reverse("forums:guest_data", args=[submission.tracking_code])).status_code
        == 404
    )
    assert not guest_submissions(visitor_of(session=guest_session(submission))).exists()
    browser.force_login(world.resident)
    page = browser.get(submission.get_absolute_url()).content.decode()
    assert reverse("accounts:data_export") in page
    assert reverse("forums:guest_erase", args=[submission.tracking_code]) not in page


# --- Erasing the name and the address -------------------------------------------------------------


def test_erasing_removes_the_name_the_address_and_what_points_to_them(world):
    submission = guest_answered(world)
    other_mail = queued("forums.status", to=world.editor.email).count()
    services.submission_send_access_link(code=submission.tracking_code)
    token = emailed_token("forums.access_link", submission)
    assert queued("forums.answered", to=EMAIL, about=submission).exists()

    services.submission_erase_personal_data(
        submission=submission, by=visitor_of(session=guest_session(submission))
    )
    erased = Submission.objects.get(pk=submission.pk)
    assert (erased.author_name, erased.author_email, erased.ip_hash) == ("", "", "")
    assert not Reply.objects.filter(submission=submission, by_submitter=True).exclude(ip_hash="")
    assert not OutboundEmail.objects.filter(to__iexact=EMAIL).exists()
    assert queued("forums.status", to=world.editor.email).count() == other_mail
    # Its text, its thread and its handling stay.
    assert erased.body == submission.body and erased.status == "answered"
    assert Reply.objects.filter(submission=submission, by_submitter=True).count() == 1
    line = SubmissionEvent.objects.filter(submission=submission).latest("pk")
    assert "dihapus" in line.note and not line.internal and line.actor is None
    # Nothing anywhere holds the name or the address any more.
    for model, fields in [
        (Submission, ["author_name", "author_email", "title", "body"]),
        (SubmissionEvent, ["note"]),
        (Reply, ["body"]),
        (OutboundEmail, ["to", "subject", "body", "html"]),
    ]:
        for field in fields:
            for needle in (NAME, EMAIL):
                assert not model.objects.filter(**{f"{field}__icontains": needle}).exists(), (
                    model,
                    field,
                )
    # The code and the old address open nothing; an old access link neither.
    assert services.submission_lookup(code=submission.tracking_code, email=EMAIL) is None
    assert services.submission_lookup(code=submission.tracking_code, email="") is None
    with pytest.raises(ValidationError, match="tidak berlaku"):
        services.submission_open_access_link(token=token)
    # Nobody writes to the old address again, whatever happens to the input.
    services.submission_send_access_link(code=submission.tracking_code)
    services.submission_follow_up(submission=erased, by=world.editor)
    assert Submission.objects.get(pk=submission.pk).status == "in_follow_up"
    assert not OutboundEmail.objects.filter(to__iexact=EMAIL).exists()


def test_only_the_proved_guest_erases(world):
    submission = guest_answered(world, privacy=Privacy.PUBLIC)
    for who in (
        visitor_of(),
        world.secretariat,
        world.editor,
        UserFactory(email=EMAIL),
        visitor_of(session=guest_session(published(world))),
    ):
        with pytest.raises(PermissionDenied):
            services.submission_erase_personal_data(submission=submission, by=who)
    assert Submission.objects.get(pk=submission.pk).author_email == EMAIL
    account_input = published(world, user=world.resident)
    with pytest.raises(PermissionDenied):
        services.submission_erase_personal_data(
            submission=account_input, by=visitor_of(session=guest_session(account_input))
        )


def test_the_guest_is_asked_first_and_then_the_page_shows_no_name(world):
    submission = guest_answered(world, privacy=Privacy.PUBLIC)
    browser = sender(submission)
    erase_url = reverse("forums:guest_erase", args=[submission.tracking_code])
    data_url = reverse("forums:guest_data", args=[submission.tracking_code])
    stranger = Client().get(submission.get_absolute_url()).content.decode()
    assert NAME in stranger  # public input shows its sender's name, until it is erased
    assert erase_url not in stranger and data_url not in stranger
    assert Client().get(erase_url).status_code == 404
    assert Client().post(erase_url).status_code == 404

    own = browser.get(submission.get_absolute_url()).content.decode()
    assert erase_url in own and data_url in own
    question = browser.get(erase_url).content.decode()
    assert "Yang dihapus" in question and "Yang tetap" in question
    assert Submission.objects.get(pk=submission.pk).author_email == EMAIL  # asking erased nothing

    done = browser.post(erase_url)
    assert done.status_code == 302 and done.url == submission.get_absolute_url()
    after = browser.get(done.url).content.decode()
    assert NAME not in after and EMAIL not in after
    assert "Seorang warga" in after
    assert erase_url not in after  # this browser no longer stands for its sender
    assert browser.get(erase_url).status_code == 404
    assert submission.pk not in browser.session.get("forum_submissions", [])


def test_erasing_rahasia_input_leads_back_to_the_tracking_page(world):
    submission = guest_answered(world, privacy=Privacy.CONFIDENTIAL)
    browser = sender(submission)
    done = browser.post(reverse("forums:guest_erase", args=[submission.tracking_code]))
    assert done.url == reverse("forums:lookup")
    assert re.search(r"dihapus dari", browser.get(done.url).content.decode())
    assert browser.get(submission.get_absolute_url()).status_code == 404
