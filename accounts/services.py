"""Every write to accounts goes through these functions (views, admin and tasks alike)."""

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .emails import send_templated_email
from .models import User, normalise_email

logger = logging.getLogger(__name__)

VERIFICATION_SALT = "accounts.email-verification"


def _absolute(base_url, path):
    return f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"


def email_verification_token(user):
    # The address is part of the token, so a link stops working once the address changes.
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFICATION_SALT)


def user_verification_send(*, user, base_url=None):
    """E-mail `user` a link that proves they own their address."""
    link = _absolute(
        base_url, reverse("accounts:verify_email", args=[email_verification_token(user)])
    )
    hours = int(settings.ACCOUNT_VERIFICATION_MAX_AGE.total_seconds() // 3600)
    send_templated_email(
        to=user.email,
        template="verify_email",
        context={"user": user, "link": link, "hours": hours},
        language=user.preferred_language,
    )


def user_register(*, email, full_name, password, language, base_url=None):
    """Register a resident, or nudge the owner of an existing account.

    The outcome looks the same to the person signing up either way, so the form does not reveal
    which addresses have accounts; the mailbox owner learns what happened from the e-mail.
    Returns the new user, or None when the address was already registered.
    """
    email = normalise_email(email)
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email=email).first()
        if existing is None:
            user = User(email=email, full_name=full_name.strip(), preferred_language=language)
            user.set_password(password)
            user.save()
            logger.info("account registered: user %s", user.pk)
    if existing is None:
        user_verification_send(user=user, base_url=base_url)
        return user
    if existing.is_email_verified:
        send_templated_email(
            to=existing.email,
            template="account_exists",
            context={
                "user": existing,
                "login_link": _absolute(base_url, reverse("accounts:login")),
                "reset_link": _absolute(base_url, reverse("accounts:password_reset")),
            },
            language=existing.preferred_language,
        )
    else:
        user_verification_send(user=existing, base_url=base_url)
    return None


def user_verification_resend(*, email, base_url=None):
    """Send a new link if `email` belongs to an unverified, active account; silent otherwise."""
    user = User.objects.filter(
        email=normalise_email(email), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is not None:
        user_verification_send(user=user, base_url=base_url)


def user_verify_email(*, token):
    """Mark the address in `token` verified; return the user. Raises ValidationError if invalid."""
    max_age = settings.ACCOUNT_VERIFICATION_MAX_AGE
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("This verification link has expired. Request a new one below."), code="expired"
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This verification link is not valid."), code="invalid") from exc
    user = User.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None:
        raise ValidationError(_("This verification link is not valid."), code="invalid")
    user_mark_email_verified(user=user)
    return user


def user_mark_email_verified(*, user):
    """Record that the user proved they own their address (idempotent)."""
    if user.email_verified_at is None:
        User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
            email_verified_at=timezone.now()
        )
        user.refresh_from_db(fields=["email_verified_at"])
        logger.info("e-mail verified: user %s", user.pk)
    return user


def user_update_profile(*, user, full_name, preferred_language):
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["full_name", "preferred_language"])
    return user


def user_set_language(*, user, language):
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def user_password_reset_completed(*, user):
    """After a reset by e-mail link: the address is proven, and old lockouts no longer apply."""
    from axes.utils import reset as axes_reset

    user_mark_email_verified(user=user)
    axes_reset(username=user.email)
