"""seed_scale at factor 0.01: every status, the landmarks, counters that match their rows, and a
database that the portal keeps working on afterwards (indexes, foreign keys, sequences)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from accounts.models import User
from agencies.enums import AgencyStatus
from agencies.models import Agency, Membership
from agencies.rules import is_secretariat, secretariat_users
from core import fulltext, searchvectors
from forums import rules as forum_rules
from forums import services as forum_services
from forums.enums import PUBLIC_REPLY_KINDS, Privacy, SubmissionStatus
from forums.models import Forum, Reply, Submission, Support
from notifications.enums import ReminderStatus
from notifications.models import Delivery, Notification, Reminder
from partnerships.enums import AgreementStatus
from partnerships.models import Agreement, AgreementTransition, Party
from sumut_mitra.scale import (
    ADMIN_EMAIL,
    BIG_THREAD_TITLE,
    BIG_TRAINING_TITLE,
    RESIDENT_EMAIL,
    SECRETARIAT_EMAIL,
    STAFF_EMAIL,
    Plan,
)
from sumut_mitra.scale.seed import MODELS
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.support.trainings import make_training
from trainings import services as training_services
from trainings.enums import CONFIRMED, RegistrationStatus, TrainingStatus
from trainings.models import Registration, Training, TrainingSession

FACTOR = 0.01
PLAN = Plan.for_factor(FACTOR)


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


def seed(**options):
    out = io.StringIO()
    call_command("seed_scale", factor=FACTOR, seed=7, no_progress=True, stdout=out, **options)
    return out.getvalue()


def statuses(model, field="status"):
    return dict(model.objects.values_list(field).annotate(n=Count("pk")).order_by())


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG on"):
        seed()
    assert not User.objects.exists()
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_every_status_privacy_and_landmark_exists_with_counters_in_step(client):
    output = seed()
    now, today = timezone.now(), timezone.localdate()

    # The sizes asked for, exactly.
    assert User.objects.count() == PLAN.users
    assert Agency.objects.count() == PLAN.agencies
    assert Agreement.objects.count() == PLAN.agreements
    assert Training.objects.count() == PLAN.trainings
    assert Registration.objects.count() == PLAN.registrations
    assert Submission.objects.count() == PLAN.submissions
    assert Reply.objects.count() == PLAN.replies
    assert "forums_reply" in output and "Scale data ready" in output

    # Agencies: most verified, and each other status there too.
    agencies = statuses(Agency)
    assert set(agencies) == set(AgencyStatus.values)
    assert agencies[AgencyStatus.VERIFIED] > 0.7 * PLAN.agencies

    # Agreements: every stored stage, most public ones in force or completed, 2-4 parties,
    # references as the service makes them, and a history that ends in the current status.
    agreements = statuses(Agreement)
    assert set(agreements) == set(AgreementStatus.values) - {AgreementStatus.EXPIRED}
    public = Agreement.objects.filter(visibility="public")
    running = public.filter(status__in=["in_force", "completed"]).count()
    assert running > 0.6 * public.count()
    parties = Agreement.objects.annotate(n=Count("parties")).aggregate(low=Min("n"), high=Max("n"))
    assert parties == {"low": 2, "high": 4}
    assert not Agreement.objects.filter(status="in_force", end_date__lt=today).exists()
    assert not Agreement.objects.filter(status="completed", end_date__gte=today).exists()
    for agreement in Agreement.objects.all():
        assert agreement.reference == f"KS-{agreement.created_at:%Y}-{agreement.pk:05d}"
        last = (
            AgreementTransition.objects.filter(agreement=agreement, kind="status")
            .order_by("at", "pk")
            .last()
        )
        assert last.to_status == agreement.status
    assert Agreement.objects.filter(legacy=True, status="in_force").exists()
    assert Agreement.objects.filter(renewal_of__isnull=False).exists()

    # Trainings: draft, published (upcoming and under way), completed, cancelled; the dates
    # on the training are those of its sessions.
    trainings = statuses(Training)
    assert set(trainings) == set(TrainingStatus.values)
    published = Training.objects.filter(status="published")
    assert published.filter(starts_at__lte=now, ends_at__gt=now).exists()  # ongoing
    assert published.filter(starts_at__gt=now, registration_closes_at__gt=now).exists()
    dates = TrainingSession.objects.values("training").annotate(
        first=Min("starts_at"), last=Max("ends_at")
    )
    spans = {row["training"]: (row["first"], row["last"]) for row in dates}
    for training in Training.objects.all():
        assert (training.starts_at, training.ends_at) == spans[training.pk]
        assert re.fullmatch(rf"PL-{training.created_at:%Y}-{training.pk:05d}", training.reference)

    # Registrations: every status, never more confirmed than seats.
    assert set(statuses(Registration)) == set(RegistrationStatus.values)
    oversold = Training.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status__in=sorted(CONFIRMED)))
    ).filter(confirmed__gt=F("capacity"))
    assert not oversold.exists()

    # Submissions: every status and privacy level, some held for review; tracking codes in
    # their format; the support and reply counters match their rows.
    assert set(statuses(Submission)) == set(SubmissionStatus.values)
    assert set(statuses(Submission, "privacy")) == set(Privacy.values)
    assert Submission.objects.filter(held=True).exists()
    for submission in Submission.objects.annotate(
        supports_counted=Count("supports", distinct=True),
        replies_counted=Count(
            "replies",
            filter=Q(replies__kind__in=PUBLIC_REPLY_KINDS, replies__hidden=False),
            distinct=True,
        ),
    ):
        assert submission.support_count == submission.supports_counted
        assert submission.reply_count == submission.replies_counted
        year = timezone.localtime(submission.created_at).year
        assert submission.tracking_code == f"SM-{year}-{submission.pk:06d}"
    assert Support.objects.exists()
    answered = Submission.objects.filter(status="answered")
    assert all(s.replies.filter(kind="answer").exists() for s in answered)

    # The landmarks.
    big_thread = Submission.objects.get(title=BIG_THREAD_TITLE)
    assert big_thread.replies.count() == PLAN.big_thread_replies == 20
    longest = Submission.objects.annotate(n=Count("replies")).order_by("-n").first()
    assert longest == big_thread
    assert big_thread.privacy == Privacy.PUBLIC
    assert forum_rules.is_published(big_thread)
    big_training = Training.objects.get(title=BIG_TRAINING_TITLE)
    assert big_training.registrations.count() == PLAN.big_training_registrations == 20

    # The known accounts.
    staff = User.objects.get(email=STAFF_EMAIL)
    landmark = Agency.objects.get(memberships__user=staff, memberships__role="admin")
    assert landmark.name == "UPTD Balai Latihan Kerja Industri Sumatera Utara"
    assert landmark.status == AgencyStatus.VERIFIED
    assert big_training.organiser_rows.get(is_lead=True).agency == landmark
    assert big_thread.assigned_agency == landmark
    # ...and skala.staf works on them: the sign-ups of the big training, the big thread.
    client.force_login(staff)
    participant = big_training.registrations.order_by("pk").first().user
    page = client.get(f"/pelatihan/kelola/{big_training.reference}/pendaftar/")
    assert participant.full_name in page.content.decode()
    page = client.get(f"/forum/kelola/{big_thread.tracking_code}/")
    assert big_thread.title in page.content.decode()
    assert Party.objects.filter(agency=landmark).count() >= 5
    assert Submission.objects.filter(assigned_agency=landmark).count() >= 3
    secretary = User.objects.get(email=SECRETARIAT_EMAIL)
    assert is_secretariat(secretary) and secretary in secretariat_users()
    assert User.objects.get(email=ADMIN_EMAIL).is_superuser
    resident = User.objects.get(email=RESIDENT_EMAIL)
    assert resident.training_registrations.count() >= 3
    assert resident.forum_submissions.count() >= 3
    assert not resident.memberships.exists()
    assert User.objects.values("password").distinct().count() == 1
    assert resident.check_password("sumutmitra-demo")

    # Notifications, read and unread, for staff and residents; reminders to come, some
    # already due for the scanner, and delivered ones with their deliveries.
    staff_ids = Membership.objects.values("user")
    for people in (Notification.objects.filter(user__in=staff_ids), resident.notifications):
        assert people.filter(read_at__isnull=True).exists()
        assert people.filter(read_at__isnull=False).exists()
    pending = Reminder.objects.filter(status=ReminderStatus.PENDING)
    assert pending.filter(due_at__gt=now).exists()
    assert pending.filter(due_at__lte=now).exists()
    assert Reminder.objects.filter(status=ReminderStatus.CANCELLED).exists()
    done = Reminder.objects.filter(status=ReminderStatus.DONE)
    assert done.exists()
    assert not done.annotate(n=Count("deliveries")).filter(n=0, rule__key="forum_verify_overdue")
    assert Notification.objects.filter(delivery__isnull=False).count() <= Delivery.objects.count()


def _schema():
    """Every index and constraint of the tables seed_scale fills, as the catalogue has them."""
    tables = [model._meta.db_table for model in MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = ANY(%s) ORDER BY 1, 2",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid), "
            "convalidated, condeferrable, condeferred FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            [tables],
        )
        constraints = cursor.fetchall()
    return indexes, constraints


@pytest.mark.django_db
def test_the_schema_is_restored_and_the_portal_inserts_after_seeding():
    before = _schema()
    indexes, constraints = before
    assert len(indexes) > 200 and {row[2] for row in constraints} >= {"f", "u", "p", "c"}
    seed()
    assert _schema() == before

    highest = Registration.objects.aggregate(Max("pk"))["pk__max"]
    # New rows through factories and services get ids past the seeded ones.
    user = UserFactory()
    agency = AgencyFactory()
    MembershipFactory(agency=agency, user=user, role="editor")
    training = make_training(lead=agency, by=user)
    participant = UserFactory()
    registration = training_services.registration_create(training=training, user=participant)
    assert registration.pk > highest
    assert (
        user.pk
        > User.objects.exclude(pk__in=[user.pk, participant.pk]).aggregate(Max("pk"))["pk__max"]
    )
    forum = Forum.objects.filter(kind="area", is_active=True).first()
    submission = forum_services.submission_create(
        forum=forum,
        kind="aspirasi",
        title="Usulan baru",
        body="Isi usulan.",
        privacy="public",
        user=participant,
    )
    assert submission.pk == Submission.objects.aggregate(Max("pk"))["pk__max"]  # sequence restored
    assert Notification.objects.filter(user=participant).exists()


def _search_triggers():
    """The search vectors' triggers (core.searchvectors) and whether each is on ("O")."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname, t.tgenabled FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE 'search_vector%%' "
            "ORDER BY 1, 2"
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_the_search_triggers_are_on_again_and_every_vector_filled_after_seeding():
    before = _search_triggers()
    assert len(before) >= 10 and {row[2] for row in before} == {"O"}
    seed(no_vacuum=True)
    assert _search_triggers() == before
    for model in searchvectors.searched_models():
        assert model.objects.exists(), model
        assert not model.objects.filter(search_vector__isnull=True).exists(), model
    # The seeded rows are found by their words, and a write after the load keeps its vector.
    landmark = Training.objects.get(title=BIG_TRAINING_TITLE)
    query = fulltext.text_query(BIG_TRAINING_TITLE)
    assert landmark in Training.objects.filter(fulltext.matches(query))
    Training.objects.filter(pk=landmark.pk).update(title="Kelas Tenun Ulos Tarutung")
    renamed = Training.objects.filter(fulltext.matches(fulltext.text_query("ulos tarutung")))
    assert list(renamed) == [landmark]


