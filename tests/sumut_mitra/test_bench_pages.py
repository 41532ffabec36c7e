"""The benchmark's pages (bench/pages.py): the floor exists only for the benchmark, every page
resolves and renders for its role on seed_scale data, and no page's query count grows with the
data.

The growth keeps the objects the pages show and multiplies the rows around them (several times
the agencies, agreements, trainings and submissions, a longer thread, more registrations, deeper
pages), from two starting points: seed_scale at factor 0.01 (realistic rows, full first pages)
and the demo data (short lists, so that a query per row shows as soon as the page fills up).
Comparing two seed_scale factors instead would compare different objects: their optional parts
(a parent agreement, a termination request, a forum) differ from one factor and one day to the
next, and so would the counts, whatever the code does.
"""

import copy
import importlib
import io
import itertools
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from accounts.models import User
from agencies.enums import AgencyStatus
from agencies.models import Agency, Capability
from bench import FLOOR_URL
from bench.pages import (
    ANON,
    PAGES,
    RESIDENT,
    ROLES,
    SCALE_ACCOUNTS,
    STAFF_ROLE,
    Context,
    find_users,
)
from core.lists import PAGE_SIZE
from forums.models import Reply, Submission
from notifications.models import Notification
from partnerships.models import Agreement, Party
from trainings.models import Organiser, Registration, Training
from trainings.selectors import training_archive_list, training_upcoming_list

SEED_FACTOR = 0.01

# --- The data -------------------------------------------------------------------------------------


@dataclass
class World:
    users: dict

    def context(self):
        return Context(self.users)

    def client(self, role):
        client = Client()
        if self.users[role] is not None:
            client.force_login(self.users[role])
        return client


