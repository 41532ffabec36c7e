"""Replies in the thread, internal notes, and the reply count kept in step."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core import text, throttle
from core.throttle import Limit

from .. import rules, workdays
from ..enums import PUBLIC_REPLY_KINDS, ReplyKind
from ..models import Reply, Submission
from ._common import (
    ANSWER_WITHIN,
    REPLY_MAX,
    REPLY_PER_IP,
    REPLY_PER_WRITER,
    RateLimited,
    S,
    _email_agency,
    _locked,
    _move,
)
from .submitting import _check_links, _check_suspended


def _count_reply(submission_pk, change):
    """Keep Submission.reply_count in step: an atomic increment, right under concurrent replies."""
    Submission.objects.filter(pk=submission_pk).update(reply_count=F("reply_count") + change)


def _reply_set_hidden(reply, hidden):
    """Hide or show a reply; the count moves only when the reply really changed and is public."""
    changed = Reply.objects.filter(pk=reply.pk, hidden=not hidden).update(hidden=hidden)
    if changed and reply.kind in PUBLIC_REPLY_KINDS:
        _count_reply(reply.submission_id, -1 if hidden else +1)


def reply_count_refresh(submission):
    """Count the thread afresh (after edits in the admin, which bypass the services)."""
    Submission.objects.filter(pk=submission.pk).update(
        reply_count=Coalesce(
            Subquery(
                Reply.objects.filter(
                    submission=OuterRef("pk"), kind__in=PUBLIC_REPLY_KINDS, hidden=False
                )
                .order_by()
                .values("submission")
                .annotate(count=Count("pk"))
                .values("count")[:1]
            ),
            0,
        ),
    )


def _take_quota(user, submission, ip):
    """Count an accepted reply: per account for the signed-in, wherever they connect from; a
    guest submitter per thread, and per connection (generously)."""
    ten_minutes = timedelta(minutes=10)
    if user is not None:
        limits = [Limit("reply-writer", ("account", user.pk), REPLY_PER_WRITER, ten_minutes)]
    else:
        limits = [
            Limit("reply-ip", ip, REPLY_PER_IP, ten_minutes),
            Limit("reply-writer", ("guest", submission.pk), REPLY_PER_WRITER, ten_minutes),
        ]
    refused = throttle.take(*limits)
    if refused is not None and refused.scope == "reply-ip":
        raise RateLimited(_("Too many replies from your connection. Please wait a few minutes."))
    if refused is not None:
        raise RateLimited(_("Too many replies in a short time. Please wait a few minutes."))


def reply_create(*, submission, by, body, ip=None):
    """A reply in the thread, by a signed-in person or by the submitter (tracking code).
    `by`: a rules.Visitor or an account."""
    by = rules.visitor(by)
    user = by.user if by.user.is_authenticated else None
    _check_suspended(user)
    if not rules.can_reply(by, submission):
        raise PermissionDenied
    if submission.status in {S.CLOSED, S.REJECTED, S.UNCONFIRMED}:
        raise ValidationError(_("This thread is closed to replies."))
    if not body.strip():
        raise ValidationError({"body": _("Write a reply before sending.")})
    text.check_length(body, REPLY_MAX, field="body")
    by_submitter = rules.is_submitter(by, submission)
    if not by_submitter and not (user and rules.is_staff_for(user, submission)):
        _check_links(user, body)
    staff_agency = None
    if user and rules.is_assigned_staff(user, submission):
        staff_agency = submission.assigned_agency
    with transaction.atomic():
        _take_quota(user, submission, ip)
        reply = Reply.objects.create(
            submission=submission,
            author=user,
            by_submitter=by_submitter,
            agency=staff_agency,
            body=body,
            body_html=text.render(body),
            ip_hash=throttle.hashed(ip) if ip else "",
        )
        _count_reply(submission.pk, +1)
        if by_submitter and submission.status == S.ANSWERED:
            # The resident answered back: no automatic closing; the agency follows up again,
            # with a new deadline that the inboxes watch.
            locked = _locked(submission)
            now = timezone.now()
            _move(
                locked,
                S.IN_FOLLOW_UP,
                None,
                _("The resident replied to the answer."),
                close_due=None,
                answer_due=workdays.deadline(now, ANSWER_WITHIN),
            )
            if locked.assigned_agency_id:
                _email_agency(locked)
    return reply


def note_create(*, submission, by, body):
    """An internal note: staff pages only, never in any public view, export or e-mail."""
    if not rules.is_staff_for(by, submission):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Write the note before saving.")})
    text.check_length(body, REPLY_MAX, field="body")
    return Reply.objects.create(
        submission=submission,
        kind=ReplyKind.NOTE,
        author=by,
        agency=submission.assigned_agency if rules.is_assigned_staff(by, submission) else None,
        body=body,
        body_html=text.render(body),
    )
