"""The reminder engine: rows with a due time, one scanner, one delivery per recipient.

- `reminders_sync` keeps a source's reminder rows in step with its date (computed in WIB,
  stored in UTC), recomputed from the date it is given on every call: the apps call it whenever
  the date may have changed. A changed date cancels the rows of the old date still to come.
- `reminders_scan` (beat, every minute) claims due rows with SKIP LOCKED, so two scanners (two
  beats by mistake) never take the same row; it creates one delivery per recipient under a
  unique constraint and enqueues one send task per delivery after commit.
- `delivery_send` claims its delivery with a conditional update, writes the in-portal
  notification and the e-mail (one outbox row per delivery, whatever happens), and records sent
  or failed.
- `deliveries_sweep` (beat) re-enqueues deliveries whose task was lost (Redis down, a worker
  killed): the database, not the broker, is the record of what is still to do
  (core/background.py).

Late and missed: a reminder ahead of its moment ("starts in 3 days", "ends in 30 days") is of
no use once the moment has passed, and is then marked missed. A reminder at or after its moment
(offset 0 or negative: "answer due now", "a day overdue") says that a deadline has come, which
stays true: when its time passed unseen (the worker was down, or the deadline was set in the
past) it is delivered late, once, as long as its rule says the source still needs it. When
several reminders of one rule fall due for one source at once, only the newest is delivered.
"""

import datetime
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import background
from core.http import absolute_url

from .enums import Channel, DeliveryStatus, EmailStatus, ReminderStatus
from .models import Delivery, Notification, OutboundEmail, Reminder, ReminderRule
from .registry import REMINDER_EMAIL_PREFIX, RULES
from .services import (
    EmailSendFailed,
    channel_for,
    email_transmit,
    in_language,
    made_in_every_language,
    texts_of,
)
from .tasks import send_delivery

logger = logging.getLogger(__name__)
R = ReminderStatus
D = DeliveryStatus
SEND_AT = datetime.time(8, 0)  # date-based reminders go out at 08.00 WIB


def rule_row(key):
    rule = RULES[key]
    row, _created = ReminderRule.objects.get_or_create(
        key=key, defaults={"label": str(rule.label)[:200], "offsets": list(rule.default_offsets)}
    )
    return row


def _moment(value):
    """A date means the whole day (WIB): reminders at 08.00, too late after the day ends."""
    if isinstance(value, datetime.datetime):
        return value, value
    start = timezone.make_aware(datetime.datetime.combine(value, SEND_AT))
    end = timezone.make_aware(datetime.datetime.combine(value, datetime.time(23, 59, 59)))
    return start, end


def too_late(reminder, now):
    """A reminder ahead of its moment is too late once the moment has passed; one at or after
    its moment (a deadline come or gone) never is: it is delivered late rather than dropped."""
    return reminder.offset > 0 and reminder.expires_at is not None and reminder.expires_at <= now


def _to_create(offsets, anchor, now):
    """The lead times to have rows for: those still ahead, and of those at or after the moment
    whose time has already passed (the deadline was set in the past, or moved there), the most
    recent one, to be delivered late, once. A lead time ahead of the moment whose time has
    passed is left out: a later one (or the moment itself) says it better."""
    ahead = [offset for offset in offsets if anchor - timedelta(days=offset) >= now]
    passed = [offset for offset in offsets if offset <= 0 and offset not in ahead]
    return ahead + (
        [max(passed, key=lambda offset: anchor - timedelta(days=offset))] if passed else []
    )


