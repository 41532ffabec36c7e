"""Support (dukungan) counts once per account or confirmed e-mail address; following a
submission toggles; only published input can be supported."""

import re

import pytest
from django.core.exceptions import ValidationError

from forums import services
from forums.enums import Privacy
from forums.models import Follow, Support
from forums.services import SUPPORT_PER_IP, RateLimited
from tests.factories import UserFactory

from .conftest import published, queued, submit

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
