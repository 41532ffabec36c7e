"""The reminder engine, by time travel: who is told what, and when, for every rule.

The clock is the process edge: `timezone.now()` answers a test clock that starts on a Monday at
09.00 WIB shortly after today and only moves forward. The scanner runs as beat runs it, at the
moment the test travels to; the sends it enqueues run in-process (Celery eager, after commit), so
what arrives is in `mail.outbox`, and in the OutboundEmail and Notification rows.
"""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from agencies.enums import MemberRole
from forums import reminders as forum_reminders
from forums import services as forum_services
from forums.enums import Privacy, SubmissionKind
from forums.models import Holiday, Submission
from forums.placement import general_forum
from notifications import reminders
from notifications.models import Delivery, Notification, OutboundEmail, Reminder, ReminderRule
from notifications.reminders import deliveries_sweep, delivery_send, reminders_scan
from notifications.services import digests_send, outbox_sweep, preference_set
from notifications.tasks import send_delivery
from partnerships import monev
from partnerships import reminders as partnership_reminders
from partnerships import services as partnership_services
from partnerships.models import Agreement
from partnerships.reminders import sync_agreement
from partnerships.tasks import advance_agreements
from tests.factories import AgencyFactory, MembershipFactory, UserFactory, secretariat_user
from tests.support.trainings import make_training
from trainings import services as training_services
from trainings.models import TRAINING_FIELDS

WIB = ZoneInfo("Asia/Jakarta")


def wib(day, hour=8, minute=0, second=0):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=WIB)


# --- The clock and the beat -----------------------------------------------------------------------


class Clock:
    """What `timezone.now()` answers during a test."""

    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now

    def today(self):
        return timezone.localdate(self.now)


@pytest.fixture
def clock(monkeypatch):
    """A Monday 09.00 WIB, one to seven days from today (after every real `created_at` the
    factories and model defaults write, so digests and sweeps see those rows as past)."""
    today = datetime.now(WIB).date()
    monday = today + timedelta(days=7 - today.weekday())
    clock = Clock(wib(monday, 9))
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(request):
    """Sends run in-process, except in the test that drives a real worker: nothing ever lands
    in the shared Redis with no worker to take it."""
    if "celery_worker" in request.fixturenames:
        yield None
        return
    yield request.getfixturevalue("eager_tasks")


@pytest.fixture
def travel(clock, django_capture_on_commit_callbacks):
    """Move the clock to `moment` and run the scanner there, as beat does every minute; the
    sends it enqueues after commit run at once."""

    def go(moment):
        assert moment >= clock.now, "the clock only moves forward"
        clock.now = moment
        with django_capture_on_commit_callbacks(execute=True):
            while reminders_scan(now=moment) == 500:
                pass
        return moment

    return go


def inbox():
    """The addresses that got an e-mail since the last look (sorted), then an empty outbox."""
    addresses = sorted(address for message in mail.outbox for address in message.to)
    mail.outbox.clear()
    return addresses


def emails(*users):
    return sorted(user.email for user in users)


def reminder_rows(rule, source):
    return Reminder.objects.filter(rule__key=rule, object_id=str(source.pk)).order_by("due_at")


def pending_dues(rule, source):
    return list(
        reminder_rows(rule, source).filter(status="pending").values_list("due_at", flat=True)
    )


# --- Agreements -----------------------------------------------------------------------------------


class AgreementPeople:
    """Two party agencies: one with an admin, an editor, a viewer and an inactive admin; the
    other with an admin (who reads English) and an editor. A person in charge with an account
    but no membership, another agency's admin, the secretariat and a resident."""

    def __init__(self):
        self.disperindag = AgencyFactory(name="Disperindag Sumut", slug="disperindag")
        self.kim = AgencyFactory(name="PT Kawasan Industri Medan", slug="kim")
        self.admin = self._member(self.disperindag, MemberRole.ADMIN, "admin@disperindag.test")
        self.editor = self._member(self.disperindag, MemberRole.EDITOR, "editor@disperindag.test")
        self.viewer = self._member(self.disperindag, MemberRole.VIEWER, "viewer@disperindag.test")
        self.retired = self._member(self.disperindag, MemberRole.ADMIN, "pensiun@disperindag.test")
        self.retired.is_active = False
        self.retired.save(update_fields=["is_active"])
        self.kim_admin = self._member(self.kim, MemberRole.ADMIN, "admin@kim.test")
        self.kim_admin.preferred_language = "en"
        self.kim_admin.save(update_fields=["preferred_language"])
        self.kim_editor = self._member(self.kim, MemberRole.EDITOR, "editor@kim.test")
        self.pic = UserFactory(email="budi.pic@disperindag.test", full_name="Budi Santoso")
        self.outsider = self._member(AgencyFactory(slug="luar"), MemberRole.ADMIN, "x@luar.test")
        self.secretariat = secretariat_user(email="sekretariat@sumutmitra.test")
        self.resident = UserFactory(email="warga@contoh.id")

    @staticmethod
    def _member(agency, role, email):
        return MembershipFactory(agency=agency, role=role, user=UserFactory(email=email)).user

    def agreement(self, *, end_date, start_date, pic_email="budi.pic@disperindag.test", **extra):
        """An agreement entered by the secretariat as signed before the portal: in force."""
        return partnership_services.agreement_create(
            by=self.secretariat,
            title="Pembinaan IKM Logam",
            kind="kb",
            cooperation_kind="ksdpk",
            start_date=start_date,
            end_date=end_date,
            visibility="public",
            legacy=True,
            sectors=[],
            parties=[
                {"agency": self.disperindag, "role": "first", "pic_email": pic_email},
                # A person in charge without an account: nobody to remind.
                {"agency": self.kim, "role": "second", "pic_email": "pic@kim.test"},
            ],
            **extra,
        )


@pytest.fixture
def people(db, clock):
    return AgreementPeople()


