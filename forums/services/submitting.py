"""A resident sends input: spam and abuse checks, attachments, the e-mail confirmation and
the lookup by tracking code."""

import io
import logging
import secrets
from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from core.files import JPEG, PDF, PNG, check_document
from core.http import absolute_url

from .. import reminders, text, throttle, workdays
from ..models import Attachment, Follow, Submission, Suspension
from ._common import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    MAX_ATTACHMENTS,
    NEW_ACCOUNT_AGE,
    NEW_ACCOUNT_LINKS,
    SUBMISSION_WORKFLOW,
    VERIFY_WITHIN,
    RateLimited,
    S,
    _email,
    _move,
)

logger = logging.getLogger(__name__)


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
