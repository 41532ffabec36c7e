"""What the forum's services share: the numbers, the submission workflow and its moves,
the account check, and the e-mails every move sends."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.emails import render_subject
from agencies.models import Membership
from core.http import absolute_url
from core.workflow import Workflow
from notifications.services import email_queue, notify

from .. import reminders, rules
from ..enums import SUBMISSION_TRANSITIONS, SubmissionStatus
from ..models import Follow, Submission, SubmissionEvent

S = SubmissionStatus

VERIFY_WITHIN = 3  # working days to verify and forward
ANSWER_WITHIN = 5  # working days for the agency to answer
CLOSE_AFTER = 10  # working days after the answer with no reply from the resident
REPORTS_TO_HIDE = 3
NEW_ACCOUNT_LINKS = 2
NEW_ACCOUNT_AGE = timedelta(days=7)
MIN_FILL_SECONDS = 3
MAX_ATTACHMENTS = 5
# How long texts may be, in characters: the forms show it and count live (core.forms), the
# services refuse more (never cut it).
TITLE_MAX = 200
BODY_MAX = 10_000  # a submission, an official answer
REPLY_MAX = 5_000  # a reply, an internal note
REPORT_NOTE_MAX = 500
IP_RETENTION = timedelta(days=30)
ACCESS_MAX_AGE = 60 * 60 * 24  # an e-mailed access link works for a day, once
ACCESS_LINKS_PER_HOUR = 3  # per submission: the mailbox is never flooded
CONFIRM_MAX_AGE = 60 * 60 * 24 * 3
# Per connection, limits are generous: one campus, office or mobile-carrier NAT is many people,
# and they apply to guests only. A signed-in resident (whose address was verified before they
# could sign in) is counted by their account wherever they connect from; a guest also by the
# e-mail address they give. Only what was accepted counts (core.throttle.take).
SUBMIT_PER_IP = 30  # per 10 minutes, guests
SUBMIT_PER_ACCOUNT = 5  # per hour, and per e-mail address for guests
REPLY_PER_IP = 60  # per 10 minutes, guests
REPLY_PER_WRITER = 10  # per 10 minutes, per account (a guest: per thread)
SUPPORT_PER_IP = 60  # per hour (support by e-mail is the guests' way)
SUPPORT_PER_EMAIL = 3  # per day
REPORT_PER_IP = 30  # per hour, guests
REPORT_PER_ACCOUNT = 5  # per hour


SUBMISSION_WORKFLOW = Workflow(
    SubmissionStatus,
    SUBMISSION_TRANSITIONS,
    history=SubmissionEvent,
    subject="submission",
    refused=gettext_lazy("A submission that is “%(from)s” cannot become “%(to)s”."),
)


class RateLimited(ValidationError):
    pass


def _note(submission, actor, note, *, agency=None):
    """A staff-only line on the timeline (never on a public page, export or e-mail)."""
    SUBMISSION_WORKFLOW.record(submission, actor=actor, note=note, internal=True, agency=agency)


def _move(submission, to_status, actor, note="", who=None, **changes):
    """`who`: the role the move is made as, which the table must name for it (None: the
    system's own moves)."""
    SUBMISSION_WORKFLOW.check(submission, to_status, role=who)
    for key, value in changes.items():
        setattr(submission, key, value)
    SUBMISSION_WORKFLOW.move(
        submission,
        to_status,
        actor=actor,
        note=note,
        role=who,
        agency=changes.get("assigned_agency"),
    )
    reminders.sync_submission(submission)
    return submission


def _locked(submission):
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _require_account(user):
    """Supporting, following and RSVPs belong to an account (a guest supports by e-mail)."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied


# --- E-mails --------------------------------------------------------------------------------------


def _email(to, language, event, submission, **extra):
    if not to:
        return None
    return email_queue(
        to=to,
        template="forum_submission",
        context={
            "event": event,
            "submission": submission,
            "url": absolute_url(reverse("forums:submission", args=[submission.tracking_code])),
            "lookup_url": absolute_url(reverse("forums:lookup")),
            **extra,
        },
        language=language or settings.LANGUAGE_CODE,
        kind=f"forums.{event}",
        about=submission,
    )


def _notify_submitter(submission, event, **extra):
    """The submitter hears of every move (a kind that cannot be turned off): by e-mail, and in
    the portal when they have an account."""
    address, language = _submitter_address(submission)
    extra.setdefault("name", _submitter_name(submission))
    email = _email(address, language, event, submission, **extra)
    if submission.author_id and email is not None:
        context = {"event": event, "submission": submission}
        notify(
            user=submission.author,
            kind="forums.submission",
            # "Dijawab: SM-2026-7KQ2MD · Jalan rusak di Sipirok": which of one's inputs it is.
            title=lambda: "{} · {}".format(
                render_subject(template="forum_submission", context=context), submission.title
            ),
            url=submission.get_absolute_url(),
        )


def _submitter_name(submission):
    """How the submitter's e-mails greet them: the name they gave, if any (an anonim
    submitter's name is never published, but their own e-mail may use it)."""
    return submission.author.full_name if submission.author_id else submission.author_name


def _submitter_address(submission):
    if submission.author_id:
        return submission.author.email, submission.author.preferred_language
    if submission.email_confirmed_at:
        return submission.author_email, settings.LANGUAGE_CODE
    return None, None


def _tell_followers(submission, event, **extra):
    """The submitter always hears of status changes and answers; followers too, while the
    submission is published (hidden or confidential content never goes out to others)."""
    _notify_submitter(submission, event, **extra)
    if not rules.is_published(submission):
        return
    followers = Follow.objects.filter(submission=submission).select_related("user")
    for follow in followers.exclude(user_id=submission.author_id):
        _email(
            follow.user.email,
            follow.user.preferred_language,
            event,
            submission,
            **{**extra, "name": follow.user.full_name},
        )


def _email_agency(submission):
    """The assigned agency's editors and admins hear of a new forwarded submission."""
    members = Membership.objects.filter(
        agency=submission.assigned_agency, role__in=["admin", "editor"]
    ).select_related("user")
    for member in members:
        email_queue(
            to=member.user.email,
            template="forum_forwarded",
            context={
                "submission": submission,
                "agency": submission.assigned_agency,
                "url": absolute_url(reverse("forums:manage", args=[submission.tracking_code])),
            },
            language=member.user.preferred_language,
            kind="forums.forwarded",
            about=submission,
        )