@pytest.fixture
def no_monev_reminders(db):
    """Agreements in force also have monev reports due, whose reminders may fall (depending on
    today's date) between the moments a test travels to. The clock jumps there (the beat sees
    only those moments), and a reminder of a deadline whose time passed unseen is delivered
    late, not dropped: tests about other rules leave the monev rule out of what they count."""
    ReminderRule.objects.update_or_create(
        key="monev_due", defaults={"label": "Monev", "offsets": [0, -7], "active": False}
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("no_monev_reminders")
class TestAgreementEnding:
    def test_each_lead_time_reaches_the_party_admins_the_person_in_charge_and_the_secretariat(
        self, people, clock, travel
    ):
        end = clock.today() + timedelta(days=120)
        agreement = people.agreement(start_date=clock.today() - timedelta(days=30), end_date=end)
        assert agreement.status == "in_force"
        inbox()

        # Stored as UTC instants of 08.00 WIB on D-90, D-60, D-30, D-7 and D itself.
        offsets = [90, 60, 30, 7, 0]
        expected = [wib(end - timedelta(days=days)) for days in offsets]
        assert pending_dues("agreement_ending", agreement) == expected
        assert expected[0].astimezone(ZoneInfo("UTC")).hour == 1

        told = emails(people.admin, people.kim_admin, people.pic, people.secretariat)
        for days, due in zip(offsets, expected, strict=True):
            travel(due - timedelta(seconds=1))
            assert inbox() == [], f"nothing before D-{days} 08.00"
            travel(due)
            assert inbox() == told, f"D-{days}"
            english = OutboundEmail.objects.get(
                to=people.kim_admin.email, delivery__reminder__offset=days
            )
            assert english.subject == (
                f"{agreement.reference} ends in {days} days"
                if days
                else f"{agreement.reference} ends today"
            )
            indonesian = OutboundEmail.objects.get(
                to=people.admin.email, delivery__reminder__offset=days
            )
            assert agreement.reference in indonesian.subject
            assert ("berakhir dalam" if days else "berakhir hari ini") in indonesian.subject
            assert agreement.get_absolute_url() in indonesian.body

        travel(wib(end + timedelta(days=1)))
        assert inbox() == []
        # Five reminders each for the four people, nothing for the others.
        sent = OutboundEmail.objects.filter(kind="reminder.agreement_ending")
        assert sent.count() == 20
        assert sorted(set(sent.values_list("to", flat=True))) == told
        assert set(sent.values_list("status", flat=True)) == {"sent"}
        for user in (people.admin, people.kim_admin, people.pic, people.secretariat):
            assert Notification.objects.filter(user=user).count() == 5
        for user in (
            people.editor,
            people.viewer,
            people.retired,
            people.kim_editor,
            people.outsider,
            people.resident,
        ):
            assert not Notification.objects.filter(user=user).exists()
            assert not Delivery.objects.filter(user=user).exists()
        assert set(
            reminder_rows("agreement_ending", agreement).values_list("status", flat=True)
        ) == {"done"}

    def test_the_person_in_charge_is_found_whatever_the_case_of_the_typed_address(
        self, people, clock, travel
    ):
        end = clock.today() + timedelta(days=20)
        people.agreement(
            start_date=clock.today() - timedelta(days=30),
            end_date=end,
            pic_email="Budi.PIC@Disperindag.test",
        )
        inbox()

        travel(wib(end - timedelta(days=7)))

        assert people.pic.email in inbox()

    def test_an_extended_agreement_gets_no_ending_reminder_at_the_old_date(
        self, people, clock, travel
    ):
        old_end = clock.today() + timedelta(days=100)
        new_end = old_end + timedelta(days=365)
        agreement = people.agreement(
            start_date=clock.today() - timedelta(days=30), end_date=old_end
        )
        inbox()
        travel(wib(old_end - timedelta(days=90)))
        assert len(inbox()) == 4  # the 90-day reminder of the old date went out

        # The admin extends it: the end date changes, then the reminders are synced.
        Agreement.objects.filter(pk=agreement.pk).update(end_date=new_end)
        agreement.refresh_from_db()
        sync_agreement(agreement)

        assert pending_dues("agreement_ending", agreement) == [
            wib(new_end - timedelta(days=days)) for days in (90, 60, 30, 7, 0)
        ]
        for days in (60, 30, 7, 0):
            travel(wib(old_end - timedelta(days=days)))
            assert inbox() == [], f"old D-{days}"
        travel(wib(new_end - timedelta(days=90)))
        assert len(inbox()) == 4

    def test_an_end_date_changed_behind_the_engines_back_is_still_not_reminded(
        self, people, clock, travel
    ):
        """Rows left for the old date (no sync) are checked when they fall due, and dropped."""
        old_end = clock.today() + timedelta(days=40)
        agreement = people.agreement(
            start_date=clock.today() - timedelta(days=30), end_date=old_end
        )
        inbox()
        Agreement.objects.filter(pk=agreement.pk).update(end_date=old_end + timedelta(days=365))

        travel(wib(old_end - timedelta(days=30)))

        assert inbox() == []
        row = reminder_rows("agreement_ending", agreement).get(offset=30)
        assert row.status == "cancelled"
        assert not row.deliveries.exists()

    def test_an_end_date_changed_and_changed_back_is_reminded_again(self, people, clock, travel):
        end = clock.today() + timedelta(days=50)
        agreement = people.agreement(start_date=clock.today() - timedelta(days=30), end_date=end)
        for new_end in (end + timedelta(days=365), end):  # a typo, then corrected
            Agreement.objects.filter(pk=agreement.pk).update(end_date=new_end)
            agreement.refresh_from_db()
            sync_agreement(agreement)
        inbox()

        assert pending_dues("agreement_ending", agreement) == [
            wib(end - timedelta(days=days)) for days in (30, 7, 0)
        ]
        travel(wib(end - timedelta(days=30)))
        assert len(inbox()) == 4

    def test_an_agreement_entered_late_gets_only_the_reminders_still_ahead(
        self, people, clock, travel
    ):
        end = clock.today() + timedelta(days=10)
        agreement = people.agreement(start_date=clock.today() - timedelta(days=300), end_date=end)

        assert pending_dues("agreement_ending", agreement) == [
            wib(end - timedelta(days=7)),
            wib(end),
        ]


@pytest.mark.django_db
@pytest.mark.usefixtures("no_monev_reminders")
class TestMilestones:
    def test_the_responsible_partys_editors_hear_a_week_and_a_day_before_and_a_day_after(
        self, people, clock, travel
    ):
        agreement = people.agreement(
            start_date=clock.today() - timedelta(days=30),
            end_date=clock.today() + timedelta(days=700),
        )
        due = clock.today() + timedelta(days=20)
        milestone = partnership_services.milestone_create(
            agreement=agreement,
            by=people.editor,
            title="Pelatihan angkatan pertama",
            responsible=agreement.parties.get(agency=people.disperindag),
            due_date=due,
        )
        inbox()

        told = emails(people.admin, people.editor)
        for days in (7, 1, -1):
            moment = wib(due - timedelta(days=days))
            travel(moment - timedelta(seconds=1))
            assert inbox() == []
            travel(moment)
            assert inbox() == told, f"M-{days}"
        titles = list(
            OutboundEmail.objects.filter(to=people.editor.email, kind="reminder.milestone_due")
            .order_by("delivery__reminder__due_at")
            .values_list("subject", flat=True)
        )
        assert len(titles) == 3
        assert all(milestone.title in title for title in titles)

    def test_a_milestone_done_in_time_is_not_reminded(self, people, clock, travel):
        agreement = people.agreement(
            start_date=clock.today() - timedelta(days=30),
            end_date=clock.today() + timedelta(days=700),
        )
        due = clock.today() + timedelta(days=20)
        milestone = partnership_services.milestone_create(
            agreement=agreement,
            by=people.editor,
            title="Pelatihan angkatan pertama",
            responsible=agreement.parties.get(agency=people.disperindag),
            due_date=due,
        )
        travel(wib(due - timedelta(days=7)))
        inbox()

        partnership_services.milestone_complete(
            milestone=milestone, by=people.editor, completed_on=clock.today()
        )

        assert pending_dues("milestone_due", milestone) == []
        travel(wib(due + timedelta(days=2)))
        assert inbox() == []


@pytest.mark.django_db
class TestMonev:
    def test_the_report_due_is_reminded_at_its_due_date_and_a_week_later_across_the_period_end(
        self, people, clock, travel
    ):
        """The daily beat re-syncs every agreement; the period that just ended stays the one
        reminded of until its overdue reminder is out (the day after a period ends must not
        move the reminders to the next period)."""
        start = clock.today() - timedelta(days=60)
        agreement = people.agreement(start_date=start, end_date=start + timedelta(days=1500))
        reported = people.agreement(start_date=start, end_date=start + timedelta(days=1500))
        year, number, _first, last = monev.period_of(clock.today(), agreement.monev_per_year)
        due = last + timedelta(days=monev.MONEV_GRACE_DAYS)
        partnership_services.monev_submit(
            agreement=reported,
            by=people.editor,
            party=reported.parties.get(agency=people.disperindag),
            year=year,
            period=number,
            activities="Pelatihan 20 juru las.",
            trainees=20,
            recommendation="continue",
        )
        inbox()

        told = emails(people.admin, people.editor, people.kim_admin, people.kim_editor)
        received = {}
        day = max(clock.today() + timedelta(days=1), last - timedelta(days=1))
        while day <= due + timedelta(days=8):
            travel(wib(day, 0, 5))  # the beat's daily task: agreements advance, monev re-synced
            advance_agreements()
            travel(wib(day))
            got = inbox()
            if got:
                received[day] = got
            day += timedelta(days=1)

        assert received == {due: told, due + timedelta(days=7): told}
        subjects = sorted(
            OutboundEmail.objects.filter(
                to=people.kim_admin.email, kind="reminder.monev_due"
            ).values_list("subject", flat=True)
        )
        assert subjects == [
            f"Monev report due: {agreement.reference}",
            f"Monev report overdue: {agreement.reference}",
        ]
        assert not Delivery.objects.filter(reminder__object_id=str(reported.pk)).exists()


# --- Trainings ------------------------------------------------------------------------------------


class TrainingPeople:
    def __init__(self):
        self.lead = AgencyFactory(name="BLK Medan", slug="blk-medan")
        self.partner = AgencyFactory(name="Kadin Sumut", slug="kadin")
        member = AgreementPeople._member
        self.editor = member(self.lead, MemberRole.EDITOR, "editor@blk.test")
        self.admin = member(self.lead, MemberRole.ADMIN, "admin@blk.test")
        self.admin.preferred_language = "en"
        self.admin.save(update_fields=["preferred_language"])
        self.viewer = member(self.lead, MemberRole.VIEWER, "viewer@blk.test")
        self.partner_editor = member(self.partner, MemberRole.EDITOR, "editor@kadin.test")
        self.outsider = member(AgencyFactory(slug="luar"), MemberRole.ADMIN, "x@luar.test")
        self.secretariat = secretariat_user(email="sekretariat@sumutmitra.test")
        self.first = UserFactory(email="rina@contoh.id")
        self.second = UserFactory(email="sarah@contoh.id", preferred_language="en")
        self.waiting = UserFactory(email="antri@contoh.id")

    @property
    def organisers(self):
        return emails(self.editor, self.admin, self.partner_editor)

    @property
    def participants(self):
        return emails(self.first, self.second)

    def training(self, starts_at, closes_at, **fields):
        """Published, two seats, both taken; a third person on the waiting list."""
        training = make_training(
            by=self.editor,
            lead=self.lead,
            co_organisers=[self.partner],
            sessions=[(starts_at, starts_at + timedelta(hours=3))],
            registration_closes_at=closes_at,
            capacity=2,
            **fields,
        )
        for user in (self.first, self.second, self.waiting):
            training_services.registration_create(training=training, user=user)
        return training


@pytest.fixture
def trainees(db, clock):
    return TrainingPeople()


def reschedule(training, *, by, starts_at):
    """Move the first (only) session, as the edit form saves it."""
    training.refresh_from_db()
    session = training.sessions.get()
    fields = {name: getattr(training, name) for name in TRAINING_FIELDS}
    return training_services.training_save(
        by=by,
        training=training,
        organisers=[
            {"agency": row.agency, "is_lead": row.is_lead}
            for row in training.organiser_rows.select_related("agency")
        ],
        sessions=[
            {
                "id": session,
                "title": session.title,
                "starts_at": starts_at,
                "ends_at": starts_at + (session.ends_at - session.starts_at),
            }
        ],
        **fields,
    )


@pytest.mark.django_db
class TestTrainings:
    def start(self, clock):
        return wib(clock.today() + timedelta(days=10), 9)

    def soon(self, clock):
        """Registration closing in an hour: too soon for its reminder (a day before)."""
        return clock.now + timedelta(hours=1)

    def test_organisers_three_days_before_participants_one_day_before_and_closing_the_day_before(
        self, trainees, clock, travel
    ):
        start = self.start(clock)
        closes = wib(clock.today() + timedelta(days=8), 17)
        training = trainees.training(start, closes)
        assert list(training.registrations.values_list("status", flat=True).order_by("pk")) == [
            "approved",
            "approved",
            "waitlisted",
        ]
        inbox()

        expected = [
            (start - timedelta(days=3), trainees.organisers),
            (closes - timedelta(days=1), trainees.organisers),
            (start - timedelta(days=1), trainees.participants),
        ]
        for moment, told in expected:
            travel(moment - timedelta(seconds=1))
            assert inbox() == []
            travel(moment)
            assert inbox() == told
        travel(start + timedelta(days=1))
        assert inbox() == []

        organisers = OutboundEmail.objects.get(
            to=trainees.admin.email, kind="reminder.training_starting_organisers"
        )
        assert organisers.subject == "Pelatihan Juru Las SMAW starts in 3 days"
        assert "Confirmed: 2 of 2 seats; awaiting approval: 0; on the waiting list: 1." in (
            organisers.body
        )
        assert f"/pelatihan/kelola/{training.reference}/pendaftar/" in organisers.body
        closing = OutboundEmail.objects.get(
            to=trainees.admin.email, kind="reminder.training_registration_closing"
        )
        assert closing.subject == "Registration for Pelatihan Juru Las SMAW closes tomorrow"
        assert "2 of 2 seats are taken" in closing.body
        for user in (trainees.viewer, trainees.outsider, trainees.secretariat, trainees.waiting):
            assert not Delivery.objects.filter(user=user).exists()

    def test_the_participants_reminder_carries_the_training_as_a_calendar_file(
        self, trainees, clock, travel
    ):
        start = self.start(clock)
        training = trainees.training(start, self.soon(clock))
        inbox()

        travel(start - timedelta(days=3))
        assert inbox() == trainees.organisers  # without an attachment

        travel(start - timedelta(days=1))

        messages = sorted(mail.outbox, key=lambda message: message.to[0])
        assert [message.to for message in messages] == [["rina@contoh.id"], ["sarah@contoh.id"]]
        english = messages[1]
        assert english.subject == "Tomorrow: Pelatihan Juru Las SMAW"
        local = timezone.localtime(start)
        assert f"Your training starts {local:%A}, {local.day} {local:%B %Y}, 09.00 WIB" in (
            english.body
        )
        for message in messages:
            (attachment,) = message.attachments
            name, content, content_type = attachment
            assert (name, content_type) == (f"{training.reference}.ics", "text/calendar")
            (event,) = Calendar.from_ical(content).walk("VEVENT")
            assert str(event["summary"]) == "Pelatihan Juru Las SMAW"
            assert event.decoded("dtstart") == start
            assert event.decoded("dtend") == start + timedelta(hours=3)
            assert str(event["uid"]).startswith(f"{training.reference}-sesi-")
            built = message.message()
            calendars = [p for p in built.walk() if p.get_content_type() == "text/calendar"]
            assert len(calendars) == 1
            assert calendars[0].get_filename() == f"{training.reference}.ics"

    def test_moving_the_first_session_cancels_the_old_reminders_and_makes_new_ones(
        self, trainees, clock, travel
    ):
        start = self.start(clock)
        training = trainees.training(start, self.soon(clock))
        later = start + timedelta(days=2, hours=4)
        inbox()

        reschedule(training, by=trainees.editor, starts_at=later)

        training.refresh_from_db()
        assert training.starts_at == later
        for rule, days in (
            ("training_starting_organisers", 3),
            ("training_starting_participants", 1),
        ):
            rows = reminder_rows(rule, training)
            assert list(rows.values_list("due_at", "status")) == [
                (start - timedelta(days=days), "cancelled"),
                (later - timedelta(days=days), "pending"),
            ]
        # The old times pass in silence, the new ones are kept.
        travel(start - timedelta(days=3))
        travel(start - timedelta(days=1))
        assert inbox() == []
        travel(later - timedelta(days=3))
        assert inbox() == trainees.organisers
        travel(later - timedelta(days=1))
        assert inbox() == trainees.participants
        body = OutboundEmail.objects.get(
            to=trainees.second.email, kind="reminder.training_starting_participants"
        ).body
        assert timezone.localtime(later).strftime("%H.%M WIB") in body

    def test_moving_a_session_away_and_back_keeps_its_reminders(self, trainees, clock, travel):
        start = self.start(clock)
        training = trainees.training(start, self.soon(clock))
        reschedule(training, by=trainees.editor, starts_at=start + timedelta(days=7))
        reschedule(training, by=trainees.editor, starts_at=start)  # put back
        inbox()

        assert pending_dues("training_starting_organisers", training) == [start - timedelta(days=3)]
        assert pending_dues("training_starting_participants", training) == [
            start - timedelta(days=1)
        ]
        travel(start - timedelta(days=3))
        assert inbox() == trainees.organisers
        travel(start - timedelta(days=1))
        assert inbox() == trainees.participants

    def test_a_training_that_has_started_makes_its_reminders_missed_not_late(
        self, trainees, clock, travel
    ):
        """Beat was down from before the reminders fell due until after the start."""
        start = self.start(clock)
        training = trainees.training(start, self.soon(clock))
        inbox()

        travel(start + timedelta(minutes=1))

        assert inbox() == []
        for rule in ("training_starting_organisers", "training_starting_participants"):
            assert list(reminder_rows(rule, training).values_list("status", flat=True)) == [
                "missed"
            ]
        assert not Delivery.objects.exists()

    def test_a_send_that_comes_after_the_start_is_skipped_as_missed(
        self, trainees, clock, django_capture_on_commit_callbacks
    ):
        """The scan made the deliveries in time, but their tasks ran only after the start."""
        start = self.start(clock)
        trainees.training(start, self.soon(clock))
        inbox()
        clock.now = start - timedelta(days=1)
        with django_capture_on_commit_callbacks(execute=False):  # the worker is away
            reminders_scan(now=clock.now)
        deliveries = list(
            Delivery.objects.filter(reminder__rule__key="training_starting_participants")
        )
        assert len(deliveries) == 2

        clock.now = start + timedelta(minutes=5)
        for delivery in deliveries:
            assert delivery_send(pk=delivery.pk) == "skipped"

        assert inbox() == []
        assert set(
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).values_list(
                "status", "last_error"
            )
        ) == {("skipped", "missed: its moment had passed")}
        assert not OutboundEmail.objects.filter(delivery__in=deliveries).exists()

    def test_a_cancelled_trainings_reminders_are_cancelled(self, trainees, clock, travel):
        start = self.start(clock)
        training = trainees.training(start, self.soon(clock))
        training_services.training_move(
            training=training, to_status="cancelled", by=trainees.editor, note="Gedung direnovasi."
        )
        inbox()

        assert set(
            Reminder.objects.filter(object_id=str(training.pk)).values_list("status", flat=True)
        ) == {"cancelled"}
        for moment in (start - timedelta(days=3), start - timedelta(days=1), start):
            travel(moment)
        assert inbox() == []
        assert not Delivery.objects.exists()

    def test_a_draft_has_no_reminders_until_it_is_published(self, trainees, clock):
        start = self.start(clock)
        training = make_training(
            by=trainees.editor,
            lead=trainees.lead,
            sessions=[(start, start + timedelta(hours=3))],
            publish=False,
        )
        assert not Reminder.objects.filter(object_id=str(training.pk)).exists()

        training_services.training_move(
            training=training, to_status="published", by=trainees.editor
        )

        assert pending_dues("training_starting_organisers", training) == [start - timedelta(days=3)]


