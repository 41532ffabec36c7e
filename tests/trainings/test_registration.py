"""Sign-up, approval, waiting list and cancellation; acceptance 2 (simultaneous sign-ups)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from accounts.models import User as UserModel
from agencies.enums import MemberRole
from notifications.enums import EmailStatus
from notifications.models import OutboundEmail
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.support.trainings import make_training
from tests.trainings.conftest import edit_training, mails_to, queued, register
from trainings import checkin, services
from trainings.models import Registration, RegistrationEvent


def statuses(training):
    return list(training.registrations.order_by("pk").values_list("status", flat=True))


def history(registration):
    return [
        (event.from_status, event.to_status, event.actor)
        for event in registration.events.order_by("at", "pk")
    ]


@pytest.mark.django_db
class TestSeats:
    def test_seats_go_in_order_of_arrival_then_the_waiting_list(self):
        training = make_training(capacity=2)
        people = UserFactory.create_batch(4)
        registrations = [register(training, person) for person in people]

        assert statuses(training) == ["approved", "approved", "waitlisted", "waitlisted"]
        assert [r.status for r in registrations] == statuses(training)
        # Everyone is told where they stand, in a message about their own registration.
        for registration, event in zip(
            registrations, ["approved", "approved", "waitlisted", "waitlisted"], strict=True
        ):
            row = queued(f"trainings.{event}", registration).get()
            assert row.to == registration.user.email

    def test_a_sign_up_needing_approval_waits_and_approval_gives_the_seat_by_email(
        self, django_capture_on_commit_callbacks
    ):
        training = make_training(requires_approval=True, capacity=1)
        person = UserFactory()

        with django_capture_on_commit_callbacks(execute=True):
            registration = register(training, person)

        assert registration.status == "registered"
        assert [m.subject for m in mails_to(person.email)] == [
            queued("trainings.received", registration).get().subject
        ]

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_approve(registration=registration, by=training.organiser_user)

        registration.refresh_from_db()
        assert registration.status == "approved"
        (message,) = mails_to(person.email)
        assert message.subject == queued("trainings.approved", registration).get().subject
        # The confirmation carries the check-in code, and the QR code as an inline image.
        assert checkin.display(registration.code) in message.body
        html, _type = message.alternatives[0]
        assert 'src="cid:qr"' in html
        assert [part["Content-ID"] for part in message.attachments] == ["<qr>"]
        assert OutboundEmail.objects.get(kind="trainings.approved").status == EmailStatus.SENT

    def test_approving_when_every_seat_is_taken_is_refused(self):
        training = make_training(requires_approval=True, capacity=1)
        first, second = register(training), register(training)
        services.registration_approve(registration=first, by=training.organiser_user)

        with pytest.raises(ValidationError) as refused, translation.override("en"):
            services.registration_approve(registration=second, by=training.organiser_user)

        assert "All 1 seats are taken" in refused.value.messages[0]
        second.refresh_from_db()
        assert second.status == "registered"
        assert not queued("trainings.approved", second).exists()

    def test_the_organiser_can_put_someone_on_the_waiting_list_and_promote_them_later(self):
        training = make_training(requires_approval=True, capacity=1)
        registration = register(training)
        organiser = training.organiser_user

        services.registration_waitlist(registration=registration, by=organiser)
        registration.refresh_from_db()
        assert registration.status == "waitlisted"
        assert queued("trainings.waitlisted", registration).count() == 1

        services.registration_approve(registration=registration, by=organiser)
        registration.refresh_from_db()
        assert registration.status == "approved"
        # From the waiting list, the message is the "a seat is yours" one.
        assert queued("trainings.promoted", registration).count() == 1

    def test_rejecting_needs_a_reason_which_the_person_reads(
        self, django_capture_on_commit_callbacks
    ):
        training = make_training(requires_approval=True)
        person = UserFactory()
        registration = register(training, person)
        organiser = training.organiser_user

        with pytest.raises(ValidationError) as refused:
            services.registration_reject(registration=registration, by=organiser, reason="")
        assert list(refused.value.message_dict) == ["reason"]
        registration.refresh_from_db()
        assert registration.status == "registered"

        reason = "Pelatihan ini khusus juru las bersertifikat."
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_reject(registration=registration, by=organiser, reason=reason)

        registration.refresh_from_db()
        assert (registration.status, registration.reason) == ("rejected", reason)
        (message,) = mails_to(person.email)
        assert reason in message.body

    def test_a_freed_seat_goes_to_the_first_person_waiting_who_gets_an_email(
        self, django_capture_on_commit_callbacks
    ):
        training = make_training(capacity=1)
        holder, first_waiting, second_waiting = UserFactory.create_batch(3)
        seat = register(training, holder)
        waiting = [register(training, first_waiting), register(training, second_waiting)]

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_cancel(registration=seat, by=holder)

        assert statuses(training) == ["cancelled", "approved", "waitlisted"]
        promoted = queued("trainings.promoted").get()
        assert promoted.to == first_waiting.email
        assert promoted.object_id == str(waiting[0].pk)
        assert [m.subject for m in mail.outbox] == [promoted.subject]
        assert mail.outbox[0].to == [first_waiting.email]
        assert mails_to(second_waiting.email) == []
        # The system made that move, and says why.
        event = waiting[0].events.order_by("pk").last()
        assert (event.from_status, event.to_status, event.actor) == ("waitlisted", "approved", None)
        assert event.note

    def test_more_seats_let_people_in_from_the_waiting_list(self):
        training = make_training(capacity=1)
        for _ in range(3):
            register(training)

        edit_training(training, by=training.organiser_user, capacity=2)

        assert statuses(training) == ["approved", "approved", "waitlisted"]
        assert queued("trainings.promoted").count() == 1

    def test_fewer_seats_than_people_already_seated_is_refused(self):
        training = make_training(capacity=3)
        for _ in range(3):
            register(training)

        with pytest.raises(ValidationError) as refused:
            edit_training(training, by=training.organiser_user, capacity=2)

        assert "capacity" in refused.value.message_dict
        training.refresh_from_db()
        assert training.capacity == 3
        assert statuses(training) == ["approved"] * 3


@pytest.mark.django_db
class TestCancelling:
    def test_a_participant_may_cancel_until_the_cut_off(self):
        training = make_training(cancellation_closes_at=timezone.now() + timedelta(hours=1))
        person = UserFactory()
        registration = register(training, person)

        services.registration_cancel(registration=registration, by=person)

        registration.refresh_from_db()
        assert registration.status == "cancelled"
        assert history(registration)[-1] == ("approved", "cancelled", person)

    def test_after_the_cut_off_the_participant_cannot_cancel(self):
        training = make_training(cancellation_closes_at=timezone.now() - timedelta(minutes=1))
        person = UserFactory()
        registration = register(training, person)

        with pytest.raises(ValidationError) as refused, translation.override("en"):
            services.registration_cancel(registration=registration, by=person)

        assert "can no longer be cancelled" in refused.value.messages[0]
        registration.refresh_from_db()
        assert registration.status == "approved"
        assert queued("trainings.promoted").count() == 0

    def test_someone_else_cannot_cancel_a_registration(self):
        training = make_training()
        registration = register(training)

        with pytest.raises(PermissionDenied):
            services.registration_cancel(registration=registration, by=UserFactory())

        registration.refresh_from_db()
        assert registration.status == "approved"

    def test_the_organiser_cancels_with_a_reason_that_the_participant_is_emailed(
        self, django_capture_on_commit_callbacks
    ):
        training = make_training()
        person = UserFactory()
        registration = register(training, person)
        organiser = training.organiser_user

        with pytest.raises(ValidationError) as refused:
            services.registration_cancel(registration=registration, by=organiser)
        assert list(refused.value.message_dict) == ["reason"]

        reason = "Data kependudukan tidak sesuai dengan KTP."
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_cancel(registration=registration, by=organiser, reason=reason)

        registration.refresh_from_db()
        assert (registration.status, registration.reason) == ("cancelled_by_organiser", reason)
        (message,) = mails_to(person.email)
        assert reason in message.body
        assert queued("trainings.cancelled_by_organiser", registration).count() == 1


@pytest.mark.django_db
class TestWhoMayRegisterWhen:
    def test_registering_twice_is_refused_but_possible_again_after_cancelling(self):
        training = make_training()
        person = UserFactory()
        first = register(training, person)

        with pytest.raises(ValidationError):
            register(training, person)
        assert training.registrations.count() == 1

        services.registration_cancel(registration=first, by=person)
        again = register(training, person)
        assert again.status == "approved"

    @pytest.mark.parametrize(
        ("opens", "closes"),
        [
            (timedelta(hours=1), timedelta(hours=2)),  # not open yet
            (-timedelta(days=2), -timedelta(minutes=1)),  # closed
        ],
        ids=["not-yet-open", "closed"],
    )
    def test_registration_outside_its_window_is_refused(self, opens, closes):
        now = timezone.now()
        training = make_training(
            registration_opens_at=now + opens, registration_closes_at=now + closes
        )

        with pytest.raises(ValidationError):
            register(training)

        assert not Registration.objects.exists()

    def test_a_draft_training_takes_no_registrations(self):
        training = make_training(publish=False)

        with pytest.raises(ValidationError):
            register(training)

        assert not Registration.objects.exists()

    def test_a_staff_only_training_refuses_residents_and_takes_agency_members(self):
        training = make_training(audience="staff")
        resident = UserFactory()
        staff = MembershipFactory(role=MemberRole.VIEWER).user

        with pytest.raises(ValidationError) as refused, translation.override("en"):
            register(training, resident)
        assert refused.value.messages == ["This training is for agency staff only."]

        assert register(training, staff).status == "approved"
        assert list(training.registrations.values_list("user", flat=True)) == [staff.pk]

    def test_members_of_an_agency_that_is_not_verified_are_not_staff(self):
        """A registration waiting for the secretariat, a rejected or a suspended agency gives
        its admins no staff powers: a staff-only training refuses them like any resident."""
        training = make_training(audience="staff")
        members = [
            MembershipFactory(agency=AgencyFactory(status=status), role=MemberRole.ADMIN).user
            for status in ("pending", "rejected", "suspended")
        ]
        for person in members:
            with pytest.raises(ValidationError) as refused, translation.override("en"):
                register(training, person)
            assert refused.value.messages == ["This training is for agency staff only."]
        assert not Registration.objects.exists()

        pending = members[0].memberships.get().agency
        pending.status = "verified"
        pending.save(update_fields=["status"])
        assert register(training, UserModel.objects.get(pk=members[0].pk)).status == "approved"


@pytest.mark.django_db
def test_every_status_change_is_recorded_with_who_made_it():
    training = make_training(requires_approval=True)
    organiser = training.organiser_user
    person = UserFactory()
    registration = register(training, person)
    services.registration_waitlist(registration=registration, by=organiser)
    services.registration_approve(registration=registration, by=organiser)
    services.registration_cancel(registration=registration, by=organiser, reason="Salah data.")

    assert history(registration) == [
        ("", "registered", person),
        ("registered", "waitlisted", organiser),
        ("waitlisted", "approved", organiser),
        ("approved", "cancelled_by_organiser", organiser),
    ]
    assert registration.events.order_by("pk").last().note == "Salah data."
    assert RegistrationEvent.objects.count() == 4


@pytest.mark.django_db
class TestQuestions:
    @pytest.fixture
    def training(self):
        return make_training(
            questions=[
                {
                    "text": "Ukuran baju kerja",
                    "kind": "single",
                    "choices": "S\nM\nL",
                    "required": True,
                },
                {
                    "text": "Peralatan yang dimiliki",
                    "kind": "multiple",
                    "choices": "Mesin las\nGerinda",
                    "required": False,
                },
                {"text": "Pengalaman mengelas", "kind": "text", "required": True},
                {"text": "Bersedia menginap?", "kind": "yes_no", "required": False},
            ]
        )

    def ids(self, training):
        return [str(q.pk) for q in training.questions.order_by("position")]

    def test_a_missing_required_answer_is_refused_under_its_question(self, training):
        size, _tools, experience, _stay = self.ids(training)
        with pytest.raises(ValidationError) as refused:
            register(training, answers={experience: "   "})

        assert set(refused.value.message_dict) == {f"q_{size}", f"q_{experience}"}
        assert not Registration.objects.exists()

    def test_a_choice_that_is_not_offered_does_not_count_as_an_answer(self, training):
        size, _tools, experience, _stay = self.ids(training)

        with pytest.raises(ValidationError) as refused:
            register(training, answers={size: "XXL", experience: "3 tahun"})

        assert list(refused.value.message_dict) == [f"q_{size}"]

    def test_a_text_answer_past_its_limit_is_refused_not_cut(self, training):
        """It was cut at 500 characters without a word (issue 15)."""
        from trainings.models import ANSWER_MAX

        size, _tools, experience, _stay = self.ids(training)
        with pytest.raises(ValidationError) as refused:
            register(training, answers={size: "M", experience: "x" * (ANSWER_MAX + 1)})
        assert list(refused.value.message_dict) == [f"q_{experience}"]
        assert "501" in refused.value.message_dict[f"q_{experience}"][0]
        registration = register(training, answers={size: "M", experience: "y" * ANSWER_MAX})
        registration.refresh_from_db()
        assert registration.answers[experience] == "y" * ANSWER_MAX

    def test_valid_answers_are_kept_and_unknown_choices_dropped(self, training):
        size, tools, experience, stay = self.ids(training)

        registration = register(
            training,
            answers={
                size: "M",
                tools: ["Gerinda", "Palu godam"],
                experience: "  3 tahun di bengkel  ",
                stay: "mungkin",
            },
        )

        registration.refresh_from_db()
        assert registration.answers == {
            size: "M",
            tools: ["Gerinda"],
            experience: "3 tahun di bengkel",
            stay: "",
        }


@pytest.mark.django_db(transaction=True)
def test_forty_people_registering_at_once_fill_ten_seats_in_arrival_order():
    """Acceptance 2: seats are given under the training's row lock, so 40 simultaneous sign-ups
    for 10 seats give exactly 10 seats and 30 places on the waiting list, in arrival (pk) order;
    a freed seat goes to the first person waiting, who is e-mailed."""
    training = make_training(capacity=10)
    people = UserFactory.create_batch(40)
    barrier = threading.Barrier(len(people))
    failures = []

    def sign_up(person):
        try:
            barrier.wait(timeout=30)
            services.registration_create(training=training, user=person)
        except Exception as exc:  # reported below, in the test's own thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert not any(thread.is_alive() for thread in threads)
    registrations = list(training.registrations.order_by("pk"))
    assert len(registrations) == 40
    assert [r.status for r in registrations] == ["approved"] * 10 + ["waitlisted"] * 30
    # pk order is arrival order: each registration was stamped under the lock.
    stamps = [r.created_at for r in registrations]
    assert stamps == sorted(stamps)
    assert OutboundEmail.objects.filter(kind="trainings.approved").count() == 10
    assert OutboundEmail.objects.filter(kind="trainings.waitlisted").count() == 30

    mail.outbox.clear()
    services.registration_cancel(
        registration=registrations[3], by=training.organiser_user, reason="Berhalangan hadir."
    )

    first_waiting = registrations[10]
    assert (
        statuses(training)
        == (["approved"] * 3 + ["cancelled_by_organiser"] + ["approved"] * 6 + ["approved"])
        + ["waitlisted"] * 29
    )
    promoted = OutboundEmail.objects.get(kind="trainings.promoted")
    assert (promoted.to, promoted.object_id) == (first_waiting.user.email, str(first_waiting.pk))
    assert promoted.status == EmailStatus.SENT
    assert [(m.to, m.subject) for m in mails_to(first_waiting.user.email)] == [
        ([first_waiting.user.email], promoted.subject)
    ]


@pytest.mark.django_db
def test_a_pending_registration_ends_with_its_cancelled_training_but_is_rejected_by_hand():
    """The registrations' table lets only the training's own end cancel one awaiting approval."""
    training = make_training(requires_approval=True)
    organiser = training.organiser_user
    registration = register(training, UserFactory())

    with pytest.raises(ValidationError) as refused:
        services.registration_cancel(registration=registration, by=organiser, reason="Penuh.")
    assert refused.value.code == "transition"
    registration.refresh_from_db()
    assert registration.status == "registered"

    services.training_move(training=training, to_status="cancelled", by=organiser, note="Banjir.")
    registration.refresh_from_db()
    assert (registration.status, registration.reason) == ("cancelled_by_organiser", "Banjir.")
    assert history(registration)[-1] == ("registered", "cancelled_by_organiser", organiser)
    assert registration.events.count() == 2
