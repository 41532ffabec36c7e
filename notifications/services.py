"""The outbox: queue an e-mail now, send it from a worker after the transaction commits."""

import base64
import logging
import smtplib
from datetime import timedelta
from email.mime.image import MIMEImage

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.emails import render_templated_email
from accounts.models import normalise_email
from core import background
from core.http import absolute_url

from . import rules
from .enums import Channel, EmailStatus
from .models import Notification, OutboundEmail, Preference
from .registry import DIGEST, KINDS, Message, is_email_kind
from .tasks import send_email

logger = logging.getLogger(__name__)


def email_queue(
    *, to, template, context, language, kind, about=None, inline_images=None, attachments=None
):
    """Render templates/emails/<template>* in `language` and queue it for the worker.

    `inline_images` ({cid: PNG bytes}) are attached so the HTML can show them as cid:<name>;
    `attachments` ([(file name, bytes, content type)]) are files that go with the message.
    """
    if not is_email_kind(kind):
        raise ValueError(
            f"e-mail kind {kind!r} is registered nowhere (registry.register_email_kind)"
        )
    subject, body, html = render_templated_email(
        template=template, context=context, language=language
    )
    email = OutboundEmail.objects.create(
        to=to,
        subject=subject[:300],
        body=body,
        html=html,
        inline_images={
            cid: base64.b64encode(png).decode() for cid, png in (inline_images or {}).items()
        },
        attachments=[
            [name, content_type, base64.b64encode(content).decode()]
            for name, content, content_type in (attachments or ())
        ],
        kind=kind,
        language=language or "",
        content_type=ContentType.objects.get_for_model(about) if about is not None else None,
        object_id=str(about.pk) if about is not None else "",
    )
    background.enqueue_on_commit(send_email, email.pk)
    return email


def email_send(*, pk):
    """Send one queued e-mail. Returns True when sent, False when someone else has it, it is
    already sent or it used up its attempts; raises EmailSendFailed (to be retried) when the
    server refused it."""
    claimable = Q(status__in=[EmailStatus.QUEUED, EmailStatus.FAILED]) | (
        Q(status=EmailStatus.SENDING) & background.stale_claim()
    )
    if not background.claim(
        OutboundEmail.objects.filter(claimable, pk=pk), status=EmailStatus.SENDING
    ):
        return False
    email = OutboundEmail.objects.get(pk=pk)
    email_transmit(
        email=email,
        attachments=[
            (name, base64.b64decode(content), content_type)
            for name, content_type, content in email.attachments
        ],
    )
    return True


def email_transmit(*, email, attachments=(), errors=(smtplib.SMTPException, OSError)):
    """Hand one outbox row to the mail server and record the outcome on the row: sent, or
    failed with the error (then EmailSendFailed is raised for the caller to retry).

    `attachments` are extra files [(name, bytes, content type)]; `errors` are the exceptions
    counted as a refusal rather than a bug."""
    message = EmailMultiAlternatives(subject=email.subject, body=email.body, to=[email.to])
    if email.html:
        message.attach_alternative(email.html, "text/html")
        if email.inline_images:
            message.mixed_subtype = "related"
        for cid, data in email.inline_images.items():
            image = MIMEImage(base64.b64decode(data), "png")
            image.add_header("Content-ID", f"<{cid}>")
            image.add_header("Content-Disposition", "inline", filename=f"{cid}.png")
            message.attach(image)
    for name, content, content_type in attachments:
        message.attach(name, content, content_type)
    try:
        message.send()
    except errors as exc:
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        logger.warning("e-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        raise EmailSendFailed(str(exc)) from exc
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )


class EmailSendFailed(Exception):
    pass


