"""The residents' forum: topic areas and the forums of agreements and trainings; submissions in
every status and privacy level with the timeline and working-day deadlines the services set;
replies, official answers and internal notes; supports (with their counter), follows, reports,
moderation, public meetings with RSVPs, suspensions; and the reminders of late input."""

import bisect

from django.utils import translation
from django.utils.text import slugify

from core import text
from forums.enums import PUBLIC_REPLY_KINDS, PUBLIC_STATUSES, Privacy, ReplyKind, SubmissionStatus
from forums.models import (
    Attachment,
    Follow,
    Forum,
    Meeting,
    Reply,
    Report,
    Rsvp,
    Submission,
    SubmissionEvent,
    Support,
    Suspension,
)
from forums.services import ANSWER_WITHIN, CLOSE_AFTER, VERIFY_WITHIN

from . import BIG_THREAD_TITLE, allocate, quota_list, words
from .base import DAY, at_local, copy_text, fmt_ts, year_local
from .notifications import NULL, translated
from .partnerships import SAMPLE_FILE, SAMPLE_PDF, agreement_forums
from .trainings import training_forums

S = SubmissionStatus
STATUS_SHARES = {
    S.UNCONFIRMED: 2,
    S.RECEIVED: 6,
    S.VERIFIED: 4,
    S.FORWARDED: 8,
    S.IN_FOLLOW_UP: 5,
    S.ANSWERED: 10,
    S.CLOSED: 58,
    S.REJECTED: 7,
}
PRIVACY_SHARES = {Privacy.PUBLIC: 68, Privacy.ANONYMOUS: 22, Privacy.CONFIDENTIAL: 10}
KIND_SHARES = {"aspirasi": 50, "pengaduan": 35, "informasi": 15}
REPLY_WEIGHT = {
    S.UNCONFIRMED: 0,
    S.REJECTED: 0,
    S.RECEIVED: 0.3,
    S.VERIFIED: 0.6,
    S.FORWARDED: 1.0,
    S.IN_FOLLOW_UP: 1.5,
    S.ANSWERED: 1.5,
    S.CLOSED: 1.2,
}
AUTOCLOSE = "Closed automatically: no reply within 10 working days of the answer."
RESIDENT_REPLIED = "The resident replied to the answer."
HIDDEN_BY_REPORTS = "Hidden after %(count)s reports, until a moderator reviews it."
PUBLISHED = "Published after review."
LOCKED = "Thread locked."
AUTHOR = -1  # stands for the submitter's account in a timeline, until the author is chosen
SUBMISSION_COLUMNS = [
    "id",
    "tracking_code",
    "forum_id",
    "kind",
    "title",
    "body",
    "body_html",
    "sector_id",
    "regency_id",
    "target_agency_id",
    "privacy",
    "status",
    "author_id",
    "author_name",
    "author_email",
    "email_confirmed_at",
    "assigned_agency_id",
    "rejection_reason",
    "held",
    "hidden",
    "locked",
    "quarantined",
    "ip_hash",
    "created_at",
    "status_changed_at",
    "received_at",
    "verify_due",
    "forwarded_at",
    "answer_due",
    "answered_at",
    "close_due",
    "closed_at",
    "appealed_at",
    "support_count",
    "reply_count",
    "updated_at",
]
REPLY_COLUMNS = [
    "id",
    "submission_id",
    "kind",
    "author_id",
    "by_submitter",
    "agency_id",
    "body",
    "body_html",
    "hidden",
    "ip_hash",
    "created_at",
]
EVENT_COLUMNS = [
    "id",
    "submission_id",
    "from_status",
    "to_status",
    "actor_id",
    "agency_id",
    "internal",
    "note",
    "at",
]


class Input:
    __slots__ = (
        "id",
        "code",
        "forum",
        "status",
        "privacy",
        "kind",
        "author",
        "guest",
        "created",
        "received",
        "confirmed",
        "verify_due",
        "forwarded",
        "answer_due",
        "answered",
        "close_due",
        "closed",
        "assigned",
        "target",
        "held",
        "hidden",
        "locked",
        "quarantined",
        "events",
        "windows",
        "reply_at",
        "rejection",
        "big",
        "replies",
        "title",
        "sector",
        "regency",
        "verify_until",
        "wants_target",
        "to_landmark",
    )

    def __init__(self, status, privacy, kind):
        self.status, self.privacy, self.kind = status, privacy, kind
        self.author = self.guest = None
        self.received = self.confirmed = self.verify_due = None
        self.forwarded = self.answer_due = self.answered = self.close_due = self.closed = None
        self.assigned = self.target = None
        self.held = self.hidden = self.locked = self.quarantined = False
        self.events = []
        self.windows = []  # (set at, answer due, ended at): each answer deadline and its fate
        self.reply_at = None
        self.rejection = ""
        self.big = False
        self.replies = 0
        self.verify_until = None
        self.wants_target = self.to_landmark = False

    @property
    def published(self):
        return (
            self.status in PUBLIC_STATUSES
            and not (self.held or self.hidden or self.quarantined)
            and self.privacy != Privacy.CONFIDENTIAL
        )


