"""The submitter rates the official answer (puas / tidak puas, with a reason when not satisfied)
and may appeal once: "tidak puas, minta tindak lanjut" sends the submission back to the
assigned agency with a new answer deadline, which the inboxes and the reminders follow.

Who sent it is never part of what these write or send: the history line names no one to
anybody who may not see the identity (the timelines hide the submitter), the staff hear that
"the submitter" appealed, and the reason stays on the pages of those who handle it."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.enums import MemberRole
from agencies.rules import agency_people, secretariat_users
from notifications.registry import Message
from notifications.services import notify_each

from .. import rules, workdays
from ..enums import APPEAL_KIND, SUBMITTER, Verdict
from ..models import AnswerRating
from ..selectors import latest_answer
from ._common import (
    ANSWER_WITHIN,
    SUBMISSION_WORKFLOW,
    S,
    _locked,
    _move,
    _tell_followers,
)

REASON_REQUIRED = gettext_lazy("Say what is missing from the answer; the agency reads it.")


def _actor(by):
    user = rules.visitor(by).user
    return user if user.is_authenticated else None


def _reason_needed():
    return ValidationError({"reason": REASON_REQUIRED})


def answer_rate(*, submission, by, verdict, reason=""):
    """The submitter rates the last official answer, once. `by`: a rules.Visitor or an account."""
    if not rules.can_rate(by, submission):
        raise PermissionDenied
    try:
        verdict = Verdict(verdict)
    except ValueError as exc:
        raise ValidationError({"verdict": _("Choose whether the answer satisfies you.")}) from exc
    reason = (reason or "").strip()
    if verdict == Verdict.NOT_SATISFIED and not reason:
        raise _reason_needed()
    with transaction.atomic():
        submission = _locked(submission)
        if not rules.rating_open(submission):
            raise ValidationError(
                _(
                    "The answer can be rated while the submission is answered, and for "
                    "%(days)s days after it closes."
                )
                % {"days": settings.FORUM_RATING_DAYS},
                code="state",
            )
        answer = latest_answer(submission)
        if answer is None:
            raise ValidationError(_("There is no official answer to rate."))
        try:
            with transaction.atomic():
                rating = AnswerRating.objects.create(
                    submission=submission,
                    answer=answer,
                    agency=answer.agency,
                    verdict=verdict,
                    reason=reason if verdict == Verdict.NOT_SATISFIED else "",
                )
        except IntegrityError as exc:  # rated already (a second tab, a second click)
            raise ValidationError(_("You have rated this answer already."), code="rated") from exc
        SUBMISSION_WORKFLOW.record(
            submission,
            actor=_actor(by),
            note=_("The submitter rated the answer: satisfied.")
            if verdict == Verdict.SATISFIED
            else _("The submitter rated the answer: not satisfied."),
        )
    return rating


def submission_appeal(*, submission, by, reason):
    """ "Tidak puas, minta tindak lanjut": once per submission, while it is answered. The last
    answer is rated not satisfied (or its rating is marked as the appeal), the submission goes
    back to the assigned agency to follow up, with ANSWER_WITHIN working days from now, and the
    agency's editors and admins and the secretariat are told."""
    if not rules.can_rate(by, submission):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _reason_needed()
    with transaction.atomic():
        submission = _locked(submission)
        if submission.appealed_at is not None:
            raise ValidationError(
                _("Follow-up was asked for once already; a submission can be appealed only once."),
                code="appealed",
            )
        if not rules.appeal_open(submission):
            raise ValidationError(
                _("Follow-up can be asked for while the submission is answered."), code="state"
            )
        SUBMISSION_WORKFLOW.check(submission, S.IN_FOLLOW_UP, role=SUBMITTER)
        answer = latest_answer(submission)
        if answer is None:
            raise ValidationError(_("There is no official answer to rate."))
        rating = AnswerRating.objects.filter(answer=answer).first()
        if rating is not None and rating.verdict == Verdict.SATISFIED:
            raise ValidationError(
                _("You rated this answer as satisfying; write a reply if something is missing."),
                code="satisfied",
            )
        if rating is None:
            rating = AnswerRating(
                submission=submission,
                answer=answer,
                agency=answer.agency,
                verdict=Verdict.NOT_SATISFIED,
            )
        rating.reason = reason
        rating.appealed = True
        rating.save()
        now = timezone.now()
        _move(
            submission,
            S.IN_FOLLOW_UP,
            _actor(by),
            _("Not satisfied with the answer: the submitter asked for follow-up (appeal)."),
            who=SUBMITTER,
            # The history line names the agency it went back to, as a disposisi does.
            assigned_agency=submission.assigned_agency,
            appealed_at=now,
            close_due=None,
            answer_due=workdays.deadline(now, ANSWER_WITHIN),
        )
        _tell_followers(submission, "appealed")
        _tell_staff_of_appeal(submission, actor=_actor(by))
    return submission


def _tell_staff_of_appeal(submission, *, actor):
    """The assigned agency's editors and admins (who answer) and the secretariat (who watches
    the deadlines): in the bell and by e-mail, each as their settings say."""
    staff = set(
        agency_people([submission.assigned_agency_id], [MemberRole.ADMIN, MemberRole.EDITOR])
    )
    staff |= set(secretariat_users())
    url = reverse("forums:manage", args=[submission.tracking_code])

    def message(_recipient):
        due = formats.date_format(timezone.localtime(submission.answer_due), "j F Y")
        return Message(
            title=_("Follow-up asked for: %(code)s, answer by %(date)s")
            % {"code": submission.tracking_code, "date": due},
            body=_(
                "The submitter of “%(title)s” is not satisfied with the answer of %(agency)s and "
                "asked for follow-up, once. It is open again: %(agency)s answers by %(date)s. "
                "Their reason is on the submission's staff page."
            )
            % {"title": submission.title, "agency": submission.assigned_agency, "date": due},
            url=url,
        )

    notify_each(
        kind=APPEAL_KIND,
        message=message,
        template="forum_event",
        users=sorted(staff, key=lambda user: user.pk),
        actor=actor,
        about=submission,
    )
