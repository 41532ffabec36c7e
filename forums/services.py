"""Every write to the forum goes through here; every status change is on the timeline."""

import io
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from agencies.enums import AgencyStatus
from agencies.models import Membership
from agencies.rules import is_secretariat
from core.files import JPEG, PDF, PNG, check_document
from core.http import absolute_url
from core.workflow import Workflow
from notifications.services import email_queue, notify

from . import reminders, rules, text, throttle, workdays
from .enums import (
    AGENCY,
    PRIVACY_RANK,
    PUBLIC_REPLY_KINDS,
    SECRETARIAT,
    SUBMISSION_TRANSITIONS,
    SUBMITTER,
    Privacy,
    ReplyKind,
    SubmissionStatus,
)
from .models import (
    Attachment,
    Follow,
    Meeting,
    Reply,
    Report,
    Rsvp,
    Submission,
    SubmissionEvent,
    Support,
    Suspension,
)

logger = logging.getLogger(__name__)
S = SubmissionStatus

VERIFY_WITHIN = 3  # working days to verify and forward
ANSWER_WITHIN = 5  # working days for the agency to answer
CLOSE_AFTER = 10  # working days after the answer with no reply from the resident
REPORTS_TO_HIDE = 3
NEW_ACCOUNT_LINKS = 2
NEW_ACCOUNT_AGE = timedelta(days=7)
MIN_FILL_SECONDS = 3
MAX_ATTACHMENTS = 5
IP_RETENTION = timedelta(days=30)
CONFIRM_SALT = "sumut_mitra.forums.confirm"
SUPPORT_SALT = "sumut_mitra.forums.support"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 3


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
    email = _email(address, language, event, submission, **extra)
    if submission.author_id and email is not None:
        notify(
            user=submission.author,
            kind="forums.submission",
            title=email.subject,
            url=submission.get_absolute_url(),
        )


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
        _email(follow.user.email, follow.user.preferred_language, event, submission, **extra)


# --- Submitting -----------------------------------------------------------------------------------


def _check_attachments(files):
    cleaned = []
    for upload in files:
        content_type = check_document(upload, only={JPEG, PNG, PDF})
        data = upload.read()
        if content_type in {JPEG, PNG}:
            data = _strip_metadata(data, content_type)
        cleaned.append((upload.name, content_type, data))
    return cleaned


def _strip_metadata(data, content_type):
    """Re-encode the pixels only: EXIF (GPS position, camera, time) and other metadata go."""
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode in {"P", "PA"}:
            image = image.convert("RGBA")  # the pixels alone would lose their palette
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        out = io.BytesIO()
        if content_type == JPEG:
            clean.convert("RGB").save(out, format="JPEG", quality=90)
        else:
            clean.save(out, format="PNG")
    return out.getvalue()


def _check_suspended(user):
    if user is not None and user.is_authenticated:
        suspension = Suspension.objects.filter(user=user).first()
        if suspension and suspension.active:
            raise PermissionDenied(_("Your account may not post in the forum at the moment."))


def _is_new_account(user):
    if user is None or not user.is_authenticated:
        return True
    if user.date_joined > timezone.now() - NEW_ACCOUNT_AGE:
        return True
    return not Submission.objects.filter(author=user, held=False, quarantined=False).exists()


def _check_links(user, body):
    if _is_new_account(user) and text.count_links(body) > NEW_ACCOUNT_LINKS:
        raise ValidationError(
            {
                "body": _(
                    "New accounts may include at most %(count)s links; remove some and send again."
                )
                % {"count": NEW_ACCOUNT_LINKS}
            }
        )


def _check_rate(ip, email):
    if not throttle.hit("submit-ip", ip, limit=5, per=timedelta(minutes=10)):
        raise RateLimited(
            _("Too many submissions from your connection. Please wait ten minutes and try again.")
        )
    if not throttle.hit("submit-email", email, limit=5, per=timedelta(hours=1)):
        raise RateLimited(
            _("Too many submissions with this e-mail address. Please try again in an hour.")
        )