class _Texts:
    """A few hundred bodies, each rendered to HTML once."""

    def __init__(self, world):
        self.world = world
        self.cache = {}

    def body(self, pool, count, **fill):
        key = pool
        items = self.cache.get(key)
        if items is None:
            items = []
            world = self.world
            for _ in range(count):
                template = world.pick(getattr(words, pool))
                raw = template.format(
                    place=world.pick(world.regencies)[3],
                    skill=world.pick(words.SKILLS),
                    thing=world.pick(words.THINGS),
                    ask=world.pick(words.ASKS).format(
                        skill=world.pick(words.SKILLS), thing=world.pick(words.THINGS)
                    ),
                )
                items.append((copy_text(raw), copy_text(text.render(raw))))
            self.cache[key] = items
        return self.world.pick(items)


def _forums(world, existing_slugs):
    """The general forum, topic areas by sector and regency, and some agreements' and
    trainings' forums."""
    rng, load = world.rng, world.load
    table = load.table(
        Forum,
        [
            "id",
            "kind",
            "slug",
            "title",
            "description",
            "sector_id",
            "regency_id",
            "agreement_id",
            "training_id",
            "is_active",
        ],
    )
    slugs = set(existing_slugs)
    areas = []
    general = world.general_forum_id
    if general is None:
        general = table.new_id()
        table.add(
            general,
            "area",
            "umum",
            "Aspirasi Umum Sumatera Utara",
            "Masukan tentang kemitraan industri di Sumatera Utara.",
            None,
            None,
            None,
            None,
            True,
        )
        slugs.add("umum")
    world.general_forum = (general, None, None)
    count = max(6, min(200, round(40 * world.plan.factor**0.5)))
    sectors = sorted(world.sector_names.items())
    for _ in range(count * 3):
        if len(areas) >= count:
            break
        sector_id, sector_name = world.pick(sectors)
        regency = world.pick(world.regencies) if rng.random() < 0.75 else None
        place = regency[2].removeprefix("Kabupaten ").removeprefix("Kota ") if regency else None
        title = f"{sector_name} di {place}" if place else f"{sector_name} Sumatera Utara"
        slug = slugify(title)[:80]
        if slug in slugs:
            continue
        slugs.add(slug)
        forum_id = table.new_id()
        table.add(
            forum_id,
            "area",
            slug,
            title,
            f"Masukan warga tentang {sector_name.lower()}"
            + (f" di {place}." if place else " di Sumatera Utara."),
            sector_id,
            regency[0] if regency else None,
            None,
            None,
            rng.random() < 0.95,
        )
        areas.append((forum_id, sector_id, regency[0] if regency else None))
    others = []
    for deal in agreement_forums(world):
        slug = slugify(f"kerja-sama-{deal.reference}")
        if slug in slugs:
            continue
        slugs.add(slug)
        forum_id = table.new_id()
        table.add(
            forum_id, "agreement", slug, deal.title[:200], "", None, None, deal.id, None, True
        )
        others.append((forum_id, deal.sectors[0], deal.locations[0][0]))
    for course in training_forums(world):
        slug = slugify(f"pelatihan-{course.reference}")
        if slug in slugs:
            continue
        slugs.add(slug)
        forum_id = table.new_id()
        regency = course.regency[0] if course.venue else None
        table.add(
            forum_id,
            "training",
            slug,
            course.title,
            "",
            course.sector,
            regency,
            None,
            course.id,
            True,
        )
        others.append((forum_id, course.sector, regency))
    return areas, others