def email_resend(*, email, by):
    """An admin sends a failed message again (its attempts start over)."""
    if not rules.can_resend_email(by):
        raise PermissionDenied
    updated = OutboundEmail.objects.filter(
        pk=email.pk, status__in=[EmailStatus.FAILED, EmailStatus.QUEUED]
    ).update(status=EmailStatus.QUEUED, attempts=0, last_error="", enqueued_at=timezone.now())
    if updated:
        background.enqueue_on_commit(send_email, email.pk)
    return bool(updated)


def outbox_sweep(*, now=None):
    """Enqueue again what a lost broker message (the first one, or a retry's) or a dead worker
    left behind; a message tried too often is marked failed. Returns how many were enqueued.

    A reminder's e-mail is left to its delivery, which sends it (notifications.reminders). A
    failed message older than OUTBOX_RETRY_HOURS is left failed: a sign-in link or a reminder
    that arrives days late misleads more than it helps."""
    now = now or timezone.now()
    not_done = Q(status__in=[EmailStatus.QUEUED, EmailStatus.SENDING]) | Q(
        status=EmailStatus.FAILED,
        attempts__lt=background.max_attempts(),
        created_at__gte=now - timedelta(hours=settings.OUTBOX_RETRY_HOURS),
    )
    requeued, _failed = background.sweep(
        OutboundEmail.objects.filter(not_done, delivery__isnull=True),
        task=send_email,
        failed=EmailStatus.FAILED,
        now=now,
    )
    return requeued


# --- Notifications --------------------------------------------------------------------------------


def channel_for(user, kind):
    """How `user` wants `kind`: their preference, e-mail by default; mandatory kinds are never
    off (a resident's own submission, a participant's own registration)."""
    return channels_for([user], kind)[user.pk]


def channels_for(users, kind):
    """`channel_for` for many people at once, in one query: {user pk: channel}."""
    chosen = dict(
        Preference.objects.filter(user__in=[user.pk for user in users], kind=kind).values_list(
            "user_id", "channel"
        )
    )
    definition = KINDS.get(kind)
    mandatory = definition is not None and definition.mandatory
    channels = {}
    for user in users:
        channel = chosen.get(user.pk, Channel.EMAIL)
        if mandatory and channel == Channel.OFF:
            channel = Channel.EMAIL
        channels[user.pk] = channel
    return channels


def preference_set(*, user, kind, channel):

    definition = KINDS.get(kind)
    if definition is None:
        raise ValueError(kind)
    if definition.mandatory and channel == Channel.OFF:
        channel = Channel.EMAIL
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


def notifications_mark_read(*, user, pks=None):

    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.update(read_at=timezone.now())


def digests_send(*, now=None):
    """Daily (beat): one e-mail per person who chose the digest, listing what happened."""

    now = now or timezone.now()
    users = (
        Notification.objects.filter(digest=True, digested_at__isnull=True, created_at__lte=now)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(users):
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(user_id=user_id, digest=True, digested_at__isnull=True, created_at__lte=now)
                .select_related("user")
                .order_by("created_at")
            )
            if not items:
                continue
            user = items[0].user
            email_queue(
                to=user.email,
                template="digest",
                context={
                    "name": user.full_name,
                    "items": items,
                    "site_url": settings.SITE_URL.rstrip("/"),
                },
                language=user.preferred_language,
                kind=DIGEST,
            )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(digested_at=now)
            sent += 1
    return sent


