"""Joint trainings from draft to completed or cancelled, with organisers, sessions, speakers,
sign-up questions and registrations that went through the services' moves: seats first come
first served (never more confirmed than seats), approvals, the waiting list and its promotions,
cancellations, attendance per session, certificates and feedback."""

from django.conf import settings
from django.utils.text import slugify

from trainings.checkin import ALPHABET, LENGTH
from trainings.enums import CONFIRMED, RegistrationStatus, TrainingStatus
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

from . import BIG_TRAINING_TITLE, allocate, quota_list, words
from .accounts import person_name
from .base import DAY, at_local, fmt_ts, local_day, year_utc
from .dates import when
from .notifications import NULL, translated
from .partnerships import SAMPLE_FILE

R = RegistrationStatus
T = TrainingStatus
PHASE_SHARES = {
    "draft": 7,
    "open": 14,
    "closed": 4,
    "ongoing": 4,
    "late": 1,
    "completed": 62,
    "cancelled": 8,
}
PHASE_STATUS = {
    "draft": T.DRAFT,
    "open": T.PUBLISHED,
    "closed": T.PUBLISHED,
    "ongoing": T.PUBLISHED,
    "late": T.PUBLISHED,
    "completed": T.COMPLETED,
    "cancelled": T.CANCELLED,
}
SESSIONS = {
    "pelatihan": (2, 4),
    "workshop": (1, 2),
    "bimtek": (1, 3),
    "sertifikasi": (2, 4),
    "magang": (1, 2),
}
SEAT_FREED = "A seat became free."
NOT_CONFIRMED = "The training took place without this registration being confirmed."
CANCEL_NOTES = [
    "Ditunda karena jadwal narasumber berubah.",
    "Peserta yang mendaftar terlalu sedikit.",
    "Tempat pelatihan sedang direnovasi.",
]
ORGANISER_CANCEL = "Peserta tidak memenuhi syarat usia minimum."
REJECTION = "Pelatihan ini khusus untuk pelaku usaha yang sudah berjualan."
REGISTRATION_MESSAGES = {
    "received": "Registration awaiting approval: %(title)s",
    "approved": "Your seat is confirmed: %(title)s",
    "waitlisted": "On the waiting list: %(title)s",
    "promoted": "A seat is yours: %(title)s",
    "rejected": "Registration not accepted: %(title)s",
    "cancelled_by_organiser": "Registration cancelled by the organisers: %(title)s",
    "certificate_ready": "Your certificate is ready: %(title)s",
}
TRAINING_COLUMNS = [
    "id",
    "reference",
    "title",
    "kind",
    "description",
    "sector_id",
    "agreement_id",
    "audience",
    "mode",
    "venue",
    "regency_id",
    "online_link",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "cancellation_closes_at",
    "requires_approval",
    "min_attendance_percent",
    "lesson_hours",
    "signatory_name",
    "signatory_title",
    "status",
    "status_changed_at",
    "starts_at",
    "ends_at",
    "created_by_id",
    "created_at",
    "updated_at",
]
HISTORY_COLUMNS = ["id", "actor_id", "note", "at", "from_status", "to_status"]
PAIRS = [first + second for first in ALPHABET for second in ALPHABET]
assert len(PAIRS) == 1024 and LENGTH == 10  # _code relies on both


class Course:
    __slots__ = (
        "id",
        "reference",
        "title",
        "kind",
        "phase",
        "status",
        "lead",
        "organisers",
        "sessions",
        "capacity",
        "audience",
        "mode",
        "approval",
        "opens",
        "closes",
        "cancel_closes",
        "created",
        "published",
        "finished",
        "target",
        "agreement",
        "sector",
        "regency",
        "confirmed",
        "waiting",
        "pending",
        "eligible",
        "creator",
        "big",
        "minimum",
        "venue",
    )

    def __init__(self, phase):
        self.phase = phase
        self.status = PHASE_STATUS[phase]
        self.big = False
        self.finished = None
        self.published = None
        self.confirmed = []
        self.waiting = self.pending = 0
        self.agreement = None

    @property
    def starts(self):
        return self.sessions[0][0]

    @property
    def ends(self):
        return self.sessions[-1][1]


