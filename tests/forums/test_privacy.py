"""Privacy (acceptance 2): rahasia input is never published anywhere; anonim hides the identity
even from the agency; staff can only make input more private; held, hidden and quarantined input
stays off every public list."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forums import rules, selectors, services
from forums.enums import Privacy, SubmissionStatus
from forums.exports import public_dataset
from forums.models import Follow, SubmissionEvent
from forums.rules import public_name
from forums.views import PublicFeed
from tests.factories import UserFactory

from .conftest import (
    confirm_token,
    confirmed_guest,
    established,
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
TITLE = "Pungutan liar di gerbang kawasan industri"


def everywhere_public(query=""):
    """What the public pages, the feed and the export show: sets of primary keys (and the CSV)."""
    listed = selectors.submission_public_list(query=query) if query else None
    return {
        "rules": set(rules.public_submissions().values_list("pk", flat=True)),
        "list": set(selectors.submission_public_list().values_list("pk", flat=True)),
        "search": set(listed.values_list("pk", flat=True)) if listed is not None else None,
        "feed": {item.pk for item in PublicFeed().items()},
        "index": {forum.slug: forum.published for forum in selectors.forums_for_index()},
        "csv": public_dataset(selectors.submission_public_list()).export("csv"),
    }


def assert_not_public(submission, query=""):
    seen = everywhere_public(query)
    assert submission.pk not in seen["rules"]
    assert submission.pk not in seen["list"]
    assert submission.pk not in seen["feed"]
    if query:
        assert submission.pk not in seen["search"]
    assert submission.tracking_code not in seen["csv"]
    assert not rules.is_published(submission)
    assert not rules.can_view(visitor_of(), submission)


def assert_public(submission, query=""):
    seen = everywhere_public(query)
    assert submission.pk in seen["rules"]
    assert submission.pk in seen["list"]
    assert submission.pk in seen["feed"]
    if query:
        assert submission.pk in seen["search"]
    assert submission.tracking_code in seen["csv"]
    assert rules.is_published(submission)
    assert rules.can_view(visitor_of(), submission)


# --- Rahasia --------------------------------------------------------------------------------------


def test_rahasia_input_is_on_no_public_list_feed_count_or_export(world):
    secret = forwarded(world, user=world.resident, title=TITLE, privacy=Privacy.CONFIDENTIAL)
    assert secret.held is False and secret.status == S.FORWARDED

    assert_not_public(secret, query="pungutan liar")
    assert_not_public(secret, query=TITLE)
    assert_not_public(secret, query=secret.tracking_code)
    assert everywhere_public()["index"]["umum"] == 0

    # The same words in a public submission are found: the search itself works.
    visible = forwarded(world, title=TITLE)
    assert_public(visible, query="pungutan liar")
    assert_not_public(secret, query="pungutan liar")
    assert everywhere_public()["index"]["umum"] == 1


def test_rahasia_input_is_seen_only_by_the_secretariat_the_assigned_agency_and_the_submitter(
    world,
):
    secret = forwarded(world, user=world.resident, privacy=Privacy.CONFIDENTIAL)

    assert not rules.can_view(visitor_of(), secret)
    assert not rules.can_view(visitor_of(UserFactory()), secret)
    assert not rules.can_view(visitor_of(world.other_staff), secret)

    assert rules.can_view(visitor_of(world.secretariat), secret)
    for staff in (world.viewer, world.editor, world.agency_admin):
        assert rules.can_view(visitor_of(staff), secret)
    assert rules.can_view(visitor_of(world.resident), secret)


def test_a_guest_submitter_sees_their_rahasia_input_with_the_tracking_code_session(world):
    secret = confirmed_guest(world.forum, privacy=Privacy.CONFIDENTIAL)
    services.submission_verify(submission=secret, by=world.secretariat)
    secret.refresh_from_db()

    assert rules.can_view(visitor_of(session=guest_session(secret)), secret)
    assert not rules.can_view(visitor_of(), secret)
    assert not rules.can_view(visitor_of(session={rules.SESSION_KEY: [secret.pk + 1]}), secret)
    assert_not_public(secret)


def test_rahasia_input_is_not_in_the_staff_inbox_of_other_agencies(world):
    secret = forwarded(world, privacy=Privacy.CONFIDENTIAL)
    assert secret not in selectors.inbox(world.other_staff)
    assert secret in selectors.inbox(world.viewer)
    assert secret in selectors.inbox(world.secretariat)


# --- Anonim ---------------------------------------------------------------------------------------


def test_anonim_input_is_published_with_the_identity_hidden_even_from_the_agency(world):
    anonymous = forwarded(world, user=world.resident, privacy=Privacy.ANONYMOUS)

    assert_public(anonymous)
    assert rules.can_see_identity(world.secretariat, anonymous)
    for person in (world.viewer, world.editor, world.agency_admin, world.other_staff):
        assert not rules.can_see_identity(person, anonymous)
    assert not rules.can_see_identity(UserFactory(), anonymous)
    assert world.resident.full_name not in public_name(anonymous)

    feed = PublicFeed()
    [item] = [item for item in feed.items() if item.pk == anonymous.pk]
    assert world.resident.full_name not in str(feed.item_author_name(item))
    csv = public_dataset(selectors.submission_public_list()).export("csv")
    assert world.resident.full_name not in csv
    assert world.resident.email not in csv


def test_only_the_secretariat_knows_who_sent_rahasia_or_anonim_input(world):
    public = forwarded(world, user=world.resident)
    assert rules.can_see_identity(UserFactory(), public)
    assert public_name(public) == world.resident.full_name

    for privacy in (Privacy.CONFIDENTIAL, Privacy.ANONYMOUS):
        secret = forwarded(world, privacy=privacy)
        assert rules.can_see_identity(world.secretariat, secret)
        # Not even the agency it was forwarded to: a privacy change cannot reveal it either.
        assert not rules.can_see_identity(world.editor, secret)
        assert not rules.can_see_identity(world.other_staff, secret)


def test_the_export_never_holds_names_or_email_addresses(world):
    forwarded(world, user=world.resident)
    csv = public_dataset(selectors.submission_public_list()).export("csv")
    assert world.resident.full_name not in csv
    assert world.resident.email not in csv


# --- Staff may only make it more private ----------------------------------------------------------


def test_staff_cannot_make_input_more_public(world):
    anonymous = forwarded(world, privacy=Privacy.ANONYMOUS)
    secret = forwarded(world, privacy=Privacy.CONFIDENTIAL)
    for by in (world.secretariat, world.editor):
        with pytest.raises(ValidationError):
            services.submission_set_privacy(submission=anonymous, by=by, privacy=Privacy.PUBLIC)
        for privacy in (Privacy.PUBLIC, Privacy.ANONYMOUS):
            with pytest.raises(ValidationError):
                services.submission_set_privacy(submission=secret, by=by, privacy=privacy)
    anonymous.refresh_from_db()
    secret.refresh_from_db()
    assert anonymous.privacy == Privacy.ANONYMOUS
    assert secret.privacy == Privacy.CONFIDENTIAL
    assert not SubmissionEvent.objects.filter(internal=True).exists()


def test_staff_can_make_input_more_private_and_it_is_recorded_internally(world):
    submission = forwarded(world)
    services.submission_set_privacy(
        submission=submission, by=world.viewer, privacy=Privacy.ANONYMOUS
    )
    submission.refresh_from_db()
    assert submission.privacy == Privacy.ANONYMOUS
    assert_public(submission)

    services.submission_set_privacy(
        submission=submission, by=world.secretariat, privacy=Privacy.CONFIDENTIAL
    )
    submission.refresh_from_db()
    assert submission.privacy == Privacy.CONFIDENTIAL
    assert_not_public(submission)

    events = SubmissionEvent.objects.filter(submission=submission, internal=True).order_by("pk")
    assert [(event.actor, event.from_status, event.to_status) for event in events] == [
        (world.viewer, "", ""),
        (world.secretariat, "", ""),
    ]
    assert all(event.note for event in events)
    public_timeline = selectors.timeline(submission)
    assert not any(event.internal for event in public_timeline)
    assert set(selectors.timeline(submission, staff=True)) >= set(events)


def test_only_staff_of_the_submission_change_its_privacy(world):
    submission = forwarded(world, user=world.resident)
    for person in (world.other_staff, UserFactory(), world.resident):
        with pytest.raises(PermissionDenied):
            services.submission_set_privacy(
                submission=submission, by=person, privacy=Privacy.CONFIDENTIAL
            )
    submission.refresh_from_db()
    assert submission.privacy == Privacy.PUBLIC


def test_followers_are_dropped_when_input_becomes_rahasia_and_hear_nothing_more(
    world, django_capture_on_commit_callbacks
):
    submission = forwarded(world, user=world.resident)
    follower = UserFactory(email="pengikut@contoh.id")
    assert services.follow_toggle(submission=submission, user=follower) is True

    with django_capture_on_commit_callbacks(execute=True):
        services.submission_follow_up(submission=submission, by=world.editor)
    assert len(mails_to("pengikut@contoh.id")) == 1  # while public, followers hear of changes

    services.submission_set_privacy(
        submission=submission, by=world.secretariat, privacy=Privacy.CONFIDENTIAL
    )
    assert not Follow.objects.filter(submission=submission, user=follower).exists()
    assert Follow.objects.filter(submission=submission, user=world.resident).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_answer(submission=submission, by=world.editor, body="Sudah ditindak.")
    assert mails_to("pengikut@contoh.id") == []
    assert not queued("forums.answered", to="pengikut@contoh.id").exists()
    assert len(mails_to(world.resident.email)) == 1
    # A rahasia submission cannot be followed again by others.
    submission.refresh_from_db()
    with pytest.raises(ValidationError):
        services.follow_toggle(submission=submission, user=follower)


# --- Held, hidden, rejected -----------------------------------------------------------------------


def test_a_guest_submission_is_not_public_until_verified(world):
    submission = submit(world.forum, email="budi@contoh.id", title=TITLE)
    assert_not_public(submission, query=TITLE)
    services.submission_confirm_email(token=confirm_token(submission))
    submission.refresh_from_db()
    assert submission.status == S.RECEIVED and submission.held
    assert_not_public(submission, query=TITLE)

    services.submission_verify(submission=submission, by=world.secretariat)
    submission.refresh_from_db()
    assert_public(submission, query=TITLE)


def test_the_first_submission_of_a_new_account_is_held_until_verified(world):
    submission = submit(world.forum, user=world.resident)
    assert submission.status == S.RECEIVED and submission.held
    assert_not_public(submission)
    assert rules.can_view(visitor_of(world.resident), submission)  # the submitter still sees it

    services.submission_verify(submission=submission, by=world.secretariat)
    submission.refresh_from_db()
    assert_public(submission)


def test_an_established_account_is_published_at_once(world):
    user = established()
    submission = submit(world.forum, user=user)
    assert not submission.held
    assert_public(submission)


def test_a_moderator_can_publish_a_held_submission_before_verifying_it(world):
    submission = submit(world.forum)
    services.moderate_submission(submission=submission, by=world.secretariat, action="publish")
    submission.refresh_from_db()
    assert submission.status == S.RECEIVED
    assert_public(submission)


def test_hidden_input_is_on_no_list_but_its_submitter_still_sees_it(world):
    submission = forwarded(world, user=world.resident, title=TITLE)
    services.moderate_submission(submission=submission, by=world.secretariat, action="hide")
    submission.refresh_from_db()
    assert_not_public(submission, query=TITLE)
    assert everywhere_public()["index"]["umum"] == 0
    assert rules.can_view(visitor_of(world.resident), submission)
    assert rules.can_view(visitor_of(world.secretariat), submission)


def test_rejected_and_unconfirmed_input_is_not_public(world):
    rejected = submit(world.forum)
    services.moderate_submission(submission=rejected, by=world.secretariat, action="publish")
    services.submission_reject(submission=rejected, by=world.secretariat, reason="Duplikat.")
    rejected.refresh_from_db()
    assert_not_public(rejected)

    unconfirmed = submit(world.forum, email="budi@contoh.id")
    services.moderate_submission(submission=unconfirmed, by=world.secretariat, action="publish")
    unconfirmed.refresh_from_db()
    assert_not_public(unconfirmed)


def test_internal_notes_are_never_in_the_public_thread(world):
    submission = forwarded(world)
    note = services.note_create(submission=submission, by=world.editor, body="Nomor HP pelapor.")
    reply = services.reply_create(
        submission=submission, by=visitor_of(UserFactory()), body="Saya juga."
    )
    assert list(selectors.thread(submission)) == [reply]
    assert set(selectors.thread(submission, staff=True)) == {note, reply}
    with pytest.raises(PermissionDenied):
        services.note_create(submission=submission, by=world.other_staff, body="Catatan")


def test_a_published_submission_is_seen_by_everyone(world):
    submission = published(world)
    assert rules.can_view(visitor_of(), submission)
    assert rules.can_view(visitor_of(world.other_staff), submission)


def timeline_of(page):
    """The history section of a page (templates/includes/timeline.html)."""
    start = page.index('id="history-heading"')
    return page[start : page.index("</section>", start)]


def test_the_timeline_names_staff_to_staff_and_never_a_hidden_submitter(world, client):
    anonymous = forwarded(world, user=world.resident, privacy=Privacy.ANONYMOUS)
    manage = reverse("forums:manage", args=[anonymous.tracking_code])

    client.force_login(world.editor)
    page = client.get(manage).content.decode()
    assert "Sekretariat Kerja Sama" in timeline_of(page)  # who verified and forwarded it
    assert world.resident.full_name not in page and world.resident.email not in page

    client.force_login(world.secretariat)
    assert world.resident.full_name in timeline_of(client.get(manage).content.decode())

    client.logout()
    public = timeline_of(client.get(anonymous.get_absolute_url()).content.decode())
    assert "Diteruskan" in public and "Disperindag Sumut" in public
    assert "Sekretariat Kerja Sama" not in public and world.resident.full_name not in public