def _timeline(world, item):
    """The moves of one submission, at moments that fit its status and today's date."""
    rng, workdays, now = world.rng, world.workdays, world.now
    status = item.status
    secretary = world.a_secretary
    # Durations of each step (seconds), drawn first; the chain is then placed in time.
    confirm = world.between(300, 6 * 3600) if item.guest else 0
    verify = world.between(3600, 3 * DAY) if rng.random() < 0.8 else world.between(3 * DAY, 8 * DAY)
    forward = world.between(600, DAY)
    answer = (
        world.between(2 * 3600, 5 * DAY)
        if rng.random() < 0.75
        else world.between(6 * DAY, 12 * DAY)
    )
    follow_up = world.between(3600, 2 * DAY)
    resident_reply = world.between(3600, 5 * DAY)
    second_answer = world.between(3600, 4 * DAY)
    close_by_submitter = world.between(3600, 8 * DAY)
    via_reply = status == S.IN_FOLLOW_UP and rng.random() < 0.4
    answered_twice = status in {S.ANSWERED, S.CLOSED} and rng.random() < 0.08
    refused_from_verified = status == S.REJECTED and rng.random() < 0.3
    reforwarded = (
        status in {S.FORWARDED, S.IN_FOLLOW_UP, S.ANSWERED, S.CLOSED} and rng.random() < 0.03
    )
    reforward = world.between(3600, 2 * DAY) if reforwarded else 0
    autoclosed = status == S.CLOSED and rng.random() < 0.55
    # Where the chain ends: open input is recent, closed input may be years old.
    spans = {
        S.UNCONFIRMED: 0,
        S.RECEIVED: confirm,
        S.VERIFIED: confirm + verify,
        S.FORWARDED: confirm + verify + forward,
        S.IN_FOLLOW_UP: confirm
        + verify
        + forward
        + (answer + resident_reply if via_reply else follow_up),
        S.ANSWERED: confirm + verify + forward + answer,
        S.CLOSED: confirm + verify + forward + answer + 16 * DAY,
        S.REJECTED: confirm + verify,
    }
    span = spans[status] + reforward
    if answered_twice:
        span += resident_reply + second_answer
    if status == S.UNCONFIRMED:
        # Never confirmed: kept 30 days (forums.services.unconfirmed_purge), mostly recent.
        created = world.between(now - (3 if rng.random() < 0.6 else 29) * DAY, now - 300)

    elif status in {S.CLOSED, S.REJECTED}:
        created = world.growing(world.start, now - span - DAY)
    else:
        window = {
            S.RECEIVED: 7 * DAY,
            S.VERIFIED: 5 * DAY,
            S.FORWARDED: 12 * DAY,
            S.IN_FOLLOW_UP: 10 * DAY,
            S.ANSWERED: 8 * DAY,
        }[status]
        created = now - span - world.between(300, window)
    if item.big:
        created = now - span - world.between(2 * DAY, 4 * DAY)
    item.created = created
    if item.wants_target:
        item.target = world.registered.pick(created)
    events = item.events
    author = None if item.guest else AUTHOR
    if item.quarantined:
        return
    if item.guest:
        events.append((created, "", S.UNCONFIRMED, None, None, False, ""))
        if status == S.UNCONFIRMED:
            return
        item.confirmed = item.received = created + confirm
        events.append((item.received, S.UNCONFIRMED, S.RECEIVED, None, None, False, ""))
    else:
        item.received = created
        events.append((created, "", S.RECEIVED, author, None, False, ""))
    item.verify_due = workdays.deadline(item.received, VERIFY_WITHIN)
    at = item.received
    if status == S.RECEIVED:
        return
    if status == S.REJECTED and not refused_from_verified:
        at += verify
        item.rejection = world.pick(words.REJECTIONS)
        events.append((at, S.RECEIVED, S.REJECTED, secretary(), None, False, item.rejection))
        item.verify_until = at
        return
    at += verify
    events.append((at, S.RECEIVED, S.VERIFIED, secretary(), None, False, ""))
    item.held = False
    if status == S.VERIFIED:
        return
    if status == S.REJECTED:
        at += forward
        item.rejection = world.pick(words.REJECTIONS)
        events.append((at, S.VERIFIED, S.REJECTED, secretary(), None, False, item.rejection))
        item.verify_until = at
        return
    at += forward
    item.verify_until = at
    if item.to_landmark:
        item.assigned = world.landmark_agency
    elif item.target is not None and rng.random() < 0.7:
        item.assigned = item.target
    else:
        item.assigned = world.registered.pick(at)
    first_agency = item.assigned
    if reforwarded:
        first_agency = world.registered.pick(at, avoid=(item.assigned,))
    events.append((at, S.VERIFIED, S.FORWARDED, secretary(), first_agency.id, False, ""))
    if rng.random() < 0.2:
        note = "Mohon ditindaklanjuti bersama mitra terkait."
        events.append((at + 1, "", "", secretary(), first_agency.id, True, note))
    item.forwarded = at
    item.answer_due = workdays.deadline(at, ANSWER_WITHIN)
    if reforwarded:
        moved = at + reforward
        item.windows.append((at, item.answer_due, moved))
        events.append((moved, S.FORWARDED, S.FORWARDED, secretary(), item.assigned.id, False, ""))
        at = item.forwarded = moved
        item.answer_due = workdays.deadline(at, ANSWER_WITHIN)
    staff = world.people_of(item.assigned.id, ("admin", "editor")) or [world.a_secretary()]
    if status == S.FORWARDED:
        item.windows.append((at, item.answer_due, None))
        return
    if status == S.IN_FOLLOW_UP and not via_reply:
        at += follow_up
        events.append((at, S.FORWARDED, S.IN_FOLLOW_UP, world.pick(staff), None, False, ""))
        item.windows.append((item.forwarded, item.answer_due, None))
        return
    window_start = at
    at += answer
    item.windows.append((window_start, item.answer_due, at))
    events.append((at, S.FORWARDED, S.ANSWERED, world.pick(staff), None, False, ""))
    item.answered = at
    item.close_due = workdays.deadline(at, CLOSE_AFTER)
    if via_reply or answered_twice:
        at += resident_reply
        item.reply_at = at
        events.append(
            (at, S.ANSWERED, S.IN_FOLLOW_UP, None, None, False, translated("id", RESIDENT_REPLIED))
        )
        item.close_due = None
        item.answer_due = workdays.deadline(at, ANSWER_WITHIN)
        if status == S.IN_FOLLOW_UP:
            item.windows.append((at, item.answer_due, None))
            return
        window_start = at
        at += second_answer
        item.windows.append((window_start, item.answer_due, at))
        events.append((at, S.IN_FOLLOW_UP, S.ANSWERED, world.pick(staff), None, False, ""))
        item.answered = at
        item.close_due = workdays.deadline(at, CLOSE_AFTER)
    if status == S.ANSWERED:
        return
    if autoclosed or item.guest and rng.random() < 0.5:
        at = item.close_due + world.between(60, 6 * 3600)
        note = translated("id", AUTOCLOSE)
        events.append((at, S.ANSWERED, S.CLOSED, None, None, False, note))
    else:
        at = min(at + close_by_submitter, item.close_due - 60)
        events.append((at, S.ANSWERED, S.CLOSED, author, None, False, ""))
    item.closed = at
    item.close_due = None


