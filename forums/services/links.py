"""The links the forum e-mails (confirm a guest's input, count a support, open a submission):
a random token in the URL, its SHA-256 on an EmailLink row, used once, until it expires.

Until issue 17 these links were django.core.signing values, which are signed but not
encrypted: anyone who saw the URL could read the e-mail address and the submission in it.
Such links (their parts are joined by ':') are told apart and answered with their own
message; nothing in them is read any more."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import EmailLink

TOKEN_BYTES = 32  # 43 URL-safe characters
SIGNED_SEPARATOR = ":"  # never in secrets.token_urlsafe, always in a django.core.signing value


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def link_issue(*, submission, purpose, max_age, email=""):
    """A new link's token (for the URL; it is not kept) for `purpose` on `submission`, valid for
    `max_age` seconds."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    EmailLink.objects.create(
        purpose=purpose,
        submission=submission,
        email=email,
        digest=_digest(token),
        created_at=now,
        expires_at=now + timedelta(seconds=max_age),
    )
    return token


def link_use(*, token, purpose, refusals):
    """The link `token` stands for, locked and marked used; call it in a transaction, so that a
    refusal raised later in it leaves the link unused.

    `refusals`: the message for each way a link fails, by ValidationError code: "old" (a signed
    link from before issue 17), "invalid" (unknown, or deleted since), "used", "expired"."""
    token = token or ""
    if SIGNED_SEPARATOR in token:
        raise ValidationError(refusals["old"], code="old")
    link = (
        EmailLink.objects.select_for_update()
        .filter(digest=_digest(token), purpose=purpose)
        .select_related("submission")
        .first()
    )
    if link is None:
        raise ValidationError(refusals["invalid"], code="invalid")
    if link.used_at is not None:
        raise ValidationError(refusals["used"], code="used")
    now = timezone.now()
    if link.expires_at <= now:
        raise ValidationError(refusals["expired"], code="expired")
    link.used_at = now
    link.save(update_fields=["used_at"])
    return link


def link_find(*, token, purpose):
    """The unexpired link `token` stands for, used or not (None when there is none): for a link
    that only shows something, as often as it is opened."""
    token = token or ""
    if not token or SIGNED_SEPARATOR in token:
        return None
    return (
        EmailLink.objects.filter(
            digest=_digest(token), purpose=purpose, expires_at__gt=timezone.now()
        )
        .select_related("submission")
        .first()
    )


def links_withdraw(*, submission, purposes):
    """The unused links of `submission` for `purposes` stop working (they are deleted)."""
    return EmailLink.objects.filter(
        submission=submission, purpose__in=purposes, used_at__isnull=True
    ).delete()[0]


def email_links_purge(now=None):
    """Daily (beat): expired links go, with the support addresses they kept."""
    return EmailLink.objects.filter(expires_at__lt=now or timezone.now()).delete()[0]
