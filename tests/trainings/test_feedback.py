"""Feedback: after completion, from those who attended, once, rated 1 to 5."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.trainings.conftest import ongoing_training, register
from trainings import services
from trainings.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """A two-session training: one person came to both, one to the first, one to none."""
    training = ongoing_training(sessions=2, min_attendance_percent=50)
    organiser = training.organiser_user
    came, half, absent = register(training), register(training), register(training)
    first, second = training.sessions.order_by("starts_at")
    for session, registration in [(first, came), (second, came), (first, half)]:
        services.attendance_tick(  # the first session was yesterday: ticked on the list
            session=session, registration=registration, by=organiser, method="list"
        )
    return training, came, half, absent


def complete(training):
    services.training_move(training=training, to_status="completed", by=training.organiser_user)
    for registration in training.registrations.all():
        registration.refresh_from_db()


def give(registration, rating=5, comment=""):
    registration.refresh_from_db()
    return services.feedback_submit(
        registration=registration, by=registration.user, rating=rating, comment=comment
    )


def test_feedback_opens_only_once_the_training_is_completed(setting):
    training, came, _half, _absent = setting

    with pytest.raises(ValidationError):
        give(came)
    assert not Feedback.objects.exists()

    complete(training)
    feedback = give(came, rating=4, comment="  Praktiknya kurang lama.  ")

    assert (feedback.registration, feedback.rating, feedback.comment) == (
        came,
        4,
        "Praktiknya kurang lama.",
    )


def test_those_who_attended_in_part_may_give_feedback_but_not_those_who_did_not_come(setting):
    training, _came, half, absent = setting
    complete(training)

    assert give(half, rating=3).rating == 3
    with pytest.raises(ValidationError):
        give(absent)

    absent.refresh_from_db()
    assert absent.status == "no_show"
    assert list(Feedback.objects.values_list("registration", flat=True)) == [half.pk]


def test_feedback_is_given_once(setting):
    training, came, _half, _absent = setting
    complete(training)
    give(came, rating=5)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        give(came, rating=1)

    assert refused.value.messages == ["You have already given feedback on this training."]
    assert Feedback.objects.get().rating == 5


def test_only_the_participant_gives_their_feedback(setting):
    training, came, half, _absent = setting
    complete(training)

    with pytest.raises(PermissionDenied):
        services.feedback_submit(registration=came, by=half.user, rating=1)

    assert not Feedback.objects.exists()


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused_as_such(setting, rating):
    training, came, _half, _absent = setting
    complete(training)

    with pytest.raises(ValidationError) as refused:
        give(came, rating=rating)

    # The complaint is about the rating, not a claim that feedback was already given.
    assert list(refused.value.message_dict) == ["rating"]
    assert not Feedback.objects.exists()
    assert give(came, rating=1).rating == 1
