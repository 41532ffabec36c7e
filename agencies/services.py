"""Every write to agencies, memberships, invitations and capabilities goes through here."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import normalise_email
from accounts.services import api_token_create, api_token_revoke, user_mark_email_verified
from core.http import absolute_url
from core.workflow import Workflow
from notifications.services import email_queue

from . import rules
from .enums import (
    AGENCY_TRANSITIONS,
    API_KEY_EMAIL_KIND,
    INVITATION_EMAIL_KIND,
    REASON_REQUIRED,
    REGISTERED_EMAIL_KIND,
    ROLE_RANK,
    STATUS_EMAIL_KIND,
    AgencyEventKind,
    AgencyStatus,
    MemberRole,
)
from .models import (
    AGENCY_PROFILE_FIELDS,
    Agency,
    AgencyEvent,
    ApiKeyScope,
    Capability,
    Invitation,
    Membership,
    normalise_agency_name,
)
from .rules import SECRETARIAT_GROUP

logger = logging.getLogger(__name__)

AGENCY_WORKFLOW = Workflow(
    AgencyStatus,
    AGENCY_TRANSITIONS,
    history=AgencyEvent,
    subject="agency",
    refused=gettext_lazy("An agency that is “%(from)s” cannot become “%(to)s”."),
)


def _record(agency, kind, actor, **fields):
    return AGENCY_WORKFLOW.record(agency, actor=actor, kind=kind, **fields)


def _require(allowed):
    """Every service checks its caller itself: a view, the admin, a task or the shell alike."""
    if not allowed:
        raise PermissionDenied


# --- Agencies -------------------------------------------------------------------------------------


def agency_find_duplicate(name, *, exclude_pk=None):
    """The agency whose name is a near-duplicate of `name`, if any (rejected ones do not count)."""
    queryset = Agency.objects.exclude(status=AgencyStatus.REJECTED).filter(
        normalised_name=normalise_agency_name(name)
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.first()


def duplicate_name_error(existing):
    return ValidationError(
        _(
            "An agency with a very similar name is already registered: “%(name)s”. If it is "
            "yours, ask its administrator to invite you instead of registering it again."
        ),
        params={"name": existing.name},
        code="duplicate",
    )


# Words the agency URLs use for pages of their own (agencies/urls.py).
RESERVED_SLUGS = {"kapabilitas", "daftar", "saya", "verifikasi", "undangan", "saran", "kunci-api"}


def _unique_slug(agency):
    base = slugify(agency.acronym or agency.name)[:60] or "instansi"
    if base in RESERVED_SLUGS:
        base = f"{base}-instansi"
    if agency.acronym and Agency.objects.filter(slug=base).exclude(pk=agency.pk).exists():
        base = slugify(agency.name)[:60] or base
    slug, counter = base, 2
    while slug in RESERVED_SLUGS or Agency.objects.filter(slug=slug).exclude(pk=agency.pk).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


# The constraints a registration may meet when another one commits at the same moment.
UNIQUE_NAME = "agencies_agency_unique_normalised_name"
UNIQUE_SLUG = "agencies_agency_slug_key"
SLUG_ATTEMPTS = 3


def agency_register(*, user, sectors, base_url=None, **fields):
    """A person registers an agency: it starts pending and the person becomes its admin."""
    _require(rules.can_register_agency(user))
    existing = agency_find_duplicate(fields["name"])
    if existing is not None:
        raise duplicate_name_error(existing)
    with transaction.atomic():
        agency = Agency(**{key: fields.get(key) for key in AGENCY_PROFILE_FIELDS if key in fields})
        agency.registered_by = user
        agency.status = AgencyStatus.PENDING
        agency.status_changed_by = user
        for attempt in range(SLUG_ATTEMPTS):
            agency.slug = _unique_slug(agency)
            try:
                with transaction.atomic():
                    agency.save()
                break
            except IntegrityError as exc:
                constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "")
                if constraint == UNIQUE_NAME:  # a twin registered at the same moment
                    duplicate = agency_find_duplicate(fields["name"]) or agency
                    raise duplicate_name_error(duplicate) from exc
                if constraint != UNIQUE_SLUG or attempt == SLUG_ATTEMPTS - 1:
                    raise  # not a twin: a bug to see, not a "duplicate name" to show
                # Another agency took the same address at the same moment: draw the next one.
        agency.sectors.set(sectors)
        Membership.objects.create(user=user, agency=agency, role=MemberRole.ADMIN)
        _record(agency, AgencyEventKind.REGISTERED, user, to_status=AgencyStatus.PENDING)
        # Queued in the outbox with the registration, and sent once both commit.
        _tell_secretariat_of_registration(agency, base_url)
    logger.info("agency %s registered by user %s", agency.pk, user.pk)
    return agency


def _tell_secretariat_of_registration(agency, base_url):
    User = get_user_model()
    reviewers = User.objects.filter(groups__name=SECRETARIAT_GROUP, is_active=True)
    link = absolute_url(base_url=base_url, path=reverse("agencies:review", args=[agency.slug]))
    for reviewer in reviewers:
        email_queue(
            to=reviewer.email,
            template="agency_registered",
            context={"agency": agency, "link": link, "user": reviewer},
            language=reviewer.preferred_language,
            kind=REGISTERED_EMAIL_KIND,
            about=agency,
        )


def agency_slug_for(agency):
    """A free, readable URL slug for `agency` (from its acronym, else its name)."""
    return _unique_slug(agency)


def agency_record_import(*, agency, by, created):
    """An administrator imported the agency (or updated it) from a spreadsheet."""
    _require(rules.can_import_agencies(by))
    kind = AgencyEventKind.REGISTERED if created else AgencyEventKind.PROFILE_UPDATED
    _record(agency, kind, by, to_status=agency.status if created else "", detail="import")


def agency_update(*, agency, by, sectors=None, **fields):
    """Editors change the public profile; the name must stay clear of near-duplicates.

    Compares with the row as stored (a bound ModelForm has already changed `agency` in memory),
    so the history says exactly which fields changed.
    """
    _require(rules.can_edit_agency(by, agency))
    if "name" in fields:
        existing = agency_find_duplicate(fields["name"], exclude_pk=agency.pk)
        if existing is not None:
            raise duplicate_name_error(existing)
    if fields.get("logo") is False:  # the form's "clear" box
        fields["logo"] = ""
    elif "logo" in fields and fields["logo"] is None:
        fields.pop("logo")
    with transaction.atomic():
        stored = Agency.objects.select_for_update().get(pk=agency.pk)
        changed = [
            key
            for key in AGENCY_PROFILE_FIELDS
            if key in fields and getattr(stored, key) != fields[key]
        ]
        for key in changed:
            setattr(stored, key, fields[key])
        stored.save()
        if sectors is not None and set(sectors) != set(stored.sectors.all()):
            stored.sectors.set(sectors)
            changed.append("sectors")
        if changed:
            _record(stored, AgencyEventKind.PROFILE_UPDATED, by, detail=", ".join(changed)[:300])
    return stored


def agency_change_status(*, agency, to_status, by, reason="", base_url=None):
    """Verify, reject, suspend or reinstate an agency; the registrant is told by e-mail."""
    to_status = AgencyStatus(to_status)
    reason = (reason or "").strip()
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        # Sending a rejected registration back is its admins' step; every other is a review.
        resubmitting = to_status == AgencyStatus.PENDING and agency.status == AgencyStatus.REJECTED
        _require(
            rules.can_review_agency(by, agency)
            or resubmitting
            and rules.can_resubmit_agency(by, agency)
        )
        from_status = AGENCY_WORKFLOW.check(agency, to_status)
        if to_status in REASON_REQUIRED and not reason:
            raise ValidationError(_("Please give the reason; the agency will read it."), "reason")
        agency.status_changed_by = by
        agency.status_reason = reason
        AGENCY_WORKFLOW.move(
            agency,
            to_status,
            actor=by,
            note=reason,
            update_fields=["status_changed_by", "status_reason"],
            kind=AgencyEventKind.STATUS_CHANGED,
        )
        _tell_registrant_of_status(agency, base_url)  # queued with the change, sent after it
    logger.info("agency %s: %s -> %s by user %s", agency.pk, from_status, to_status, by.pk)
    return agency


def _tell_registrant_of_status(agency, base_url):
    registrant = agency.registered_by
    if registrant is None:
        return
    email_queue(
        to=registrant.email,
        template="agency_status",
        context={
            "agency": agency,
            "user": registrant,
            "link": absolute_url(base_url=base_url, path=agency.get_absolute_url()),
            "status": agency.status,
        },
        language=registrant.preferred_language,
        kind=STATUS_EMAIL_KIND,
        about=agency,
    )


# --- Members --------------------------------------------------------------------------------------


def _admin_count(agency):
    return Membership.objects.filter(agency=agency, role=MemberRole.ADMIN).count()


def _refuse_last_admin():
    return ValidationError(
        _("An agency must keep at least one admin. Make someone else admin first."),
        code="last_admin",
    )


def membership_change_role(*, membership, role, by):
    _require(rules.can_manage_members(by, membership.agency))
    role = MemberRole(role)
    with transaction.atomic():
        # Lock the agency so two admins demoting each other cannot both succeed.
        Agency.objects.select_for_update().get(pk=membership.agency_id)
        membership = Membership.objects.select_related("user").get(pk=membership.pk)
        if membership.role == role:
            return membership
        if membership.role == MemberRole.ADMIN and _admin_count(membership.agency_id) <= 1:
            raise _refuse_last_admin()
        old_role = membership.get_role_display()
        membership.role = role
        membership.save(update_fields=["role"])
        _record(
            membership.agency,
            AgencyEventKind.ROLE_CHANGED,
            by,
            detail=f"{membership.user.email}: {old_role} → {membership.get_role_display()}",
        )
    return membership


def membership_remove(*, membership, by):
    _require(rules.can_manage_members(by, membership.agency))
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=membership.agency_id)
        membership = Membership.objects.select_related("user", "agency").get(pk=membership.pk)
        if membership.role == MemberRole.ADMIN and _admin_count(membership.agency_id) <= 1:
            raise _refuse_last_admin()
        membership.delete()
        _record(membership.agency, AgencyEventKind.MEMBER_REMOVED, by, detail=membership.user.email)


# --- Invitations ----------------------------------------------------------------------------------


def invitation_create(*, agency, email, role, by, base_url=None):
    """Invite someone by e-mail; a still-open invitation to the same address is replaced."""
    _require(rules.can_manage_members(by, agency))
    email = normalise_email(email)
    role = MemberRole(role)
    if agency.status != AgencyStatus.VERIFIED:
        raise ValidationError(
            _("Colleagues can be invited once the secretariat has verified the agency."),
            code="not_verified",
        )
    if Membership.objects.filter(agency=agency, user__email=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of this agency."),
            params={"email": email},
            code="already_member",
        )
    language = (
        get_user_model()
        .objects.filter(email=email)
        .values_list("preferred_language", flat=True)
        .first()
        or by.preferred_language
    )
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(
            agency=agency, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            agency=agency,
            email=email,
            role=role,
            invited_by=by,
            token=secrets.token_urlsafe(32),
            expires_at=now + timedelta(days=settings.AGENCY_INVITATION_DAYS),
        )
        _record(
            agency,
            AgencyEventKind.MEMBER_INVITED,
            by,
            detail=f"{email} ({invitation.get_role_display()})",
        )
        # Queued with the invitation and sent after it commits; the members page shows how
        # the e-mail fares (queued, sent, failed), so a refused one can be sent again.
        email_queue(
            to=email,
            template="agency_invitation",
            context={
                "invitation": invitation,
                "agency": agency,
                "inviter": by,
                "link": absolute_url(
                    base_url=base_url,
                    path=reverse("agencies:invitation", args=[invitation.token]),
                ),
                "days": settings.AGENCY_INVITATION_DAYS,
            },
            language=language,
            kind=INVITATION_EMAIL_KIND,
            about=invitation,
        )
    return invitation


def invitation_revoke(*, invitation, by):
    _require(rules.can_manage_members(by, invitation.agency))
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if updated:
        _record(invitation.agency, AgencyEventKind.INVITATION_REVOKED, by, detail=invitation.email)


def invitation_check(invitation):
    """Raise a ValidationError saying why `invitation` cannot be accepted, if it cannot."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), "accepted")
    if invitation.revoked_at is not None:
        raise ValidationError(
            _("This invitation was withdrawn or replaced by a newer one."), "revoked"
        )
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation has expired. Ask the agency's admin to invite you again."),
            "expired",
        )


