"""One run of seed_scale: empty (on request), drop what slows loading, make every app's rows in
order, put the indexes and foreign keys back, point the sequences past the new ids, analyse."""

import gc
import time

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection, transaction

from accounts.models import User
from agencies.models import (
    Agency,
    AgencyEvent,
    Capability,
    Invitation,
    Membership,
    Regency,
    Sector,
)
from agencies.rules import SECRETARIAT_GROUP
from core import searchvectors, updatedat
from core.storage import private_storage
from forums.models import (
    Attachment,
    Follow,
    Forum,
    Holiday,
    Meeting,
    Reply,
    Report,
    Rsvp,
    Submission,
    SubmissionEvent,
    Support,
    Suspension,
)
from notifications.models import Delivery, Notification, Preference, Reminder, ReminderRule
from partnerships.models import (
    Agreement,
    AgreementTransition,
    Comment,
    Contribution,
    Document,
    DocumentVersion,
    Milestone,
    MonevReport,
    Party,
)
from trainings.models import (
    Attendance,
    Certificate,
    Feedback,
    Material,
    Organiser,
    Question,
    Registration,
    RegistrationEvent,
    Speaker,
    Training,
    TrainingEvent,
    TrainingSession,
)

from . import STAFF_EMAIL, Plan, World
from . import accounts as accounts_rows
from . import agencies as agencies_rows
from . import forums as forums_rows
from . import partnerships as partnerships_rows
from . import trainings as trainings_rows
from .base import Load, drop_for_load, reset_sequences
from .notifications import Notices, Reminders

# Every table this command fills, lowest app first, in the groups that are complete together.
PEOPLE_AND_AGENCIES = [
    User,
    User.groups.through,
    Agency,
    Agency.sectors.through,
    AgencyEvent,
    Membership,
    Invitation,
    Capability,
]
PARTNERSHIPS = [
    Agreement,
    Agreement.sectors.through,
    Agreement.locations.through,
    Party,
    AgreementTransition,
    Document,
    DocumentVersion,
    Milestone,
    Contribution,
    MonevReport,
    MonevReport.evidence.through,
    Comment,
]
TRAININGS = [
    Training,
    Organiser,
    TrainingSession,
    Speaker,
    Question,
    Material,
    TrainingEvent,
    Registration,
    RegistrationEvent,
    Attendance,
    Certificate,
    Feedback,
]
FORUMS_AND_NOTIFICATIONS = [
    Forum,
    Meeting,
    Rsvp,
    Submission,
    Reply,
    Attachment,
    SubmissionEvent,
    Support,
    Follow,
    Report,
    Suspension,
    Notification,
    Preference,
    Reminder,
    Delivery,
]
MODELS = PEOPLE_AND_AGENCIES + PARTNERSHIPS + TRAININGS + FORUMS_AND_NOTIFICATIONS
APPS = ["accounts", "agencies", "partnerships", "trainings", "forums", "notifications"]
# Data that migrations and administrators keep, which --reset leaves alone.
KEPT = {Regency, Sector, Holiday, ReminderRule}


def scale_data_exists():
    return User.objects.filter(email=STAFF_EMAIL).exists()


def reset_tables():
    """The tables --reset empties: every table of the portal's apps but the reference data,
    plus the admin log and the sessions (they point at the accounts that go)."""
    tables = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model not in KEPT:
                tables.append(model._meta.db_table)
    return [*tables, "django_admin_log", "django_session"]


def reset():
    tables = ", ".join(f'"{table}"' for table in reset_tables())
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")


def all_empty():
    with connection.cursor() as cursor:
        for table in reset_tables():
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608
            if cursor.fetchone()[0]:
                return False
    return True


def ensure_sample_file():
    """The one small PDF every seeded document, material and certificate points at, so that
    downloads work on the benchmark database too."""
    storage = private_storage()
    if not storage.exists(partnerships_rows.SAMPLE_FILE):
        storage.save(partnerships_rows.SAMPLE_FILE, ContentFile(partnerships_rows.SAMPLE_PDF))


