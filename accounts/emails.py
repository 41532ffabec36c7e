"""Rendering and sending of e-mails, always in the recipient's language."""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


class EmailDeliveryError(Exception):
    """The mail server could not take the message; the caller tells the person what to do."""


def render_templated_email(*, template, context, language=None):
    """Render templates/emails/<template>_subject.txt, .txt and .html: (subject, text, html).

    `language` is the recipient's language; the sender's (current request) language is irrelevant.
    """
    context = {"site_name": "Sumut Mitra", **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), body, html  # a header never spans lines


# The outbox's queue (notifications.services.email_queue registers itself here when it starts:
# accounts sits below notifications and may not import it).
OUTBOX = []


def queue_templated_email(*, to, template, context, kind, language=None, about=None):
    """Render now and queue through the outbox: a worker sends it once the transaction commits,
    retries it, and the admin lists it (conventions, rule 16)."""
    if not OUTBOX:
        raise ImproperlyConfigured("no outbox registered: is the notifications app installed?")
    (queue,) = OUTBOX
    return queue(
        to=to, template=template, context=context, language=language, kind=kind, about=about
    )


def send_templated_email(*, to, template, context, language=None):
    """Render and send at once, inside the request, for the e-mails whose failure the person
    is told about at once (verification, invitations); the outbox keeps a copy."""
    subject, body, html = render_templated_email(
        template=template, context=context, language=language
    )
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    message.attach_alternative(html, "text/html")
    record = {"to": to, "subject": subject, "body": body, "html": html, "kind": template}
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.exception("could not send %s e-mail", template)
        _record(**record, language=language or "", error=f"{type(exc).__name__}: {exc}")
        raise EmailDeliveryError(str(exc)) from exc
    _record(**record, language=language or "", error="")


# Who keeps a copy of every e-mail (the notifications app's outbox registers itself here: accounts
# sits below it and may not import it).
RECORDERS = []


def _record(**message):
    for recorder in RECORDERS:
        try:
            recorder(**message)
        except Exception:  # the copy must never stop the e-mail itself
            logger.exception("could not record an e-mail in the outbox")