def invitation_accept(*, invitation, user):
    """The invited person joins the agency with the role they were invited to."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("agency").get(pk=invitation.pk)
        )
        invitation_check(invitation)
        if normalise_email(user.email) != invitation.email:
            raise ValidationError(
                _("This invitation was sent to %(email)s. Log in with that address to accept it."),
                params={"email": invitation.email},
                code="wrong_account",
            )
        membership, created = Membership.objects.get_or_create(
            user=user, agency=invitation.agency, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        if created:
            _record(
                invitation.agency,
                AgencyEventKind.MEMBER_JOINED,
                user,
                detail=f"{user.email} ({membership.get_role_display()})",
            )
    # The link reached this person's mailbox: their address is proven.
    user_mark_email_verified(user=user)
    return membership


def invitation_accept_with_new_account(*, invitation, full_name, password, language):
    """Someone without a usable account accepts: the account is made for the invited address.

    An unverified account at that address (perhaps made by someone else) is taken over: the
    invitation link proves who owns the mailbox, so its name and password are replaced.
    """
    User = get_user_model()
    invitation_check(invitation)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=invitation.email).first()
        if user is not None and user.is_email_verified:
            raise ValidationError(
                _("An account with %(email)s already exists. Log in to accept the invitation."),
                params={"email": invitation.email},
                code="account_exists",
            )
        if user is None:
            user = User(email=invitation.email)
        user.full_name = full_name.strip()
        user.preferred_language = language
        user.email_verified_at = timezone.now()
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:  # the same form sent twice at once
            raise ValidationError(
                _("An account with %(email)s already exists. Log in to accept the invitation."),
                params={"email": invitation.email},
                code="account_exists",
            ) from exc
        membership = invitation_accept(invitation=invitation, user=user)
    return user, membership


# --- Capabilities ---------------------------------------------------------------------------------

CAPABILITY_FIELDS = ["title", "kind", "sector", "description", "regency"]


def capability_create(*, agency, by, **fields):
    _require(rules.can_edit_agency(by, agency))
    with transaction.atomic():
        capability = Capability.objects.create(
            agency=agency, **{key: fields.get(key) for key in CAPABILITY_FIELDS}
        )
        _record(agency, AgencyEventKind.CAPABILITY_ADDED, by, detail=capability.title[:300])
    return capability


def capability_update(*, capability, by, **fields):
    _require(rules.can_edit_agency(by, capability.agency))
    with transaction.atomic():
        for key in CAPABILITY_FIELDS:
            if key in fields:
                setattr(capability, key, fields[key])
        capability.save()
        _record(
            capability.agency, AgencyEventKind.CAPABILITY_UPDATED, by, detail=capability.title[:300]
        )
    return capability


def capability_delete(*, capability, by):
    _require(rules.can_edit_agency(by, capability.agency))
    with transaction.atomic():
        _record(
            capability.agency, AgencyEventKind.CAPABILITY_REMOVED, by, detail=capability.title[:300]
        )
        capability.delete()


def agency_resubmit(*, agency, by, base_url=None):
    """After a rejection, the agency's admin sends the corrected registration back for review."""
    _require(rules.can_resubmit_agency(by, agency))
    with transaction.atomic():
        agency = agency_change_status(
            agency=agency, to_status=AgencyStatus.PENDING, by=by, base_url=base_url
        )
        _tell_secretariat_of_registration(agency, base_url)
    return agency


