"""Province-scale data for benchmarks: `manage.py seed_scale --factor N`.

Each app's rows are made by one module here (accounts, agencies, partnerships, trainings,
forums; notifications and reminders along the way, as the services would have made them) from
one random generator, so a seed always gives the same data for the same day. The rows follow
the services' rules: every status reached along an allowed path with its history, references
and tracking codes in their formats, seats never oversold, counters that match their rows.
"""

import bisect
import datetime
import math
import random
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Regency, Sector
from forums.models import Holiday

from . import base

# At factor 1 (a province a few years into using the portal).
BASE_COUNTS = {
    "users": 20_000,
    "agencies": 500,
    "agreements": 5_000,
    "trainings": 2_000,
    "registrations": 100_000,
    "submissions": 20_000,
    "replies": 200_000,
}
# The least of each at a small factor, so that every kind of row (and every status) exists.
MINIMUM_COUNTS = {
    "users": 320,
    "agencies": 28,
    "agreements": 70,
    "trainings": 30,
    "registrations": 600,
    "submissions": 140,
    "replies": 700,
}
BIG_THREAD_REPLIES = 500
BIG_TRAINING_REGISTRATIONS = 1_000
BIG_THREAD_TITLE = "Jalan rusak menuju Kawasan Industri Medan II menghambat truk pengangkut"
BIG_TRAINING_TITLE = "Sertifikasi Juru Las SMAW Provinsi Sumatera Utara Angkatan Besar"
LANDMARK_FLOOR = 20

ADMIN_EMAIL = "skala.admin@sumutmitra.test"
STAFF_EMAIL = "skala.staf@sumutmitra.test"
SECRETARIAT_EMAIL = "skala.sekretariat@sumutmitra.test"
RESIDENT_EMAIL = "skala.warga@sumutmitra.test"
USER_DOMAIN = "skala.sumutmitra.test"

DATA_STARTS = datetime.date(2019, 1, 1)
DATA_ENDS = datetime.date(2027, 12, 31)
# The reminder engine's rows reach back four months (it went live then; older deadlines passed
# without reminders).
REMINDER_HISTORY_DAYS = 120


@dataclass(frozen=True)
class Plan:
    factor: float
    users: int
    agencies: int
    agreements: int
    trainings: int
    registrations: int
    submissions: int
    replies: int
    secretariat: int
    big_thread_replies: int
    big_training_registrations: int

    @classmethod
    def for_factor(cls, factor):
        counts = {
            key: max(MINIMUM_COUNTS[key], round(value * factor))
            for key, value in BASE_COUNTS.items()
        }

        def landmark(size):
            return size if factor >= 1 else max(LANDMARK_FLOOR, round(size * factor))

        return cls(
            factor=factor,
            # A desk of a few people, a little larger for a larger province.
            secretariat=max(3, min(8, round(6 * factor**0.15))),
            big_thread_replies=landmark(BIG_THREAD_REPLIES),
            big_training_registrations=landmark(BIG_TRAINING_REGISTRATIONS),
            **counts,
        )


def allocate(total, shares):
    """Split `total` by `shares` ({key: weight}), at least one each, summing to `total`."""
    keys = list(shares)
    weight = sum(shares.values())
    counts = {key: max(1, math.floor(total * shares[key] / weight)) for key in keys}
    by_remainder = sorted(keys, key=lambda key: -(total * shares[key] / weight % 1))
    missing = total - sum(counts.values())
    index = 0
    while missing > 0:
        counts[by_remainder[index % len(keys)]] += 1
        missing -= 1
        index += 1
    if missing < 0:  # the minimum of one each took more than there was: take from the largest
        for key in sorted(keys, key=lambda key: -counts[key]):
            while missing < 0 and counts[key] > 1:
                counts[key] -= 1
                missing += 1
    return counts


def quota_list(total, shares, rng):
    """`total` values drawn to the shares (each at least once), in random order."""
    values = []
    for key, count in allocate(total, shares).items():
        values.extend([key] * count)
    rng.shuffle(values)
    return values


class Pool:
    """People in the order they joined, to draw only those whose account existed by then."""

    def __init__(self, world, people):
        self.world = world
        ordered = sorted(people, key=lambda person: person.joined)
        self.ids = [person.id for person in ordered]
        self.joined = [person.joined for person in ordered]

    def count(self, moment):
        """How many had joined by `moment`."""
        return bisect.bisect_right(self.joined, moment)

    def pick(self, moment, *, avoid=None):
        count = self.count(moment) or 1
        random, ids = self.world.random, self.ids
        person = ids[int(random() * count)]
        for _ in range(3):
            if person != avoid:
                break
            person = ids[int(random() * count)]
        return person

    def sample(self, size, moment):
        """Up to `size` different people who had joined by `moment`."""
        count = self.count(moment)
        indexes = self.world.rng.sample(range(count), k=min(size, count))
        return [self.ids[index] for index in indexes]


