"""The organisers' message to a training's participants: one e-mail each through the outbox,
in each person's language, recorded, and limited so that nobody is flooded."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.emails import render_subject
from core import text, throttle
from core.http import absolute_url
from core.throttle import Limit
from notifications.services import email_queue, notify

from .. import rules
from ..enums import TrainingStatus
from ..models import TrainingMessage
from ..selectors import message_recipients

# Enough for a change of room, a reminder and a word of thanks; not enough to spam.
MESSAGES_PER_TRAINING = 3  # per day, whoever sends them
MESSAGES_PER_SENDER = 10  # per day, over all the trainings a person organises
PER = timedelta(days=1)


def training_message_send(*, training, by, audience, subject, body):
    """E-mail `subject` and `body` to the participants in `audience`; returns the record."""
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    if training.status == TrainingStatus.DRAFT:
        raise ValidationError(_("A draft has no participants to write to yet."))
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("Write a subject and a message."))
    recipients = list(message_recipients(training, audience))
    if not recipients:
        raise ValidationError({"audience": _("Nobody is in this group yet.")})
    url = absolute_url(reverse("trainings:registration", args=[training.reference]))
    with transaction.atomic():
        # Both counts or neither: a message refused by one limit spends none of the other.
        if throttle.take(
            Limit("trainings-msg-by", by.pk, MESSAGES_PER_SENDER, PER),
            Limit("trainings-msg-to", training.pk, MESSAGES_PER_TRAINING, PER),
        ):
            raise ValidationError(
                _(
                    "Too many messages: a training's participants get at most %(training)s a "
                    "day, and one person sends at most %(sender)s a day. Try again tomorrow."
                )
                % {"training": MESSAGES_PER_TRAINING, "sender": MESSAGES_PER_SENDER}
            )
        message = TrainingMessage.objects.create(
            training=training,
            sent_by=by,
            audience=audience,
            subject=subject,
            body=body,
            recipients=len(recipients),
        )
        for registration in recipients:
            person = registration.user
            context = {
                "name": person.full_name,
                "training": training,
                "subject": subject,
                "body": body,
                "sender": by.full_name,
                "url": url,
            }
            email_queue(
                to=person.email,
                template="training_message",
                context=context,
                language=person.preferred_language,
                kind="trainings.message",
                about=message,
            )
            notify(
                user=person,
                kind="trainings.message",
                title=lambda context=context: render_subject(
                    template="training_message", context=context
                ),
                url=reverse("trainings:registration", args=[training.reference]),
                body=text.excerpt(body, 500),  # the whole message is in the e-mail
            )
    return message
