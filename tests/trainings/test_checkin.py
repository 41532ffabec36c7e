"""Acceptance 3: check-in by QR code, typed code or tick-list; completion makes attendance final."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import MembershipFactory, UserFactory
from tests.support.trainings import make_training
from tests.trainings.conftest import ongoing_training, register
from trainings import checkin, services
from trainings.models import Attendance, Certificate
from trainings.services import CheckinRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def training():
    return ongoing_training()


def scan(session, text, *, by=None, method="scan"):
    return services.attendance_checkin(
        session=session, text=text, by=by or session.training.organiser_user, method=method
    )


class TestCheckin:
    def test_scanning_the_same_qr_code_twice_records_one_attendance(self, training):
        registration = register(training)
        session = training.sessions.get()
        token = checkin.signed_token(registration.code)

        first = scan(session, token)
        second = scan(session, token)

        assert first[0] == second[0] == registration
        assert (first[2], second[2]) == (True, False)
        attendance = Attendance.objects.get()
        assert attendance == first[1] == second[1]
        assert (attendance.session, attendance.registration) == (session, registration)
        assert (attendance.method, attendance.checked_in_by) == ("scan", training.organiser_user)

    def test_a_typed_code_may_have_dashes_spaces_and_small_letters(self, training):
        registration = register(training)
        typed = f"  {checkin.display(registration.code).lower()} "
        assert "-" in typed

        found, attendance, created = scan(training.sessions.get(), typed, method="typed")

        assert (found, created) == (registration, True)
        assert attendance.method == "typed"

    @pytest.mark.parametrize(
        "forge",
        [
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature altered
            lambda token: "ZZZZZZZZZZ" + token[10:],  # another code under this signature
            lambda token: token.split(":")[0] + ":",  # signature stripped
        ],
        ids=["signature", "code", "empty-signature"],
    )
    def test_a_tampered_qr_code_is_refused(self, training, forge):
        registration = register(training)
        token = checkin.signed_token(registration.code)

        with pytest.raises(CheckinRefused):
            scan(training.sessions.get(), forge(token))

        assert not Attendance.objects.exists()

    @pytest.mark.parametrize("text", ["", "ABCD", "ABCD-EFGH-J0", "hello world!"])
    def test_text_that_is_no_code_at_all_is_refused(self, training, text):
        register(training)

        with pytest.raises(CheckinRefused):
            scan(training.sessions.get(), text, method="typed")

        assert not Attendance.objects.exists()

    def test_an_unknown_code_is_refused(self, training):
        register(training)
        unknown = checkin.new_code()

        with pytest.raises(CheckinRefused), translation.override("en"):
            scan(training.sessions.get(), unknown, method="typed")

        assert not Attendance.objects.exists()

    def test_a_code_from_another_training_is_refused_naming_that_training(self, training):
        other = ongoing_training(title="Bimtek Pengemasan Produk UMKM")
        registration = register(other)

        with pytest.raises(CheckinRefused) as refused, translation.override("en"):
            scan(training.sessions.get(), checkin.signed_token(registration.code))

        assert "Bimtek Pengemasan Produk UMKM" in refused.value.messages[0]
        assert "another training" in refused.value.messages[0]
        assert not Attendance.objects.exists()

    def test_a_cancelled_registration_cannot_check_in(self, training):
        person = UserFactory(full_name="Rina Situmorang")
        registration = register(training, person)
        services.registration_cancel(
            registration=registration, by=training.organiser_user, reason="Tidak memenuhi syarat."
        )

        with pytest.raises(CheckinRefused) as refused, translation.override("en"):
            scan(training.sessions.get(), checkin.signed_token(registration.code))

        assert "Rina Situmorang" in refused.value.messages[0]
        assert not Attendance.objects.exists()

    def test_someone_on_the_waiting_list_cannot_check_in(self):
        training = ongoing_training(capacity=1)
        register(training)
        waiting = register(training)
        assert waiting.status == "waitlisted"

        with pytest.raises(CheckinRefused):
            scan(training.sessions.get(), waiting.code, method="typed")

        assert Attendance.objects.count() == 0

    def test_only_the_organisers_take_attendance(self, training):
        registration = register(training)

        with pytest.raises(PermissionDenied):
            scan(training.sessions.get(), registration.code, by=registration.user)

        assert not Attendance.objects.exists()

    def test_the_tick_list_records_attendance_once(self, training):
        registration = register(training)
        session = training.sessions.get()
        organiser = training.organiser_user

        first = services.attendance_tick(
            session=session, registration=registration, by=organiser, method="list"
        )
        second = services.attendance_tick(
            session=session, registration=registration, by=organiser, method="list"
        )

        assert (first[2], second[2]) == (True, False)
        assert Attendance.objects.get().method == "list"

    def test_the_tick_list_refuses_someone_registered_for_another_training(self, training):
        stranger = register(ongoing_training())

        with pytest.raises(CheckinRefused):
            services.attendance_tick(
                session=training.sessions.get(),
                registration=stranger,
                by=training.organiser_user,
                method="list",
            )

        assert not Attendance.objects.exists()


class TestCompletion:
    def attend(self, registration, sessions):
        for session in sessions:  # sessions of earlier days: ticked on the list afterwards
            services.attendance_tick(
                session=session,
                registration=registration,
                by=session.training.organiser_user,
                method="list",
            )

    def test_completion_makes_attendance_final_and_certifies_those_who_came_often_enough(self):
        training = ongoing_training(sessions=3, capacity=5, min_attendance_percent=60)
        s1, s2, s3 = training.sessions.order_by("starts_at")
        every, two, one, none = (register(training) for _ in range(4))
        self.attend(every, [s1, s2, s3])
        self.attend(two, [s1, s3])
        self.attend(one, [s2])

        services.training_move(training=training, to_status="completed", by=training.organiser_user)

        for registration in (every, two, one, none):
            registration.refresh_from_db()
        assert [r.status for r in (every, two, one, none)] == [
            "attended",
            "partly_attended",  # 2 of 3 sessions: 67 %, a certificate at 60 %
            "partly_attended",  # 1 of 3: 33 %, no certificate
            "no_show",
        ]
        certified = Certificate.objects.values_list("registration", flat=True)
        assert sorted(certified) == sorted([every.pk, two.pk])
        assert set(Certificate.objects.values_list("status", flat=True)) == {"pending"}
        codes = list(Certificate.objects.values_list("code", flat=True))
        assert all(code.startswith("SRT-") for code in codes) and len(set(codes)) == 2
        # The system moved them; the history says so.
        assert every.events.order_by("pk").last().actor is None

    def test_exactly_the_minimum_attendance_earns_a_certificate(self):
        training = ongoing_training(sessions=2, min_attendance_percent=50)
        half = register(training)
        self.attend(half, [training.sessions.order_by("starts_at").first()])

        services.training_move(training=training, to_status="completed", by=training.organiser_user)

        half.refresh_from_db()
        assert half.status == "partly_attended"
        assert Certificate.objects.get().registration == half

    def test_those_never_confirmed_are_closed_when_the_training_completes(self):
        training = ongoing_training(capacity=1)
        seated = register(training)
        waiting = register(training)

        services.training_move(training=training, to_status="completed", by=training.organiser_user)

        seated.refresh_from_db()
        waiting.refresh_from_db()
        assert (seated.status, waiting.status) == ("no_show", "cancelled_by_organiser")
        assert not Certificate.objects.exists()

    def test_a_training_cannot_complete_before_its_last_session_has_started(self):
        training = make_training()  # sessions start tomorrow
        register(training)

        with pytest.raises(ValidationError):
            services.training_move(
                training=training, to_status="completed", by=training.organiser_user
            )

        training.refresh_from_db()
        assert training.status == "published"
        assert training.registrations.get().status == "approved"

    def test_no_attendance_is_taken_once_the_training_is_completed(self):
        training = ongoing_training()
        registration = register(training)
        organiser = training.organiser_user
        completed = services.training_move(training=training, to_status="completed", by=organiser)

        with pytest.raises(CheckinRefused):
            scan(completed.sessions.get(), registration.code, by=organiser, method="typed")

        assert not Attendance.objects.exists()


class TestWindow:
    """A code checks someone in only around the session; the tick list corrects afterwards."""

    def test_a_code_is_refused_before_the_window_opens_and_after_it_closes(self, settings):
        settings.CHECKIN_OPENS_MINUTES = 30
        now = timezone.now()
        training = make_training(
            sessions=[
                (now - timedelta(days=1, hours=3), now - timedelta(days=1)),  # yesterday
                (now + timedelta(minutes=45), now + timedelta(hours=3)),  # soon, not yet
            ]
        )
        registration = register(training)
        yesterday, soon = training.sessions.order_by("starts_at")
        with pytest.raises(CheckinRefused) as closed, translation.override("en"):
            scan(yesterday, registration.code)
        assert "closed" in closed.value.messages[0]
        with pytest.raises(CheckinRefused) as early, translation.override("en"):
            scan(soon, registration.code)
        assert "opens" in early.value.messages[0]
        with pytest.raises(CheckinRefused):  # nor ticked before it starts
            services.attendance_tick(
                session=soon, registration=registration, by=training.organiser_user, method="list"
            )
        assert not Attendance.objects.exists()

        settings.CHECKIN_OPENS_MINUTES = 60  # configurable: now the window is open
        scan(soon, registration.code)
        # Yesterday's attendance can still be ticked on the list by the organisers.
        services.attendance_tick(
            session=yesterday, registration=registration, by=training.organiser_user, method="list"
        )
        assert Attendance.objects.filter(registration=registration).count() == 2

    def test_a_mistaken_tick_is_undone_with_history(self, training):
        registration = register(training)
        session = training.sessions.get()
        organiser = training.organiser_user
        services.attendance_tick(
            session=session, registration=registration, by=organiser, method="list"
        )
        viewer = MembershipFactory(
            agency=training.organiser_rows.get(is_lead=True).agency, role="viewer"
        ).user
        with pytest.raises(PermissionDenied):
            services.attendance_undo(session=session, registration=registration, by=viewer)
        assert Attendance.objects.filter(registration=registration).exists()

        assert services.attendance_undo(
            session=session, registration=registration, by=organiser, reason="Salah centang."
        )
        assert not Attendance.objects.filter(registration=registration).exists()
        event = registration.events.order_by("pk").last()
        assert event.actor == organiser and "Salah centang." in event.note
        # Undoing again finds nothing and records nothing more.
        assert not services.attendance_undo(
            session=session, registration=registration, by=organiser
        )
        assert registration.events.order_by("pk").last() == event

    def test_the_checkin_page_offers_the_undo_and_says_the_window(self, client, training):
        registration = register(training)
        session = training.sessions.get()
        url = reverse("trainings:checkin", args=[training.reference, session.pk])
        client.force_login(training.organiser_user)
        client.post(url, {"registration": registration.pk})
        page = client.get(url).content.decode()
        assert "WIB; setelah itu, centang" in page or "after that, tick them" in page
        assert f'name="undo" value="{registration.pk}"' in page
        client.post(url, {"undo": registration.pk})
        assert not Attendance.objects.filter(registration=registration).exists()
