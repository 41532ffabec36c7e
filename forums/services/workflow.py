"""The secretariat's and the agencies' moves: verify, reject, forward, follow up, answer,
close (by the submitter or automatically) and privacy."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.enums import AgencyStatus
from agencies.rules import is_secretariat
from core import text

from .. import rules, workdays
from ..enums import AGENCY, PRIVACY_RANK, SECRETARIAT, SUBMITTER, Privacy, ReplyKind
from ..models import Follow, Reply, Submission
from ._common import (
    ANSWER_WITHIN,
    BODY_MAX,
    CLOSE_AFTER,
    S,
    _email_agency,
    _locked,
    _move,
    _note,
    _tell_followers,
)
from .replies import _count_reply


def _require_secretariat(by):
    if not is_secretariat(by):
        raise PermissionDenied


def submission_verify(*, submission, by):
    """The secretariat checks it: a real matter, for this portal. That review also publishes a
    held submission (unless it is rahasia)."""
    _require_secretariat(by)
    with transaction.atomic():
        submission = _locked(submission)
        _move(submission, S.VERIFIED, by, who=SECRETARIAT, held=False)
        _tell_followers(submission, "status")
    return submission


def submission_reject(*, submission, by, reason):
    _require_secretariat(by)
    if not reason:
        raise ValidationError({"reason": _("Say why; the resident reads it.")})
    with transaction.atomic():
        submission = _locked(submission)
        _move(submission, S.REJECTED, by, reason, who=SECRETARIAT, rejection_reason=reason)
        _tell_followers(submission, "rejected", reason=reason)
    return submission


def submission_forward(*, submission, by, agency, note=""):
    """Disposisi: the secretariat sends it to the competent agency, which has 5 working days."""
    _require_secretariat(by)
    if agency.status != AgencyStatus.VERIFIED:
        raise ValidationError({"agency": _("Only a verified agency can take submissions.")})
    with transaction.atomic():
        submission = _locked(submission)
        now = timezone.now()
        _move(
            submission,
            S.FORWARDED,
            by,
            who=SECRETARIAT,
            assigned_agency=agency,
            forwarded_at=now,
            answer_due=workdays.deadline(now, ANSWER_WITHIN),
        )
        if note:
            # For the agency, never for the public timeline (it may name people).
            _note(submission, by, note, agency=agency)
        _tell_followers(submission, "status")
        _email_agency(submission)
    return submission


def submission_follow_up(*, submission, by):
    with transaction.atomic():
        submission = _locked(submission)
        if not rules.can_answer(by, submission):
            raise PermissionDenied
        _move(submission, S.IN_FOLLOW_UP, by, who=AGENCY)
        _tell_followers(submission, "status")
    return submission


def submission_answer(*, submission, by, body):
    """The assigned agency's official answer (public unless the submission is rahasia)."""
    if not body.strip():
        raise ValidationError({"body": _("Write the answer.")})
    text.check_length(body, BODY_MAX, field="body")
    with transaction.atomic():
        submission = _locked(submission)
        if not rules.can_answer(by, submission):
            raise PermissionDenied
        now = timezone.now()
        reply = Reply.objects.create(
            submission=submission,
            kind=ReplyKind.ANSWER,
            author=by,
            agency=submission.assigned_agency,
            body=body,
            body_html=text.render(body),
        )
        _count_reply(submission.pk, +1)
        _move(
            submission,
            S.ANSWERED,
            by,
            who=AGENCY,
            answered_at=now,
            close_due=workdays.deadline(now, CLOSE_AFTER),
        )
        _tell_followers(submission, "answered")
    return reply


def submission_close(*, submission, by):
    """The submitter closes it once satisfied with the answer. `by`: a rules.Visitor or an
    account."""
    if not rules.is_submitter(by, submission):
        raise PermissionDenied
    user = rules.visitor(by).user
    actor = user if user.is_authenticated else None
    with transaction.atomic():
        submission = _locked(submission)
        if submission.answered_at is None:
            raise ValidationError(_("A submission can be closed once it has an answer."))
        _move(submission, S.CLOSED, actor, who=SUBMITTER, closed_at=timezone.now(), close_due=None)
    return submission


def submissions_autoclose():
    """Daily (beat): answered submissions with no reply from the resident for 10 working days."""
    closed = 0
    due = Submission.objects.filter(status=S.ANSWERED, close_due__lt=timezone.now())
    for submission in due.values_list("pk", flat=True):
        with transaction.atomic():
            row = Submission.objects.select_for_update(skip_locked=True).filter(
                pk=submission, status=S.ANSWERED, close_due__lt=timezone.now()
            )
            row = row.first()
            if row is None:
                continue
            _move(
                row,
                S.CLOSED,
                None,
                _("Closed automatically: no reply within 10 working days of the answer."),
                closed_at=timezone.now(),
                close_due=None,
            )
            _tell_followers(row, "autoclosed")
            closed += 1
    return closed


def submission_set_privacy(*, submission, by, privacy):
    """Staff may make a submission more private, never more public."""
    if not rules.is_staff_for(by, submission):
        raise PermissionDenied
    with transaction.atomic():
        # Checked on the locked row: a concurrent change cannot be undone by a stale page.
        submission = _locked(submission)
        if PRIVACY_RANK[Privacy(privacy)] < PRIVACY_RANK[Privacy(submission.privacy)]:
            raise ValidationError(_("Staff can make a submission more private, never more public."))
        if privacy == submission.privacy:
            return submission
        old = submission.privacy
        submission.privacy = privacy
        submission.save(update_fields=["privacy"])
        _note(
            submission,
            by,
            _("Privacy changed from %(old)s to %(new)s.")
            % {"old": Privacy(old).label, "new": Privacy(privacy).label},
        )
        if privacy == Privacy.CONFIDENTIAL:
            Follow.objects.filter(submission=submission).exclude(
                user_id=submission.author_id
            ).delete()
    return submission