# --- Forums ---------------------------------------------------------------------------------------


class ForumPeople:
    def __init__(self):
        Holiday.objects.all().delete()  # deadlines here count Monday to Friday only
        self.forum = general_forum()
        self.agency = AgencyFactory(name="Disperindag Sumut", slug="disperindag")
        member = AgreementPeople._member
        self.viewer = member(self.agency, MemberRole.VIEWER, "viewer@disperindag.test")
        self.editor = member(self.agency, MemberRole.EDITOR, "editor@disperindag.test")
        self.admin = member(self.agency, MemberRole.ADMIN, "admin@disperindag.test")
        self.other = member(AgencyFactory(slug="kadin"), MemberRole.ADMIN, "admin@kadin.test")
        self.secretariat = secretariat_user(email="sekretariat@sumutmitra.test")
        self.resident = UserFactory(email="siti@contoh.id")

    def submit(self, title="Jalan menuju Kawasan Industri Medan rusak"):
        return forum_services.submission_create(
            forum=self.forum,
            kind=SubmissionKind.PENGADUAN,
            title=title,
            body="Truk pengangkut CPO sulit lewat sejak bulan lalu.",
            privacy=Privacy.PUBLIC,
            user=self.resident,
        )

    def forward(self, submission):
        submission = forum_services.submission_verify(submission=submission, by=self.secretariat)
        return forum_services.submission_forward(
            submission=submission, by=self.secretariat, agency=self.agency
        )


