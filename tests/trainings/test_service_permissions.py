"""The trainings' services check their caller themselves: whoever calls one as the wrong person
(a view, the admin, a task, the shell) is refused with PermissionDenied and nothing changes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.enums import MemberRole
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.support.files import PDF
from tests.support.trainings import make_training
from tests.trainings.conftest import ongoing_training, register
from trainings import services
from trainings.models import Certificate, Material, Registration

pytestmark = pytest.mark.django_db


def wrong_people(training):
    """A viewer of the lead organiser (sees the organiser pages, may change nothing), an editor
    of another agency, a resident and nobody."""
    lead = training.organiser_rows.get(is_lead=True).agency
    return [
        MembershipFactory(agency=lead, role=MemberRole.VIEWER).user,
        MembershipFactory(agency=AgencyFactory(), role=MemberRole.EDITOR).user,
        UserFactory(),
        AnonymousUser(),
    ]


def test_only_the_organisers_run_a_training(idle_broker):
    training = ongoing_training()
    registration = register(training)
    session = training.sessions.get()
    for person in wrong_people(training):
        with pytest.raises(PermissionDenied):
            services.training_move(training=training, to_status="cancelled", by=person)
        with pytest.raises(PermissionDenied):
            services.material_upload(
                training=training,
                by=person,
                title="Modul palsu",
                file=SimpleUploadedFile("modul.pdf", PDF, "application/pdf"),
            )
        with pytest.raises(PermissionDenied):
            services.attendance_tick(
                session=session, registration=registration, by=person, method="ticked"
            )
        with pytest.raises(PermissionDenied):
            services.registration_cancel(registration=registration, by=person, reason="Penuh.")
    training.refresh_from_db()
    registration.refresh_from_db()
    assert training.status == "published"
    assert registration.status == "approved"
    assert not registration.attendances.exists()
    assert not Material.objects.exists()


def test_only_the_organisers_or_an_administrator_touch_certificates(idle_broker):
    training = ongoing_training()
    registration = register(training)
    organiser = training.organiser_user
    for session in training.sessions.all():
        services.attendance_tick(
            session=session, registration=registration, by=organiser, method="ticked"
        )
    services.training_move(training=training, to_status="completed", by=organiser)
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(status="failed", attempts=6)
    for person in [*wrong_people(training), registration.user]:
        with pytest.raises(PermissionDenied):
            services.certificate_redraw(certificate=certificate, by=person)
        with pytest.raises(PermissionDenied):
            services.certificate_revoke(certificate=certificate, by=person, reason="Palsu.")
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts, certificate.revoked_at) == ("failed", 6, None)

    assert services.certificate_redraw(certificate=certificate, by=organiser) is True


def test_a_participant_acts_only_on_their_own_registration(idle_broker):
    training = make_training()  # starts tomorrow: still open to cancelling
    mine, theirs = register(training), register(training)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=theirs, by=mine.user)
    with pytest.raises(PermissionDenied):
        services.registration_create(training=training, user=AnonymousUser())
    assert Registration.objects.get(pk=theirs.pk).status == "approved"
    assert Registration.objects.count() == 2
    services.registration_cancel(registration=mine, by=mine.user)
    assert Registration.objects.get(pk=mine.pk).status == "cancelled"