class Registered:
    """Agencies in the order they registered, to draw only those that existed by then."""

    def __init__(self, world, agencies):
        self.world = world
        self.agencies = sorted(agencies, key=lambda org: org.created)
        self.created = [org.created for org in self.agencies]

    def __bool__(self):
        return bool(self.agencies)

    def pick(self, moment, *, avoid=()):
        count = bisect.bisect_right(self.created, moment) or 1
        random = self.world.random
        for _ in range(20):
            org = self.agencies[int(random() * count)]
            if org not in avoid:
                return org
        return next((org for org in self.agencies if org not in avoid), self.agencies[0])


class World:
    """What every module reads and adds to: the random generator, the clock, the reference
    data, the tables, and the people, agencies, agreements and trainings made so far."""

    def __init__(self, *, plan, seed, load, password_hash, now=None):
        self.plan = plan
        self.rng = random.Random(seed)
        self.random = self.rng.random
        self.load = load
        self.password_hash = password_hash
        self.now = int((now or timezone.now()).timestamp())
        self.today = base.local_day(self.now)
        self.start = base.at_local(base.day_number(DATA_STARTS), 0)
        self.first_day = base.day_number(DATA_STARTS)
        self.last_day = base.day_number(DATA_ENDS)
        self.history_start = self.now - REMINDER_HISTORY_DAYS * base.DAY
        self.regencies = list(
            Regency.objects.order_by("code").values_list(
                "id", "code", "name", "seat", "latitude", "longitude"
            )
        )
        if not self.regencies:
            raise RuntimeError("No regencies: run the migrations first (agencies 0002).")
        self.regency_by_code = {row[1]: row for row in self.regencies}
        self.sectors = dict(Sector.objects.values_list("slug", "id"))
        self.sector_names = dict(Sector.objects.values_list("id", "name"))
        self.sector_ids = sorted(self.sectors.values())
        self.workdays = base.Workdays(
            base.day_number(day) for day in Holiday.objects.values_list("date", flat=True)
        )
        # Read from the database before loading starts (seed.run).
        self.secretariat_group = None
        self.general_forum_id = None
        self._existing_codes = set()  # registration check-in codes
        self._existing_certificate_codes = set()
        # Filled in by the modules, lowest layer first (each keeps its working state here too,
        # under names that start with an underscore).
        self.people = {}  # id -> accounts.Person
        self.residents = []  # skala.warga first
        self.staff = []  # skala.staf first
        self.secretariat = []  # skala.sekretariat first
        self.admin = None
        self.pool = None  # residents and staff in order of joining (Pool)
        self.staff_pool = None
        self.agencies = []  # agencies.Org
        self.verified_agencies = []
        self.registered = None  # the verified ones in order of registering (Registered)
        self.agency_by_id = {}
        self.landmark_agency = None  # skala.staf's
        self.members = {}  # agency id -> [(person id, role)]
        self._people_of = {}
        self.agreements = []  # partnerships.Deal
        self._monev_reports = {}  # agreement id -> {(year, period): (status, submitted at)}
        self.trainings = []  # trainings.Course
        self.big_training = None
        self.general_forum = None
        self.big_submission = None
        self.notices = None  # notifications.Notices
        self.reminders = None  # notifications.Reminders

    # --- Randomness helpers ---------------------------------------------------------------------

    # (random() arithmetic: several times faster than randint and choice, called millions of
    # times; still deterministic for a seed.)

    def between(self, low, high):
        """A whole number in [low, high] (high below low gives low)."""
        return low if high <= low else low + int(self.random() * (high - low + 1))

    def growing(self, low, high):
        """A moment in [low, high], more of them towards the end (the portal's use grows)."""
        if high <= low:
            return low
        return low + int((high - low) * math.sqrt(self.random()))

    def chance(self, probability):
        return self.random() < probability

    def pick(self, values):
        return values[int(self.random() * len(values))]

    def hex_token(self, length=40):
        return f"{self.rng.getrandbits(length * 4):0{length}x}"

    def ip_hash(self, moment):
        """Residents' IP hashes are kept for 30 days (forums.services.IP_RETENTION)."""
        return self.hex_token(64) if moment > self.now - 30 * base.DAY else ""

    # --- Who -----------------------------------------------------------------------------------

    def people_of(self, agency_id, roles=("admin", "editor", "viewer")):
        """Active members of the agency in one of `roles` (asked often: kept once worked out)."""
        key = (agency_id, roles)
        found = self._people_of.get(key)
        if found is None:
            found = self._people_of[key] = [
                person
                for person, role in self.members.get(agency_id, ())
                if role in roles and self.people[person].active
            ]
        return found

    def an_editor(self, agency_id):
        people = self.people_of(agency_id, ("admin", "editor"))
        return self.pick(people) if people else None

    def a_secretary(self):
        return self.pick(self.secretariat).id

    def active_secretariat(self):
        return [person.id for person in self.secretariat if person.active]
