"""Support (dukungan) counts once per account or confirmed e-mail address; following a
submission toggles; only published input can be supported."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from forums import services
from forums.enums import Privacy
from forums.models import Follow, Support
from forums.services import SUPPORT_PER_IP, RateLimited
from tests.factories import UserFactory

from .conftest import confirmed_guest, guest_session, published, queued, submit, visitor_of

pytestmark = pytest.mark.django_db
SUPPORT_LINK = re.compile(r"/forum/dukung/([^/\s]+)/")


def support_token(submission, email):
    body = (
        queued("forums.support_confirm", to=email.strip().lower(), about=submission)
        .latest("pk")
        .body
    )
    return SUPPORT_LINK.search(body).group(1)


def count(submission):
    submission.refresh_from_db()
    return submission.support_count


def test_one_support_per_account(world):
    submission = published(world)
    supporter = UserFactory()
    assert services.support_add(submission=submission, user=supporter) is True
    assert services.support_add(submission=submission, user=supporter) is False
    assert count(submission) == 1
    assert Support.objects.filter(submission=submission).count() == 1

    services.support_add(submission=submission, user=UserFactory())
    assert count(submission) == 2


def test_support_by_email_counts_once_the_link_is_opened_and_only_once(world):
    submission = published(world)
    services.support_request_by_email(submission=submission, email="rina@contoh.id", ip="1.2.3.4")
    assert count(submission) == 0  # not before the address is confirmed

    token = support_token(submission, "rina@contoh.id")
    assert services.support_confirm(token=token) == submission
    assert count(submission) == 1
    with pytest.raises(ValidationError, match="sudah dipakai"):
        services.support_confirm(token=token)
    assert count(submission) == 1

    # Asking again with the same address (another spelling) adds nothing.
    services.support_request_by_email(submission=submission, email="Rina@Contoh.id ", ip="1.2.3.4")
    services.support_confirm(token=support_token(submission, "Rina@Contoh.id "))
    assert count(submission) == 1

    services.support_add(submission=submission, user=UserFactory())
    assert count(submission) == 2


def test_a_tampered_support_link_is_refused(world):
    submission = published(world)
    services.support_request_by_email(submission=submission, email="rina@contoh.id")
    token = support_token(submission, "rina@contoh.id")
    with pytest.raises(ValidationError):
        services.support_confirm(token=token[:-3] + "xyz")
    assert count(submission) == 0


def test_support_requests_by_email_are_rate_limited(world):
    submission = published(world)
    for n in range(SUPPORT_PER_IP):
        services.support_request_by_email(
            submission=submission, email=f"warga{n}@contoh.id", ip="36.80.1.1"
        )
    with pytest.raises(RateLimited):
        services.support_request_by_email(
            submission=submission, email="warga999@contoh.id", ip="36.80.1.1"
        )
    assert queued("forums.support_confirm").count() == SUPPORT_PER_IP


def test_unpublished_input_cannot_be_supported(world):
    held = submit(world.forum)
    secret = published(world, privacy=Privacy.CONFIDENTIAL)
    hidden = published(world)
    services.moderate_submission(submission=hidden, by=world.secretariat, action="hide")
    supporter = UserFactory()

    for submission in (held, secret, hidden):
        with pytest.raises(ValidationError):
            services.support_add(submission=submission, user=supporter)
        with pytest.raises(ValidationError):
            services.support_request_by_email(submission=submission, email="rina@contoh.id")
        assert count(submission) == 0
    assert not Support.objects.exists()
    assert not queued("forums.support_confirm").exists()


def test_a_support_link_stops_working_once_the_submission_is_hidden(world):
    submission = published(world)
    services.support_request_by_email(submission=submission, email="rina@contoh.id")
    services.moderate_submission(submission=submission, by=world.secretariat, action="hide")
    with pytest.raises(ValidationError):
        services.support_confirm(token=support_token(submission, "rina@contoh.id"))
    assert count(submission) == 0


def test_follow_toggles(world):
    submission = published(world)
    reader = UserFactory()
    assert services.follow_toggle(submission=submission, user=reader) is True
    assert Follow.objects.filter(submission=submission, user=reader).count() == 1
    assert services.follow_toggle(submission=submission, user=reader) is False
    assert not Follow.objects.filter(submission=submission, user=reader).exists()
    assert services.follow_toggle(submission=submission, user=reader) is True
    assert Follow.objects.filter(submission=submission, user=reader).count() == 1


def test_only_the_submitter_may_follow_unpublished_input(world):
    held = submit(world.forum, user=world.resident)
    with pytest.raises(ValidationError):
        services.follow_toggle(submission=held, user=UserFactory())
    # The submitter follows from the start and may stop (and start again).
    assert Follow.objects.filter(submission=held, user=world.resident).exists()
    assert services.follow_toggle(submission=held, user=world.resident) is False
    assert services.follow_toggle(submission=held, user=world.resident) is True


# --- Nobody supports their own input --------------------------------------------------------------

OWN = "Anda tidak dapat mendukung kiriman sendiri."


def guest_published(world, email="budi@contoh.id", **fields):
    submission = confirmed_guest(world.forum, email=email, **fields)
    return services.submission_verify(submission=submission, by=world.secretariat)


def test_the_author_account_cannot_support_its_own_submission(world):
    submission = published(world, user=world.resident)
    with pytest.raises(ValidationError) as refused:
        services.support_add(submission=submission, user=world.resident)
    assert refused.value.messages == [OWN]
    assert count(submission) == 0 and not Support.objects.exists()
    # Someone else still can: the refusal is about the person, not the submission.
    assert services.support_add(submission=submission, user=UserFactory()) is True
    assert count(submission) == 1


def test_an_account_with_the_address_a_guest_submission_came_from_cannot_support_it(world):
    submission = guest_published(world, email="Budi@Contoh.id")
    later_account = UserFactory(email="budi@contoh.id")
    with pytest.raises(ValidationError, match=OWN):
        services.support_add(submission=submission, user=later_account)
    with pytest.raises(ValidationError, match=OWN):
        services.support_request_by_email(
            submission=submission, email="lain@contoh.id", by=later_account
        )
    assert count(submission) == 0 and not Support.objects.exists()


def test_a_guest_who_proved_the_code_cannot_support_it_by_any_address(world):
    submission = guest_published(world, privacy=Privacy.ANONYMOUS)
    proved = visitor_of(session=guest_session(submission))
    with pytest.raises(ValidationError, match=OWN):
        services.support_request_by_email(
            submission=submission, email="alamat.lain@contoh.id", by=proved
        )
    assert not queued("forums.support_confirm").exists()


@pytest.mark.parametrize("whose", ["guest", "account"])
def test_the_senders_address_typed_by_anyone_counts_nothing_and_reveals_nothing(world, whose):
    """A stranger typing a guess at who sent anonim input gets the answer any address gets;
    only the mailbox of the address that sent it reads why nothing counts."""
    if whose == "guest":
        submission = guest_published(world, privacy=Privacy.ANONYMOUS)
        address = "budi@contoh.id"
    else:
        submission = published(world, user=world.resident, privacy=Privacy.ANONYMOUS)
        address = world.resident.email
    stranger = visitor_of()
    answers = []
    for typed in (f" {address.upper()} ", "orang.lain@contoh.id"):
        answers.append(
            services.support_request_by_email(
                submission=submission, email=typed, ip="36.80.1.9", by=stranger
            )
        )
    assert answers == [None, None]  # the same answer for both
    assert list(queued("forums.support_confirm").values_list("to", flat=True)) == [
        "orang.lain@contoh.id"
    ]
    [own_mail] = queued("forums.support_own", about=submission)
    assert own_mail.to == address
    assert "/forum/dukung/" not in own_mail.body
    assert "mendukung masukannya sendiri" in own_mail.body
    assert count(submission) == 0


def test_a_support_link_for_the_senders_own_address_is_refused(world):
    """A link made for the sender's address (before this rule, or forged with the key) counts
    nothing: opening it proves the mailbox is the sender's."""
    from forums.enums import LinkPurpose
    from forums.services.links import link_issue

    submission = guest_published(world)
    token = link_issue(
        submission=submission,
        purpose=LinkPurpose.SUPPORT,
        max_age=services.CONFIRM_MAX_AGE,
        email="budi@contoh.id",
    )
    with pytest.raises(ValidationError, match=OWN):
        services.support_confirm(token=token)
    assert count(submission) == 0 and not Support.objects.exists()