def _sessions(world, course, first_day, *, every_day=False, at_least=1):
    low, high = SESSIONS[course.kind]
    count = max(at_least, world.between(low, high))
    online = course.mode == "online"
    start, end = (9, 12) if online else (8, 16)
    days, day = [], first_day
    while len(days) < count:
        if every_day or (day + 3) % 7 < 5:  # weekdays, unless it runs through the weekend
            days.append(day)
        day += 1
    return [(at_local(d, start), at_local(d, end)) for d in days]


def _schedule(world, course, *, open_now=False):
    """Sessions and the registration window for the course's phase (`open_now`: an open one
    whose registration has been open for a while already)."""
    today, now = world.today, world.now
    phase = course.phase
    if phase == "completed":
        first = world.growing(world.first_day + 60, today - 12)
    elif phase == "open" and open_now:
        first = world.between(today + 20, today + 50)
    elif phase == "open":
        # Most start within a few months (their registration is open now), some next year.
        first = today + 4 + int(min(world.last_day - 14 - today, 296) * world.random() ** 2)
    elif phase == "closed":
        first = world.between(today + 1, today + 6)
    elif phase == "ongoing":
        course.kind = world.pick(["pelatihan", "sertifikasi"])
        first = today - 1
    elif phase == "late":
        first = today - world.between(8, 20)
    elif phase == "draft":
        first = world.between(today + 20, min(world.last_day - 10, today + 400))
    else:  # cancelled
        first = world.growing(world.first_day + 60, today + 200)
    if phase == "ongoing":
        # Began yesterday, goes on past tomorrow: some sessions held, some to come.
        course.sessions = _sessions(world, course, today - 1, every_day=True, at_least=3)
    else:
        course.sessions = _sessions(world, course, first)
    starts = course.starts
    if phase == "closed":
        course.closes = now - world.between(3600, 2 * DAY)
    else:
        course.closes = at_local(local_day(starts) - world.between(1, 3), 17)
    course.opens = course.closes - world.between(14, 60) * DAY
    if open_now:
        course.opens = min(course.opens, now - world.between(10, 30) * DAY)
    if phase == "open":
        course.closes = max(course.closes, now + 3600)
    course.closes = min(course.closes, course.ends - 60)
    course.cancel_closes = None
    if world.chance(0.35):
        course.cancel_closes = min(starts - DAY, max(course.closes, starts - 2 * DAY))
        course.cancel_closes = max(course.cancel_closes, course.opens + 3600)
        if course.cancel_closes > starts:
            course.cancel_closes = None
    if phase == "draft":
        course.created = world.between(now - 60 * DAY, now - 3600)
    else:
        course.created = max(world.start, course.opens - world.between(1, 20) * DAY)
        course.created = min(course.created, now - 2 * DAY)
        course.published = world.between(
            course.created + 3600, max(course.created + 7200, course.opens)
        )
        course.published = min(course.published, now - 3600)
    if phase == "completed":
        course.finished = min(course.ends + world.between(3600, 5 * DAY), now - 60)
        course.finished = max(course.finished, course.sessions[-1][0] + 60)
    elif phase == "cancelled":
        latest = min(starts - 3600, now - 3600)
        course.finished = world.between(
            course.published + 3600, max(course.published + 7200, latest)
        )
        course.finished = min(course.finished, now - 60)


def _registration_window(course, now):
    """When people could sign up: from the opening to the closing (or the cancellation)."""
    high = min(course.closes, now - 60)
    if course.phase == "cancelled":
        high = min(high, course.finished - 60)
    return course.opens, high