def submission_create(
    *,
    forum,
    kind,
    title,
    body,
    privacy,
    user=None,
    name="",
    email="",
    sector=None,
    regency=None,
    target_agency=None,
    attachments=(),
    ip=None,
    looks_like_a_bot=False,
):
    """A resident sends input. With an account it enters the queue at once; without one it waits
    for the e-mail link. A bot (honeypot, too fast) is quietly quarantined."""
    user = user if user is not None and user.is_authenticated else None
    _check_suspended(user)
    if not forum.is_active:
        raise ValidationError(_("This forum takes no new input."))
    email = user.email if user else (email or "").strip()
    if not email:
        raise ValidationError({"email": _("An e-mail address is needed to follow your input.")})
    _check_rate(ip, email)
    _check_links(user, body)
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(count)s files.") % {"count": MAX_ATTACHMENTS}}
        )
    files = _check_attachments(attachments)
    now = timezone.now()
    with transaction.atomic():
        submission = Submission(
            tracking_code=f"tmp-{secrets.token_hex(6)}",
            forum=forum,
            kind=kind,
            title=title.strip(),
            body=body,
            body_html=text.render(body),
            sector=sector or forum.sector,
            regency=regency or forum.regency,
            target_agency=target_agency,
            privacy=privacy,
            author=user,
            author_name="" if user else name.strip(),
            author_email="" if user else email,
            ip_hash=throttle.hashed(ip) if ip else "",
            held=_is_new_account(user),
            quarantined=looks_like_a_bot,
            created_at=now,
        )
        if user and not looks_like_a_bot:
            submission.status = S.RECEIVED
            submission.received_at = now
            submission.verify_due = workdays.deadline(now, VERIFY_WITHIN)
        else:
            submission.status = S.UNCONFIRMED
        submission.save()
        submission.tracking_code = f"SM-{timezone.localtime(now):%Y}-{submission.pk:06d}"
        submission.save(update_fields=["tracking_code"])
        for name_, content_type, data in files:
            _attach(submission, name_, content_type, data)
        if looks_like_a_bot:
            logger.info("forum submission %s quarantined as spam", submission.pk)
            return submission
        SUBMISSION_WORKFLOW.record(submission, actor=user, to_status=submission.status)
        reminders.sync_submission(submission)
        if user:
            Follow.objects.get_or_create(submission=submission, user=user)
            _email(user.email, user.preferred_language, "received", submission)
        else:
            token = signing.dumps({"s": submission.pk, "e": email}, salt=CONFIRM_SALT)
            _email(
                email,
                None,
                "confirm",
                submission,
                confirm_url=absolute_url(reverse("forums:confirm", args=[token])),
                name=submission.author_name,
            )
    return submission


def _attach(submission, name, content_type, data):
    attachment = Attachment(
        submission=submission,
        original_name=name[:255],
        content_type=content_type,
        size=len(data),
        token=secrets.token_hex(20),
    )
    attachment.file.save(attachment.token, ContentFile(data), save=False)
    attachment.save()


def submission_confirm_email(*, token):
    """The e-mail link of a submission without an account: it enters the queue."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("This link has expired. Please send your input again.")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This link is not valid.")) from exc
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=data["s"]).first()
        if submission is None or submission.author_email != data["e"]:
            raise ValidationError(_("This link is not valid."))
        if submission.status != S.UNCONFIRMED:
            return submission  # confirmed already: the link works twice
        now = timezone.now()
        _move(
            submission,
            S.RECEIVED,
            None,
            email_confirmed_at=now,
            received_at=now,
            verify_due=workdays.deadline(now, VERIFY_WITHIN),
        )
        _email(submission.author_email, None, "received", submission)
    return submission


def submission_lookup(*, code, email):
    """The tracking code and the e-mail it was sent with open a submission's page."""
    code = (code or "").strip().upper()
    email = (email or "").strip().lower()
    submission = (
        Submission.objects.select_related("author")
        .filter(tracking_code=code, quarantined=False)
        .exclude(status=S.UNCONFIRMED)
        .first()
    )
    if submission is None or (submission.contact_email or "").lower() != email:
        return None
    return submission


# --- The workflow ---------------------------------------------------------------------------------


def _require_secretariat(by):
    if not is_secretariat(by):
        raise PermissionDenied


def _require_account(user):
    """Supporting, following and RSVPs belong to an account (a guest supports by e-mail)."""
    if user is None or not user.is_authenticated:
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


# --- Replies --------------------------------------------------------------------------------------


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
    if not throttle.hit("reply-ip", ip, limit=10, per=timedelta(minutes=10)):
        raise RateLimited(_("Too many replies from your connection. Please wait a few minutes."))
    by_submitter = rules.is_submitter(by, submission)
    if not by_submitter and not (user and rules.is_staff_for(user, submission)):
        _check_links(user, body)
    staff_agency = None
    if user and rules.is_assigned_staff(user, submission):
        staff_agency = submission.assigned_agency
    with transaction.atomic():
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
    return Reply.objects.create(
        submission=submission,
        kind=ReplyKind.NOTE,
        author=by,
        agency=submission.assigned_agency if rules.is_assigned_staff(by, submission) else None,
        body=body,
        body_html=text.render(body),
    )


