"""Support (with an account, or by a confirmed e-mail) and following a submission.

Nobody supports their own input: not its author account, not a browser that proved its
tracking code, not an account or an address it was sent from. Where the person is known (an
account, a proved browser, an opened e-mail link) the refusal says so; an address typed into
the form is answered as any other, and its mailbox alone hears why nothing counts, so that the
form never tells a stranger who sent an anonim or rahasia submission."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import normalise_email
from core import throttle
from core.http import absolute_url
from core.throttle import Limit

from .. import rules
from ..enums import LinkPurpose
from ..models import Follow, Submission, Support
from ._common import (
    CONFIRM_MAX_AGE,
    SUPPORT_PER_EMAIL,
    SUPPORT_PER_IP,
    RateLimited,
    _email,
    _require_account,
)
from .links import link_issue, link_use


def _recount(submission):
    Submission.objects.filter(pk=submission.pk).update(
        support_count=Support.objects.filter(submission=submission).count()
    )


def _refuse_own():
    return ValidationError(_("You cannot support your own submission."), code="own")


def support_add(*, submission, user):
    """`user`: an account, or a rules.Visitor (an account that may also have proved codes)."""
    who = rules.visitor(user)
    user = who.user
    _require_account(user)
    if not rules.is_published(submission):
        raise ValidationError(_("Only published submissions can be supported."))
    if rules.is_own(who, submission):
        raise _refuse_own()
    try:
        with transaction.atomic():
            Support.objects.create(submission=submission, user=user)
    except IntegrityError:
        return False
    _recount(submission)
    return True


def support_request_by_email(*, submission, email, ip=None, by=None):
    """Without an account: a link confirms the address, then the support counts. `by`: who
    asks (a rules.Visitor or an account), when known."""
    if not rules.is_published(submission):
        raise ValidationError(_("Only published submissions can be supported."))
    if by is not None and rules.is_own(by, submission):
        raise _refuse_own()
    email = normalise_email(email)
    with transaction.atomic():
        if throttle.take(
            Limit("support-ip", ip, SUPPORT_PER_IP, timedelta(hours=1)),
            Limit("support-email", email, SUPPORT_PER_EMAIL, timedelta(days=1)),
        ):
            raise RateLimited(_("Too many requests from your connection. Please try again later."))
        if email in rules.sent_from(submission):
            # The same answer as for any address; only its mailbox reads why it does not count.
            _email(email, None, "support_own", submission)
            return
        token = link_issue(
            submission=submission,
            purpose=LinkPurpose.SUPPORT,
            max_age=CONFIRM_MAX_AGE,
            email=email,
        )
        _email(
            email,
            None,
            "support_confirm",
            submission,
            confirm_url=absolute_url(reverse("forums:support_confirm", args=[token])),
        )


def _support_refusals():
    again = _("Ask for a new link on the submission's page.")
    return {
        "old": _("This link is from an earlier version of the portal and no longer works.")
        + " "
        + again,
        "invalid": _("This link is not valid or has expired.") + " " + again,
        "used": _("This link was used already: your support is counted."),
        "expired": _("This link has expired.") + " " + again,
    }


def support_confirm(*, token):
    """The e-mailed support link: the support of the address it went to counts, once."""
    with transaction.atomic():
        link = link_use(token=token, purpose=LinkPurpose.SUPPORT, refusals=_support_refusals())
        submission = Submission.objects.select_related(
            "author", "forum__agreement", "forum__training"
        ).get(pk=link.submission_id)
        if not rules.is_published(submission):
            raise ValidationError(_support_refusals()["invalid"], code="invalid")
        if normalise_email(link.email) in rules.sent_from(submission):
            raise _refuse_own()  # the link was opened from the mailbox it went to
        try:
            with transaction.atomic():
                Support.objects.create(submission=submission, email=link.email)
        except IntegrityError:
            pass  # counted already, by an earlier link to the same address
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
