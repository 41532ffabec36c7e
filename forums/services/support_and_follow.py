"""Support (with an account, or by a confirmed e-mail) and following a submission."""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core import throttle
from core.http import absolute_url
from core.throttle import Limit

from .. import rules
from ..models import Follow, Submission, Support
from ._common import (
    CONFIRM_MAX_AGE,
    SUPPORT_PER_EMAIL,
    SUPPORT_PER_IP,
    SUPPORT_SALT,
    RateLimited,
    _email,
    _require_account,
)


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
    with transaction.atomic():
        if throttle.take(
            Limit("support-ip", ip, SUPPORT_PER_IP, timedelta(hours=1)),
            Limit("support-email", email, SUPPORT_PER_EMAIL, timedelta(days=1)),
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