@pytest.mark.django_db
def test_a_second_run_needs_reset_and_reset_seeds_afresh():
    seed()
    names = list(Agency.objects.order_by("pk").values_list("name", flat=True))
    with pytest.raises(CommandError, match="already has scale data"):
        seed()
    assert User.objects.filter(email=STAFF_EMAIL).count() == 1

    output = seed(reset=True)
    assert "Emptying" in output
    assert User.objects.filter(email=STAFF_EMAIL).count() == 1
    assert User.objects.count() == PLAN.users
    # The same seed gives the same agencies.
    assert list(Agency.objects.order_by("pk").values_list("name", flat=True)) == names


@pytest.mark.parametrize("resident_replied", [False, True])
def test_the_replies_asked_for_are_spread_exactly_whatever_the_landmark_s_timeline(
    resident_replied,
):
    """The landmark thread's own answers and reply were once assumed to be one reply: when the
    resident had replied to its answer the forum came out a reply short."""
    import random
    from types import SimpleNamespace

    from sumut_mitra.scale.forums import Input, _allocate_replies

    S = SubmissionStatus

    def answered(status, twice=False):
        item = Input(status, Privacy.PUBLIC, "aspirasi")
        item.events = [(1, S.FORWARDED, S.ANSWERED, None, None, False, "")]
        item.answered = 1
        if twice:
            item.reply_at = 2
            item.events.append((3, S.IN_FOLLOW_UP, S.ANSWERED, None, None, False, ""))
        return item

    big = answered(S.ANSWERED, twice=resident_replied)
    big.big = True
    items = [big, answered(S.CLOSED, twice=True), answered(S.ANSWERED)]
    items += [Input(S.RECEIVED, Privacy.PUBLIC, "aspirasi") for _ in range(PLAN.submissions)]
    world = SimpleNamespace(rng=random.Random(3), plan=PLAN)
    _allocate_replies(world, items)
    assert sum(item.replies for item in items) == PLAN.replies
    assert big.replies == PLAN.big_thread_replies
    assert max(item.replies for item in items[1:]) < big.replies
    # A thread holds at least the answers and the reply its timeline shows.
    assert items[1].replies >= 3