def reminders_sync(rule_key, source, when, *, now=None):
    """Make `source`'s reminders of `rule_key` follow `when` (a date, a datetime, or None to
    cancel them), recomputed from `when` on every call.

    Rows for another moment (or a lead time taken out of the rule) are cancelled while they
    are still to come; one already due but not yet scanned is left to the scanner, which asks
    its rule whether the source still needs it (its time passed while the worker was down: it
    goes out late rather than not at all)."""
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(source)
    rows = Reminder.objects.filter(
        rule__key=rule_key, content_type=content_type, object_id=str(source.pk)
    )
    if when is None:
        return rows.filter(status=R.PENDING).update(status=R.CANCELLED, processed_at=now)
    rule = rule_row(rule_key)
    if not rule.active:
        return rows.filter(status=R.PENDING).update(status=R.CANCELLED, processed_at=now)
    anchor, ends = _moment(when)
    stale = Q(status=R.PENDING) & (~Q(moment=anchor) | ~Q(offset__in=rule.offsets))
    rows.filter(stale, due_at__gt=now).update(status=R.CANCELLED, processed_at=now)
    created = 0
    for offset in _to_create(rule.offsets, anchor, now):
        due = anchor - timedelta(days=offset)
        # Ahead of the moment: too late once the moment itself has passed (a training that
        # started), and never sooner than a day after it fell due. At or after it: never.
        expires = max(ends, due + timedelta(days=1)) if offset > 0 else None
        try:
            with transaction.atomic():
                row, was_created = Reminder.objects.get_or_create(
                    rule=rule,
                    content_type=content_type,
                    object_id=str(source.pk),
                    offset=offset,
                    moment=anchor,
                    defaults={"due_at": due, "expires_at": expires},
                )
        except IntegrityError:  # made at the same moment by another request
            continue
        if not was_created and row.status == R.CANCELLED:
            # The source came back to this moment (a training moved and moved back, an answer
            # reopened the same day): the reminder cancelled on the way is needed again.
            was_created = Reminder.objects.filter(pk=row.pk, status=R.CANCELLED).update(
                status=R.PENDING, due_at=due, expires_at=expires, processed_at=None
            )
        created += was_created
    return created


