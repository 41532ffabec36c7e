"""The forum's reminder rules: input not verified or not answered in time."""

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.rules import agency_people, is_secretariat, secretariat_users, works_for_an_agency
from notifications.registry import Message, Rule, register_rule
from notifications.reminders import reminders_sync

from .enums import SubmissionStatus

S = SubmissionStatus
TO_VERIFY = {S.RECEIVED, S.VERIFIED}
TO_ANSWER = {S.FORWARDED, S.IN_FOLLOW_UP}


def _staff_url(submission):
    return f"/forum/kelola/{submission.tracking_code}/"


def _verify_message(submission, reminder, user):
    return Message(
        title=_("Not forwarded within 3 working days: %(code)s")
        % {"code": submission.tracking_code},
        body=_("“%(title)s” is still waiting to be verified and forwarded.")
        % {"title": submission.title},
        url=_staff_url(submission),
    )


register_rule(
    Rule(
        key="forum_verify_overdue",
        label=gettext_lazy("Forum input not forwarded in time (secretariat)"),
        kind="forums.verify_overdue",
        concerns=is_secretariat,
        default_offsets=(0,),
        recipients=lambda submission, reminder: secretariat_users(),
        message=_verify_message,
        relevant=lambda submission, reminder: (
            submission.status in TO_VERIFY
            and submission.verify_due == reminder.moment
            and not submission.quarantined
        ),
        model="forums.Submission",
    )
)


def _answer_message(submission, reminder, user):
    if timezone.now() - reminder.due_at >= timedelta(days=1):
        # Told late (the worker was away, or the deadline was set in the past).
        title = _("Overdue since %(date)s: %(code)s still has no answer") % {
            "date": formats.date_format(timezone.localtime(submission.answer_due), "j F Y"),
            "code": submission.tracking_code,
        }
    elif reminder.offset < 0:
        title = _("A day overdue: %(code)s still has no answer") % {
            "code": submission.tracking_code
        }
    else:
        title = _("Answer due now: %(code)s") % {"code": submission.tracking_code}
    body = _("“%(title)s” was forwarded to %(agency)s, which answers within 5 working days.") % {
        "title": submission.title,
        "agency": submission.assigned_agency,
    }
    return Message(title=title, body=body, url=_staff_url(submission))


def _answer_relevant(submission, reminder):
    return submission.status in TO_ANSWER and submission.answer_due == reminder.moment


register_rule(
    Rule(
        key="forum_answer_overdue",
        label=gettext_lazy("Forum input not answered in time (agency staff)"),
        kind="forums.answer_overdue",
        concerns=works_for_an_agency,
        default_offsets=(0,),
        recipients=lambda submission, reminder: agency_people(
            [submission.assigned_agency_id], ["admin", "editor", "viewer"]
        ),
        message=_answer_message,
        relevant=_answer_relevant,
        model="forums.Submission",
    )
)
register_rule(
    Rule(
        key="forum_answer_escalation",
        label=gettext_lazy("Forum input a day overdue (agency admins, secretariat)"),
        kind="forums.answer_escalation",
        concerns=is_secretariat,
        default_offsets=(-1,),
        recipients=lambda submission, reminder: (
            set(agency_people([submission.assigned_agency_id], ["admin"]))
            | set(secretariat_users())
        ),
        message=_answer_message,
        relevant=_answer_relevant,
        model="forums.Submission",
    )
)


def sync_submission(submission, *, now=None):
    verify = submission.verify_due if submission.status in TO_VERIFY else None
    if submission.quarantined:
        verify = None
    answer = submission.answer_due if submission.status in TO_ANSWER else None
    reminders_sync("forum_verify_overdue", submission, verify, now=now)
    reminders_sync("forum_answer_overdue", submission, answer, now=now)
    reminders_sync("forum_answer_escalation", submission, answer, now=now)