def build(world, existing_slugs):
    rng, load, plan = world.rng, world.load, world.plan
    areas, others = _forums(world, existing_slugs)
    texts = _Texts(world)
    count = plan.submissions
    statuses = quota_list(count - 1, STATUS_SHARES, rng)
    privacies = quota_list(count - 1, PRIVACY_SHARES, rng)
    kinds = quota_list(count - 1, KIND_SHARES, rng)
    big = Input(S.ANSWERED, Privacy.PUBLIC, "pengaduan")
    big.big = True
    items = [big]
    items += [Input(s, p, k) for s, p, k in zip(statuses, privacies, kinds, strict=True)]
    residents = world.residents
    authors = [person.id for person in residents[1:]] + [person.id for person in world.staff[1:]]
    warga = residents[0].id
    warga_wanted = [
        (S.RECEIVED, Privacy.PUBLIC),
        (S.FORWARDED, Privacy.ANONYMOUS),
        (S.ANSWERED, Privacy.PUBLIC),
        (S.CLOSED, Privacy.PUBLIC),
        (S.CLOSED, Privacy.CONFIDENTIAL),
        (S.REJECTED, Privacy.PUBLIC),
        (S.IN_FOLLOW_UP, Privacy.CONFIDENTIAL),
    ]
    landmark_share = max(8 / count, 0.04)
    quarantined_left = max(1, round(count * 0.005))
    guests = 0
    for item in items[1:]:
        if item.status == S.UNCONFIRMED and quarantined_left:
            item.quarantined = True
            quarantined_left -= 1
        unconfirmed = item.status == S.UNCONFIRMED
        # Unconfirmed input is a guest's (a bot's may come from an account); a tenth is a
        # guest's anyway.
        guest = unconfirmed and (not item.quarantined or rng.random() < 0.5)
        if not guest and rng.random() >= 0.1:
            continue
        guests += 1
        name = f"{world.pick(words.FIRST_NAMES)} {world.pick(words.SURNAMES)}"
        item.guest = ("" if rng.random() < 0.3 else name, f"warga.tamu.{guests}@contoh.id")
    for item in items:
        forum = world.general_forum if item.big else None
        if forum is None:
            forum = world.pick(others) if others and rng.random() < 0.06 else world.pick(areas)
        item.forum = forum
        item.sector = forum[1] or world.pick(world.sector_ids)
        item.regency = forum[2] or (world.pick(world.regencies)[0] if rng.random() < 0.85 else None)
        # Which agency it concerns and which one answers are chosen in the timeline, among
        # those registered by then; skala.staf's agency gets its share of the answering.
        item.wants_target = rng.random() < 0.3
        item.to_landmark = item.big or rng.random() < landmark_share
        # Held for review: a guest's input, or a newcomer's, until the secretariat looks at it.
        item.held = item.guest is not None or rng.random() < 0.12
        _timeline(world, item)
        moderated = item.status in {S.RECEIVED, S.REJECTED} and item.guest is None
        if moderated and item.held and rng.random() < 0.1:
            item.held = False  # published by a moderator without verifying
            note = translated("id", PUBLISHED)
            item.events.append(
                (item.received + 3600, "", "", world.a_secretary(), None, True, note)
            )
    # The authors: accounts that existed when they wrote (skala.warga gets a handful).
    people = sorted(authors, key=lambda pk: world.people[pk].joined)
    joined = [world.people[pk].joined for pk in people]
    warga_joined = world.people[warga].joined
    for item in items:
        if item.guest is not None:
            continue
        wanted = (item.status, item.privacy)
        if wanted in warga_wanted and item.created > warga_joined + DAY and not item.big:
            item.author = warga
            warga_wanted.remove(wanted)
            continue
        limit = bisect.bisect_left(joined, item.created - 3600)
        item.author = people[world.rng.randrange(limit)] if limit else people[0]
    items.sort(key=lambda item: item.created)
    submissions = load.table(Submission, SUBMISSION_COLUMNS, total=len(items))
    for item in items:
        item.id = submissions.new_id()
        item.code = f"SM-{year_local(item.created)}-{item.id:06d}"
        item.title = _title(world, item)
    # Moderation that depends on being published.
    for item in items:
        if item.published and not item.big and rng.random() < 0.01:
            item.hidden = True
        if item.status in {S.ANSWERED, S.CLOSED} and not item.big and rng.random() < 0.015:
            item.locked = True
    _allocate_replies(world, items)
    writer = _Writer(world, texts)
    for item in items:
        writer.write(item)
    _meetings(world, areas)
    _suspensions(world)
    world.big_submission = big