def test_the_submission_page_offers_no_support_to_its_sender(client, world):
    submission = published(world, user=world.resident, privacy=Privacy.ANONYMOUS)
    services.support_add(submission=submission, user=UserFactory())
    support_url = reverse("forums:support", args=[submission.tracking_code])
    email_url = reverse("forums:support_email", args=[submission.tracking_code])

    client.force_login(UserFactory())
    other = client.get(submission.get_absolute_url()).content.decode()
    assert f'action="{support_url}"' in other and OWN not in other

    client.force_login(world.resident)
    own = client.get(submission.get_absolute_url()).content.decode()
    assert f'action="{support_url}"' not in own and email_url not in own
    assert OWN in own and "1 dukungan" in own
    # Sent anyway (an old page, a script), it is refused and changes nothing.
    client.post(support_url)
    assert count(submission) == 1


def test_a_guest_who_proved_the_code_sees_the_count_not_the_support_link(world):
    submission = guest_published(world)
    email_url = reverse("forums:support_email", args=[submission.tracking_code])
    stranger = Client()
    assert email_url in stranger.get(submission.get_absolute_url()).content.decode()

    sender = Client()
    session = sender.session
    session.update(guest_session(submission))
    session.save()
    page = sender.get(submission.get_absolute_url()).content.decode()
    assert email_url not in page and OWN in page
    form = sender.get(email_url).content.decode()
    assert OWN in form and 'name="email"' not in form
    sender.post(email_url, {"email": "alamat.lain@contoh.id", "consent": "on"})
    assert not queued("forums.support_confirm").exists()
