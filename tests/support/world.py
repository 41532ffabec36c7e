"""One small world with a person in every role, shared by the permission matrix and the
browser crawl: a verified agency owned by a viewer, an editor and an admin, another agency's
admin, the secretariat and a superuser."""

from dataclasses import dataclass

from agencies import services
from agencies.enums import MemberRole
from tests.factories import (
    AdminFactory,
    AgencyFactory,
    CapabilityFactory,
    MembershipFactory,
    UserFactory,
    secretariat_user,
)

ROLES = [
    "anonymous",
    "resident",
    "viewer",
    "editor",
    "admin",
    "other_staff",
    "secretariat",
    "superuser",
]


@dataclass
class World:
    agency: object
    capability: object
    viewer_membership: object
    invitation: object
    users: dict


def build_world():
    agency = AgencyFactory(name="Instansi Pemilik", slug="pemilik")
    users = {
        "anonymous": None,
        "resident": UserFactory(),
        "secretariat": secretariat_user(),
        "superuser": AdminFactory(),
    }
    memberships = {}
    for role in (MemberRole.VIEWER, MemberRole.EDITOR, MemberRole.ADMIN):
        memberships[role] = MembershipFactory(agency=agency, role=role)
        users[role.value] = memberships[role].user
    users["other_staff"] = MembershipFactory(role=MemberRole.ADMIN).user
    invitation = services.invitation_create(
        agency=agency, email="undangan@contoh.id", role="viewer", by=users["admin"]
    )
    return World(
        agency=agency,
        capability=CapabilityFactory(agency=agency),
        viewer_membership=memberships[MemberRole.VIEWER],
        invitation=invitation,
        users=users,
    )
