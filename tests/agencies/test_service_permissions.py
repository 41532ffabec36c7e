"""The agencies' services check their caller themselves: a view, the admin, a task or the shell
that calls one as the wrong person is refused with PermissionDenied and nothing changes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from agencies import services
from agencies.enums import AgencyStatus, MemberRole
from agencies.models import Agency, Capability, Invitation, Membership
from tests.factories import (
    AgencyFactory,
    CapabilityFactory,
    MembershipFactory,
    UserFactory,
    regency,
    secretariat_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(name="Dinas Perindustrian Kota Medan", status=AgencyStatus.VERIFIED)


def member(agency, role):
    return MembershipFactory(agency=agency, role=role).user


def outsider():
    """An admin, but of another agency."""
    return member(AgencyFactory(status=AgencyStatus.VERIFIED), MemberRole.ADMIN)


def test_only_editors_and_the_secretariat_change_the_profile_and_capabilities(agency):
    capability = CapabilityFactory(agency=agency, title="Uji mutu produk")
    for person in (member(agency, MemberRole.VIEWER), outsider(), AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.agency_update(agency=agency, by=person, description="Ditimpa.")
        with pytest.raises(PermissionDenied):
            services.capability_create(
                agency=agency, by=person, title="Palsu", kind="service", description="x"
            )
        with pytest.raises(PermissionDenied):
            services.capability_update(capability=capability, by=person, title="Ditimpa")
        with pytest.raises(PermissionDenied):
            services.capability_delete(capability=capability, by=person)
    agency.refresh_from_db()
    assert agency.description != "Ditimpa."
    assert list(Capability.objects.values_list("title", flat=True)) == ["Uji mutu produk"]
    assert not agency.events.exists()

    editor = member(agency, MemberRole.EDITOR)
    services.agency_update(agency=agency, by=editor, description="Profil baru.")
    services.capability_update(capability=capability, by=secretariat_user(), title="Uji mutu")
    agency.refresh_from_db()
    capability.refresh_from_db()
    assert (agency.description, capability.title) == ("Profil baru.", "Uji mutu")


def test_only_the_agency_admins_manage_members_and_invitations(agency):
    admin = member(agency, MemberRole.ADMIN)
    colleague = MembershipFactory(agency=agency, role=MemberRole.VIEWER)
    invitation = services.invitation_create(
        agency=agency, email="rina@contoh.id", role=MemberRole.EDITOR, by=admin
    )
    for person in (member(agency, MemberRole.EDITOR), outsider(), secretariat_user()):
        with pytest.raises(PermissionDenied):
            services.invitation_create(
                agency=agency, email="tamu@contoh.id", role=MemberRole.ADMIN, by=person
            )
        with pytest.raises(PermissionDenied):
            services.invitation_revoke(invitation=invitation, by=person)
        with pytest.raises(PermissionDenied):
            services.membership_change_role(membership=colleague, role=MemberRole.ADMIN, by=person)
        with pytest.raises(PermissionDenied):
            services.membership_remove(membership=colleague, by=person)
    colleague.refresh_from_db()
    invitation.refresh_from_db()
    assert colleague.role == MemberRole.VIEWER
    assert invitation.revoked_at is None
    assert not Invitation.objects.filter(email="tamu@contoh.id").exists()

    services.membership_change_role(membership=colleague, role=MemberRole.EDITOR, by=admin)
    services.membership_remove(membership=colleague, by=admin)
    assert not Membership.objects.filter(pk=colleague.pk).exists()


def test_only_the_secretariat_reviews_and_only_the_admin_resubmits():
    registrant = UserFactory()
    agency = services.agency_register(
        user=registrant,
        sectors=[],
        name="Koperasi Kopi Sidikalang",
        kind="cooperative",
        regency=regency("12.11"),
    )
    # Its own admin may not verify it; nor may anyone outside the secretariat.
    for person in (registrant, outsider(), AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.agency_change_status(agency=agency, to_status=AgencyStatus.VERIFIED, by=person)
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.PENDING

    secretariat = secretariat_user()
    services.agency_change_status(
        agency=agency, to_status=AgencyStatus.REJECTED, by=secretariat, reason="Dokumen kurang."
    )
    viewer = member(agency, MemberRole.VIEWER)
    for person in (viewer, outsider()):
        with pytest.raises(PermissionDenied):
            services.agency_resubmit(agency=agency, by=person)
        with pytest.raises(PermissionDenied):  # the same step, through the general service
            services.agency_change_status(agency=agency, to_status=AgencyStatus.PENDING, by=person)
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.REJECTED

    services.agency_resubmit(agency=agency, by=registrant)
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.PENDING


def test_registering_and_importing_need_an_account_and_the_admin_rights():
    with pytest.raises(PermissionDenied):
        services.agency_register(
            user=AnonymousUser(), sectors=[], name="Koperasi Siluman", kind="cooperative"
        )
    inactive = UserFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        services.agency_register(
            user=inactive, sectors=[], name="Koperasi Siluman", kind="cooperative"
        )
    assert not Agency.objects.filter(name="Koperasi Siluman").exists()

    imported = AgencyFactory(name="CV Rotan Binjai")
    for person in (UserFactory(), secretariat_user(), UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            services.agency_record_import(agency=imported, by=person, created=True)
    assert not imported.events.exists()
    services.agency_record_import(
        agency=imported, by=UserFactory(is_staff=True, is_superuser=True), created=True
    )
    assert imported.events.count() == 1