def reminders_scan(*, now=None, batch=500):
    """Claim due reminders, create their deliveries, enqueue the sends. Returns the number of
    reminders handled (call again while it returns `batch`)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            # OF self: lock the reminders only. Locking the joined rule and content type rows too
            # would make a second scanner skip every row of that rule, and hold up every save
            # that adds a reminder (its foreign keys) until the scan commits.
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=R.PENDING, due_at__lte=now)
            .select_related("rule", "content_type")
            .order_by("due_at")[:batch]
        )
        # Newest first: a backlog (the beat or the worker was away) tells each source's news
        # once, in its latest words; the older reminders of that rule and source are missed.
        delivered = set()
        for reminder in sorted(due, key=lambda row: (row.due_at, row.pk), reverse=True):
            key = (reminder.rule_id, reminder.content_type_id, reminder.object_id)
            if key in delivered:
                reminder.status, reminder.processed_at = R.MISSED, now
                reminder.save(update_fields=["status", "processed_at"])
                continue
            _handle(reminder, now)
            if reminder.status == R.DONE:
                delivered.add(key)
        queued = list(
            Delivery.objects.filter(reminder__in=[r.pk for r in due], status=D.QUEUED).values_list(
                "pk", flat=True
            )
        )
        transaction.on_commit(lambda: background.enqueue_each(send_delivery, queued))
    return len(due)


def _handle(reminder, now):
    rule = RULES.get(reminder.rule.key)
    source = reminder.source if rule is not None else None
    if rule is None or source is None or not rule.relevant(source, reminder):
        reminder.status = R.CANCELLED
    elif too_late(reminder, now):
        reminder.status = R.MISSED
    else:
        users = {user.pk: user for user in rule.recipients(source, reminder) if user.is_active}
        Delivery.objects.bulk_create(
            [Delivery(reminder=reminder, user_id=pk) for pk in users], ignore_conflicts=True
        )
        reminder.status = R.DONE
    reminder.processed_at = now
    reminder.save(update_fields=["status", "processed_at"])


class DeliveryBusy(Exception):
    """Another worker holds this delivery (or held it and died): try again after the lease."""


def delivery_send(*, pk, now=None):
    """Send one delivery exactly once: claim, render, record. Returns the final status."""
    now = now or timezone.now()
    claimable = Q(status__in=[D.QUEUED, D.FAILED]) | (
        Q(status=D.SENDING) & background.stale_claim(now)
    )
    claimed = background.claim(Delivery.objects.filter(claimable, pk=pk), now=now, status=D.SENDING)
    delivery = Delivery.objects.select_related("reminder__rule", "user").filter(pk=pk).first()
    if delivery is None:
        return None
    if not claimed:
        if delivery.status == D.SENDING and delivery.attempts < background.max_attempts():
            raise DeliveryBusy(pk)
        return delivery.status  # done, or tried too often (the sweep marks it failed)
    reminder = delivery.reminder
    rule = RULES.get(reminder.rule.key)
    source = reminder.source if rule else None
    if rule is None or source is None or not rule.relevant(source, reminder):
        return _finish(delivery, D.SKIPPED)
    if too_late(reminder, now):
        return _finish(delivery, D.SKIPPED, "missed: its moment had passed")
    user = delivery.user
    channel = channel_for(user, rule.kind)
    if channel == Channel.OFF:
        return _finish(delivery, D.SKIPPED, "turned off by the recipient")
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        made = made_in_every_language(lambda: rule.message(source, reminder, user))
        message, texts = in_language(made, user), texts_of(made)
        url = absolute_url(message.url)
        Notification.objects.get_or_create(
            delivery=delivery,
            defaults={
                "user": user,
                "kind": rule.kind,
                "title": message.title[:300],
                "body": message.body,
                "texts": texts,
                "url": message.url,
                "digest": channel == Channel.DIGEST,
            },
        )
        if channel != Channel.EMAIL:
            return _finish(delivery, D.SENT)
        email = _email_for(delivery, rule, message, url)
    try:
        _send(email, message)
    except EmailSendFailed as exc:
        _finish(delivery, D.FAILED, str(exc))
        raise
    return _finish(delivery, D.SENT)


def _email_for(delivery, rule, message, url):
    """The delivery's one outbox row (made once; a re-run finds it)."""
    email = OutboundEmail.objects.filter(delivery=delivery).first()
    if email is not None:
        return email
    context = {
        "site_name": "Sumut Mitra",
        "title": message.title,
        "body": message.body,
        "url": url,
        "settings_url": absolute_url("/notifikasi/pengaturan/"),
        "name": delivery.user.full_name,
    }
    try:
        with transaction.atomic():
            return OutboundEmail.objects.create(
                to=delivery.user.email,
                subject=message.title[:300],
                body=render_to_string("emails/reminder.txt", context),
                html=render_to_string("emails/reminder.html", context),
                kind=f"{REMINDER_EMAIL_PREFIX}{rule.key}",
                language=delivery.user.preferred_language,
                delivery=delivery,
                status=EmailStatus.SENDING,
                claimed_at=timezone.now(),
                attempts=1,
            )
    except IntegrityError:
        return OutboundEmail.objects.get(delivery=delivery)


def _send(email, message):
    if email.status == EmailStatus.SENT:
        return
    # Any exception counts as a refusal here: the delivery is then marked failed and retried.
    email_transmit(email=email, attachments=message.attachments, errors=(Exception,))


def _finish(delivery, status, error=""):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status,
        last_error=error[:2000],
        sent_at=timezone.now() if status == D.SENT else None,
    )
    return status


def deliveries_sweep(*, now=None):
    """Re-enqueue deliveries still queued (their task was lost), held by a dead worker, or
    failed with attempts left (their retry was lost); mark failed those tried too often.
    Returns how many were enqueued."""
    not_done = Q(status__in=[D.QUEUED, D.SENDING]) | Q(
        status=D.FAILED, attempts__lt=background.max_attempts()
    )
    requeued, _failed = background.sweep(
        Delivery.objects.filter(not_done), task=send_delivery, failed=D.FAILED, now=now, batch=1000
    )
    return requeued