# --- Support and follow ---------------------------------------------------------------------------


def _recount(submission):
    Submission.objects.filter(pk=submission.pk).update(
        support_count=Support.objects.filter(submission=submission).count()
    )


def support_add(*, submission, user):
    _require_account(user)
    if not rules.is_published(submission):
        raise ValidationError(_("Only published submissions can be supported."))
    try:
        with transaction.atomic():
            Support.objects.create(submission=submission, user=user)
    except IntegrityError:
        return False
    _recount(submission)
    return True


def support_request_by_email(*, submission, email, ip=None):
    """Without an account: a link confirms the address, then the support counts."""
    if not rules.is_published(submission):
        raise ValidationError(_("Only published submissions can be supported."))
    email = email.strip().lower()
    if not throttle.hit("support-ip", ip, limit=10, per=timedelta(hours=1)) or not throttle.hit(
        "support-email", email, limit=3, per=timedelta(days=1)
    ):
        raise RateLimited(_("Too many requests from your connection. Please try again later."))
    token = signing.dumps({"s": submission.pk, "e": email}, salt=SUPPORT_SALT)
    _email(
        email,
        None,
        "support_confirm",
        submission,
        confirm_url=absolute_url(reverse("forums:support_confirm", args=[token])),
    )


def support_confirm(*, token):
    try:
        data = signing.loads(token, salt=SUPPORT_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(_("This link is not valid or has expired.")) from exc
    submission = Submission.objects.filter(pk=data["s"]).first()
    if submission is None or not rules.is_published(submission):
        raise ValidationError(_("This link is not valid or has expired."))
    try:
        with transaction.atomic():
            Support.objects.create(submission=submission, email=data["e"])
    except IntegrityError:
        pass
    _recount(submission)
    return submission


def follow_toggle(*, submission, user):
    _require_account(user)
    if not rules.is_published(submission) and submission.author_id != user.pk:
        raise ValidationError(_("Only published submissions can be followed."))
    deleted, _rows = Follow.objects.filter(submission=submission, user=user).delete()
    if deleted:
        return False
    Follow.objects.get_or_create(submission=submission, user=user)
    return True


# --- Moderation -----------------------------------------------------------------------------------


def report_create(*, submission=None, reply=None, reason, note="", user=None, ip=None):
    """Anyone may report; three open reports hide the content until a moderator reviews it."""
    if not throttle.hit("report-ip", ip or (user and user.pk), limit=5, per=timedelta(hours=1)):
        raise RateLimited(_("Too many reports from your connection. Please try again later."))
    target = {"submission": submission} if submission is not None else {"reply": reply}
    with transaction.atomic():
        Report.objects.create(
            reason=reason,
            note=note[:500],
            reporter=user if user is not None and user.is_authenticated else None,
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


# --- Meetings -------------------------------------------------------------------------------------


def meeting_create(*, forum, by, **fields):
    if not rules.can_announce(by, forum):
        raise PermissionDenied
    meeting = Meeting(forum=forum, created_by=by, **fields)
    meeting.full_clean()
    meeting.save()
    return meeting


def rsvp_toggle(*, meeting, user):
    _require_account(user)
    if meeting.cancelled or meeting.starts_at < timezone.now():
        raise ValidationError(_("This meeting takes no more RSVPs."))
    deleted, _rows = Rsvp.objects.filter(meeting=meeting, user=user).delete()
    if deleted:
        return False
    Rsvp.objects.get_or_create(meeting=meeting, user=user)
    return True


# --- Privacy housekeeping -------------------------------------------------------------------------


def purge_ip_hashes():
    """Daily (beat): hashed IPs are kept for 30 days (abuse handling), then erased."""
    cutoff = timezone.now() - IP_RETENTION
    count = Submission.objects.filter(created_at__lt=cutoff).exclude(ip_hash="").update(ip_hash="")
    count += Reply.objects.filter(created_at__lt=cutoff).exclude(ip_hash="").update(ip_hash="")
    count += Report.objects.filter(created_at__lt=cutoff).exclude(ip_hash="").update(ip_hash="")
    throttle.prune()
    return count


def unconfirmed_purge():
    """Submissions whose e-mail was never confirmed (and quarantined spam) go after 30 days."""
    cutoff = timezone.now() - IP_RETENTION
    return Submission.objects.filter(
        Q(status=S.UNCONFIRMED) | Q(quarantined=True), created_at__lt=cutoff
    ).delete()[0]