def plan(world):
    rng, plan_ = world.rng, world.plan
    count = plan_.trainings
    world._certificate_codes = set(world._existing_certificate_codes)
    world._landmark_training_share = min(0.3, max(8 / count, 0.02))
    phases = quota_list(count - 1, PHASE_SHARES, rng)
    courses = [Course("open")]
    courses[0].big = True
    courses += [Course(phase) for phase in phases]
    landmark = world.landmark_agency
    agreements = {}
    for deal in world.agreements:
        if deal.status in {"in_force", "completed"}:
            for _party, org in deal.parties:
                agreements.setdefault(org.id, []).append(deal)
    forced = {"partly": False}
    # One open training, open for a while, whose sign-ups wait for the organisers' approval.
    approval_course = next((c for c in courses[1:] if c.phase == "open"), None)
    for course in courses:
        course.kind = rng.choices(list(SESSIONS), weights=[40, 20, 20, 12, 8])[0]
        if course.big:
            course.kind = "sertifikasi"
        course.mode = rng.choices(["in_person", "online", "hybrid"], weights=[60, 20, 20])[0]
        course.audience = "staff" if rng.random() < 0.15 and not course.big else "public"
        course.approval = (rng.random() < 0.25 and not course.big) or course is approval_course
        if course.phase == "completed" and not forced["partly"]:
            course.kind, forced["partly"] = "pelatihan", True
            course.audience = "public"
        course.capacity = rng.choices(
            [20, 25, 30, 40, 50, 60, 80, 100, 150, 200],
            weights=[4, 6, 10, 14, 16, 14, 12, 12, 7, 5],
        )[0]
        course.minimum = 100 if course.kind == "sertifikasi" else rng.choice([75, 80, 80, 80, 90])
        _schedule(world, course, open_now=course.big or course is approval_course)
        # Organised by agencies that were registered when it was drafted.
        lead = landmark if course.big or world.chance(world._landmark_training_share) else None
        lead = lead or world.registered.pick(course.created)
        organisers = [lead]
        for _ in range(rng.choices([0, 1, 2], weights=[45, 40, 15])[0]):
            other = world.registered.pick(course.created, avoid=organisers)
            if other not in organisers:
                organisers.append(other)
        course.lead, course.organisers = lead, organisers
        course.sector = world.pick(lead.sectors)
        course.regency = lead.regency if rng.random() < 0.7 else world.pick(world.regencies)
        options = [
            deal
            for deal in agreements.get(lead.id, ())
            if deal.start <= local_day(course.starts) <= deal.end + 30
        ]
        if options and rng.random() < 0.4:
            course.agreement = world.pick(options)
    big = courses[0]
    big.capacity = max(10, round(plan_.big_training_registrations * 0.8))
    big.approval = False

    # How many sign up for each, in proportion to seats and to how long it has been open.
    now = world.now
    weights = {}
    for index, course in enumerate(courses[1:], start=1):
        if course.phase == "draft":
            continue
        low, high = _registration_window(course, now)
        if high <= low:
            continue
        share = 1.0
        if course.phase == "open":
            share = (high - low) / max(1, course.closes - course.opens)
        # Most fill 60-100% of their seats; some more, with a waiting list.
        weights[index] = course.capacity * share * rng.uniform(0.6, 1.25)
    regular = max(0, plan_.registrations - plan_.big_training_registrations)
    counts = allocate(regular, weights) if weights else {}
    for index, course in enumerate(courses):
        # Only people whose account existed while registration was open can sign up.
        pool = world.staff_pool if course.audience == "staff" else world.pool
        low, high = _registration_window(course, now)
        course.eligible = pool.count(high - 60) if high > low else 0
        if course.big:
            course.target = plan_.big_training_registrations
        else:
            course.target = min(counts.get(index, 0), course.eligible)
    _fill_gap(world, courses)
    courses.sort(key=lambda c: c.created)
    table = world.load[Training]
    for course in courses:
        course.id = table.new_id()
        course.reference = f"PL-{year_utc(course.created)}-{course.id:05d}"
    world.trainings = courses
    world.big_training = big


def _fill_gap(world, courses):
    """Sign-ups that did not fit (a staff-only or an early training with too few accounts yet)
    go to other public trainings that were open."""
    missing = world.plan.registrations - sum(course.target for course in courses)
    public = [c for c in courses if c.audience == "public" and not c.big and c.target]
    while missing > 0 and public:
        for course in public:
            if missing and course.target < course.eligible:
                course.target += 1
                missing -= 1
        public = [c for c in public if c.target < c.eligible]


def _title(world, course):
    template = world.pick(words.TRAINING_TITLES[course.kind])
    title = template.format(skill=world.pick(words.SKILLS), thing=world.pick(words.THINGS))
    if world.chance(0.5):
        title = f"{title} Angkatan {world.pick(['I', 'II', 'III', 'IV', 'V'])}"
    if course.big:
        title = BIG_TRAINING_TITLE
    return title[:200]