def _reference_data():
    """As the suite's autouse fixture does: a transactional test before this module may have
    emptied the tables the data migration fills."""
    from django.apps import apps

    if not apps.get_model("agencies", "Regency").objects.exists():
        importlib.import_module("agencies.migrations.0002_reference_data").load(apps, None)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """seed_scale's data, built once for the module in a transaction rolled back at its end
    (each test runs in a savepoint inside it)."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    atomic = transaction.atomic()
    with django_db_blocker.unblock(), fast_hashing:
        atomic.__enter__()
        _reference_data()
        call_command(
            "seed_scale",
            factor=SEED_FACTOR,
            force=True,  # pytest-django turns DEBUG off
            no_vacuum=True,
            no_progress=True,
            stdout=io.StringIO(),
        )
        users = find_users()
    try:
        yield World(users)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _render_pages(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page's own queries, not the shared cache's answer


# --- More of the same -----------------------------------------------------------------------------

_serial = itertools.count(1)


# A reference or tracking code (KS-2026-00042): its copy keeps the shape its URLs take.
_CODE = re.compile(r"([A-Z]+-[0-9]{4}-)[0-9A-Z]+")


def _variant(field, value):
    """A value for a unique column that no other row has."""
    if code := _CODE.fullmatch(value):
        return f"{code[1]}{10**8 + next(_serial)}"
    suffix = f"z{next(_serial)}"
    if field.get_internal_type() == "EmailField":
        return f"{suffix}.{value}"[: field.max_length]
    return value[: (field.max_length or 200) - len(suffix)] + suffix


def clone(rows, **changes):
    """Copies of model instances `rows`, saved with bulk_create: unique columns get new values,
    unique links (one-to-one) are dropped, `changes` (a value, or a function of the original
    row) set the rest. Returns (original, copy) pairs."""
    rows = list(rows)
    if not rows:
        return []
    model = type(rows[0])
    pairs = []
    for row in rows:
        new = copy.copy(row)
        new.pk = None
        new._state = type(row._state)()
        for field in model._meta.concrete_fields:
            if field.primary_key or not field.unique:
                continue
            value = getattr(row, field.attname)
            if field.is_relation:
                setattr(new, field.attname, None)
            elif isinstance(value, str):
                setattr(new, field.attname, _variant(field, value))
        for name, value in changes.items():
            setattr(new, name, value(row) if callable(value) else value)
        pairs.append((row, new))
    model.objects.bulk_create([new for _row, new in pairs])
    return pairs


def times(queryset, count):
    """The rows of `queryset` over and over until there are `count` of them."""
    rows = list(queryset)
    return list(itertools.islice(itertools.cycle(rows), count)) if rows else []


def one_each(values):
    """A `clone` change that gives each copy the next of `values`."""
    values = iter(list(values))
    return lambda _row: next(values)


def clone_children(pairs, queryset, link):
    """Copy the rows of `queryset` that hang (by the foreign key `link`) on an original of
    `pairs` onto each of its copies."""
    copies = {}
    for row, new in pairs:
        copies.setdefault(row.pk, []).append(new.pk)
    for child in queryset.filter(**{f"{link}__in": list(copies)}):
        targets = copies[getattr(child, link)]
        clone([child] * len(targets), **{link: one_each(targets)})


def copy_many_to_many(pairs, *names):
    for name in names:
        field = type(pairs[0][0])._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        copies = {}
        for row, new in pairs:
            copies.setdefault(row.pk, []).append(new.pk)
        links = through.objects.filter(**{f"{source}_id__in": list(copies)})
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": new, f"{target}_id": getattr(link, f"{target}_id")})
                for link in links
                for new in copies[getattr(link, f"{source}_id")]
            ]
        )


def grow(users):
    """Several times the rows around the same objects: every list gets deeper pages, the big
    thread and the big training's list get longer, the people's own lists grow."""
    ctx = Context(users)
    training, submission = ctx.organised_training, ctx.big_submission

    agencies = times(Agency.objects.filter(status=AgencyStatus.VERIFIED), 80)
    agencies += times(Agency.objects.filter(status=AgencyStatus.PENDING), 30)
    serials = [next(_serial) for _agency in agencies]
    copy_many_to_many(
        clone(
            agencies,
            name=one_each(f"{a.name} {n}" for a, n in zip(agencies, serials, strict=True)),
            normalised_name=one_each(
                f"{a.normalised_name}{n}" for a, n in zip(agencies, serials, strict=True)
            ),
        ),
        "sectors",
    )
    clone(times(Capability.objects.all(), 80))

    agreements = clone(times(Agreement.objects.all(), 400))
    copy_many_to_many(agreements, "sectors", "locations")
    clone_children(agreements, Party.objects.all(), "agreement_id")

    # Every training several times, and the public lists' own (upcoming: published, not
    # ended; the archive: over) so many times that both have deep pages however few of them
    # today's date leaves on either.
    upcoming = training_upcoming_list(user=AnonymousUser())
    finished = training_archive_list(user=AnonymousUser())
    trainings = clone(
        times(Training.objects.all(), 200)
        + times(upcoming, 4 * PAGE_SIZE)
        + times(finished, 4 * PAGE_SIZE)
    )
    clone_children(trainings, Organiser.objects.all(), "training_id")

    people = clone(times(User.objects.filter(memberships__isnull=True, is_superuser=False), 150))
    clone(
        times(training.registrations.all(), len(people)),
        user_id=one_each(new.pk for _row, new in people),
    )
    resident = users[RESIDENT]
    spare = list(Training.objects.exclude(registrations__user=resident).order_by("pk")[:40])
    clone(
        times(Registration.objects.filter(user=resident), len(spare)),
        training_id=one_each(t.pk for t in spare),
    )

    clone(times(Submission.objects.all(), 600))
    clone(times(Reply.objects.filter(submission=submission), 150))
    clone(times(Notification.objects.filter(user=users[STAFF_ROLE]), 60))


# --- Measuring ------------------------------------------------------------------------------------


def query_counts(world):
    """Each page's URL and number of queries (of its second request: the first fills
    per-process caches); a page that does not answer 200 counts None."""
    context = world.context()
    clients = {role: world.client(role) for role in ROLES}
    counts = {}
    for page in PAGES:
        target = page.resolve(context)
        client = clients[page.role]
        client.raise_request_exception = False
        client.get(target.url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(target.url)
        counts[page.name] = (target.url, len(captured) if response.status_code == 200 else None)
    return counts


# --- Tests ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_floor_exists_only_in_the_benchmarks_url_configuration(client, settings):
    with pytest.raises(Resolver404):
        resolve(FLOOR_URL)
    assert client.get(FLOOR_URL).status_code == 404

    settings.ROOT_URLCONF = "bench.urls"  # what bench/wsgi.py serves
    with CaptureQueriesContext(connection) as captured:
        response = client.get(FLOOR_URL)
    assert response.status_code == 200 and response.content == b"ok"
    assert [query["sql"] for query in captured] == ["SELECT 1"]
    assert client.get("/").status_code == 200  # and the portal beside it


def test_the_roles_are_seed_scales_accounts(world):
    assert world.users[ANON] is None
    assert {role: user.email for role, user in world.users.items() if user} == SCALE_ACCOUNTS


# Pages that fail on seed_scale's data for a reason outside the benchmark (strict: once fixed,
# the test says so and the entry goes).
KNOWN_BROKEN = {}


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(
            page,
            id=page.name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BROKEN[page.name])]
            if page.name in KNOWN_BROKEN
            else [],
        )
        for page in PAGES
    ],
)
def test_page_renders_for_its_role(world, db, page):
    target = page.resolve(world.context())
    response = world.client(page.role).get(target.url)
    assert response.status_code == 200, f"{target.url} answered {response.status_code}"
    html = response.content.decode()
    assert target.expect or target.expect_any, "a page must say what it shows"
    assert not target.missing(html), f"{target.url} lacks {target.missing(html)}"


def demo_instead(world):
    """The demo data in place of the scale data (within the test's savepoint)."""
    from sumut_mitra.scale.seed import reset_tables

    tables = ", ".join(f'"{table}"' for table in reset_tables())
    with connection.cursor() as cursor:
        # No RESTART IDENTITY: sequences are not rolled back with the savepoint.
        cursor.execute(f"TRUNCATE {tables}")
    with override_settings(DEBUG=True):  # seed_demo refuses to run otherwise
        call_command("seed_demo", stdout=io.StringIO())
    return World(find_users())


@pytest.mark.parametrize("start", ["seed_scale", "seed_demo"])
def test_query_counts_stay_the_same_when_the_data_grows(world, db, start):
    if start == "seed_demo":
        world = demo_instead(world)
    small = query_counts(world)
    grow(world.users)
    bigger = query_counts(world)

    differ = [
        f"{name} {small[name][1]} -> {bigger[name][1]} ({small[name][0]} -> {bigger[name][0]})"
        for name in small
        if small[name][1] != bigger[name][1]
    ]
    assert not differ, "Queries grow with the data on: " + "; ".join(differ)
    # The guard means something only if the bigger data has deep pages to go to.
    shallow = [name for name, (url, _n) in bigger.items() if ".deep" in name and "page=" not in url]
    assert not shallow, f"no deep page after growing: {shallow}"
    assert Registration.objects.filter(training=world.context().organised_training).count() > 100
