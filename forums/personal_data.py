"""A person's forum activity in their data download and account deletion
(registered with accounts/personal_data.py from ForumsConfig.ready), and a guest's: the input
a browser proved with its tracking code and e-mail address (`guest_export`; the erasure is
forums.services.submission_erase_personal_data).

Deleting an account keeps what the person wrote, because others replied to it and agencies
answered it, but without anything that says who wrote it.
"""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataSource, iso, register
from notifications.models import OutboundEmail

from .enums import LinkPurpose, ReplyKind
from .models import (
    AnswerRating,
    EmailLink,
    Follow,
    Reply,
    Report,
    Rsvp,
    Submission,
    Support,
    Suspension,
)


def _submissions(user):
    """Sent from the account, or (confirmed) from its address before the person had one."""
    return Submission.objects.filter(
        Q(author=user)
        | Q(author__isnull=True, author_email__iexact=user.email, email_confirmed_at__isnull=False)
    )


def _supports(user):
    return Support.objects.filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))


def _about(submission):
    return {"tracking_code": submission.tracking_code, "title": submission.title}


def _submission(submission):
    return {
        "tracking_code": submission.tracking_code,
        "forum": submission.forum.title,
        "kind": submission.kind,
        "title": submission.title,
        "body": submission.body,
        "status": submission.status,
        "privacy": submission.privacy,
        "name": submission.author_name,
        "email": submission.author_email,
        "created_at": iso(submission.created_at),
    }


def _rating(rating):
    return {
        **_about(rating.submission),
        "rating": rating.verdict,
        "reason": rating.reason,
        "follow_up_asked_for": rating.appealed,
        "created_at": iso(rating.created_at),
    }


def guest_export(submissions):
    """What the portal holds about the guest who sent `submissions` (proved in their browser):
    each one with the name and e-mail address it was sent with, what they wrote in its thread,
    their ratings, its public history, its attachments' names and the e-mails sent to them
    about it. Staff's internal notes and other people's replies are not theirs."""
    rows = []
    for submission in submissions.select_related("forum").order_by("created_at", "pk"):
        replies = submission.replies.filter(by_submitter=True, kind=ReplyKind.REPLY)
        emails = (
            OutboundEmail.objects.filter(
                to__iexact=submission.author_email,
                object_id=str(submission.pk),
                kind__startswith="forums.",
            )
            if submission.author_email
            else OutboundEmail.objects.none()
        )
        rows.append(
            {
                **_submission(submission),
                "email_confirmed_at": iso(submission.email_confirmed_at),
                "replies": [
                    {"body": reply.body, "created_at": iso(reply.created_at)}
                    for reply in replies.order_by("created_at", "pk")
                ],
                "ratings": [
                    _rating(rating)
                    for rating in AnswerRating.objects.filter(submission=submission)
                    .select_related("submission")
                    .order_by("created_at", "pk")
                ],
                "history": [
                    {
                        "at": iso(event.at),
                        "from_status": event.from_status,
                        "to_status": event.to_status,
                        "note": event.note,
                    }
                    for event in submission.events.filter(internal=False).order_by("at", "pk")
                ],
                "attachments": [
                    {"name": item.original_name, "type": item.content_type, "size": item.size}
                    for item in submission.attachments.order_by("pk")
                ],
                "emails": [
                    {
                        "subject": email.subject,
                        "status": email.status,
                        "queued_at": iso(email.created_at),
                        "sent_at": iso(email.sent_at),
                    }
                    for email in emails.order_by("created_at", "pk")
                ],
            }
        )
    return {"exported_at": iso(timezone.now()), "submissions": rows}


def export(user):
    submissions = _submissions(user).select_related("forum").order_by("created_at", "pk")
    # Staff's internal notes are about residents, not the staff member: never exported.
    replies = (
        Reply.objects.filter(author=user)
        .exclude(kind="note")
        .select_related("submission")
        .order_by("pk")
    )
    supports = _supports(user).select_related("submission").order_by("pk")
    follows = Follow.objects.filter(user=user).select_related("submission").order_by("pk")
    rsvps = Rsvp.objects.filter(user=user).select_related("meeting").order_by("pk")
    reports = Report.objects.filter(reporter=user).select_related("submission", "reply__submission")
    suspension = Suspension.objects.filter(user=user).first()
    ratings = (
        AnswerRating.objects.filter(submission__in=_submissions(user))
        .select_related("submission")
        .order_by("created_at", "pk")
    )
    return {
        "submissions": [_submission(submission) for submission in submissions],
        "ratings": [_rating(rating) for rating in ratings],
        "replies": [
            {
                "submission": reply.submission.tracking_code,
                "body": reply.body,
                "created_at": iso(reply.created_at),
            }
            for reply in replies
        ],
        "supports": [
            {**_about(support.submission), "created_at": iso(support.created_at)}
            for support in supports
        ],
        "follows": [
            {**_about(follow.submission), "created_at": iso(follow.created_at)}
            for follow in follows
        ],
        "rsvps": [
            {
                "meeting": rsvp.meeting.title,
                "starts_at": iso(rsvp.meeting.starts_at),
                "created_at": iso(rsvp.created_at),
            }
            for rsvp in rsvps
        ],
        "reports": [
            {
                "submission": (report.submission or report.reply.submission).tracking_code,
                "reason": report.reason,
                "note": report.note,
                "created_at": iso(report.created_at),
            }
            for report in reports
        ],
        "suspension": None
        if suspension is None
        else {
            "reason": suspension.reason,
            "until": iso(suspension.until),
            "since": iso(suspension.created_at),
        },
    }


def erase(user):
    # The links e-mailed about the person's input, and their own pending supports by e-mail.
    EmailLink.objects.filter(
        Q(submission__in=_submissions(user).values("pk")) & ~Q(purpose=LinkPurpose.SUPPORT)
        | Q(purpose=LinkPurpose.SUPPORT, email__iexact=user.email)
    ).delete()
    _submissions(user).update(author=None, author_name="", author_email="")
    Reply.objects.filter(author=user).update(author=None)
    supports = _supports(user)
    supported = list(supports.values_list("submission_id", flat=True))
    supports.delete()
    # The count shown on a submission is stored; it drops with the supports.
    Submission.objects.filter(pk__in=supported).update(
        support_count=Coalesce(
            Subquery(
                Support.objects.filter(submission=OuterRef("pk"))
                .values("submission")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        )
    )
    Follow.objects.filter(user=user).delete()
    Rsvp.objects.filter(user=user).delete()
    # Reports (reporter) and a suspension go with the user row: SET_NULL and CASCADE.


register(
    PersonalDataSource(
        key="forums",
        label=_(
            "Your forum submissions, replies and ratings of answers, what you supported and "
            "followed, meetings you signed up for, and reports you made"
        ),
        export=export,
        erase=erase,
        erase_note=_(
            "What you wrote in the forum stays, because others replied to it and agencies "
            "answered it, but it no longer shows your name or e-mail address. Your supports, "
            "follows and meeting sign-ups are erased."
        ),
        order=30,
    )
)
