"""Who may do what with agencies: every permission decision of the portal starts here.

Predicates take a user and an agency and answer yes or no. Views use them through
`agencies.views.agency_or_404` (404 when the agency is not visible, 403 when the action is not
allowed); querysets use `visible_agencies` and `agency_ids_where` so that lists only ever contain
what the user may see. Later apps (partnerships, trainings, forums) import from here.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from .enums import ROLE_RANK, AgencyStatus, MemberRole
from .models import Agency, ApiKeyScope, Membership

SECRETARIAT_GROUP = "sekretariat"


def key_scope(user):
    """{agency id: highest role} that the personal API key of this request allows, or None when
    the request came without a key (a page, or open data).

    accounts.api marks the user of a request made with a key (`user.api_token`). A key narrows
    its owner's rights, it never adds any: each predicate below takes the lower of the owner's
    current role and the key's, so a membership that ended or a role lowered after the key was
    made counts at once. A key carries no secretariat powers (it is made for agencies' records).
    """
    token = getattr(user, "api_token", None)
    if token is None:
        return None
    scope = getattr(token, "_scope", None)
    if scope is None:
        scope = dict(ApiKeyScope.objects.filter(token=token).values_list("agency_id", "role"))
        token._scope = scope
    return scope


def _lower(role, ceiling):
    if role is None or ceiling is None:
        return None
    return role if ROLE_RANK[role] <= ROLE_RANK[ceiling] else ceiling


def is_secretariat(user):
    """The cooperation secretariat (and superusers): verifies agencies, routes agreements."""
    if not user.is_authenticated:
        return False
    if key_scope(user) is not None:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name=SECRETARIAT_GROUP).exists()
        user._is_secretariat = cached
    return cached


def role_in(user, agency):
    """The user's role in `agency` (a MemberRole value) or None. Cached on the user per request."""
    if not user.is_authenticated:
        return None
    roles = getattr(user, "_agency_roles", None)
    if roles is None:
        roles = dict(Membership.objects.filter(user=user).values_list("agency_id", "role"))
        scope = key_scope(user)
        if scope is not None:
            roles = {
                agency_id: _lower(role, scope.get(agency_id))
                for agency_id, role in roles.items()
                if agency_id in scope
            }
        user._agency_roles = roles
    return roles.get(agency.pk)


def has_role(user, agency, minimum):
    role = role_in(user, agency)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def is_member(user, agency):
    return role_in(user, agency) is not None


def is_editor(user, agency):
    """Editors and agency admins may change the agency's records."""
    return has_role(user, agency, MemberRole.EDITOR)


def is_agency_admin(user, agency):
    return has_role(user, agency, MemberRole.ADMIN)


def can_view_agency(user, agency):
    return agency.status == AgencyStatus.VERIFIED or is_member(user, agency) or is_secretariat(user)


def can_edit_agency(user, agency):
    return is_editor(user, agency) or is_secretariat(user)


def can_manage_members(user, agency):
    return is_agency_admin(user, agency)


def can_see_members(user, agency):
    return is_member(user, agency) or is_secretariat(user)


def can_resubmit_agency(user, agency):
    """A rejected registration can be corrected and sent again by the agency's admins."""
    return agency.status == AgencyStatus.REJECTED and is_agency_admin(user, agency)


def can_review_agency(user, agency=None):
    return is_secretariat(user)


def can_register_agency(user):
    """Anyone with an active account may register an agency (it then waits for verification)."""
    return user.is_authenticated and user.is_active


def can_import_agencies(user):
    """The admin's spreadsheet import: administrators allowed to add or change agencies."""
    return (
        user.is_authenticated
        and user.is_staff
        and (user.has_perm("agencies.add_agency") or user.has_perm("agencies.change_agency"))
    )


def agency_ids_where(user, minimum=MemberRole.VIEWER, *, verified=True):
    """Ids of the agencies where `user` holds at least role `minimum` (a subquery-able queryset).

    Staff powers come only from verified agencies: a registration that waits for the
    secretariat, was rejected or is suspended gives its members none outside the agency's own
    pages (those use `role_in`). `verified=False` counts every membership (what a person sees of
    their own agencies)."""
    if not user.is_authenticated:
        return Membership.objects.none().values("agency_id")
    allowed = [role for role, rank in ROLE_RANK.items() if rank >= ROLE_RANK[minimum]]
    memberships = Membership.objects.filter(user=user, role__in=allowed)
    scope = key_scope(user)
    if scope is not None:
        memberships = memberships.filter(
            agency_id__in=[
                agency_id
                for agency_id, ceiling in scope.items()
                if ROLE_RANK[ceiling] >= ROLE_RANK[minimum]
            ]
        )
    if verified:
        memberships = memberships.filter(agency__status=AgencyStatus.VERIFIED)
    return memberships.values("agency_id")


def visible_agencies(user, queryset=None):
    """The agencies `user` may see: verified ones, their own, and all for the secretariat."""
    queryset = Agency.objects.all() if queryset is None else queryset
    if is_secretariat(user):
        return queryset
    if not user.is_authenticated:
        return queryset.filter(status=AgencyStatus.VERIFIED)
    return queryset.filter(
        Q(status=AgencyStatus.VERIFIED) | Q(pk__in=agency_ids_where(user, verified=False))
    )


def agency_ids_of(user, minimum=MemberRole.VIEWER):
    """The set of verified agencies' ids where `user` holds at least `minimum` (the staff
    powers; see agency_ids_where), cached on the user object for the request (the apps above
    ask it many times per page)."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_agency_ids_by_role", {})
    if minimum not in cache:
        cache[minimum] = set(agency_ids_where(user, minimum).values_list("agency_id", flat=True))
    return cache[minimum]


def works_for_an_agency(user):
    """Staff of a verified agency, or the secretariat: whom agreements' and organisers'
    notifications can concern (a resident's settings do not offer them)."""
    return is_secretariat(user) or bool(agency_ids_of(user))


def secretariat_users():
    """The people of the secretariat (not superusers: they are administrators, not a desk)."""
    return get_user_model().objects.filter(groups__name=SECRETARIAT_GROUP, is_active=True)


def agency_people(agency_ids, roles):
    """Active users holding one of `roles` in any of `agency_ids`."""
    return (
        get_user_model()
        .objects.filter(
            memberships__agency__in=agency_ids, memberships__role__in=roles, is_active=True
        )
        .distinct()
    )