def build(world):
    """Write the trainings and everything under them."""
    rng, load, now = world.rng, world.load, world.now
    courses = world.trainings
    trainings = load.table(Training, TRAINING_COLUMNS, total=len(courses))
    organisers = load.table(Organiser, ["id", "training_id", "agency_id", "is_lead"])
    sessions = load.table(TrainingSession, ["id", "training_id", "title", "starts_at", "ends_at"])
    speakers = load.table(Speaker, ["id", "training_id", "name", "affiliation", "topic"])
    questions = load.table(
        Question, ["id", "training_id", "text", "kind", "choices", "required", "position"]
    )
    materials = load.table(
        Material,
        [
            "id",
            "training_id",
            "title",
            "file",
            "original_name",
            "content_type",
            "token",
            "public",
            "uploaded_by_id",
            "uploaded_at",
        ],
    )
    events = load.table(TrainingEvent, ["training_id", *HISTORY_COLUMNS])
    writer = _Registrations(world)
    codes = set(world._existing_codes)
    warga = world.residents[0].id
    warga_courses = _warga_courses(world, courses)
    for course in courses:
        course.title = _title(world, course)
        staff = [
            p for org in course.organisers for p in world.people_of(org.id, ("admin", "editor"))
        ]
        staff = [p for p in staff if world.people[p].joined < course.created]
        course.creator = world.pick(staff) if staff else world.a_secretary()
        course.venue = ""
        if course.mode in {"in_person", "hybrid"}:
            course.venue = world.pick(words.VENUES).format(
                seat=course.regency[3], village=world.pick(words.VILLAGES)
            )
        link = ""
        if course.mode in {"online", "hybrid"}:
            link = f"https://meet.example.org/{course.reference.lower()}"
        history = [(course.created, "", T.DRAFT, course.creator, "")]
        if course.published is not None:
            history.append((course.published, T.DRAFT, T.PUBLISHED, course.creator, ""))
        note = ""
        if course.phase == "completed":
            history.append((course.finished, T.PUBLISHED, T.COMPLETED, course.creator, ""))
        elif course.phase == "cancelled":
            note = world.pick(CANCEL_NOTES)
            history.append((course.finished, T.PUBLISHED, T.CANCELLED, course.creator, note))
        for at, frm, to, actor, text in history:
            events.add(course.id, events.new_id(), actor, text, fmt_ts(at), frm, to)
        for index, org in enumerate(course.organisers):
            organisers.add(organisers.new_id(), course.id, org.id, index == 0)
        session_ids = []
        for number, (start, end) in enumerate(course.sessions, start=1):
            session_id = sessions.new_id()
            session_ids.append((session_id, start, end))
            title = f"Hari {number}" if len(course.sessions) > 1 and rng.random() < 0.6 else ""
            sessions.add(session_id, course.id, title, fmt_ts(start), fmt_ts(end))
        for _ in range(rng.choices([0, 1, 2, 3], weights=[20, 40, 28, 12])[0]):
            org = world.pick(world.agencies)
            topic = world.pick(words.TOPICS).format(
                skill=world.pick(words.SKILLS), thing=world.pick(words.THINGS)
            )
            speakers.add(
                speakers.new_id(), course.id, person_name(world, titled=True), org.name, topic
            )
        asked = []
        for position, (text, kind, choices) in enumerate(
            rng.sample(words.QUESTIONS, k=rng.choices([0, 1, 2], weights=[55, 30, 15])[0])
        ):
            question_id = questions.new_id()
            asked.append((question_id, kind, choices))
            questions.add(question_id, course.id, text, kind, choices, True, position)
        if course.phase in {"completed", "ongoing", "late"} and rng.random() < 0.4:
            for number in range(world.between(1, 2)):
                title = f"Modul {number + 1}: {course.title}"[:200]
                materials.add(
                    materials.new_id(),
                    course.id,
                    title,
                    SAMPLE_FILE,
                    f"{slugify(title)[:60]}.pdf",
                    "application/pdf",
                    world.hex_token(40),
                    rng.random() < 0.3,
                    course.creator,
                    fmt_ts(min(course.starts - world.between(3600, 3 * DAY), now - 60)),
                )
        people = _participants(world, course, warga if course.id in warga_courses else None)
        writer.write(course, people, session_ids, asked, note, codes)
        last = max(h[0] for h in history)
        trainings.add(
            course.id,
            course.reference,
            course.title,
            course.kind,
            world.pick(words.TRAINING_DESCRIPTIONS),
            course.sector,
            course.agreement.id if course.agreement else None,
            course.audience,
            course.mode,
            course.venue,
            course.regency[0] if course.venue else None,
            link,
            course.capacity,
            fmt_ts(course.opens),
            fmt_ts(course.closes),
            fmt_ts(course.cancel_closes),
            course.approval,
            course.minimum,
            *_certificate_fields(world, course),
            course.status,
            fmt_ts(last),
            fmt_ts(course.starts),
            fmt_ts(course.ends),
            course.creator,
            fmt_ts(course.created),
            fmt_ts(max(last, writer.last_change)),
        )
        _reminders(world, course)
    writer.close()