@pytest.fixture
def residents(db, clock):
    return ForumPeople()


@pytest.mark.django_db
class TestForums:
    def test_input_not_forwarded_in_three_working_days_is_reminded_to_the_secretariat(
        self, residents, clock, travel
    ):
        submission = residents.submit()
        in_time = residents.submit(title="Lampu jalan kawasan padam")
        residents.forward(in_time)
        inbox()

        # Received on Monday 09.00: due at the end of Thursday.
        deadline = wib(clock.today() + timedelta(days=3), 23, 59, 59)
        assert submission.verify_due == deadline
        travel(deadline - timedelta(seconds=1))
        assert inbox() == []
        travel(deadline)
        assert inbox() == [residents.secretariat.email]
        email = OutboundEmail.objects.get(to=residents.secretariat.email)
        assert submission.tracking_code in email.subject
        assert f"/forum/kelola/{submission.tracking_code}/" in email.body
        assert not Delivery.objects.filter(reminder__object_id=str(in_time.pk)).exists()

    def test_unanswered_input_reminds_the_agency_then_escalates_a_day_later(
        self, residents, clock, travel
    ):
        submission = residents.forward(residents.submit())
        inbox()

        # Forwarded on Monday 09.00: five working days, due at the end of next Monday.
        deadline = wib(clock.today() + timedelta(days=7), 23, 59, 59)
        assert submission.answer_due == deadline
        travel(deadline - timedelta(seconds=1))
        assert inbox() == []
        travel(deadline)
        assert inbox() == emails(residents.viewer, residents.editor, residents.admin)
        travel(deadline + timedelta(days=1) - timedelta(seconds=1))
        assert inbox() == []
        travel(deadline + timedelta(days=1))
        assert inbox() == emails(residents.admin, residents.secretariat)
        escalation = OutboundEmail.objects.get(
            to=residents.secretariat.email, kind="reminder.forum_answer_escalation"
        )
        assert submission.tracking_code in escalation.subject
        assert not Delivery.objects.filter(user=residents.other).exists()

    def test_input_answered_in_time_is_not_reminded(self, residents, clock, travel):
        submission = residents.forward(residents.submit())
        clock.now += timedelta(days=2)
        forum_services.submission_answer(
            submission=submission, by=residents.editor, body="Perbaikan dijadwalkan."
        )
        inbox()

        travel(submission.answer_due + timedelta(days=2))

        assert inbox() == []
        assert set(
            Reminder.objects.filter(object_id=str(submission.pk)).values_list("status", flat=True)
        ) == {"cancelled"}


