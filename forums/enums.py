from django.db import models
from django.utils.translation import gettext_lazy as _

from core.enums import StatusChoices


class ForumKind(models.TextChoices):
    AREA = "area", _("Topic area")
    AGREEMENT = "agreement", _("Agreement")
    TRAINING = "training", _("Training")


class SubmissionKind(models.TextChoices):
    ASPIRASI = "aspirasi", _("Suggestion (aspirasi)")
    PENGADUAN = "pengaduan", _("Complaint (pengaduan)")
    INFORMASI = "informasi", _("Request for information")


class Privacy(models.TextChoices):
    PUBLIC = "public", _("Public: published with my name")
    ANONYMOUS = "anonim", _("Anonymous (anonim): published, my identity hidden")
    CONFIDENTIAL = "rahasia", _("Confidential (rahasia): never published")


# Higher is more private; staff may only move a submission up this scale.
PRIVACY_RANK = {Privacy.PUBLIC: 0, Privacy.ANONYMOUS: 1, Privacy.CONFIDENTIAL: 2}


class SubmissionStatus(StatusChoices):
    UNCONFIRMED = "unconfirmed", "secondary", _("Waiting for e-mail confirmation")
    RECEIVED = "received", "warning", _("Received (diterima)")
    VERIFIED = "verified", "warning", _("Verified (diverifikasi)")
    FORWARDED = "forwarded", "info", _("Forwarded (diteruskan)")
    IN_FOLLOW_UP = "in_follow_up", "info", _("Being followed up (ditindaklanjuti)")
    ANSWERED = "answered", "success", _("Answered (dijawab)")
    CLOSED = "closed", "dark", _("Closed (selesai)")
    REJECTED = "rejected", "danger", _("Rejected (ditolak)")


S = SubmissionStatus
SECRETARIAT, AGENCY, SUBMITTER, SYSTEM = "secretariat", "agency", "submitter", "system"
# from-status -> {to-status: who may make the move}
SUBMISSION_TRANSITIONS = {
    S.UNCONFIRMED: {S.RECEIVED: SUBMITTER},
    S.RECEIVED: {S.VERIFIED: SECRETARIAT, S.REJECTED: SECRETARIAT},
    S.VERIFIED: {S.FORWARDED: SECRETARIAT, S.REJECTED: SECRETARIAT},
    S.FORWARDED: {S.IN_FOLLOW_UP: AGENCY, S.ANSWERED: AGENCY, S.FORWARDED: SECRETARIAT},
    # The submitter may close it once satisfied, also while the agency follows up their reply.
    S.IN_FOLLOW_UP: {S.ANSWERED: AGENCY, S.FORWARDED: SECRETARIAT, S.CLOSED: SUBMITTER},
    # Back to follow-up: the agency takes it up again, or the submitter appeals (once, not
    # satisfied with the answer: services.submission_appeal).
    S.ANSWERED: {S.CLOSED: SUBMITTER, S.IN_FOLLOW_UP: frozenset({AGENCY, SUBMITTER})},
    S.CLOSED: {},
    S.REJECTED: {},
}
# Statuses the public may see (when the submission is published: not held, hidden or rahasia).
PUBLIC_STATUSES = [S.RECEIVED, S.VERIFIED, S.FORWARDED, S.IN_FOLLOW_UP, S.ANSWERED, S.CLOSED]
OPEN_STATUSES = [S.RECEIVED, S.VERIFIED, S.FORWARDED, S.IN_FOLLOW_UP]


class Verdict(StatusChoices):
    """The submitter's rating of an official answer (its badge on the thread)."""

    SATISFIED = "puas", "success", _("Satisfied (puas)")
    NOT_SATISFIED = "tidak_puas", "danger", _("Not satisfied (tidak puas)")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    PERSONAL_DATA = "personal_data", _("Reveals someone's personal data")
    OFF_TOPIC = "off_topic", _("Off topic")


class ReplyKind(models.TextChoices):
    REPLY = "reply", _("Reply")
    ANSWER = "answer", _("Official answer")
    NOTE = "note", _("Internal note")


# What the public sees of a thread (internal notes are for staff only).
PUBLIC_REPLY_KINDS = [ReplyKind.REPLY, ReplyKind.ANSWER]


# What the assigned agency's staff and the secretariat hear when a submitter appeals (a bell and
# an e-mail, as each person's settings say).
APPEAL_KIND = "forums.appeal"

# What a submitter, a follower or a supporter hears by e-mail (services._common), as the outbox
# names it: kind "forums.<event>" (registered in apps.py).
EMAIL_EVENTS = {
    "received": _("Forum input received"),
    "confirm": _("Confirm the address of a forum input"),
    "access_link": _("Link to one's forum input"),
    "support_confirm": _("Confirm support for a forum input"),
    "support_own": _("Support asked for with the address a forum input came from"),
    "status": _("Forum input moved on"),
    "rejected": _("Forum input not accepted"),
    "answered": _("Forum input answered"),
    "autoclosed": _("Forum input closed"),
    "forwarded": _("Forum input forwarded to an agency"),
    "appealed": _("Forum input reopened at its submitter's request"),
}


class LinkPurpose(models.TextChoices):
    """What an e-mailed link (forums.models.EmailLink) does, once."""

    CONFIRM = "confirm", _("Confirm a guest's input")
    SUPPORT = "support", _("Count a support by e-mail")
    ACCESS = "access", _("Open a submission for its submitter")
    # Not e-mailed: the thank-you page's address after a guest sends input (forums.views).
    SENT = "sent", _("Show a guest the tracking code of what they sent")