class Stopwatch:
    """How long each step took."""

    def __init__(self):
        self.steps = []
        self.clock = time.monotonic()

    def done(self, step):
        now = time.monotonic()
        self.steps.append((step, now - self.clock))
        self.clock = now


def run(*, factor, seed, password_hash, progress=True, vacuum=True, reset_first=False):
    """Seed; returns ({table: rows}, [(step, seconds)], the World with the landmarks)."""
    ensure_sample_file()
    # Millions of small objects and no cyclic garbage: the collector would only rescan them
    # over and over.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(Plan.for_factor(factor), seed, password_hash, progress, vacuum, reset_first)
    finally:
        if collecting:
            gc.enable()


def _run(plan, seed, password_hash, progress, vacuum, reset_first):
    watch = Stopwatch()
    tables = [model._meta.db_table for model in MODELS]
    with transaction.atomic():
        # Emptied in this transaction (on request, or empty already), the tables take their
        # rows frozen.
        fresh = reset_first or all_empty()
        if fresh:
            reset()
            watch.done("reset")
        with connection.cursor() as cursor:
            # Memory for building the indexes and for the joins that check the foreign keys.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL work_mem = '128MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            rebuild = drop_for_load(cursor, tables)
            # Row by row, the vectors' triggers would read related tables without their
            # indexes: they wait, and every vector is computed once the rows are all in.
            searchvectors.set_triggers(
                cursor, tables, enabled=False, also=[updatedat.TRIGGER_PREFIX]
            )
        load = Load(connection, MODELS, progress=progress, freeze=fresh)
        world = World(plan=plan, seed=seed, load=load, password_hash=password_hash)
        # Everything read through the ORM is read now: from here on the connection is the
        # copier's.
        existing_names = set(Agency.objects.values_list("normalised_name", flat=True))
        existing_slugs = set(Agency.objects.values_list("slug", flat=True))
        forum_slugs = set(Forum.objects.values_list("slug", flat=True))
        world._existing_codes = set(Registration.objects.values_list("code", flat=True))
        world._existing_certificate_codes = set(Certificate.objects.values_list("code", flat=True))
        world.secretariat_group = Group.objects.get(name=SECRETARIAT_GROUP).pk
        world.general_forum_id = (
            Forum.objects.filter(slug="umum").values_list("id", flat=True).first()
        )
        world.reminders = Reminders(world)
        for model in (Agreement, Milestone, Training, Submission):
            world.reminders.content_type(model)
        watch.done("preparation")
        # Each group's indexes and constraints are rebuilt while the next group is made.
        load.start(rebuild)
        staff_count = agencies_rows.plan(world, existing_names)
        accounts_rows.build(world, staff_count=staff_count)
        world.notices = Notices(world)
        agencies_rows.build(world, existing_slugs)
        accounts_rows.write(world)
        load.close_tables(PEOPLE_AND_AGENCIES)
        watch.done("accounts and agencies")
        partnerships_rows.build(world)
        load.close_tables(PARTNERSHIPS)
        watch.done("partnerships")
        trainings_rows.plan(world)
        trainings_rows.build(world)
        load.close_tables(TRAININGS)
        watch.done("trainings")
        forums_rows.build(world, forum_slugs)
        watch.done("forums and notifications")
        load.finish()
        watch.done("last rows, indexes and constraints")
        with connection.cursor() as cursor:
            searchvectors.set_triggers(
                cursor, tables, enabled=True, also=[updatedat.TRIGGER_PREFIX]
            )
            rebuild.check(cursor)
            reset_sequences(cursor, tables)
    watch.done("commit")
    # After the commit: an update of a row inserted in the same transaction has PostgreSQL
    # check its foreign keys again (deferred to the commit), millions of checks at 10x.
    with transaction.atomic(), connection.cursor() as cursor:
        searchvectors.refresh()
        # Inside a surrounding transaction (the tests), those checks would still wait and
        # refuse a later TRUNCATE: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    watch.done("search vectors")
    if vacuum and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'VACUUM ANALYZE "{table}"')
        watch.done("vacuum analyze")
    return load.counts(), watch.steps, world