def notify_each(
    *,
    kind,
    message,
    template,
    users=(),
    addresses=(),
    actor=None,
    told=None,
    email_kind=None,
    about=None,
):
    """Tell each person once about one event, in their own language; returns who was told.

    users: accounts, each told as their setting for `kind` says: in the portal, with an e-mail
        now or in the daily digest (or not at all). Inactive accounts are skipped.
    addresses: (e-mail, name) of people without an account: an e-mail, in the default language.
    actor: whoever made the event happen, who is never told of it.
    told: what an earlier call told of the same event (a set this call adds to), so that a
        person reached twice (by their account and by an address) hears once.
    message(recipient): the registry.Message for `recipient` (an account, or the address of
        someone without one), called in the recipient's language; its attachments go with the
        e-mail.
    template: templates/emails/<template>*, rendered with title, body, url (absolute), name and
        settings_url. email_kind: the outbox rows' kind (default `kind`); about: their object.

    The e-mails go through the outbox (sent by a worker once the transaction commits). Queries:
    one for everyone's settings, one for all the notifications, one per e-mail queued.
    """
    told = set() if told is None else told
    if actor is not None and getattr(actor, "pk", None):
        told |= {("user", actor.pk), ("email", normalise_email(actor.email))}
    people = {}
    for user in users:
        known = {("user", user.pk), ("email", normalise_email(user.email))}
        if user.is_active and not known & told:
            people.setdefault(user.pk, user)
    people = list(people.values())
    channels = channels_for(people, kind)
    settings_url = absolute_url(reverse("notifications:preferences"))
    rows = []

    def _email(to, name, language, text, settings_url=settings_url):
        email_queue(
            to=to,
            template=template,
            context={
                "title": text.title,
                "body": text.body,
                "url": absolute_url(text.url),
                "name": name,
                "settings_url": settings_url,
            },
            language=language,
            kind=email_kind or kind,
            about=about,
            attachments=text.attachments,
        )

    for user in people:
        told |= {("user", user.pk), ("email", normalise_email(user.email))}
        channel = channels[user.pk]
        if channel == Channel.OFF:
            continue
        language = user.preferred_language or settings.LANGUAGE_CODE
        made = made_in_every_language(lambda user=user: message(user))
        text, texts = in_language(made, user), texts_of(made)
        title, body = _in_recipients_language(user, texts)
        rows.append(
            Notification(
                user=user,
                kind=kind,
                title=title,
                body=body,
                texts=texts,
                url=text.url,
                digest=channel == Channel.DIGEST,
            )
        )
        if channel == Channel.EMAIL:
            _email(user.email, user.full_name, language, text)
    Notification.objects.bulk_create(rows)
    for address, name in addresses:
        key = ("email", normalise_email(address))
        if not key[1] or key in told:
            continue
        told.add(key)
        with translation.override(settings.LANGUAGE_CODE):
            text = message(address)
        _email(address, name, settings.LANGUAGE_CODE, text, settings_url="")
    return told


def made_in_every_language(build):
    """{language: build()}, `build` called once in each language of the portal; what it makes
    must be text by then (a lazy string would read in whichever language is active later)."""
    made = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            made[code] = build()
    return made


def texts_of(made):
    """{language: [title, body]} for Notification.texts, from made_in_every_language's result
    (each a registry.Message or a (title, body) pair)."""
    texts = {}
    for code, one in made.items():
        title, body = (one.title, one.body) if isinstance(one, Message) else one
        texts[code] = [str(title)[:300], str(body)]
    return texts


def texts_in_every_language(build):
    return texts_of(made_in_every_language(build))


def in_language(made, user):
    """What made_in_every_language made in `user`'s language."""
    return made.get(user.preferred_language) or made[settings.LANGUAGE_CODE]


def _in_recipients_language(user, texts):
    return (
        texts.get(user.preferred_language or settings.LANGUAGE_CODE)
        or texts[settings.LANGUAGE_CODE]
    )


def notify(*, user, kind, title, url="", body=""):
    """An in-portal notification for an event (the e-mail goes separately, through the outbox).

    title, body: lazy text, or callables that give it in the active language, so that the bell
    can speak whichever language its reader switches to."""

    if user is None or not getattr(user, "pk", None):
        return None
    texts = texts_in_every_language(lambda: (str(_made(title)), str(_made(body))))
    title, body = _in_recipients_language(user, texts)
    return Notification.objects.create(
        user=user, kind=kind, title=title, url=url, body=body, texts=texts
    )


def _made(text):
    return text() if callable(text) else text