def _certificate_fields(world, course):
    """Lesson hours (JP) and who signs the certificates, drawn from what the course has (no
    draw from the generator, so the rest of the data stays as the seed made it): every other
    course counts its JP from the curriculum (an hour's break a day left out), the others from
    the sessions; the lead agency's first admin signs, when it has one."""
    hours = None
    if course.id % 2 == 0:
        minutes = sum((end - start) // 60 for start, end in course.sessions)
        minutes -= 60 * sum(1 for start, end in course.sessions if end - start >= 5 * 3600)
        hours = max(minutes // 45, 1)
    lead = course.organisers[0]
    admins = world.people_of(lead.id, ("admin",))
    if not admins:
        return hours, "", ""
    return hours, world.people[admins[0]].name, f"Kepala {lead.name}"[:200]


def _warga_courses(world, courses):
    """skala.warga took part in a handful: the big one, some completed, one awaiting approval."""
    public = [c for c in courses if c.audience == "public" and c.target > 0 and not c.big]
    chosen = [world.big_training.id]
    for phase, count in (("completed", 3), ("open", 2), ("cancelled", 1), ("ongoing", 1)):
        matching = [c for c in public if c.phase == phase]
        chosen += [c.id for c in world.rng.sample(matching, k=min(count, len(matching)))]
    return set(chosen)


def _participants(world, course, must):
    """Who signed up: people whose account existed before registration closed."""
    if course.target <= 0:
        return []
    pool = world.staff_pool if course.audience == "staff" else world.pool
    _low, high = _registration_window(course, world.now)
    people = pool.sample(course.target, high - 60)
    if must is not None and must not in people:
        people[0] = must
    return people


class _Registrations:
    """The sign-ups of one training, played through in time order."""

    def __init__(self, world):
        load = world.load
        self.world = world
        self.registrations = load.table(
            Registration,
            [
                "id",
                "training_id",
                "user_id",
                "status",
                "answers",
                "code",
                "reason",
                "created_at",
                "status_changed_at",
            ],
            total=world.plan.registrations,
        )
        self.events = load.table(RegistrationEvent, ["registration_id", *HISTORY_COLUMNS])
        self.attendance = load.table(
            Attendance,
            ["id", "session_id", "registration_id", "method", "checked_in_by_id", "checked_in_at"],
        )
        self.certificates = load.table(
            Certificate,
            [
                "id",
                "registration_id",
                "code",
                "status",
                "file",
                "created_at",
                "issued_at",
                "revoked_at",
                "revoked_by_id",
                "revoke_reason",
                "attempts",
                "enqueued_at",
                "claimed_at",
                "last_error",
            ],
        )
        self.feedback = load.table(
            Feedback, ["id", "registration_id", "rating", "comment", "created_at"]
        )
        self.last_change = 0

    def close(self):
        pass

    def _code(self, codes):
        """A check-in code as trainings.checkin makes them: ten characters of its alphabet
        (five pairs looked up from 50 random bits)."""
        bits, pairs = self.world.rng.getrandbits, PAIRS
        while True:
            n = bits(50)
            code = (
                pairs[n & 1023]
                + pairs[n >> 10 & 1023]
                + pairs[n >> 20 & 1023]
                + pairs[n >> 30 & 1023]
                + pairs[n >> 40 & 1023]
            )
            if code not in codes:
                codes.add(code)
                return code

    def write(self, course, people, session_ids, asked, training_note, codes):
        world, rng, now = self.world, self.world.rng, self.world.now
        self.last_change = course.published or course.created
        if not people:
            return
        low, high = _registration_window(course, now)
        # Each arrives while registration is open and after making an account; pk order is
        # arrival order.
        joined = world.people
        arrivals = sorted(
            (world.between(max(low, joined[person].joined + 60), high), person) for person in people
        )
        staff = [
            p for org in course.organisers for p in world.people_of(org.id, ("admin", "editor"))
        ]
        organiser = (lambda: world.pick(staff)) if staff else world.a_secretary
        rows = []  # [person, created, status, reason, events]
        confirmed = 0
        for at, person in arrivals:
            if course.approval:
                status = R.REGISTERED
            elif confirmed < course.capacity:
                status, confirmed = R.APPROVED, confirmed + 1
            else:
                status = R.WAITLISTED
            rows.append([person, at, status, "", [(at, "", status, person, "")]])
        first_start = course.starts
        decide_until = min(now - 60, first_start - 60, course.finished or now)
        upcoming = course.phase in {"open", "closed"}
        # The organisers have not looked at the latest sign-ups of an upcoming one yet.
        undecided = len(rows) - max(1, len(rows) // 10) if upcoming else len(rows)
        if course.approval:
            for index, row in enumerate(rows):
                decided = row[1] + world.between(3600, 5 * DAY)
                if (
                    decided >= decide_until
                    or index >= undecided
                    or (upcoming and rng.random() < 0.1)
                ):
                    continue  # still waiting for the organisers
                roll = rng.random()
                if roll < 0.08:
                    self._move(row, R.REJECTED, decided, organiser(), REJECTION)
                elif confirmed < course.capacity and roll < 0.9:
                    self._move(row, R.APPROVED, decided, organiser())
                    confirmed += 1
                elif roll < 0.97:
                    self._move(row, R.WAITLISTED, decided, organiser())
        # Some cancel (until the cut-off); a seat they free goes to the first on the list.
        deadline = min(course.cancel_closes or first_start, now - 60, course.finished or now)
        cancellations = []
        for row in rows:
            if row[2] in {R.APPROVED, R.WAITLISTED, R.REGISTERED} and rng.random() < 0.07:
                start = row[4][-1][0] + 60
                if start < deadline:
                    cancellations.append((world.between(start, deadline), row))
        cancellations.sort(key=lambda item: item[0])
        for at, row in cancellations:
            if row[2] not in {R.APPROVED, R.WAITLISTED, R.REGISTERED} or row[4][-1][0] >= at:
                continue
            held = row[2] == R.APPROVED
            if rng.random() < 0.1 and held:
                self._move(
                    row, R.CANCELLED_BY_ORGANISER, at, organiser(), world.pick([ORGANISER_CANCEL])
                )
            else:
                self._move(row, R.CANCELLED, at, row[0])
            if held:
                for waiting in rows:
                    if waiting[2] == R.WAITLISTED and waiting[4][-1][0] < at:
                        self._move(waiting, R.APPROVED, at + 1, None, SEAT_FREED)
                        break
                else:
                    confirmed -= 1
        if course.phase == "cancelled":
            for row in rows:
                if row[2] in {R.REGISTERED, R.APPROVED, R.WAITLISTED}:
                    self._move(
                        row,
                        R.CANCELLED_BY_ORGANISER,
                        course.finished,
                        course.creator,
                        training_note,
                    )
        sessions_past = [s for s in session_ids if s[1] <= now]
        attended = {}
        if course.phase in {"completed", "ongoing", "late"}:
            for index, row in enumerate(rows):
                if row[2] != R.APPROVED:
                    continue
                roll = rng.random()
                if roll < 0.13:
                    came = []
                elif roll < 0.3 and len(sessions_past) > 1:
                    came = rng.sample(sessions_past, k=world.between(1, len(sessions_past) - 1))
                else:
                    came = sessions_past
                attended[index] = sorted(came, key=lambda s: s[1])
        if course.phase == "completed":
            total = len(session_ids)
            for index, row in enumerate(rows):
                if row[2] == R.APPROVED:
                    came = len(attended.get(index, ()))
                    outcome = (
                        R.NO_SHOW
                        if not came
                        else R.ATTENDED
                        if came >= total
                        else R.PARTLY_ATTENDED
                    )
                    self._move(row, outcome, course.finished, None)
                elif row[2] in {R.REGISTERED, R.WAITLISTED}:
                    self._move(row, R.CANCELLED_BY_ORGANISER, course.finished, None, NOT_CONFIRMED)
        course.confirmed = [row[0] for row in rows if row[2] in CONFIRMED]
        course.waiting = sum(1 for row in rows if row[2] == R.WAITLISTED)
        course.pending = sum(1 for row in rows if row[2] == R.REGISTERED)
        self._write_rows(course, rows, attended, session_ids, asked, codes, staff)

    def _move(self, row, status, at, actor, note=""):
        note = translated("id", note) if note else ""  # as the service stores it
        row[4].append((at, row[2], status, actor, note))
        row[2] = status
        if note:
            row[3] = note

    def _write_rows(self, course, rows, attended, session_ids, asked, codes, staff):
        world, rng, now = self.world, self.world.rng, self.world.now
        notices = world.notices
        url = f"/pelatihan/{course.reference}/pendaftaran-saya/"
        registrations, events, attendance = self.registrations, self.events, self.attendance
        titles = {}  # (language, event) -> this training's notification title
        for index, (person, created, status, reason, history) in enumerate(rows):
            registration_id = registrations.new_id()
            # The answers as json.dumps writes them (the values are plain words).
            answers = []
            for question_id, kind, choices in asked:
                if kind == "single":
                    value = world.pick(choices.split("\n"))
                elif kind == "yes_no":
                    value = "yes" if world.random() < 0.5 else "no"
                else:
                    value = world.pick(words.ANSWERS_TEXT)
                answers.append(f'"{question_id}": "{value}"')
            changed = history[-1][0]
            self.last_change = max(self.last_change, changed)
            # (The reasons and notes are the portal's own one-line texts: no escaping needed.)
            registrations.line(
                f"{registration_id}\t{course.id}\t{person}\t{status}\t"
                f"{{{', '.join(answers)}}}\t{self._code(codes)}\t"
                f"{reason}\t{fmt_ts(created)}\t{fmt_ts(changed)}"
            )
            language = world.people[person].language
            for at, frm, to, actor, note in history:
                events.line(
                    f"{registration_id}\t{events.new_id()}\t{NULL if actor is None else actor}\t"
                    f"{note}\t{fmt_ts(at)}\t{frm}\t{to}"
                )
                event = _notified(frm, to, actor, person)
                if event is not None:
                    title = titles.get((language, event))
                    if title is None:
                        title = titles[(language, event)] = translated(
                            language, REGISTRATION_MESSAGES[event]
                        ) % {"title": course.title}
                    notices.add(person, "trainings.registration", title, url, at + 1)
            for session_id, start, _end in attended.get(index, ()):
                roll = world.random()
                method = "scan" if roll < 0.7 else "typed" if roll < 0.85 else "list"
                scanner = world.pick(staff) if staff else NULL
                at = fmt_ts(min(start + world.between(60, 40 * 60), now - 60))
                attendance.line(
                    f"{attendance.new_id()}\t{session_id}\t{registration_id}\t{method}\t"
                    f"{scanner}\t{at}"
                )
            if course.phase != "completed" or status not in {R.ATTENDED, R.PARTLY_ATTENDED}:
                continue
            share = len(attended.get(index, ())) * 100 / len(session_ids)
            if share >= course.minimum:
                self._certificate(course, registration_id, person, language, url)
            if rng.random() < 0.35:
                rating = rng.choices([5, 4, 3, 2, 1], weights=[40, 35, 15, 6, 4])[0]
                at = fmt_ts(min(course.finished + world.between(600, 10 * DAY), now - 60))
                feedback = self.feedback
                feedback.line(
                    f"{feedback.new_id()}\t{registration_id}\t{rating}\t"
                    f"{world.pick(words.FEEDBACK_COMMENTS)}\t{at}"
                )

    def _certificate(self, course, registration_id, person, language, url):
        world, rng, now = self.world, self.world.rng, self.world.now
        bits = rng.getrandbits
        code = None
        while code is None or code in world._certificate_codes:
            n = bits(40)  # four pairs of the check-in alphabet, as "SRT-XXXX-XXXX"
            code = (
                f"SRT-{PAIRS[n & 1023]}{PAIRS[n >> 10 & 1023]}-"
                f"{PAIRS[n >> 20 & 1023]}{PAIRS[n >> 30 & 1023]}"
            )
        world._certificate_codes.add(code)
        created = course.finished
        roll = rng.random()
        issued = min(created + world.between(5, 600), now - 30)
        status, file, revoked, revoked_by, reason = "ready", SAMPLE_FILE, None, None, ""
        if roll < 0.01 and course.finished < now - 2 * DAY:
            status, revoked = "revoked", min(issued + world.between(DAY, 30 * DAY), now - 60)
            revoked_by, reason = (
                world.a_secretary(),
                "Peserta terbukti tidak mengikuti uji praktik.",
            )
        attempts, claimed, error = 1, issued, ""
        if status == "ready" and roll < 0.02:
            status, file, issued, attempts, claimed = "pending", "", None, 0, None
        elif status == "ready" and roll < 0.022:  # the PDF kept failing: for an administrator
            status, file, issued = "failed", "", None
            attempts, claimed = settings.BACKGROUND_MAX_ATTEMPTS, created + world.between(60, DAY)
            error = "WeasyPrint: gambar tanda tangan tidak dapat dibaca"
        certificates = self.certificates
        certificates.line(
            f"{certificates.new_id()}\t{registration_id}\t{code}\t{status}\t{file}\t"
            f"{fmt_ts(created)}\t{fmt_ts(issued)}\t{fmt_ts(revoked)}\t"
            f"{NULL if revoked_by is None else revoked_by}\t{reason}\t"
            f"{attempts}\t{NULL}\t{fmt_ts(claimed)}\t{error}"
        )
        if issued is not None:
            title = translated(language, REGISTRATION_MESSAGES["certificate_ready"]) % {
                "title": course.title
            }
            world.notices.add(person, "trainings.registration", title, url, issued)


def _notified(frm, to, actor, person):
    """Which e-mail (and notification) a move sends, as trainings.services does."""
    if frm == "":
        return {R.REGISTERED: "received", R.APPROVED: "approved", R.WAITLISTED: "waitlisted"}[to]
    if to == R.APPROVED:
        return "promoted" if frm == R.WAITLISTED else "approved"
    if to == R.WAITLISTED:
        return "waitlisted"
    if to == R.REJECTED:
        return "rejected"
    if to == R.CANCELLED_BY_ORGANISER and actor is not None:
        return "cancelled_by_organiser"
    return None  # cancelled by the participant; attendance settled at completion


def _reminders(world, course):
    if course.published is None:
        return
    until = course.finished if course.phase == "cancelled" else None
    organisers = [
        p for org in course.organisers for p in world.people_of(org.id, ("admin", "editor"))
    ]
    seats = course.capacity
    confirmed, waiting, pending = len(course.confirmed), course.waiting, course.pending

    def organiser_message(person, offset):
        language = person.language
        title = translated(language, "%(title)s starts in %(days)s days") % {
            "title": course.title,
            "days": offset,
        }
        body = translated(
            language,
            "It starts %(when)s. Confirmed: %(approved)s of %(seats)s seats; awaiting approval: "
            "%(pending)s; on the waiting list: %(waiting)s.",
        ) % {
            "when": when(course.starts, language),
            "approved": confirmed,
            "seats": seats,
            "pending": pending,
            "waiting": waiting,
        }
        return title, body, f"/pelatihan/kelola/{course.reference}/pendaftar/"

    def participant_message(person, offset):
        language = person.language
        online = translated(language, "Online")
        title = translated(language, "Tomorrow: %(title)s") % {"title": course.title}
        body = translated(
            language, "Your training starts %(when)s at %(place)s. Bring your QR code."
        ) % {"when": when(course.starts, language), "place": course.venue or online}
        return title, body, f"/pelatihan/{course.reference}/pendaftaran-saya/"

    def closing_message(person, offset):
        language = person.language
        title = translated(language, "Registration for %(title)s closes tomorrow") % {
            "title": course.title
        }
        body = translated(
            language, "Registration closes %(when)s; %(approved)s of %(seats)s seats are taken."
        ) % {"when": when(course.closes, language), "approved": confirmed, "seats": seats}
        return title, body, f"/pelatihan/kelola/{course.reference}/"

    common = {"synced": course.published, "until": until}
    world.reminders.schedule(
        "training_starting_organisers",
        Training,
        course.id,
        course.starts,
        recipients=lambda due: organisers,
        message=organiser_message,
        **common,
    )
    world.reminders.schedule(
        "training_starting_participants",
        Training,
        course.id,
        course.starts,
        recipients=lambda due: course.confirmed,
        message=participant_message,
        **common,
    )
    world.reminders.schedule(
        "training_registration_closing",
        Training,
        course.id,
        course.closes,
        recipients=lambda due: organisers,
        message=closing_message,
        **common,
    )


def training_forums(world):
    shown = [
        c
        for c in world.trainings
        if c.audience == "public" and c.status in {T.PUBLISHED, T.COMPLETED}
    ]
    count = max(2, round(len(shown) * 0.03))
    return world.rng.sample(shown, k=min(count, len(shown)))
