"""A resident sends input: spam and abuse checks, attachments, the e-mail confirmation and
the lookup by tracking code."""

import logging
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import scrub, text, throttle
from core.converters import TRACKING_CODE
from core.files import EXTENSIONS, HEIC, JPEG, PDF, PNG, check_document
from core.http import absolute_url
from core.throttle import Limit

from .. import reminders, workdays
from ..enums import LinkPurpose
from ..models import Attachment, Follow, Submission, Suspension
from ._common import (
    ACCESS_LINKS_PER_HOUR,
    ACCESS_MAX_AGE,
    BODY_MAX,
    CONFIRM_MAX_AGE,
    MAX_ATTACHMENTS,
    NEW_ACCOUNT_AGE,
    NEW_ACCOUNT_LINKS,
    SUBMISSION_WORKFLOW,
    SUBMIT_PER_ACCOUNT,
    SUBMIT_PER_IP,
    TITLE_MAX,
    VERIFY_WITHIN,
    RateLimited,
    S,
    _email,
    _move,
    _submitter_address,
    _submitter_name,
)
from .links import link_find, link_issue, link_use, links_withdraw

logger = logging.getLogger(__name__)

ATTACHMENT_KINDS = {JPEG, PNG, HEIC, PDF}  # a HEIC photo is stored as a JPEG


def _clean_attachments(files):
    """Every upload read whole and cleaned, or a refusal on the attachments field that names each
    file that failed: its kind is read from its content (core.files: a picture past the pixel cap
    or a decompression bomb is refused from its header), then what it says about its maker goes
    (core.scrub: a damaged photo is refused there, never an error page). Returns [(content type,
    bytes)] in the order chosen; the uploader's file names are not kept."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(count)s files.") % {"count": MAX_ATTACHMENTS}}
        )
    cleaned, errors = [], []
    for upload in files:
        try:
            content_type = check_document(upload, only=ATTACHMENT_KINDS)
            cleaned.append(scrub.clean(upload.read(), content_type, name=upload.name))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError({"attachments": errors})
    return [(content_type, data) for data, content_type in cleaned]


def attachment_name(position, content_type):
    """An attachment's name, by its place among the submission's files: `lampiran-1.pdf`, … —
    never the uploader's file name, which may name them (and an anonim submitter with it)."""
    return f"lampiran-{position}.{EXTENSIONS[content_type]}"


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


# Drawn at random, so that a code says nothing about how many came before it and the next
# one cannot be guessed: no 0/O, 1/I/L, so that a code read aloud or copied by hand survives.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_CODE_ATTEMPTS = 5


def new_tracking_code(now):
    """SM-<year>-<six characters> (the shape of the earlier sequential codes, which stay valid)."""
    draw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(6))
    return f"SM-{timezone.localtime(now):%Y}-{draw}"


def _take_quota(user, ip, email):
    """Count an accepted submission: a signed-in resident by their account, wherever they
    connect from (a carrier's NAT, an internet café, the Wi-Fi at a public meeting is many
    people on one address); a guest by the connection (generously) and by the e-mail address.
    Called in the transaction that saves the submission, after every check that can refuse it.
    """
    hour = timedelta(hours=1)
    if user is not None:
        if throttle.take(Limit("submit-account", user.pk, SUBMIT_PER_ACCOUNT, hour)):
            raise RateLimited(
                _("Too many submissions from your account. Please try again in an hour.")
            )
        return
    refused = throttle.take(
        Limit("submit-ip", ip, SUBMIT_PER_IP, timedelta(minutes=10)),
        Limit("submit-email", email.lower(), SUBMIT_PER_ACCOUNT, hour),
    )
    if refused is None:
        return
    if refused.scope == "submit-ip":
        raise RateLimited(
            _("Too many submissions from your connection. Please wait ten minutes and try again.")
        )
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
    text.check_length(title.strip(), TITLE_MAX, field="title")
    text.check_length(body, BODY_MAX, field="body")
    _check_links(user, body)
    # Refused input spends no quota: every check that can fail on the input comes first.
    files = _clean_attachments(attachments)
    now = timezone.now()
    with transaction.atomic():
        _take_quota(user, ip, email)
        submission = Submission(
            tracking_code=new_tracking_code(now),
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
        for attempt in range(TRACKING_CODE_ATTEMPTS):
            try:
                with transaction.atomic():
                    submission.save()
                break
            except IntegrityError:  # a code drawn twice (about one in 10^8 a year)
                if attempt == TRACKING_CODE_ATTEMPTS - 1:
                    raise
                submission.tracking_code = new_tracking_code(now)
        for position, (content_type, data) in enumerate(files, start=1):
            _attach(submission, attachment_name(position, content_type), content_type, data)
        if looks_like_a_bot:
            logger.info("forum submission %s quarantined as spam", submission.pk)
            return submission
        SUBMISSION_WORKFLOW.record(submission, actor=user, to_status=submission.status)
        reminders.sync_submission(submission)
        if user:
            Follow.objects.get_or_create(submission=submission, user=user)
            _email(user.email, user.preferred_language, "received", submission)
        else:
            token = link_issue(
                submission=submission, purpose=LinkPurpose.CONFIRM, max_age=CONFIRM_MAX_AGE
            )
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
        name=name,
        content_type=content_type,
        size=len(data),
        token=secrets.token_hex(20),
    )
    attachment.file.save(attachment.token, ContentFile(data), save=False)
    attachment.save()


