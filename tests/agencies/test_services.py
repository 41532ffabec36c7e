from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from agencies import services
from agencies.enums import AgencyEventKind, AgencyStatus, MemberRole
from agencies.models import Agency, Membership, normalise_agency_name
from notifications.enums import EmailStatus
from notifications.models import OutboundEmail
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    UserFactory,
    regency,
    secretariat_user,
    sector,
)


def register(user, name="Koperasi Kopi Sidikalang", **extra):
    fields = {"name": name, "kind": "cooperative", "regency": regency("12.11"), **extra}
    return services.agency_register(user=user, sectors=[sector("pertanian-perkebunan")], **fields)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("PT Kawasan Industri Medan (Persero)", "kawasan  industri-medan"),
        ("Dinas Koperasi dan UKM", "KOPERASI DAN UKM"),
        ("CV Rotan Binjai", "Rotan   Binjai"),
    ],
)
def test_near_duplicate_names_share_a_key(a, b):
    assert normalise_agency_name(a) == normalise_agency_name(b)


@pytest.mark.django_db
def test_registration_starts_pending_with_the_registrant_as_admin_and_tells_the_secretariat(
    eager_tasks, django_capture_on_commit_callbacks
):
    reviewer = secretariat_user(email="sekretariat@contoh.id")
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        agency = register(user)
    assert agency.status == AgencyStatus.PENDING
    assert agency.slug == "koperasi-kopi-sidikalang"
    assert Membership.objects.get(agency=agency).role == MemberRole.ADMIN
    assert agency.registered_by == user
    assert agency.events.get().kind == AgencyEventKind.REGISTERED
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "Koperasi Kopi Sidikalang" in mail.outbox[0].subject


@pytest.mark.django_db
def test_near_duplicate_registration_is_refused_with_the_existing_name():
    AgencyFactory(name="PT Kawasan Industri Medan")
    with pytest.raises(ValidationError) as error:
        register(UserFactory(), name="kawasan industri  medan (persero)")
    assert "PT Kawasan Industri Medan" in error.value.messages[0]
    assert Agency.objects.count() == 1


@pytest.mark.django_db
def test_a_rejected_registration_does_not_block_a_corrected_one():
    AgencyFactory(name="Koperasi Kopi Sidikalang", status=AgencyStatus.REJECTED)
    assert register(UserFactory()).status == AgencyStatus.PENDING


@pytest.mark.django_db
def test_slugs_avoid_the_words_the_urls_use():
    agency = register(UserFactory(), name="Kapabilitas", acronym="")
    assert agency.slug not in services.RESERVED_SLUGS


@pytest.mark.django_db
def test_verification_records_who_when_why_and_tells_the_registrant(
    eager_tasks, django_capture_on_commit_callbacks
):
    registrant = UserFactory(preferred_language="en")
    agency = register(registrant)
    mail.outbox.clear()
    reviewer = secretariat_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.agency_change_status(agency=agency, to_status="verified", by=reviewer)
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.VERIFIED
    assert agency.status_changed_by == reviewer
    event = agency.events.filter(kind=AgencyEventKind.STATUS_CHANGED).get()
    assert (event.from_status, event.to_status, event.actor) == ("pending", "verified", reviewer)
    assert [m.to for m in mail.outbox] == [[registrant.email]]
    assert mail.outbox[0].subject == "Koperasi Kopi Sidikalang is verified"


@pytest.mark.django_db
def test_rejection_and_suspension_need_a_reason_and_transitions_are_enforced():
    agency = AgencyFactory(status=AgencyStatus.PENDING)
    reviewer = secretariat_user()
    with pytest.raises(ValidationError):
        services.agency_change_status(agency=agency, to_status="rejected", by=reviewer)
    services.agency_change_status(
        agency=agency, to_status="rejected", by=reviewer, reason="Dokumen tidak lengkap"
    )
    with pytest.raises(ValidationError):
        services.agency_change_status(agency=agency, to_status="suspended", by=reviewer, reason="x")
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.REJECTED
    assert agency.status_reason == "Dokumen tidak lengkap"


