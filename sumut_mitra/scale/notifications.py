"""Notifications and reminders, made alongside the rows they are about.

The domain modules call `Notices.add` where a service would have called `notify`, and
`Reminders.schedule` where a service would have synced a reminder; this module decides, from
the clock, what became of each reminder: still waiting (some already due, for the scanner to
find), cancelled when its source moved on, or delivered, with one delivery and one in-portal
notification per recipient.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from notifications.enums import Channel, DeliveryStatus, ReminderStatus
from notifications.models import Delivery, Notification, Preference, Reminder
from notifications.registry import KINDS, RULES
from notifications.reminders import rule_row

from .base import DAY, NULL, at_local, fmt_ts, local_day

NOTIFICATION_COLUMNS = [
    "id",
    "user_id",
    "kind",
    "title",
    "body",
    "texts",
    "url",
    "created_at",
    "read_at",
    "digest",
    "digested_at",
    "delivery_id",
]
REMINDER_COLUMNS = [
    "id",
    "rule_id",
    "content_type_id",
    "object_id",
    "offset",
    "moment",
    "due_at",
    "expires_at",
    "status",
    "processed_at",
    "created_at",
]
DELIVERY_COLUMNS = [
    "id",
    "reminder_id",
    "user_id",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "enqueued_at",
    "claimed_at",
    "sent_at",
]
# Reminders due less than this long ago are left waiting: the benchmark's scanner has work. So
# are a few more from the last two weeks (the beat was down for a while: a backlog).
UNSCANNED = DAY
BACKLOG_DAYS = 14

_templates = {}


def translated(language, message):
    """`message` (an English msgid of the portal) in `language`, looked up once."""
    key = (language, message)
    text = _templates.get(key)
    if text is None:
        with translation.override(language):
            text = _templates[key] = translation.gettext(message)
    return text


class Notices:
    def __init__(self, world):
        self.world = world
        self.table = world.load.table(Notification, NOTIFICATION_COLUMNS)
        self.preferences = {}
        self._preferences(world)

    def _preferences(self, world):
        """A few people chose how to hear of reminders (mandatory kinds cannot be turned off)."""
        kinds = sorted(key for key, kind in KINDS.items() if not kind.mandatory)
        table = world.load.table(Preference, ["id", "user_id", "kind", "channel"])
        rng = world.rng
        for person in world.people.values():
            if person.kind == "resident" and rng.random() > 0.02:
                continue
            if person.kind != "resident" and rng.random() > 0.15:
                continue
            for kind in rng.sample(kinds, k=min(len(kinds), rng.randint(1, 3))):
                channel = rng.choices(
                    [Channel.PORTAL, Channel.DIGEST, Channel.OFF, Channel.EMAIL],
                    weights=[35, 35, 20, 10],
                )[0]
                self.preferences[(person.id, kind)] = channel
                table.add(table.new_id(), person.id, kind, channel)

    def channel(self, person_id, kind):
        return self.preferences.get((person_id, kind), Channel.EMAIL)

    def add(self, user_id, kind, title, url, at, *, body="", delivery=None, digest=False):
        """One notification; `title` and `body` are the portal's own texts (no tabs or line
        breaks), so they go into the COPY line as they are. Its texts per language stay empty:
        the bell shows the title and body, in the recipient's language, as for rows made before
        Notification.texts."""
        world = self.world
        random = world.random
        now = world.now
        roll = random()
        if at < now - 14 * DAY:
            read = at + 120 + int(random() * 6 * DAY) if roll < 0.9 else None
        else:
            read = at + 60 + int(random() * 2 * DAY) if roll < 0.35 else None
        if read is not None and read >= now:
            read = None
        digested = None
        if digest:
            digested = at_local(local_day(at) + 1, 7)
            if digested >= now:
                digested = None
        table = self.table
        table.line(
            f"{table.new_id()}\t{user_id}\t{kind}\t{title[:300]}\t{body}\t{{}}\t{url}\t{fmt_ts(at)}\t"
            f"{fmt_ts(read)}\t{'t' if digest else 'f'}\t{fmt_ts(digested)}\t"
            f"{NULL if delivery is None else delivery}"
        )


class Reminders:
    def __init__(self, world):
        self.world = world
        load = world.load
        self.reminders = load.table(Reminder, REMINDER_COLUMNS)
        self.deliveries = load.table(Delivery, DELIVERY_COLUMNS)
        self.rules = {}
        for key in sorted(RULES):
            row = rule_row(key)
            self.rules[key] = (row.pk, list(row.offsets or []), row.active, RULES[key].kind)
        self.content_types = {}
        self.backlog = max(3, round(20 * world.plan.factor))

    def content_type(self, model):
        key = model._meta.label_lower
        if key not in self.content_types:
            self.content_types[key] = ContentType.objects.get_for_model(model).pk
        return self.content_types[key]

    def schedule(
        self,
        key,
        model,
        object_id,
        moment,
        *,
        synced,
        ends=None,
        until=None,
        relevant=None,
        recipients,
        message,
    ):
        """The rows `reminders_sync(key, source, moment)` made at `synced` (while the source
        needed them: `until` is when it stopped), and what the scanner did with each since.

        `relevant(due)` says whether the source still needed it when it fell due,
        `recipients(due)` who got it, `message(person, offset)` the (title, body, url)."""
        world = self.world
        rule_id, offsets, active, kind = self.rules[key]
        if not active:
            return
        now, rng = world.now, world.rng
        ends = moment if ends is None else ends
        created = max(synced, world.history_start)
        content_type = self.content_type(model)
        # As reminders_sync: the lead times still ahead when the rows were made, and of those
        # at or after the moment already past then, the latest (delivered late, once).
        ahead = [offset for offset in offsets if moment - offset * DAY >= created]
        passed = [offset for offset in offsets if offset <= 0 and offset not in ahead]
        for offset in ahead + ([min(passed)] if passed else []):
            due = moment - offset * DAY
            if due < world.history_start:
                continue
            # Only a reminder ahead of its moment can come too late (and be missed).
            expires = max(ends, due + DAY) if offset > 0 else None
            status, processed, people = ReminderStatus.PENDING, None, ()
            if until is not None and until < due and until <= now:
                status, processed = ReminderStatus.CANCELLED, until
            elif due > now - UNSCANNED:
                pass  # waiting; those already due are what the next scan picks up
            elif self.backlog and due > now - BACKLOG_DAYS * DAY:
                self.backlog -= 1
            elif relevant is not None and not relevant(due):
                status, processed = ReminderStatus.CANCELLED, due + rng.randint(5, 60)
            elif expires is not None and rng.random() < 0.01 and expires + 3600 < now:
                status, processed = ReminderStatus.MISSED, expires + 3600
            else:
                status, processed = ReminderStatus.DONE, max(due, created) + rng.randint(5, 60)
                people = recipients(due)
            reminder_id = self.reminders.new_id()
            self.reminders.line(
                f"{reminder_id}\t{rule_id}\t{content_type}\t{object_id}\t{offset}\t"
                f"{fmt_ts(moment)}\t{fmt_ts(due)}\t{fmt_ts(expires)}\t{status}\t"
                f"{fmt_ts(processed)}\t{fmt_ts(created)}"
            )
            seen = set()
            for person_id in people:
                if person_id in seen or not world.people[person_id].active:
                    continue
                seen.add(person_id)
                self._deliver(reminder_id, person_id, kind, processed, offset, message)

    def _deliver(self, reminder_id, person_id, kind, at, offset, message):
        world, rng = self.world, self.world.rng
        notices = world.notices
        channel = notices.channel(person_id, kind)
        claimed = at + rng.randint(1, 40)
        delivery_id = self.deliveries.new_id()
        attempts, error, sent = 1, "", None
        if channel == Channel.OFF:
            status, error = DeliveryStatus.SKIPPED, "turned off by the recipient"
        elif rng.random() < 0.015:
            status, attempts, error = DeliveryStatus.FAILED, 6, "SMTP 421: service not available"
        else:
            status, sent = DeliveryStatus.SENT, claimed + rng.randint(1, 5)
        self.deliveries.line(
            f"{delivery_id}\t{reminder_id}\t{person_id}\t{status}\t{attempts}\t{error}\t"
            f"{fmt_ts(at)}\t{NULL}\t{fmt_ts(claimed)}\t{fmt_ts(sent)}"
        )
        if channel == Channel.OFF:
            return
        person = world.people[person_id]
        title, body, url = message(person, offset)
        notices.add(
            person_id,
            kind,
            title,
            url,
            claimed,
            body=body,
            delivery=delivery_id,
            digest=channel == Channel.DIGEST,
        )
