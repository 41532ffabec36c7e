"""A person's agency memberships and invitations in their data download and account deletion
(registered with accounts/personal_data.py from AgenciesConfig.ready)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Value
from django.db.models.functions import Replace
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataSource, iso, register

from .enums import AgencyEventKind, AgencyStatus, MemberRole
from .models import Agency, AgencyEvent, Invitation, Membership
from .selectors import api_keys_of


def export(user):
    memberships = Membership.objects.filter(user=user).select_related("agency")
    sent = Invitation.objects.filter(invited_by=user).select_related("agency")
    received = Invitation.objects.filter(email=user.email).select_related("agency")
    registered = Agency.objects.filter(registered_by=user)
    return {
        "memberships": [
            {"agency": m.agency.name, "role": m.role, "member_since": iso(m.created_at)}
            for m in memberships
        ],
        "agencies_registered": [
            {"agency": agency.name, "registered_at": iso(agency.created_at)}
            for agency in registered
        ],
        "invitations_sent": [_invitation(invitation) for invitation in sent],
        "invitations_received": [_invitation(invitation) for invitation in received],
        # What each key is and reads; never the key itself (it is kept as a hash only).
        "api_keys": [
            {
                "name": token.name,
                "begins_with": token.prefix,
                "reads": [
                    {"agency": scope.agency.name, "role": scope.role}
                    for scope in token.scopes.all()
                ],
                "created_at": iso(token.created_at),
                "last_used_at": iso(token.last_used_at),
                "expires_at": iso(token.expires_at),
                "revoked_at": iso(token.revoked_at),
            }
            for token in api_keys_of(user)
        ],
    }


def _invitation(invitation):
    return {
        "agency": invitation.agency.name,
        "email": invitation.email,
        "role": invitation.role,
        "sent_at": iso(invitation.created_at),
        "expires_at": iso(invitation.expires_at),
        "accepted_at": iso(invitation.accepted_at),
        "revoked_at": iso(invitation.revoked_at),
    }


def _agencies_left_without_admin(user):
    """Agencies that would lose their only admin and still matter: verified, or with others."""
    return [
        membership.agency
        for membership in Membership.objects.filter(user=user, role=MemberRole.ADMIN)
        .select_related("agency")
        .annotate(
            admins=Count(
                "agency__memberships", filter=Q(agency__memberships__role=MemberRole.ADMIN)
            ),
            members=Count("agency__memberships"),
        )
        .order_by("agency__name")
        if membership.admins <= 1
        and (membership.members > 1 or membership.agency.status == AgencyStatus.VERIFIED)
    ]


def _hand_over_first(agency):
    return gettext("Hand over the admin role of %(agency)s first: you are its only admin.") % {
        "agency": agency.name
    }


def check(user):
    agencies = _agencies_left_without_admin(user)
    return " ".join(_hand_over_first(agency) for agency in agencies) or None


def erase(user):
    agency_ids = list(
        Membership.objects.filter(user=user)
        .order_by("agency_id")
        .values_list("agency_id", flat=True)
    )
    # Lock the agencies (as membership changes do) and check again: an admin role handed to
    # this person since the delete page was shown must not leave an agency without an admin.
    list(Agency.objects.select_for_update().filter(pk__in=agency_ids).order_by("pk"))
    refused = _agencies_left_without_admin(user)
    if refused:
        raise ValidationError([_hand_over_first(agency) for agency in refused])
    with translation.override(settings.LANGUAGE_CODE):
        placeholder = gettext("[deleted account]")
    Membership.objects.filter(user=user).delete()
    # The agency's history keeps that a member left, not who it was.
    AgencyEvent.objects.bulk_create(
        AgencyEvent(agency_id=agency_id, kind=AgencyEventKind.MEMBER_REMOVED, detail=placeholder)
        for agency_id in agency_ids
    )
    AgencyEvent.objects.filter(detail__contains=user.email).update(
        detail=Replace("detail", Value(user.email), Value(placeholder))
    )
    # Invitations to this address name the person; the agency can invite again if it wants.
    Invitation.objects.filter(email=user.email).delete()


register(
    PersonalDataSource(
        key="agencies",
        label=_(
            "Your agency memberships and roles, agencies you registered, invitations, and "
            "your API keys (their names and what they read, never the keys)"
        ),
        export=export,
        erase=erase,
        check=check,
        erase_note=_(
            "You leave the agencies you are a member of. Their history keeps that a member left, "
            "without your name or address."
        ),
        order=10,
    )
)