# --- Reminders follow the real deadline; one whose time passed unseen comes late, once -----------


def moments(rule, source):
    return set(
        reminder_rows(rule, source).filter(status="pending").values_list("moment", flat=True)
    )


@pytest.mark.django_db
class TestRealDeadlines:
    def test_a_deadline_moved_into_the_past_is_reminded_once_at_once_and_never_at_the_old_one(
        self, residents, clock, travel
    ):
        """What the demo did (and what was seen: an answer due 27 November reminded on
        8 December): forwarded today, so due in five working days; the deadline is then set
        four days ago by an UPDATE, which no reminder hears of. Synced from the current
        deadline, the passed deadline is reminded at the next scan, once, and the old moment
        is never reminded."""
        submission = residents.forward(residents.submit())
        old_due = submission.answer_due
        assert moments("forum_answer_overdue", submission) == {old_due}
        inbox()

        Submission.objects.filter(pk=submission.pk).update(
            answer_due=wib(clock.today() - timedelta(days=4), 23, 59, 59)
        )
        submission.refresh_from_db()
        forum_reminders.sync_submission(submission)

        assert moments("forum_answer_overdue", submission) == {submission.answer_due}
        assert moments("forum_answer_escalation", submission) == {submission.answer_due}
        travel(clock.now + timedelta(minutes=1))
        assert inbox() == emails(
            residents.viewer,
            residents.editor,
            residents.admin,
            residents.admin,
            residents.secretariat,
        )
        late = OutboundEmail.objects.get(
            to=residents.editor.email, kind="reminder.forum_answer_overdue"
        )
        assert late.subject.startswith("Terlambat sejak")
        assert submission.tracking_code in late.subject
        for moment in (clock.now + timedelta(hours=1), old_due, old_due + timedelta(days=2)):
            travel(moment)
            assert inbox() == [], moment
        assert Delivery.objects.filter(user=residents.editor).count() == 1

    def test_each_new_deadline_moves_the_reminders_with_it(self, residents, clock, travel):
        """Forwarded, then forwarded again to another agency two days later; answered, then
        the resident replies: each time the answer is due again, and is reminded at the due
        time in force then, never at a former one."""
        other = AgencyFactory(name="Dinas Koperasi dan UKM", slug="koperasi")
        other_editor = AgreementPeople._member(other, MemberRole.EDITOR, "editor@koperasi.test")
        submission = residents.forward(residents.submit())
        first_due = submission.answer_due

        clock.now += timedelta(days=2)
        submission = forum_services.submission_forward(
            submission=submission, by=residents.secretariat, agency=other
        )
        second_due = submission.answer_due
        assert second_due > first_due
        assert moments("forum_answer_overdue", submission) == {second_due}
        inbox()
        travel(first_due)
        assert inbox() == []

        clock.now += timedelta(hours=1)
        forum_services.submission_answer(
            submission=submission, by=other_editor, body="Sudah kami jadwalkan."
        )
        assert moments("forum_answer_overdue", submission) == set()
        clock.now += timedelta(days=1)
        submission.refresh_from_db()
        forum_services.reply_create(
            submission=submission, by=residents.resident, body="Kapan tepatnya?", ip="10.0.0.1"
        )
        submission.refresh_from_db()
        third_due = submission.answer_due
        assert submission.status == "in_follow_up" and third_due > second_due
        assert moments("forum_answer_overdue", submission) == {third_due}
        inbox()
        travel(second_due)
        assert inbox() == []
        travel(third_due)
        assert inbox() == [other_editor.email]

    def test_an_appeal_gives_a_new_deadline_that_the_reminders_follow(
        self, residents, clock, travel
    ):
        """Answered on Tuesday, the resident is not satisfied on Thursday and asks for
        follow-up: five working days from Thursday, the agency is reminded, then a day later
        the agency's admins and the secretariat; never at the first answer's deadline."""
        submission = residents.forward(residents.submit())
        first_due = submission.answer_due
        clock.now += timedelta(days=1)
        forum_services.submission_answer(
            submission=submission, by=residents.editor, body="Sudah kami jadwalkan."
        )
        assert moments("forum_answer_overdue", submission) == set()
        clock.now += timedelta(days=2)
        submission.refresh_from_db()
        submission = forum_services.submission_appeal(
            submission=submission, by=residents.resident, reason="Jadwalnya tidak disebutkan."
        )
        # Thursday plus five working days: the end of the next Thursday.
        new_due = wib(clock.today() + timedelta(days=7), 23, 59, 59)
        assert submission.status == "in_follow_up" and submission.answer_due == new_due
        assert moments("forum_answer_overdue", submission) == {new_due}
        assert moments("forum_answer_escalation", submission) == {new_due}
        inbox()
        travel(first_due + timedelta(minutes=1))
        assert inbox() == []
        travel(new_due)
        assert inbox() == emails(residents.viewer, residents.editor, residents.admin)
        travel(new_due + timedelta(days=1))
        assert inbox() == emails(residents.admin, residents.secretariat)

    def test_an_overdue_reminder_whose_time_passed_while_the_worker_was_down_comes_late_once(
        self, residents, clock, travel
    ):
        submission = residents.forward(residents.submit())
        inbox()

        # The beat and the worker are away from before the deadline until three days after.
        travel(submission.answer_due + timedelta(days=3))

        assert inbox() == emails(
            residents.viewer,
            residents.editor,
            residents.admin,
            residents.admin,
            residents.secretariat,
        )
        bell = Notification.objects.get(user=residents.editor)
        assert bell.title.startswith("Terlambat sejak")
        for days in (4, 10):
            travel(submission.answer_due + timedelta(days=days))
            assert inbox() == []
        for rule in ("forum_answer_overdue", "forum_answer_escalation"):
            assert list(reminder_rows(rule, submission).values_list("status", flat=True)) == [
                "done"
            ]

    def test_after_a_backlog_only_the_latest_reminder_of_a_rule_goes_out(
        self, people, clock, travel, no_monev_reminders
    ):
        """A milestone's week-before, day-before and overdue reminders all fell due while the
        beat was away: the person hears that it is overdue, once, not three times."""
        agreement = people.agreement(
            start_date=clock.today() - timedelta(days=30),
            end_date=clock.today() + timedelta(days=700),
        )
        due = clock.today() + timedelta(days=10)
        milestone = partnership_services.milestone_create(
            agreement=agreement,
            by=people.editor,
            title="Pelatihan angkatan pertama",
            responsible=agreement.parties.get(agency=people.disperindag),
            due_date=due,
        )
        inbox()

        travel(wib(due + timedelta(days=3)))

        assert inbox() == emails(people.admin, people.editor)
        (subject,) = set(
            OutboundEmail.objects.filter(kind="reminder.milestone_due").values_list(
                "subject", flat=True
            )
        )
        assert subject.startswith("Tonggak capaian terlambat")
        assert dict(reminder_rows("milestone_due", milestone).values_list("offset", "status")) == {
            7: "missed",
            1: "missed",
            -1: "done",
        }

    def test_a_monev_report_overdue_while_the_worker_was_down_is_not_dropped_by_the_next_sync(
        self, people, clock, travel
    ):
        """The daily sync comes back with the worker and would move the monev reminders on to
        the next period: the report that is overdue now is still told, once."""
        start = clock.today() - timedelta(days=60)
        agreement = people.agreement(start_date=start, end_date=start + timedelta(days=1500))
        (due_moment,) = moments("monev_due", agreement)
        inbox()

        clock.now = due_moment + timedelta(days=20)
        partnership_reminders.sync_agreement(agreement)  # the daily task, first thing back
        travel(clock.now)

        told = emails(people.admin, people.editor, people.kim_admin, people.kim_editor)
        assert inbox() == told
        english = OutboundEmail.objects.get(to=people.kim_admin.email, kind="reminder.monev_due")
        assert english.subject == f"Monev report overdue: {agreement.reference}"
        statuses = dict(
            reminder_rows("monev_due", agreement)
            .filter(moment=due_moment)
            .values_list("offset", "status")
        )
        assert statuses == {0: "missed", -7: "done"}
        # The next period's reminders are waiting.
        assert moments("monev_due", agreement) and due_moment not in moments("monev_due", agreement)

    def test_an_agreement_entered_after_its_end_date_is_not_reminded_that_it_ends(
        self, people, clock, no_monev_reminders
    ):
        agreement = people.agreement(
            start_date=clock.today() - timedelta(days=400),
            end_date=clock.today() - timedelta(days=2),
        )

        assert not reminder_rows("agreement_ending", agreement).exists()


