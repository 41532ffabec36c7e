from django.db import models
from django.utils.translation import gettext_lazy as _

from core.enums import StatusChoices


class AgencyKind(models.TextChoices):
    OPD = "opd", _("Regional government unit (Perangkat Daerah / OPD)")
    VERTICAL = "vertical", _("Central government unit (Instansi Vertikal)")
    SOE = "soe", _("State- or region-owned enterprise (BUMN / BUMD)")
    PRIVATE = "private", _("Private business and industry (Swasta / DUDI)")
    UNIVERSITY = "university", _("University (Perguruan Tinggi)")
    NGO = "ngo", _("NGO / non-profit (LSM)")
    ASSOCIATION = "association", _("Business association (Asosiasi / Kadin)")
    COOPERATIVE = "cooperative", _("Cooperative or small industry (Koperasi, UMKM / IKM)")
    COMMUNITY = "community", _("Community group (Kelompok Masyarakat)")


class AgencyStatus(StatusChoices):
    PENDING = "pending", "warning", _("Awaiting verification")
    VERIFIED = "verified", "success", _("Verified")
    REJECTED = "rejected", "danger", _("Rejected")
    SUSPENDED = "suspended", "danger", _("Suspended")


# The allowed moves, written down once (CONVENTIONS rule 4).
AGENCY_TRANSITIONS = {
    AgencyStatus.PENDING: {AgencyStatus.VERIFIED, AgencyStatus.REJECTED},
    AgencyStatus.VERIFIED: {AgencyStatus.SUSPENDED},
    AgencyStatus.SUSPENDED: {AgencyStatus.VERIFIED},
    AgencyStatus.REJECTED: {AgencyStatus.PENDING},
}
# Moves that must say why.
REASON_REQUIRED = {AgencyStatus.REJECTED, AgencyStatus.SUSPENDED}

# The outbox kind of an invitation's e-mail: the members page reads each invitation's e-mail
# back by it (selectors.agency_open_invitations).
INVITATION_EMAIL_KIND = "agencies.invitation"
REGISTERED_EMAIL_KIND = "agencies.registered"
STATUS_EMAIL_KIND = "agencies.status"
API_KEY_EMAIL_KIND = "agencies.api_key_created"
# This app's e-mails, as the outbox names them (registered in apps.py).
EMAIL_KINDS = {
    INVITATION_EMAIL_KIND: _("Invitation to join an agency"),
    REGISTERED_EMAIL_KIND: _("New agency to review"),
    STATUS_EMAIL_KIND: _("Agency review decision"),
    API_KEY_EMAIL_KIND: _("New personal API key (security notice)"),
}


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("Agency admin")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


# Higher rank includes the rights of the lower ones.
ROLE_RANK = {MemberRole.VIEWER: 1, MemberRole.EDITOR: 2, MemberRole.ADMIN: 3}


class CapabilityKind(models.TextChoices):
    EXPERTISE = "expertise", _("Expertise")
    FACILITY = "facility", _("Facility")
    PROGRAMME = "programme", _("Programme")
    RESOURCE = "resource", _("Resource")


class AgencyEventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    STATUS_CHANGED = "status_changed", _("Status changed")
    PROFILE_UPDATED = "profile_updated", _("Profile updated")
    MEMBER_INVITED = "member_invited", _("Member invited")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation withdrawn")
    MEMBER_JOINED = "member_joined", _("Member joined")
    ROLE_CHANGED = "role_changed", _("Role changed")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    CAPABILITY_ADDED = "capability_added", _("Capability added")
    CAPABILITY_UPDATED = "capability_updated", _("Capability updated")
    CAPABILITY_REMOVED = "capability_removed", _("Capability removed")
