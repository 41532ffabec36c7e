"""The organisers' tools: the printable attendance sheet, the certificates in one ZIP, and a
message to every participant."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from agencies.enums import MemberRole
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.support.trainings import make_training
from trainings import services

pytestmark = pytest.mark.django_db


# --- The attendance sheet (daftar hadir) ----------------------------------------------------------


def test_the_attendance_sheet_lists_confirmed_participants_with_the_session_and_organisers(client):
    lead = AgencyFactory(name="UPTD Balai Latihan Kerja Medan")
    partner = AgencyFactory(name="Kadin Sumatera Utara")
    training = make_training(
        lead=lead,
        co_organisers=[partner],
        capacity=2,
        title="Pelatihan Juru Las SMAW",
        venue="Bengkel Las BLK, Jl. Gatot Subroto",
        signatory_name="Drs. Maruli Simanjuntak, M.Si.",
    )
    confirmed = [UserFactory(full_name="Ṡiti Nurhaliza"), UserFactory(full_name="Andi Lubis")]
    for person in confirmed:
        services.registration_create(training=training, user=person)
    waiting = UserFactory(full_name="Budi Menunggu")
    services.registration_create(training=training, user=waiting)  # no seat left
    session = training.sessions.get()
    client.force_login(training.organiser_user)

    checkin = client.get(reverse("trainings:checkin", args=[training.reference, session.pk]))
    url = reverse("trainings:attendance_sheet", args=[training.reference, session.pk])
    assert url in checkin.content.decode()
    page = client.get(url).content.decode()

    assert "DAFTAR HADIR" in page
    assert page.index("Andi Lubis") < page.index("Ṡiti Nurhaliza")  # by name
    assert "Budi Menunggu" not in page
    assert "Tanda tangan" in page
    assert "Bengkel Las BLK, Jl. Gatot Subroto" in page
    assert "UPTD Balai Latihan Kerja Medan" in page and "Kadin Sumatera Utara" in page
    assert "Drs. Maruli Simanjuntak, M.Si." in page
    assert formats.date_format(timezone.localtime(session.starts_at), "j F Y") in page
    assert "css/print" in page and "style=" not in page
    assert "1 dari 1" in page  # the session's number among the training's sessions


def test_the_attendance_sheet_is_for_the_organisers_who_take_attendance(client):
    training = make_training()
    session = training.sessions.get()
    url = reverse("trainings:attendance_sheet", args=[training.reference, session.pk])
    lead = training.organiser_rows.get().agency
    viewer = MembershipFactory(agency=lead, role=MemberRole.VIEWER).user
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(MembershipFactory(role=MemberRole.ADMIN).user)  # another agency
    assert client.get(url).status_code == 404
    other = make_training(title="Pelatihan Lain", by=training.organiser_user, lead=lead)
    client.force_login(training.organiser_user)
    foreign = reverse(
        "trainings:attendance_sheet", args=[training.reference, other.sessions.get().pk]
    )
    assert client.get(foreign).status_code == 404
