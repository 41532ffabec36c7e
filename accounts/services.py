"""Every write to accounts goes through these functions (views, admin and tasks alike)."""

import hashlib
import logging
import secrets
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.http import absolute_url

from . import personal_data
from .emails import (
    ACCOUNT_EXISTS_EMAIL,
    ACCOUNT_PENDING_EMAIL,
    VERIFY_EMAIL,
    queue_templated_email,
)
from .models import ApiToken, User, normalise_email

logger = logging.getLogger(__name__)

VERIFICATION_SALT = "accounts.email-verification"


def _verification_fingerprint(user):
    # Bound to the address and the password hash: a link dies when either changes, so a link
    # sent before someone re-registers (with a new password) cannot verify the account.
    return salted_hmac(VERIFICATION_SALT, f"{user.email}|{user.password}").hexdigest()[:20]


def email_verification_token(user):
    """A signed, expiring token naming the user by id only (no address in URLs or logs)."""
    return signing.dumps(
        {"u": user.pk, "f": _verification_fingerprint(user)}, salt=VERIFICATION_SALT
    )


def _claim_email_slot(user):
    """Whether an e-mail that anyone typing this address can trigger (a verification link, the
    "account exists" or "finish signing up" notice) may go now: at most one per address per
    ACCOUNT_EMAIL_COOLDOWN, claimed with a conditional UPDATE so that parallel requests cannot
    both pass. `verification_sent_at` records the last one, whatever it was."""
    now = timezone.now()
    claimed = (
        User.objects.filter(pk=user.pk)
        .filter(
            Q(verification_sent_at__isnull=True)
            | Q(verification_sent_at__lt=now - settings.ACCOUNT_EMAIL_COOLDOWN)
        )
        .update(verification_sent_at=now)
    )
    if not claimed:
        logger.info("account e-mail for user %s held back (cooldown)", user.pk)
    return bool(claimed)


