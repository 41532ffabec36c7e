"""Who may do what with agreements, built on the agencies' roles (agencies/rules.py)."""

from django.db.models import Q

from agencies.enums import MemberRole
from agencies.rules import agency_ids_of, is_secretariat, works_for_an_agency

from .enums import EDITABLE, PUBLIC_STATUSES, SECRETARIAT, AgreementStatus, Visibility
from .models import Agreement, Party


def _party_agency_ids(agreement):
    cached = getattr(agreement, "_party_agency_ids", None)
    if cached is None:
        cached = {party.agency_id for party in agreement.parties.all()}
        agreement._party_agency_ids = cached
    return cached


def is_party_member(user, agreement, minimum=MemberRole.VIEWER):
    return bool(_party_agency_ids(agreement) & agency_ids_of(user, minimum))


def is_member_of_party(user, party, minimum=MemberRole.EDITOR):
    """Whether `user` works (at least as `minimum`) for the agency of this party."""
    return party.agency_id in agency_ids_of(user, minimum)


def is_publicly_visible(agreement):
    return agreement.visibility == Visibility.PUBLIC and agreement.status in PUBLIC_STATUSES


def can_view_agreement(user, agreement):
    """The parties' staff and the secretariat see everything about an agreement."""
    return is_secretariat(user) or is_party_member(user, agreement)


def is_editor_for(user, agreement):
    """Editors of the parties and the secretariat: they keep an agreement's records."""
    return is_party_member(user, agreement, MemberRole.EDITOR) or is_secretariat(user)


def can_edit_agreement(user, agreement):
    return agreement.status in EDITABLE and is_editor_for(user, agreement)


def can_delete_draft(user, agreement):
    """A draft is withdrawn by those who draft it: the parties' editors and admins, and the
    secretariat."""
    return agreement.status == AgreementStatus.DRAFT and is_editor_for(user, agreement)


def can_upload_documents(user, agreement):
    return is_editor_for(user, agreement)


def can_move(user, agreement, to_status, who):
    """`who` is the role AGREEMENT_TRANSITIONS names for this move."""
    if who == SECRETARIAT:
        return is_secretariat(user)
    return is_party_member(user, agreement, MemberRole.EDITOR)


def can_see_staff_list(user):
    """Whether the staff's agreement pages (/kerja-sama/kelola/) are offered: agency staff and
    the secretariat. A resident has no agreements to manage: no page links them there."""
    return works_for_an_agency(user)


def can_create_agreement(user):
    return bool(agency_ids_of(user, MemberRole.EDITOR)) or is_secretariat(user)


def visible_agreements(user, queryset=None):
    """Agreements `user` may open in the staff pages."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    if is_secretariat(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    # Their agencies as a list (agency_ids_of, read once a request), not a subquery: the
    # planner then knows how many agreements an agency is party to (a busy one's 1,370 at
    # 10x were read as if they were 30, 6 ms more of each search).
    agencies = sorted(agency_ids_of(user))
    return queryset.filter(
        pk__in=Party.objects.filter(agency_id__in=agencies).values("agreement_id")
    )


def public_agreement_q(prefix=""):
    """The condition "a public agreement" on the agreement `prefix` leads to ("forum__agreement__"):
    a join by its key, which a row's own filter reads, where `__in=public_agreements()` would
    read every public agreement's id first."""
    return Q(
        **{
            f"{prefix}visibility": Visibility.PUBLIC,
            f"{prefix}status__in": [AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED],
        }
    )


def public_agreements(queryset=None):
    queryset = Agreement.objects.all() if queryset is None else queryset
    return queryset.filter(public_agreement_q())


def searchable_agreements(user):
    """What the portal's search may show `user`: the public agreements, and those they may
    open in the staff pages (their agencies' internal ones and drafts; all for the
    secretariat)."""
    return public_agreements() | visible_agreements(user)


# A training (or any activity) carries out an agreement only once it is signed or in force; one
# that already carries out an agreement keeps it when the agreement completes.
CARRIED_OUT = {AgreementStatus.SIGNED, AgreementStatus.IN_FORCE}


def can_be_carried_out(agreement):
    return agreement.status in CARRIED_OUT


def is_party(agency_ids, agreement):
    """Whether any of `agency_ids` is a party of `agreement`."""
    return bool(set(agency_ids) & _party_agency_ids(agreement))


# What the agreement page offers; the services check the same again when the step is taken.
ENDABLE = {AgreementStatus.SIGNED, AgreementStatus.IN_FORCE}
RENEWABLE = {AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED}
REPORTABLE = {AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED}


def can_request_termination(user, agreement):
    """An admin of a party may ask to end a signed or running agreement, once."""
    return (
        agreement.status in ENDABLE
        and agreement.termination_requested_at is None
        and is_party_member(user, agreement, MemberRole.ADMIN)
    )


def can_renew(user, agreement):
    """An editor of a party may draft the renewal of a running or completed agreement."""
    return agreement.status in RENEWABLE and is_party_member(user, agreement, MemberRole.EDITOR)


def can_report(user, agreement):
    """Monitoring and evaluation reports: from the parties' members (or the secretariat) while
    the agreement runs or after it completed."""
    return agreement.status in REPORTABLE and (
        is_secretariat(user)
        or any(is_member_of_party(user, party) for party in agreement.parties.all())
    )
