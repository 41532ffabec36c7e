"""What the trainings' services share: the two workflows, a registration's move and the
participant's e-mail about it, and the count of confirmed seats."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.emails import render_subject
from core.http import absolute_url
from core.workflow import Workflow
from notifications.services import email_queue, notify

from .. import checkin, rules, selectors
from ..enums import (
    CONFIRMED,
    REGISTRATION_TRANSITIONS,
    TRAINING_TRANSITIONS,
    RegistrationStatus,
    TrainingStatus,
)
from ..models import RegistrationEvent, TrainingEvent

R = RegistrationStatus

TRAINING_WORKFLOW = Workflow(
    TrainingStatus,
    TRAINING_TRANSITIONS,
    history=TrainingEvent,
    subject="training",
    refused=gettext_lazy("A training that is %(from)s cannot become %(to)s."),
    lowercase=True,
)
REGISTRATION_WORKFLOW = Workflow(
    RegistrationStatus,
    REGISTRATION_TRANSITIONS,
    history=RegistrationEvent,
    subject="registration",
    refused=gettext_lazy("This registration is %(from)s and cannot become %(to)s."),
    lowercase=True,
)


def _set_status(registration, to_status, actor, note=""):
    """Move a registration the table allows to move (who may ask for it: _check_move)."""
    if note:
        registration.reason = note
    REGISTRATION_WORKFLOW.move(
        registration, to_status, actor=actor, note=note, update_fields=["reason"]
    )


# E-mails that offer a link to cancel (to the page that says what cancelling does and asks).
OFFERS_CANCELLING = {"received", "approved", "waitlisted", "promoted", "changed"}


def _notify(registration, event, *, attachments=(), position=None, **extra):
    """E-mail the participant (in their language, from the worker, after commit), with
    `attachments` ([(file name, bytes, content type)]), and tell them in the portal.

    Someone on the waiting list reads their place on it as it is now (`position`, counted
    here unless the caller counted it for many at once); the page shows it as it changes."""
    user = registration.user
    training = registration.training
    if position is None and registration.status == R.WAITLISTED:
        position = selectors.waitlist_position(registration)
    context = {
        "event": event,
        "name": user.full_name,
        "training": training,
        "registration": registration,
        "code": checkin.display(registration.code),
        "url": absolute_url(reverse("trainings:registration", args=[training.reference])),
        "position": position if registration.status == R.WAITLISTED else None,
        **extra,
    }
    if event in OFFERS_CANCELLING and rules.can_cancel_own(registration):
        context["cancel_url"] = absolute_url(
            reverse("trainings:cancel_own", args=[training.reference])
        )
    images = {}
    if event in {"approved", "promoted"}:
        images["qr"] = checkin.qr_png(checkin.signed_token(registration.code))
        context["token"] = checkin.signed_token(registration.code)
    email_queue(
        to=user.email,
        template="training_registration",
        context=context,
        language=user.preferred_language,
        kind=f"trainings.{event}",
        about=registration,
        inline_images=images,
        attachments=attachments,
    )
    notify(
        user=user,
        kind="trainings.registration",
        title=lambda: render_subject(template="training_registration", context=context),
        url=reverse("trainings:registration", args=[training.reference]),
    )


def _confirmed_count(training):
    return training.registrations.filter(status__in=sorted(CONFIRMED)).count()