def _confirm_refusals():
    return {
        "old": _(
            "This link is from an earlier version of the portal and no longer works. Please "
            "send your input again."
        ),
        "invalid": _("This link is not valid or has expired. Please send your input again."),
        "used": _(
            "This link was used already: your input is confirmed and in the queue. Follow it "
            "with its tracking code on the tracking page."
        ),
        "expired": _("This link has expired. Please send your input again."),
    }


def submission_confirm_email(*, token):
    """The e-mail link of a submission without an account: it enters the queue. The link works
    once; the tracking code (or an access link) opens the submission after that."""
    with transaction.atomic():
        link = link_use(token=token, purpose=LinkPurpose.CONFIRM, refusals=_confirm_refusals())
        submission = Submission.objects.select_for_update().get(pk=link.submission_id)
        if submission.status != S.UNCONFIRMED:
            raise ValidationError(_confirm_refusals()["used"], code="used")
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


def submission_sent_reference(*, submission, max_age):
    """The reference in the thank-you page's address after a guest sent `submission`: random
    (the tracking code of anonim input in a log or a browser history would tie the connection
    or the device to it), valid for `max_age` seconds."""
    return link_issue(submission=submission, purpose=LinkPurpose.SENT, max_age=max_age)


def submission_code_for_sent_reference(reference):
    """The tracking code a thank-you page's reference stands for, or None."""
    link = link_find(token=reference, purpose=LinkPurpose.SENT)
    return link.submission.tracking_code if link else None


def _for_lookup(code):
    code = TRACKING_CODE.read(code or "")
    if code is None:
        return None
    return (
        Submission.objects.select_related("author")
        .filter(tracking_code=code, quarantined=False)
        .exclude(status=S.UNCONFIRMED)
        .first()
    )


def submission_send_access_link(*, code):
    """E-mail the submitter a one-time link that opens their submission: the way back in that
    no stranger can block (lookup limits never apply to it) and that needs no typed address.

    The answer is the same whether the code exists or not (nothing is revealed); at most
    ACCESS_LINKS_PER_HOUR e-mails per submission, so a stranger cannot flood the mailbox."""
    submission = _for_lookup(code)
    if submission is None:
        return
    address, language = _submitter_address(submission)
    if not address or not throttle.hit(
        "access-link", submission.pk, limit=ACCESS_LINKS_PER_HOUR, per=timedelta(hours=1)
    ):
        return
    token = link_issue(submission=submission, purpose=LinkPurpose.ACCESS, max_age=ACCESS_MAX_AGE)
    _email(
        address,
        language,
        "access_link",
        submission,
        name=_submitter_name(submission),
        access_url=absolute_url(reverse("forums:access", args=[token])),
        hours=ACCESS_MAX_AGE // 3600,
    )


def submission_open_access_link(*, token):
    """The submission an access link opens, once: using it also ends the other links sent
    for it before."""
    refusals = {
        "old": _(
            "This link is from an earlier version of the portal and no longer works. Ask for "
            "a new one on the tracking page."
        ),
        "invalid": _("This link is not valid any more. Ask for a new one on the tracking page."),
        "used": _("This link was used already. Ask for a new one on the tracking page."),
        "expired": _("This link has expired. Ask for a new one on the tracking page."),
    }
    with transaction.atomic():
        link = link_use(token=token, purpose=LinkPurpose.ACCESS, refusals=refusals)
        submission = link.submission
        if submission.quarantined or submission.status == S.UNCONFIRMED:
            raise ValidationError(refusals["invalid"], code="invalid")
        links_withdraw(submission=submission, purposes=[LinkPurpose.ACCESS])
    return submission


def submission_lookup(*, code, email):
    """The tracking code and the e-mail it was sent with open a submission's page."""
    email = (email or "").strip().lower()
    submission = _for_lookup(code)
    # An address erased at its owner's request (or never given) opens nothing, not even to "".
    if not email or submission is None or (submission.contact_email or "").lower() != email:
        return None
    return submission