def _title(world, item):
    title = world.pick(words.SUBMISSION_TITLES[item.kind]).format(
        place=world.pick(world.regencies)[3],
        skill=world.pick(words.SKILLS),
        thing=world.pick(words.THINGS),
    )
    if item.big:
        title = BIG_THREAD_TITLE
    return title[:200]


def _allocate_replies(world, items):
    """The replies of the whole forum, spread over the threads: most have a few, some many."""
    rng, plan = world.rng, world.plan
    required = 0
    weights = {}
    for index, item in enumerate(items):
        # Each answer of the timeline and the resident's reply to it are replies of the thread.
        item.replies = len(_answers(item)) + (1 if item.reply_at else 0)
        if not item.big:
            required += item.replies
        if item.big or item.quarantined:
            continue
        weight = REPLY_WEIGHT[item.status]
        if item.privacy == Privacy.CONFIDENTIAL:
            weight *= 0.3
        if item.held:
            weight *= 0.2
        if weight:
            weights[index] = weight * min(40.0, rng.paretovariate(1.4))
    big = next(item for item in items if item.big)
    big.replies = max(big.replies, plan.big_thread_replies)
    free = plan.replies - required - big.replies
    if free > 0 and weights:
        for index, extra in allocate(free, weights).items():
            items[index].replies += extra
        # The landmark stays the longest thread: what a long tail gives beyond it goes
        # elsewhere.
        cap = plan.big_thread_replies - 1
        spill = 0
        for index in weights:
            if items[index].replies > cap:
                spill += items[index].replies - cap
                items[index].replies = cap
        others = [index for index in weights if items[index].replies < cap]
        while spill and others:
            for index in others:
                if spill and items[index].replies < cap:
                    items[index].replies += 1
                    spill -= 1
            others = [index for index in others if items[index].replies < cap]
        big.replies += spill  # only when every other thread is full


def _answers(item):
    """The answer events of a thread's timeline: each is a reply of the thread."""
    if not item.answered:
        return []
    return [event for event in item.events if event[2] == S.ANSWERED]


