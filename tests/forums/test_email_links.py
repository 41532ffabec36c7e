"""The links the forum e-mails name nobody: the URL holds a random token (its hash is kept),
never the address, the name or the submission. Each link works once, until it expires, and
says why when it does not work (used, expired, from before this change)."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums.enums import LinkPurpose, Privacy, SubmissionStatus
from forums.models import EmailLink, Submission, Support
from notifications.models import OutboundEmail
from tests.factories import UserFactory
from tests.support.links import assert_names_nobody, emailed_token, emailed_urls, readable_pieces

from .conftest import published, submit

pytestmark = pytest.mark.django_db
NAME = "Butet Manurung"
EMAIL = "butet.manurung@contoh.id"
SUPPORTER = "rina.siregar@contoh.id"


def test_the_decoding_reads_what_a_signed_link_carries():
    """The check below would see an address carried the way the old links carried it."""
    for payload in ({"s": 1, "e": EMAIL}, {"s": 1, "e": EMAIL, "pad": "x" * 400}):
        token = signing.dumps(payload, salt="any", compress=True)
        assert EMAIL in readable_pieces(f"https://portal.test/forum/konfirmasi/{token}/")


def a_guest_submission(world, privacy=Privacy.ANONYMOUS):
    return submit(world.forum, email=EMAIL, name=NAME, privacy=privacy)


def test_no_link_the_forum_e_mails_names_the_sender_or_the_supporter(world):
    """The confirmation, the access link and the support link of an anonim guest's input: their
    URLs, decoded as far as anyone can, hold neither address nor name nor tracking code."""
    submission = a_guest_submission(world)
    services.submission_confirm_email(token=emailed_token("forums.confirm", submission))
    submission = services.submission_verify(submission=submission, by=world.secretariat)
    services.submission_send_access_link(code=submission.tracking_code)
    services.support_request_by_email(submission=submission, email=SUPPORTER, ip="10.1.1.1")

    kinds = set(OutboundEmail.objects.values_list("kind", flat=True))
    assert {"forums.confirm", "forums.access_link", "forums.support_confirm"} <= kinds
    links = {url for url in emailed_urls() if re.search(r"/forum/(konfirmasi|akses|dukung)/", url)}
    assert len(links) == 3  # each in the text and the HTML part
    assert_names_nobody(
        links, EMAIL, "butet.manurung", NAME, SUPPORTER, "rina.siregar", submission.tracking_code
    )
    # The database keeps only the tokens' hashes.
    for url in links:
        token = url.rstrip("/").rsplit("/", 1)[-1]
        assert not EmailLink.objects.filter(digest__contains=token).exists()
    # Every other link in those e-mails names nobody either.
    assert_names_nobody(emailed_urls(), EMAIL, NAME, SUPPORTER)


def test_the_confirmation_link_works_once(world):
    submission = a_guest_submission(world)
    link = reverse("forums:confirm", args=[emailed_token("forums.confirm", submission)])
    browser = Client()
    assert "Konfirmasi" in browser.get(link).content.decode()  # a GET (a mail scanner) asks only
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.UNCONFIRMED

    opened = browser.post(link)
    assert opened.url == submission.get_absolute_url()
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.RECEIVED

    again = Client().post(link)
    assert again.status_code == 400
    page = again.content.decode()
    assert "Tautan ini sudah dipakai" in page and submission.tracking_code not in page
    assert reverse("forums:lookup") in page  # the way on: its tracking code
    assert Submission.objects.get(pk=submission.pk).events.count() == 2  # no second move


def test_an_expired_confirmation_link_says_so(world):
    submission = a_guest_submission(world)
    token = emailed_token("forums.confirm", submission)
    EmailLink.objects.filter(submission=submission).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = Client().post(reverse("forums:confirm", args=[token]))
    assert response.status_code == 400
    assert "Tautan ini sudah kedaluwarsa" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.UNCONFIRMED


def test_links_in_the_old_signed_format_are_refused_with_their_own_message(world):
    """Links e-mailed before this change carried the address; nothing in them is read now."""
    submission = a_guest_submission(world)
    old_confirm = signing.dumps({"s": submission.pk, "e": EMAIL}, salt="sumut_mitra.forums.confirm")
    response = Client().post(reverse("forums:confirm", args=[old_confirm]))
    assert response.status_code == 400
    assert "versi portal sebelumnya" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.UNCONFIRMED

    shown = published(world)
    old_support = signing.dumps({"s": shown.pk, "e": SUPPORTER}, salt="sumut_mitra.forums.support")
    with pytest.raises(ValidationError, match="versi portal sebelumnya") as refused:
        services.support_confirm(token=old_support)
    assert refused.value.error_list[0].code == "old"
    assert not Support.objects.exists()

    old_access = signing.dumps({"s": shown.pk, "n": ""}, salt="sumut_mitra.forums.access")
    response = Client().post(reverse("forums:access", args=[old_access]))
    assert response.status_code == 400
    assert "versi portal sebelumnya" in response.content.decode()
    assert "forum_submissions" not in Client().session


def test_the_support_link_counts_once_then_says_it_was_used(world):
    submission = published(world)
    services.support_request_by_email(submission=submission, email=SUPPORTER, ip="10.1.1.2")
    # Pending, the support is not counted and is no Support row yet.
    assert not Support.objects.exists()
    link = reverse(
        "forums:support_confirm",
        args=[emailed_token("forums.support_confirm", submission, to=SUPPORTER)],
    )
    Client().post(link)
    submission.refresh_from_db()
    assert submission.support_count == 1
    assert list(Support.objects.values_list("email", flat=True)) == [SUPPORTER]

    again = Client().post(link)
    assert again.status_code == 400
    assert "Tautan ini sudah dipakai" in again.content.decode()
    submission.refresh_from_db()
    assert submission.support_count == 1


def test_a_support_link_that_expired_says_so(world):
    submission = published(world)
    services.support_request_by_email(submission=submission, email=SUPPORTER, ip="10.1.1.3")
    token = emailed_token("forums.support_confirm", submission, to=SUPPORTER)
    EmailLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="kedaluwarsa") as refused:
        services.support_confirm(token=token)
    assert refused.value.error_list[0].code == "expired"
    assert not Support.objects.exists()


def test_a_refused_link_is_not_used_up(world):
    """A link refused for a reason that can pass (the input hidden for a while) still works
    once the reason is gone: a failed request never uses a link."""
    submission = published(world)
    services.support_request_by_email(submission=submission, email=SUPPORTER, ip="10.1.1.4")
    token = emailed_token("forums.support_confirm", submission, to=SUPPORTER)
    services.moderate_submission(submission=submission, by=world.secretariat, action="hide")
    with pytest.raises(ValidationError):
        services.support_confirm(token=token)
    assert EmailLink.objects.get(purpose=LinkPurpose.SUPPORT).used_at is None


def test_an_access_link_opens_once_and_ends_the_older_ones(world):
    submission = a_guest_submission(world, privacy=Privacy.CONFIDENTIAL)
    services.submission_confirm_email(token=emailed_token("forums.confirm", submission))
    services.submission_send_access_link(code=submission.tracking_code)
    older = emailed_token("forums.access_link", submission)
    services.submission_send_access_link(code=submission.tracking_code)
    newer = emailed_token("forums.access_link", submission)
    assert older != newer

    assert services.submission_open_access_link(token=newer) == submission
    with pytest.raises(ValidationError, match="sudah dipakai"):
        services.submission_open_access_link(token=newer)
    with pytest.raises(ValidationError, match="tidak berlaku lagi"):
        services.submission_open_access_link(token=older)


def test_expired_links_and_the_addresses_they_kept_are_purged(world):
    submission = published(world)
    services.support_request_by_email(submission=submission, email=SUPPORTER, ip="10.1.1.5")
    services.support_request_by_email(submission=submission, email="lain@contoh.id", ip="10.1.1.5")
    EmailLink.objects.filter(email=SUPPORTER).update(expires_at=timezone.now() - timedelta(hours=1))
    assert services.email_links_purge() == 1
    assert list(EmailLink.objects.values_list("email", flat=True)) == ["lain@contoh.id"]


def test_deleting_an_account_withdraws_its_links_and_its_pending_supports(world):
    from forums import personal_data

    person = UserFactory(email=SUPPORTER)
    own = submit(world.forum, email=SUPPORTER, name=NAME)  # sent as a guest, before the account
    services.submission_confirm_email(token=emailed_token("forums.confirm", own))
    services.submission_send_access_link(code=own.tracking_code)
    other = published(world)
    services.support_request_by_email(submission=other, email=SUPPORTER, ip="10.1.1.6")
    services.support_request_by_email(submission=other, email="lain@contoh.id", ip="10.1.1.6")
    assert EmailLink.objects.filter(email=SUPPORTER).exists()
    assert EmailLink.objects.filter(submission=own, purpose=LinkPurpose.ACCESS).exists()

    personal_data.erase(person)
    assert list(EmailLink.objects.values_list("purpose", "email")) == [
        (LinkPurpose.SUPPORT, "lain@contoh.id")
    ]