# --- Personal API keys ----------------------------------------------------------------------------


def api_key_create(*, user, name, scopes, expires_at=None, base_url=None):
    """A personal API key for `user`, reading `scopes` ({agency: highest role}): returns
    (token, key). The key is shown once; its owner gets a security notice by e-mail.

    Only the owner's own agencies with staff powers, each at most at the owner's role there."""
    if not scopes:
        raise ValidationError(_("Choose at least one of your agencies for the key."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    roles = dict(
        Membership.objects.filter(
            user=user, agency__in=list(scopes), agency__status=AgencyStatus.VERIFIED
        ).values_list("agency_id", "role")
    )
    for agency, role in scopes.items():
        current = roles.get(agency.pk)
        if current is None or ROLE_RANK[role] > ROLE_RANK[current]:
            raise PermissionDenied
    with transaction.atomic():
        token, key = api_token_create(user=user, name=name, expires_at=expires_at)
        ApiKeyScope.objects.bulk_create(
            ApiKeyScope(token=token, agency=agency, role=role) for agency, role in scopes.items()
        )
        email_queue(
            to=user.email,
            template="api_key_created",
            context={
                "user": user,
                "token": token,
                "agencies": sorted(agency.name for agency in scopes),
                "link": absolute_url(base_url=base_url, path=reverse("agencies:api_keys")),
            },
            language=user.preferred_language,
            kind=API_KEY_EMAIL_KIND,
        )
    logger.info("api key %s made by user %s", token.pk, user.pk)
    return token, key


def api_key_revoke(*, user, token_id):
    """Revoke one of `user`'s keys; someone else's key is not theirs to revoke (False)."""
    revoked = api_token_revoke(user=user, token_id=token_id)
    if revoked:
        logger.info("api key %s revoked by user %s", token_id, user.pk)
    return revoked