class _Writer:
    def __init__(self, world, texts):
        load = world.load
        self.world, self.texts = world, texts
        self.submissions = load[Submission]
        self.replies = load.table(Reply, REPLY_COLUMNS, total=world.plan.replies)
        self.events = load.table(SubmissionEvent, EVENT_COLUMNS)
        self.supports = load.table(
            Support, ["id", "submission_id", "user_id", "email", "created_at"]
        )
        self.follows = load.table(Follow, ["id", "submission_id", "user_id", "created_at"])
        self.reports = load.table(
            Report,
            [
                "id",
                "submission_id",
                "reply_id",
                "reason",
                "note",
                "reporter_id",
                "ip_hash",
                "created_at",
                "resolved_at",
                "resolved_by_id",
            ],
        )
        self.attachments = load.table(
            Attachment,
            ["id", "submission_id", "file", "name", "content_type", "size", "token"],
        )
        self.pool = world.pool  # whoever had an account by then
        self.labels = {}
        for language in ("id", "en"):
            with translation.override(language):
                self.labels[language] = {status: str(status.label) for status in SubmissionStatus}

    def write(self, item):
        world, rng, now = self.world, self.world.rng, self.world.now
        body, body_html = self.texts.body("SUBMISSION_BODIES", 400)
        author = item.author
        guest_name, guest_email = item.guest if item.guest else ("", "")
        events = sorted(item.events, key=lambda e: e[0])
        status_events = [e for e in events if e[2]]
        changed = status_events[-1][0] if status_events else item.created
        if item.hidden:
            reported = max(item.received or item.created, now - 60 * DAY)
            reported = world.between(reported, now - 600)
            self._hide_by_reports(item, reported, events)
        if item.locked:
            at = world.between(item.answered, max(item.answered + 60, (item.closed or now) - 60))
            events.append((at, "", "", world.a_secretary(), None, True, translated("id", LOCKED)))
        events.sort(key=lambda e: e[0])
        supports = self._supports(item)
        shown_replies = 0 if item.quarantined else self._replies(item)
        self.submissions.add(
            item.id,
            item.code,
            item.forum[0],
            item.kind,
            item.title,
            body,
            body_html,
            item.sector,
            item.regency,
            item.target.id if item.target else None,
            item.privacy,
            item.status,
            author,
            guest_name,
            guest_email,
            fmt_ts(item.confirmed),
            item.assigned.id if item.assigned and item.status != S.REJECTED else None,
            item.rejection,
            item.held,
            item.hidden,
            item.locked,
            item.quarantined,
            world.ip_hash(item.created),
            fmt_ts(item.created),
            fmt_ts(changed),
            fmt_ts(item.received),
            fmt_ts(item.verify_due),
            fmt_ts(item.forwarded),
            fmt_ts(item.answer_due),
            fmt_ts(item.answered),
            fmt_ts(item.close_due),
            fmt_ts(item.closed),
            NULL,  # appealed_at: the scale data has no ratings or appeals
            supports,
            shown_replies,
            # The last change the public sees (the answer is the thread's last public reply).
            fmt_ts(max(moment for moment in (changed, item.answered, item.closed) if moment)),
        )
        table = self.events
        for at, frm, to, actor, agency, internal, note in events:
            actor = author if actor == AUTHOR else actor
            table.line(
                f"{table.new_id()}\t{item.id}\t{frm}\t{to}\t{NULL if actor is None else actor}\t"
                f"{NULL if agency is None else agency}\t{'t' if internal else 'f'}\t{note}\t"
                f"{fmt_ts(at)}"
            )
            self._notify(item, at, frm, to, note)
        if item.quarantined:
            return
        if author is not None:
            follows = self.follows
            follows.line(f"{follows.new_id()}\t{item.id}\t{author}\t{fmt_ts(item.created)}")
        if item.published:
            follows = self.follows
            last = now - 60
            for person in self.pool.sample(world.pick((0, 0, 1, 2, 4)), last):
                if person != author:
                    joined = world.people[person].joined
                    at = world.between(
                        max(item.received, joined + 60), max(item.received + 60, last)
                    )
                    follows.line(f"{follows.new_id()}\t{item.id}\t{person}\t{fmt_ts(at)}")
        if rng.random() < 0.03:
            for number in range(world.between(1, 2)):
                self.attachments.add(
                    self.attachments.new_id(),
                    item.id,
                    SAMPLE_FILE,
                    f"lampiran-{number + 1}.pdf",
                    "application/pdf",
                    len(SAMPLE_PDF),
                    world.hex_token(40),
                )
        self._reminders(item)

    def _hide_by_reports(self, item, at, events):
        world = self.world
        reporters = self.pool.sample(3, at - 1800)
        for offset, reporter in enumerate(reporters):
            self.reports.add(
                self.reports.new_id(),
                item.id,
                None,
                world.pick(["spam", "offensive", "personal_data", "off_topic"]),
                "",
                reporter,
                world.ip_hash(at),
                fmt_ts(at - (3 - offset) * 600),
                None,
                None,
            )
        note = translated("id", HIDDEN_BY_REPORTS) % {"count": 3}
        events.append((at, "", "", None, None, True, note))

    def _supports(self, item):
        world, rng, now = self.world, self.world.rng, self.world.now
        if not item.published and not item.hidden:
            return 0
        if item.big:
            count = max(10, world.plan.big_thread_replies * 3 // 5)
        elif rng.random() < 0.45:
            return 0
        else:
            count = min(int(rng.paretovariate(1.2)), 150)
        last = (item.closed or now) - 60
        people = self.pool.sample(count, last)
        made = 0
        for number, person in enumerate(people):
            if person == item.author:
                continue
            joined = world.people[person].joined
            at = world.between(max(item.received, joined + 60), max(item.received + 60, last))
            table = self.supports
            if world.random() < 0.1:
                email = f"dukung.{item.id}.{number}@contoh.id"
                table.line(f"{table.new_id()}\t{item.id}\t{NULL}\t{email}\t{fmt_ts(at)}")
            else:
                table.line(f"{table.new_id()}\t{item.id}\t{person}\t\t{fmt_ts(at)}")
            made += 1
        return made

    def _notify(self, item, at, frm, to, note):
        """What the submitter hears in the portal (forums.services._common._notify_submitter)."""
        if item.author is None or not to:
            return
        if to == S.REJECTED:
            event = "Not taken up: %(code)s"
        elif to == S.ANSWERED:
            event = "Answered: %(code)s"
        elif (
            to in {S.VERIFIED, S.FORWARDED}
            or (to == S.IN_FOLLOW_UP and frm == S.FORWARDED)
            or (to == S.CLOSED and note)  # closed automatically; closing it oneself sends none
        ):
            event = "%(code)s is now: %(status)s"
        else:
            return
        language = self.world.people[item.author].language
        title = translated(language, event) % {
            "code": item.code,
            "status": self.labels.get(language, self.labels["id"])[to],
        }
        self.world.notices.add(
            item.author, "forums.submission", title, f"/forum/aspirasi/{item.code}/", at + 1
        )

    def _replies(self, item):
        world, rng, now = self.world, self.world.rng, self.world.now
        """Write the thread; returns how many of its replies the public counts (reply_count)."""
        count = item.replies
        if count <= 0:
            return 0
        start = item.received or item.created
        end = item.closed or now - 60
        rows = []
        for event in _answers(item):
            rows.append((event[0], ReplyKind.ANSWER, event[3], False, item.assigned.id))
        if item.reply_at:
            rows.append((item.reply_at - 1, ReplyKind.REPLY, item.author, True, None))
        staff = world.people_of(item.assigned.id) if item.assigned else []
        confidential = item.privacy == Privacy.CONFIDENTIAL
        submitter_until = item.answered or end
        for _ in range(count - len(rows)):
            roll = rng.random()
            if roll < 0.04 and not item.big:
                author = world.pick(staff) if staff and rng.random() < 0.6 else world.a_secretary()
                at = world.between(start + 60, end)
                agency = item.assigned.id if author in staff else None
                rows.append((at, ReplyKind.NOTE, author, False, agency))
            elif roll < 0.2 or (confidential and (roll < 0.85 or not staff)):
                at = world.between(start + 60, max(start + 120, submitter_until - 60))
                rows.append((at, ReplyKind.REPLY, item.author, True, None))
            elif (roll < 0.28 and staff and item.forwarded) or confidential:
                at = world.between(item.forwarded + 60, max(item.forwarded + 120, end))
                rows.append((at, ReplyKind.REPLY, world.pick(staff), False, item.assigned.id))
            else:
                at = world.between(start + 60, end)
                person = self.pool.pick(at, avoid=item.author)
                rows.append((at, ReplyKind.REPLY, person, False, None))
        rows.sort(key=lambda row: row[0])
        replies = self.replies
        shown = 0
        for at, kind, author, by_submitter, agency in rows:
            if kind == ReplyKind.ANSWER:
                body, html = self.texts.body("ANSWERS", 200)
            elif kind == ReplyKind.NOTE:
                body, html = self.texts.body("NOTES", 20)
            elif agency is not None:
                body, html = self.texts.body("STAFF_REPLIES", 40)
            else:
                body, html = self.texts.body("REPLIES", 400)
            hidden = kind == ReplyKind.REPLY and not item.big and rng.random() < 0.005
            reply_id = replies.new_id()
            shown += kind in PUBLIC_REPLY_KINDS and not hidden
            ip = world.ip_hash(at) if kind == ReplyKind.REPLY and agency is None else ""
            replies.line(
                f"{reply_id}\t{item.id}\t{kind}\t{NULL if author is None else author}\t"
                f"{'t' if by_submitter else 'f'}\t{NULL if agency is None else agency}\t"
                f"{body}\t{html}\t{'t' if hidden else 'f'}\t{ip}\t{fmt_ts(at)}"
            )
            if hidden or (kind == ReplyKind.REPLY and rng.random() < 0.002):
                reporter = self.pool.pick(at)
                resolved = (
                    at + world.between(3600, 3 * DAY) if hidden or rng.random() < 0.6 else None
                )
                if resolved is not None and resolved >= now:
                    resolved = None
                self.reports.add(
                    self.reports.new_id(),
                    None,
                    reply_id,
                    world.pick(["spam", "offensive", "off_topic"]),
                    "",
                    reporter,
                    "",
                    fmt_ts(min(at + world.between(60, DAY), now - 30)),
                    fmt_ts(resolved),
                    world.a_secretary() if resolved else None,
                )
        return shown

    def _reminders(self, item):
        world = self.world
        if item.received is None:
            return
        code, title = item.code, item.title

        def verify_message(person, offset):
            language = person.language
            subject = translated(language, "Not forwarded within 3 working days: %(code)s") % {
                "code": code
            }
            body = translated(
                language, "“%(title)s” is still waiting to be verified and forwarded."
            )
            return subject, body % {"title": title}, f"/forum/kelola/{code}/"

        world.reminders.schedule(
            "forum_verify_overdue",
            Submission,
            item.id,
            item.verify_due,
            synced=item.received,
            until=item.verify_until,
            recipients=lambda due: world.active_secretariat(),
            message=verify_message,
        )
        if not item.windows:
            return
        agency = item.assigned
        everyone = world.people_of(agency.id)
        admins = world.people_of(agency.id, ("admin",))

        def answer_message(person, offset):
            language = person.language
            if offset < 0:
                subject = translated(language, "A day overdue: %(code)s still has no answer")
            else:
                subject = translated(language, "Answer due now: %(code)s")
            body = translated(
                language,
                "“%(title)s” was forwarded to %(agency)s, which answers within 5 working days.",
            )
            return (
                subject % {"code": code},
                body % {"title": title, "agency": agency.name},
                f"/forum/kelola/{code}/",
            )

        windows = []
        for set_at, due, ended in item.windows:
            if windows and windows[-1][1] == due:
                # The same deadline again (moved and back the same day): the rows made for it
                # are taken up again, not made twice.
                windows[-1] = (windows[-1][0], due, ended)
            else:
                windows.append((set_at, due, ended))
        for set_at, due, ended in windows:
            world.reminders.schedule(
                "forum_answer_overdue",
                Submission,
                item.id,
                due,
                synced=set_at,
                until=ended,
                recipients=lambda due_at: everyone,
                message=answer_message,
            )
            world.reminders.schedule(
                "forum_answer_escalation",
                Submission,
                item.id,
                due,
                synced=set_at,
                until=ended,
                recipients=lambda due_at: admins + world.active_secretariat(),
                message=answer_message,
            )


def _meetings(world, areas):
    rng, load, now = world.rng, world.load, world.now
    meetings = load.table(
        Meeting,
        [
            "id",
            "forum_id",
            "title",
            "agenda",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "cancelled",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
    )
    rsvps = load.table(Rsvp, ["id", "meeting_id", "user_id", "created_at"])
    pool = world.pool
    for _ in range(max(4, round(100 * world.plan.factor))):
        forum_id, _sector, regency_id = world.pick(areas)
        regency = next((r for r in world.regencies if r[0] == regency_id), None) or world.pick(
            world.regencies
        )
        if rng.random() < 0.65:
            day = world.growing(world.first_day + 30, world.today - 1)
        else:
            day = world.between(world.today + 2, world.today + 90)
        starts = at_local(day, world.pick([9, 14]))
        created = max(world.start, starts - world.between(7, 30) * DAY)
        created = min(created, now - 3600)
        cancelled = rng.random() < 0.05
        title = world.pick(words.MEETING_TITLES).format(
            thing=world.pick(words.THINGS), place=regency[3]
        )
        meeting_id = meetings.new_id()
        online = f"https://meet.example.org/forum-{meeting_id}" if rng.random() < 0.4 else ""
        meetings.add(
            meeting_id,
            forum_id,
            title,
            "1. Paparan instansi\n2. Pengalaman warga dan pelaku usaha\n3. Tanya jawab",
            fmt_ts(starts),
            fmt_ts(starts + world.between(2, 3) * 3600),
            f"Aula Kantor Bupati/Wali Kota {regency[3]}",
            online,
            cancelled,
            world.a_secretary(),
            fmt_ts(created),
            fmt_ts(created),
        )
        last = max(created + 120, min(starts, now) - 60)
        for person in pool.sample(world.between(3, 60), last):
            joined = world.people[person].joined
            at = world.between(max(created + 60, joined + 60), last)
            rsvps.add(rsvps.new_id(), meeting_id, person, fmt_ts(at))


def _suspensions(world):
    rng, now = world.rng, world.now
    table = world.load.table(
        Suspension, ["id", "user_id", "reason", "until", "by_id", "created_at"]
    )
    residents = world.residents[1:]
    for person in rng.sample(residents, k=max(1, round(len(residents) * 0.0005))):
        created = world.between(max(person.joined, now - 300 * DAY), now - 3600)
        until = rng.choices(
            [created + world.between(30, 180) * DAY, None, created + 7 * DAY], weights=[60, 20, 20]
        )[0]
        table.add(
            table.new_id(),
            person.id,
            world.pick(words.SUSPENSION_REASONS),
            fmt_ts(until),
            world.a_secretary(),
            fmt_ts(created),
        )