# --- Preferences ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_channel_is_honoured(residents, clock, travel, django_capture_on_commit_callbacks):
    """Off: nothing. Portal: the bell, no e-mail. Digest: the bell, then one digest e-mail for
    everything of the day. E-mail: both."""
    kind = "forums.verify_overdue"
    by_email = residents.secretariat
    in_portal = secretariat_user(email="portal@sumutmitra.test")
    in_digest = secretariat_user(email="digest@sumutmitra.test")
    silent = secretariat_user(email="off@sumutmitra.test")
    preference_set(user=in_portal, kind=kind, channel="portal")
    preference_set(user=in_digest, kind=kind, channel="digest")
    preference_set(user=silent, kind=kind, channel="off")
    first = residents.submit()
    second = residents.submit(title="Lampu jalan kawasan padam")
    inbox()

    travel(first.verify_due)

    assert inbox() == [by_email.email, by_email.email]
    statuses = dict(
        Delivery.objects.filter(reminder__object_id=str(first.pk)).values_list(
            "user__email", "status"
        )
    )
    assert statuses == {
        by_email.email: "sent",
        in_portal.email: "sent",
        in_digest.email: "sent",
        silent.email: "skipped",
    }
    assert Delivery.objects.get(user=silent, reminder__object_id=str(first.pk)).last_error == (
        "turned off by the recipient"
    )
    assert not Notification.objects.filter(user=silent).exists()
    assert Notification.objects.filter(user=in_portal, digest=False).count() == 2
    assert Notification.objects.filter(user=by_email, digest=False).count() == 2
    assert Notification.objects.filter(user=in_digest, digest=True).count() == 2
    reminded = OutboundEmail.objects.filter(kind__startswith="reminder.")
    assert sorted(reminded.values_list("to", flat=True)) == [by_email.email] * 2

    clock.now = wib(clock.today(), 17)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(now=clock.now) == 1
    (digest,) = mail.outbox
    assert digest.to == [in_digest.email]
    assert first.tracking_code in digest.body
    assert second.tracking_code in digest.body
    assert not Notification.objects.filter(user=in_digest, digested_at__isnull=True).exists()
    inbox()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(now=clock.now + timedelta(days=1)) == 0
    assert inbox() == []