def user_verification_send(*, user, base_url=None):
    """E-mail `user` a link that proves they own their address (queued in the outbox; a worker
    sends it after the transaction commits, and retries it while the mail server is away).

    At most one such e-mail per address per cooldown (`_claim_email_slot`), so no form can be
    used to flood someone's mailbox. Returns whether an e-mail was queued.
    """
    if not _claim_email_slot(user):
        return False
    link = absolute_url(
        reverse("accounts:verify_email", args=[email_verification_token(user)]), base_url
    )
    hours = int(settings.ACCOUNT_VERIFICATION_MAX_AGE.total_seconds() // 3600)
    queue_templated_email(
        to=user.email,
        template="verify_email",
        # No name: one typed into the sign-up form is not echoed to an address not yet proven.
        context={"link": link, "hours": hours},
        kind=VERIFY_EMAIL,
        language=user.preferred_language,
        about=user,
    )
    return True


def _tell_the_owner(user, template, kind, base_url, **context):
    """A notice to the owner of an address someone just typed into the sign-up form."""
    if not _claim_email_slot(user):
        return
    queue_templated_email(
        to=user.email,
        template=template,
        context={
            "user": user,
            "login_link": absolute_url(base_url=base_url, path=reverse("accounts:login")),
            "reset_link": absolute_url(base_url=base_url, path=reverse("accounts:password_reset")),
            **context,
        },
        kind=kind,
        language=user.preferred_language,
        about=user,
    )


def _set_password_link(user, base_url):
    """A password-reset link for `user`: choosing a password there also proves the address
    (accounts.views.PasswordResetConfirmView)."""
    path = reverse(
        "accounts:password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return absolute_url(base_url=base_url, path=path)


def user_register(*, email, full_name, password, language, base_url=None):
    """Register a resident, or tell the owner of an address that already has an account.

    Signing up with an address that has an account changes nothing about that account, verified
    or not: a sign-up with an address that is not yours can neither take it over nor kill its
    pending link. The mailbox owner hears of it instead (at most one e-mail per cooldown): a
    verified owner that someone tried; a not-yet-verified one, with a link to choose their
    password that also confirms the address (so the owner wins over whoever signed up first).
    The outcome looks the same to the person signing up in every case, so the form reveals
    nothing. Returns the new user, or None when the address was already taken.
    """
    email = normalise_email(email)
    # Hash first, whatever the branch, so that response times do not tell the branches apart.
    password_hash = make_password(password)
    with transaction.atomic():
        existing = User.objects.filter(email=email).first()
        if existing is None:
            user = User(
                email=email,
                full_name=full_name.strip(),
                preferred_language=language,
                password=password_hash,
            )
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:  # the same form submitted twice at once
                return None
            logger.info("account registered: user %s", user.pk)
            user_verification_send(user=user, base_url=base_url)
            return user
    if not existing.is_active:
        return None
    if existing.is_email_verified:
        _tell_the_owner(existing, "account_exists", ACCOUNT_EXISTS_EMAIL, base_url)
    else:
        _tell_the_owner(
            existing,
            "account_pending",
            ACCOUNT_PENDING_EMAIL,
            base_url,
            set_password_link=_set_password_link(existing, base_url),
        )
    return None


def user_verification_resend(*, email, base_url=None):
    """Send a new link if `email` belongs to an unverified, active account; silent otherwise."""
    user = User.objects.filter(
        email=normalise_email(email), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is not None:
        user_verification_send(user=user, base_url=base_url)


def user_from_verification_token(token):
    """The user a verification link is for; raises ValidationError saying why it is unusable."""
    max_age = settings.ACCOUNT_VERIFICATION_MAX_AGE
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("This verification link has expired. Request a new one below."), code="expired"
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This verification link is not valid."), code="invalid") from exc
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(
        data.get("f", ""), _verification_fingerprint(user)
    ):
        raise ValidationError(
            _("This verification link is not valid any more. Request a new one below."),
            code="invalid",
        )
    return user


def user_verify_email(*, token):
    """Mark the address in `token` verified; return the user. Raises ValidationError if invalid."""
    user = user_from_verification_token(token)
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
    user_mark_email_verified(user=user)
    axes_reset(username=user.email)


def account_export(*, user):
    """Everything the portal holds about `user`, for them to download (UU 27/2022)."""
    data = personal_data.collect(user)
    logger.info("personal data exported: user %s", user.pk)
    return data


def account_delete(*, user, password):
    """The person deletes their own account.

    Their private data goes; what they published in public stays, anonymised (each app decides
    which, see accounts/personal_data.py). Refused with a ValidationError when the password is
    wrong or an app says the account cannot go yet (e.g. it is an agency's only admin).
    """
    if not user.check_password(password):
        raise ValidationError(
            {"password": ValidationError(_("The password is not correct."), code="wrong_password")}
        )
    reasons = personal_data.blockers(user)
    if reasons:
        raise ValidationError([ValidationError(reason, code="blocked") for reason in reasons])
    pk = user.pk
    with transaction.atomic():
        # Lock the row: the same form sent twice deletes once, the second finds nothing.
        locked = User.objects.select_for_update().filter(pk=pk).first()
        if locked is None:
            return
        personal_data.erase(locked)
        locked.delete()
    logger.info("account deleted by its owner: user %s", pk)


def login_records_prune(*, now=None):
    """Delete login records (django-axes) older than LOGIN_RECORDS_DAYS; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.LOGIN_RECORDS_DAYS)
    deleted = 0
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        count, _details = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted += count
    logger.info("pruned %s login records older than %s", deleted, cutoff)
    return deleted


# --- API keys (accounts.api) ---------------------------------------------------------------------

API_KEY_PREFIX = "smk_"


def _api_key_hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name, expires_at=None):
    """A new personal API key for `user`: returns (token, key). The key is shown once; only its
    hash is stored."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[: len(API_KEY_PREFIX) + 6],
        key_hash=_api_key_hash(key),
        expires_at=expires_at,
    )
    return token, key


def api_token_revoke(*, user, token_id):
    """Revoke one of `user`'s keys (someone else's key id does nothing: it is not theirs)."""
    return (
        ApiToken.objects.filter(user=user, pk=token_id, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        == 1
    )


def api_token_lookup(key):
    """The key `key` belongs to, usable or not, with its owner (None when unknown or its owner
    may no longer log in): the API says why a revoked or expired key is refused."""
    if not key.startswith(API_KEY_PREFIX) or len(key) > 100:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_api_key_hash(key), user__is_active=True)
        .first()
    )


def api_token_for_key(key):
    """The usable key `key` belongs to, with its owner; None when unknown, revoked, expired or
    its owner may no longer log in."""
    token = api_token_lookup(key)
    if token is None or not token.is_usable():
        return None
    return token


def api_token_touch(*, token, now, every):
    """Record that `token` was used, at most once per `every` seconds (a conditional UPDATE)."""
    if token.last_used_at and (now - token.last_used_at).total_seconds() < every:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
