"""Reports, the moderators' actions on submissions and replies, and suspensions."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import text, throttle
from core.throttle import Limit

from .. import rules
from ..models import Report, Submission, Suspension
from ._common import (
    REPORT_NOTE_MAX,
    REPORT_PER_ACCOUNT,
    REPORT_PER_IP,
    REPORTS_TO_HIDE,
    RateLimited,
    _note,
)
from .replies import _reply_set_hidden


def report_create(*, submission=None, reply=None, reason, note="", user=None, ip=None):
    """Anyone may report; three open reports hide the content until a moderator reviews it."""
    user = user if user is not None and user.is_authenticated else None
    text.check_length(note, REPORT_NOTE_MAX, field="note")
    # Per account for the signed-in, wherever they connect from; per connection for guests.
    hour = timedelta(hours=1)
    limit = (
        Limit("report-account", user.pk, REPORT_PER_ACCOUNT, hour)
        if user
        else Limit("report-ip", ip, REPORT_PER_IP, hour)
    )
    target = {"submission": submission} if submission is not None else {"reply": reply}
    with transaction.atomic():
        if throttle.take(limit):
            raise RateLimited(_("Too many reports from your connection. Please try again later."))
        Report.objects.create(
            reason=reason,
            note=note,
            reporter=user,
            ip_hash=throttle.hashed(ip) if ip else "",
            **target,
        )
        # Three people, not one person three times: distinct accounts AND distinct connections
        # (two accounts on one connection, or one account on three, count once).
        rows = Report.objects.filter(resolved_at__isnull=True, **target).values_list(
            "pk", "reporter_id", "ip_hash"
        )
        people = {reporter or ip_hash or f"report-{pk}" for pk, reporter, ip_hash in rows}
        connections = {ip_hash or f"report-{pk}" for pk, _reporter, ip_hash in rows}
        open_reports = min(len(people), len(connections))
        if open_reports >= REPORTS_TO_HIDE:
            if reply is not None:
                _reply_set_hidden(reply, True)
            else:
                Submission.objects.filter(pk=submission.pk).update(hidden=True)
            if submission is not None:
                _note(
                    submission,
                    None,
                    _("Hidden after %(count)s reports, until a moderator reviews it.")
                    % {"count": open_reports},
                )


def _resolve_reports(by, **target):
    Report.objects.filter(resolved_at__isnull=True, **target).update(
        resolved_at=timezone.now(), resolved_by=by
    )


def moderate_submission(*, submission, by, action, note=""):
    """publish (a held one), hide, unhide, lock, unlock — by the secretariat."""
    if not rules.is_moderator(by):
        raise PermissionDenied
    changes = {
        "publish": {"held": False},
        "hide": {"hidden": True},
        "unhide": {"hidden": False},
        "lock": {"locked": True},
        "unlock": {"locked": False},
    }[action]
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(**changes)
        if action in {"hide", "unhide", "publish"}:
            _resolve_reports(by, submission=submission)
        labels = {
            "publish": _("Published after review."),
            "hide": _("Hidden by a moderator."),
            "unhide": _("Shown again by a moderator."),
            "lock": _("Thread locked."),
            "unlock": _("Thread unlocked."),
        }
        _note(submission, by, f"{labels[action]} {note}".strip())
    submission.refresh_from_db()
    return submission


def moderate_reply(*, reply, by, action):
    if not rules.is_moderator(by):
        raise PermissionDenied
    with transaction.atomic():
        _reply_set_hidden(reply, action == "hide")
        _resolve_reports(by, reply=reply)
    reply.refresh_from_db()
    return reply


def account_suspend(*, user, by, reason, until=None):
    if not rules.is_moderator(by):
        raise PermissionDenied
    if not reason:
        raise ValidationError({"reason": _("Say why the account is suspended.")})
    suspension, _created = Suspension.objects.update_or_create(
        user=user, defaults={"reason": reason, "until": until, "by": by}
    )
    return suspension