@pytest.mark.django_db
def test_the_last_admin_cannot_be_demoted_or_removed():
    membership = MembershipFactory(role=MemberRole.ADMIN)
    with pytest.raises(ValidationError, match="admin"):
        services.membership_change_role(membership=membership, role="editor", by=membership.user)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, by=membership.user)
    second = MembershipFactory(agency=membership.agency, role=MemberRole.ADMIN)
    services.membership_change_role(membership=membership, role="editor", by=second.user)
    membership.refresh_from_db()
    assert membership.role == MemberRole.EDITOR
    with pytest.raises(ValidationError):
        services.membership_remove(membership=second, by=second.user)


@pytest.mark.django_db
def test_invitation_is_emailed_and_replaces_an_open_one(
    eager_tasks, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(role=MemberRole.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        first = services.invitation_create(
            agency=admin.agency, email="Kolega@Contoh.id", role="editor", by=admin.user
        )
        second = services.invitation_create(
            agency=admin.agency, email="kolega@contoh.id", role="viewer", by=admin.user
        )
    first.refresh_from_db()
    assert first.revoked_at is not None and second.is_open
    assert second.email == "kolega@contoh.id"
    assert [m.to for m in mail.outbox] == [["kolega@contoh.id"], ["kolega@contoh.id"]]
    assert second.token in mail.outbox[1].body


# --- Every e-mail goes through the outbox ---------------------------------------------------------


def sent_after_commit(callbacks):
    """Run the on-commit hooks the service left (the outbox's send task, eager here) and return
    what was sent."""
    for callback in callbacks:
        callback()
    return [(m.to, m.subject) for m in mail.outbox]


@pytest.mark.django_db
def test_the_secretariat_is_told_of_a_registration_through_the_outbox(
    eager_tasks, django_capture_on_commit_callbacks
):
    reviewer = secretariat_user(email="sekretariat@contoh.id", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        agency = register(UserFactory())

    assert mail.outbox == []  # nothing is sent inside the request
    email = OutboundEmail.objects.get()
    assert (email.to, email.kind, email.language, email.status) == (
        reviewer.email,
        "agencies.registered",
        "en",
        EmailStatus.QUEUED,
    )
    assert email.about == agency
    assert sent_after_commit(callbacks) == [([reviewer.email], email.subject)]
    assert "Koperasi Kopi Sidikalang" in email.subject


@pytest.mark.django_db
def test_the_registrant_is_told_of_a_decision_through_the_outbox(
    eager_tasks, django_capture_on_commit_callbacks
):
    registrant = UserFactory(preferred_language="en")
    agency = AgencyFactory(status=AgencyStatus.PENDING, registered_by=registrant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.agency_change_status(agency=agency, to_status="verified", by=secretariat_user())

    assert mail.outbox == []
    email = OutboundEmail.objects.get()
    assert (email.to, email.kind, email.status) == (
        registrant.email,
        "agencies.status",
        EmailStatus.QUEUED,
    )
    assert email.about == agency
    assert sent_after_commit(callbacks) == [([registrant.email], email.subject)]
    assert email.subject == f"{agency.name} is verified"


@pytest.mark.django_db
def test_an_invitation_is_emailed_through_the_outbox(
    eager_tasks, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(role=MemberRole.ADMIN)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = services.invitation_create(
            agency=admin.agency, email="kolega@contoh.id", role="editor", by=admin.user
        )

    assert mail.outbox == []
    email = OutboundEmail.objects.get()
    assert (email.to, email.kind, email.status) == (
        "kolega@contoh.id",
        "agencies.invitation",
        EmailStatus.QUEUED,
    )
    assert email.about == invitation
    assert invitation.token in email.body
    assert sent_after_commit(callbacks) == [(["kolega@contoh.id"], email.subject)]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


@pytest.mark.django_db
def test_an_invitation_is_made_even_when_the_mail_server_refuses_its_email(
    settings, eager_tasks, django_capture_on_commit_callbacks
):
    """The invitation does not depend on the mail server: it is saved, and its e-mail waits in
    the outbox, failed and retried, for the admin to see on the members page."""
    admin = MembershipFactory(role=MemberRole.ADMIN)
    settings.EMAIL_BACKEND = "tests.support.email.UnreachableSmtpBackend"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            agency=admin.agency, email="kolega@contoh.id", role="editor", by=admin.user
        )

    assert invitation.is_open
    email = OutboundEmail.objects.get(kind="agencies.invitation")
    assert email.about == invitation
    assert email.status == EmailStatus.FAILED
    assert "Connection refused" in email.last_error
    assert mail.outbox == []


@pytest.mark.django_db
def test_members_cannot_be_invited_twice():
    admin = MembershipFactory(role=MemberRole.ADMIN)
    member = MembershipFactory(agency=admin.agency)
    with pytest.raises(ValidationError, match="sudah menjadi anggota"):
        services.invitation_create(
            agency=admin.agency, email=member.user.email, role="viewer", by=admin.user
        )


@pytest.mark.django_db
def test_accepting_needs_the_invited_account_an_open_and_unexpired_invitation():
    admin = MembershipFactory(role=MemberRole.ADMIN)
    invitation = services.invitation_create(
        agency=admin.agency, email="kolega@contoh.id", role="editor", by=admin.user
    )
    stranger = UserFactory(email="orang.lain@contoh.id")
    with pytest.raises(ValidationError, match="kolega@contoh.id"):
        services.invitation_accept(invitation=invitation, user=stranger)

    invited = UserFactory(email="kolega@contoh.id", email_verified_at=None)
    membership = services.invitation_accept(invitation=invitation, user=invited)
    assert membership.role == MemberRole.EDITOR
    invited.refresh_from_db()
    assert invited.is_email_verified  # the link reached their mailbox
    with pytest.raises(ValidationError, match="sudah diterima"):
        services.invitation_accept(invitation=invitation, user=invited)

    late = services.invitation_create(
        agency=admin.agency, email="telat@contoh.id", role="viewer", by=admin.user
    )
    late.expires_at = timezone.now() - timedelta(minutes=1)
    late.save()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=late, user=UserFactory(email="telat@contoh.id"))


@pytest.mark.django_db
def test_accepting_with_a_new_account_makes_a_verified_member():
    admin = MembershipFactory(role=MemberRole.ADMIN)
    invitation = services.invitation_create(
        agency=admin.agency, email="baru@contoh.id", role="editor", by=admin.user
    )
    user, membership = services.invitation_accept_with_new_account(
        invitation=invitation,
        full_name="Kolega Baru",
        password="Kopi-Mandailing-5",
        language="id",
    )
    assert user.is_email_verified and user.check_password("Kopi-Mandailing-5")
    assert membership.agency == admin.agency and membership.role == MemberRole.EDITOR
    kinds = list(admin.agency.events.values_list("kind", flat=True))
    assert AgencyEventKind.MEMBER_JOINED in kinds and AgencyEventKind.MEMBER_INVITED in kinds


@pytest.mark.django_db
def test_a_twin_registered_at_the_same_moment_gets_the_duplicate_message(monkeypatch):
    first = register(UserFactory(), name="Koperasi Kopi Sidikalang")
    # The check before saving saw nothing (the twin committed just after it): the database's
    # unique name is what refuses it.
    real, calls = services.agency_find_duplicate, []

    def too_early(name, **kwargs):
        calls.append(name)
        return None if len(calls) == 1 else real(name, **kwargs)

    monkeypatch.setattr(services, "agency_find_duplicate", too_early)
    with pytest.raises(ValidationError) as error:
        register(UserFactory(), name="KOPERASI  kopi sidikalang")
    assert error.value.code == "duplicate"
    assert "“Koperasi Kopi Sidikalang”" in error.value.messages[0]  # the one that is there
    assert Agency.objects.get() == first


@pytest.mark.django_db
def test_an_address_taken_at_the_same_moment_is_drawn_again(monkeypatch):
    taken = register(UserFactory(), name="Koperasi Kopi Sidikalang")
    slugs = iter([taken.slug])
    real = services._unique_slug
    monkeypatch.setattr(services, "_unique_slug", lambda agency: next(slugs, None) or real(agency))
    other = register(UserFactory(), name="Koperasi Kopi Lintong")
    assert other.slug != taken.slug and Agency.objects.count() == 2


@pytest.mark.django_db
def test_another_database_refusal_is_not_passed_off_as_a_duplicate_name():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        register(UserFactory(), name="Koperasi Tanpa Wilayah", regency=None)
    assert not Agency.objects.exists()