# --- Exactly once ---------------------------------------------------------------------------------


@pytest.fixture
def queued(residents, clock, django_capture_on_commit_callbacks):
    """A due reminder for the secretariat, scanned; its send task has not run yet."""
    submission = residents.submit()
    inbox()
    clock.now = submission.verify_due
    with django_capture_on_commit_callbacks(execute=False):
        reminders_scan(now=clock.now)
    return Delivery.objects.get(user=residents.secretariat)


@pytest.mark.django_db
class TestOnce:
    def test_sending_the_same_delivery_twice_sends_one_email(self, queued, residents):
        delivery = queued

        assert delivery_send(pk=delivery.pk) == "sent"
        assert delivery_send(pk=delivery.pk) == "sent"

        assert inbox() == [residents.secretariat.email]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("sent", 1)
        assert OutboundEmail.objects.filter(delivery=delivery).count() == 1
        assert Notification.objects.filter(delivery=delivery).count() == 1

    def test_enqueuing_the_same_delivery_twice_sends_one_email(self, queued, residents):
        delivery = queued

        send_delivery.delay(delivery.pk)
        send_delivery.delay(delivery.pk)

        assert inbox() == [residents.secretariat.email]
        assert OutboundEmail.objects.filter(delivery=delivery).count() == 1

    def test_a_delivery_another_worker_holds_waits_for_the_lease(
        self, queued, residents, clock, django_capture_on_commit_callbacks, settings
    ):
        delivery = queued
        Delivery.objects.filter(pk=delivery.pk).update(
            status="sending", claimed_at=clock.now, attempts=1
        )

        with pytest.raises(reminders.DeliveryBusy):
            delivery_send(pk=delivery.pk)
        assert inbox() == []

        # The other worker died: after the lease the delivery is taken over, once.
        clock.now += timedelta(seconds=settings.BACKGROUND_LEASE_SECONDS + 1)
        assert delivery_send(pk=delivery.pk) == "sent"
        assert inbox() == [residents.secretariat.email]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("sent", 2)

    def test_a_worker_that_died_after_sending_is_not_followed_by_a_second_email(
        self, queued, residents, clock, django_capture_on_commit_callbacks, settings
    ):
        """It sent and recorded the e-mail, then died before marking the delivery sent."""
        delivery = queued
        assert delivery_send(pk=delivery.pk) == "sent"
        assert inbox() == [residents.secretariat.email]
        Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=clock.now)

        clock.now += timedelta(seconds=settings.BACKGROUND_LEASE_SECONDS + 1)
        with django_capture_on_commit_callbacks(execute=True):
            assert deliveries_sweep(now=clock.now) == 1

        assert inbox() == []
        delivery.refresh_from_db()
        assert delivery.status == "sent"
        assert OutboundEmail.objects.filter(delivery=delivery).count() == 1

    def test_a_refused_email_is_retried_by_the_sweep_and_sent_once(
        self, queued, residents, clock, django_capture_on_commit_callbacks, settings
    ):
        delivery = queued
        settings.EMAIL_BACKEND = "tests.support.email.UnreachableSmtpBackend"
        with pytest.raises(reminders.EmailSendFailed):
            delivery_send(pk=delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("failed", 1)
        assert "Connection refused" in delivery.last_error

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        clock.now += timedelta(seconds=settings.BACKGROUND_LEASE_SECONDS + 1)
        with django_capture_on_commit_callbacks(execute=True):
            assert deliveries_sweep(now=clock.now) == 1

        assert inbox() == [residents.secretariat.email]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
        assert OutboundEmail.objects.filter(delivery=delivery, status="sent").count() == 1


@pytest.mark.django_db
class TestLostAndCapped:
    """core/background.py for deliveries: a lost message, a delivery that keeps failing."""

    def test_a_lost_send_is_enqueued_again_once_however_often_the_sweep_runs(
        self, queued, residents, clock, settings, idle_broker
    ):
        delivery = queued  # the scan's after-commit enqueue never ran: its message is lost
        clock.now += timedelta(seconds=settings.BACKGROUND_LEASE_SECONDS + 1)

        assert deliveries_sweep(now=clock.now) == 1
        assert deliveries_sweep(now=clock.now) == 0
        assert deliveries_sweep(now=clock.now + timedelta(seconds=30)) == 0

        assert idle_broker.queued() == [("notifications.tasks.send_delivery", f"({delivery.pk},)")]
        assert delivery_send(pk=delivery.pk) == "sent"  # the worker, with that one message
        assert inbox() == [residents.secretariat.email]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("sent", 1)
        clock.now += timedelta(hours=5)
        assert deliveries_sweep(now=clock.now) == 0
        assert len(idle_broker.queued()) == 1

    def test_a_delivery_that_keeps_failing_stops_at_the_cap_and_is_marked_failed(
        self, queued, residents, clock, settings, idle_broker
    ):
        settings.BACKGROUND_MAX_ATTEMPTS = 3
        settings.EMAIL_BACKEND = "tests.support.email.UnreachableSmtpBackend"
        delivery = queued
        requeued = []
        for _ in range(5):
            delivery.refresh_from_db()
            if delivery.attempts < 3:
                with pytest.raises(reminders.EmailSendFailed):
                    delivery_send(pk=delivery.pk)  # the worker's attempt
            else:
                assert delivery_send(pk=delivery.pk) == "failed"  # refused: no more tries
            clock.now += timedelta(hours=1)
            requeued.append(deliveries_sweep(now=clock.now))

        assert requeued == [1, 1, 0, 0, 0]
        assert len(idle_broker.queued()) == 2
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("failed", 3)
        assert "Connection refused" in delivery.last_error
        assert inbox() == []
        # One outbox row, whatever the number of attempts; the outbox sweep leaves it alone.
        (email,) = OutboundEmail.objects.filter(delivery=delivery)
        outbox_sweep(now=clock.now)
        assert ("notifications.tasks.send_email", f"({email.pk},)") not in idle_broker.queued()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_given_the_same_delivery_twice_sends_one_email(
    residents, clock, celery_worker
):
    """The scan enqueues the send; the same task is then enqueued twice more by hand (a
    redelivery, a sweep). A heartbeat task, queued last, shows the worker got through them."""
    from sumut_mitra.models import Heartbeat
    from sumut_mitra.tasks import record_heartbeat

    submission = residents.submit()
    mail.outbox.clear()
    clock.now = submission.verify_due
    assert reminders_scan(now=clock.now) == 1  # autocommit: enqueued to the worker at once
    delivery = Delivery.objects.get(user=residents.secretariat)

    send_delivery.delay(delivery.pk)
    send_delivery.delay(delivery.pk)
    Heartbeat.objects.all().delete()
    record_heartbeat.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not Heartbeat.objects.filter(name="worker").exists():
        time.sleep(0.1)

    assert Heartbeat.objects.filter(name="worker").exists()
    # (The resident's own "received" e-mail goes through the same worker.)
    reminded = [message for message in mail.outbox if message.to != [residents.resident.email]]
    assert [message.to for message in reminded] == [[residents.secretariat.email]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)
    assert OutboundEmail.objects.filter(delivery=delivery).count() == 1
