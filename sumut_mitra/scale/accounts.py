"""People: the known accounts, the secretariat, agency staff and residents, with one password
hash shared by all (hashed once: hashing per account would take hours)."""

from accounts.models import User

from . import ADMIN_EMAIL, RESIDENT_EMAIL, SECRETARIAT_EMAIL, STAFF_EMAIL, USER_DOMAIN, Pool, words
from .base import DAY, fmt_ts

USER_COLUMNS = [
    "id",
    "password",
    "last_login",
    "is_superuser",
    "email",
    "full_name",
    "preferred_language",
    "email_verified_at",
    "verification_sent_at",
    "is_active",
    "is_staff",
    "date_joined",
]


class Person:
    __slots__ = ("id", "email", "name", "language", "joined", "active", "kind")

    def __init__(self, kind, name, joined, language="id", email=None, active=True):
        self.kind = kind
        self.name = name
        self.joined = joined
        self.language = language
        self.email = email
        self.active = active
        self.id = None


def person_name(world, *, titled=False):
    rng = world.rng
    first = world.pick(words.FIRST_NAMES)
    if rng.random() < 0.2:
        first = f"{first} {world.pick(words.FIRST_NAMES)}"
    name = f"{first} {world.pick(words.SURNAMES)}"
    if titled:
        name = f"{world.pick(words.ACADEMIC_TITLES)}{name}{world.pick(words.DEGREE_SUFFIXES)}"
    return name


def _email(person):
    local = ".".join(
        "".join(ch for ch in part.lower() if ch.isalnum())
        for part in person.name.replace(",", " ").split()
        if not part.endswith(".")
    )
    return f"{local}.{person.id}@{USER_DOMAIN}"


def build(world, *, staff_count):
    """Decide who exists (ids in order of joining); the rows are written by `write`."""
    plan, rng = world.plan, world.rng
    early = world.start + 10 * DAY
    known = [
        Person("admin", "Admin Skala Sumut Mitra", world.start, email=ADMIN_EMAIL),
        Person("secretariat", "Ratna Simanjuntak", world.start + DAY, email=SECRETARIAT_EMAIL),
        Person("staff", "Hendra Purba, S.T.", world.start + 2 * DAY, email=STAFF_EMAIL),
        Person("resident", "Siti Rahmawati Lubis", world.start + 3 * DAY, email=RESIDENT_EMAIL),
    ]
    people = list(known)
    # The secretariat and the agencies' staff came with the portal's launch (they act on
    # agreements and input from its first months on); residents keep joining ever since.
    for _ in range(plan.secretariat - 1):
        people.append(Person("secretariat", person_name(world), world.between(world.start, early)))
    for _ in range(staff_count - 1):
        joined = world.between(world.start, world.start + 10 * DAY)
        people.append(Person("staff", person_name(world, titled=rng.random() < 0.3), joined))
    residents = plan.users - len(people)
    if residents < 50:
        raise RuntimeError("Too few users for the agencies' staff: raise --factor.")
    for _ in range(residents):
        people.append(Person("resident", person_name(world), world.growing(world.start, world.now)))
    for person in people:
        person.language = "en" if rng.random() < 0.05 else "id"
        person.active = person in known or rng.random() > 0.007
    users = world.load[User]
    for person in sorted(people, key=lambda p: p.joined):
        person.id = users.new_id()
        person.email = person.email or _email(person)
        world.people[person.id] = person
    world.admin = known[0]
    world.secretariat = [p for p in people if p.kind == "secretariat"]
    world.staff = [p for p in people if p.kind == "staff"]
    world.residents = [p for p in people if p.kind == "resident"]
    # The known accounts come first in their lists (the modules above give them their roles).
    for group, person in ((world.secretariat, known[1]), (world.staff, known[2])):
        group.remove(person)
        group.insert(0, person)
    world.residents.remove(known[3])
    world.residents.insert(0, known[3])
    world.pool = Pool(world, world.residents + world.staff)  # who signs up, writes, replies
    world.staff_pool = Pool(world, world.staff)


def write(world):
    rng = world.rng
    users = world.load.table(User, USER_COLUMNS, total=len(world.people))
    password = world.password_hash
    for person in sorted(world.people.values(), key=lambda p: p.id):
        joined = person.joined
        verified = joined + world.between(20, 900)
        unverified = person.kind == "resident" and rng.random() < 0.03
        last_login = None
        if person.active and rng.random() < 0.65:
            last_login = world.growing(joined, world.now)
        superuser = person.kind == "admin"
        users.line(
            f"{person.id}\t{password}\t{fmt_ts(last_login)}\t{'t' if superuser else 'f'}\t"
            f"{person.email}\t{person.name}\t{person.language}\t"
            f"{fmt_ts(None if unverified else verified)}\t{fmt_ts(joined + 2)}\t"
            f"{'t' if person.active else 'f'}\t{'t' if superuser else 'f'}\t{fmt_ts(joined)}"
        )
    through = world.load.table(User.groups.through, ["id", "user_id", "group_id"])
    for person in world.secretariat:
        through.add(through.new_id(), person.id, world.secretariat_group)
