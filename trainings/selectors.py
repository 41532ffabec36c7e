"""Reads, always scoped to what the user may see, with a constant number of queries per page."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery
from django.db.models import (
    Avg,
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Lower, Now
from django.utils import timezone

from accounts.models import name_words, normalise_email
from agencies.rules import is_secretariat
from core.converters import TRAINING_REFERENCE
from core.fulltext import MAX_RANKED, matches, ranked, text_query, with_snippets
from core.search import with_typos

from .enums import (
    CONFIRMED,
    MESSAGE_STATUSES,
    Audience,
    MessageAudience,
    RegistrationStatus,
    TrainingStatus,
)
from .models import (
    Attendance,
    Certificate,
    Feedback,
    Organiser,
    Registration,
    RegistrationEvent,
    Training,
    TrainingEvent,
    TrainingMessage,
    TrainingSession,
)
from .rules import organised_trainings, visible_trainings

CONFIRMED_Q = Q(registrations__status__in=sorted(CONFIRMED))


def with_seats(queryset):
    return queryset.annotate(
        confirmed=Count("registrations", filter=CONFIRMED_Q, distinct=True),
        waiting=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
            distinct=True,
        ),
    )


def attach_seats(trainings):
    """`confirmed` and `waiting` on each training, counted for these trainings only."""
    counts = {
        row["training_id"]: row
        for row in Registration.objects.filter(training__in=[t.pk for t in trainings])
        .order_by()
        .values("training_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status__in=sorted(CONFIRMED))),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        )
    }
    for training in trainings:
        row = counts.get(training.pk, {})
        training.confirmed = row.get("confirmed", 0)
        training.waiting = row.get("waiting", 0)


def attach_attendance(registrations):
    """`attended`: the sessions each registration was checked in at."""
    counts = dict(
        Attendance.objects.filter(registration__in=[r.pk for r in registrations])
        .order_by()
        .values("registration")
        .annotate(sessions=Count("pk"))
        .values_list("registration", "sessions")
    )
    for registration in registrations:
        registration.attended = counts.get(registration.pk, 0)


def _for_lists(queryset):
    # Seats are counted after paging, for the rows shown: a join over every registration before
    # the page is cut cost most of each list's time at province scale.
    return (
        queryset.select_related("sector", "regency")
        .prefetch_related(
            Prefetch("organiser_rows", queryset=Organiser.objects.select_related("agency"))
        )
        .after_fetch(attach_seats)
    )


def _filter(
    queryset,
    *,
    query="",
    sector=None,
    regency=None,
    kind="",
    mode="",
    open_only=False,
    status="",
    organiser=None,
    starting_soon=False,
    awaiting_approval=False,
):
    if query:
        # The stored vector (title, organisers, venue, speakers, description: trainings
        # migration 0008), as the portal's search reads it.
        words = text_query(query)
        found = Q(title__icontains=query)
        if words is not None:
            found |= matches(words)
        queryset = queryset.filter(with_typos(found, query, "title"))
    if sector:
        queryset = queryset.filter(sector=sector)
    if regency:
        queryset = queryset.filter(regency=regency)
    if kind:
        queryset = queryset.filter(kind=kind)
    if mode:
        queryset = queryset.filter(mode=mode)
    if status:
        queryset = queryset.filter(status=status)
    if open_only:
        now = timezone.now()
        queryset = queryset.filter(
            status=TrainingStatus.PUBLISHED,
            registration_opens_at__lte=now,
            registration_closes_at__gt=now,
        )
    if organiser is not None:
        queryset = queryset.filter(_organised_by(organiser))
    if starting_soon:
        queryset = queryset.filter(starting_soon_q())
    if awaiting_approval:
        queryset = queryset.filter(awaiting_approval_q())
    return queryset


# What the organisers' list filters on and the dasbor counts (Count(filter=...)): one condition
# each, so that a count and the list it opens always agree.
STARTING_SOON_DAYS = 7


def _organised_by(agency):
    return Q(pk__in=Organiser.objects.filter(agency=agency).values("training_id"))


def starting_soon_q(days=STARTING_SOON_DAYS):
    """Published, its first session on one of the next `days` days (today included, WIB)."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Q(
        status=TrainingStatus.PUBLISHED,
        starts_at__gte=today,
        starts_at__lt=today + timedelta(days=days),
    )


def awaiting_approval_q():
    """Someone registered and waits for the organisers to approve (or turn down) them."""
    return Q(
        Exists(
            Registration.objects.filter(
                training=OuterRef("pk"), status=RegistrationStatus.REGISTERED
            )
        )
    )


def training_action_counts(*, user, agency=None):
    """What waits on the trainings `agency` organises (all that `user` organises when None):
    two queries, whatever the number of trainings."""
    trainings = organised_trainings(user)
    if agency is not None:
        trainings = trainings.filter(_organised_by(agency))
    counts = trainings.aggregate(
        starting_soon=Count("pk", filter=starting_soon_q()),
        awaiting_trainings=Count("pk", filter=awaiting_approval_q()),
        drafts=Count("pk", filter=Q(status=TrainingStatus.DRAFT)),
    )
    counts["awaiting_registrations"] = Registration.objects.filter(
        training__in=trainings.values("pk"), status=RegistrationStatus.REGISTERED
    ).count()
    return counts


def training_recent_events(*, user, agency=None, limit=15):
    trainings = organised_trainings(user)
    if agency is not None:
        trainings = trainings.filter(_organised_by(agency))
    return list(
        TrainingEvent.objects.filter(training__in=trainings.values("pk"))
        .select_related("actor", "training")
        .order_by("-at", "-pk")[:limit]
    )


def training_upcoming_list(*, user, **filters):
    """The public list: published trainings that have not ended, soonest first."""
    queryset = visible_trainings(user).filter(
        status=TrainingStatus.PUBLISHED, ends_at__gte=timezone.now()
    )
    return _for_lists(_filter(queryset, **filters)).order_by("starts_at", "pk")


# Over: completed, or published and past its last session (the upcoming list's complement).
FINISHED_Q = Q(status=TrainingStatus.COMPLETED) | Q(ends_at__lt=Now())


def training_archive_list(*, user, **filters):
    """The public archive: trainings that are over, the latest first (an index of its own,
    trainings_archive_idx, serves the filter and the order)."""
    queryset = visible_trainings(user).filter(
        FINISHED_Q, status__in=[TrainingStatus.PUBLISHED, TrainingStatus.COMPLETED]
    )
    filters.pop("open_only", None)  # registration is closed on every one of them
    return _for_lists(_filter(queryset, **filters)).order_by("-ends_at", "-pk")


def training_manage_list(*, user, **filters):
    queryset = organised_trainings(user)
    return _for_lists(_filter(queryset, **filters)).order_by("-starts_at", "pk")


def training_for_user(*, user, reference):
    queryset = visible_trainings(user).filter(reference=reference)
    queryset = (
        with_seats(queryset)
        .select_related("sector", "regency", "agreement")
        .prefetch_related(
            Prefetch("organiser_rows", queryset=Organiser.objects.select_related("agency")),
            Prefetch("sessions", queryset=TrainingSession.objects.order_by("starts_at", "pk")),
            "speakers",
            "questions",
            "materials",
            Prefetch("events", queryset=TrainingEvent.objects.select_related("actor")),
        )
    )
    return queryset.first()


def registration_of(*, user, training):
    """The person's current registration (or their latest ended one), with what the page shows."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(user=user, training=training)
        .select_related("certificate", "feedback")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("session")),
            Prefetch("events", queryset=RegistrationEvent.objects.select_related("actor")),
        )
        .order_by("-pk")
        .first()
    )


def waitlist_position(registration):
    """Where the registration stands on its training's waiting list now (1 is next for a
    seat), or None when it is not on it. The list is in order of arrival (pk)."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return Registration.objects.filter(
        training_id=registration.training_id,
        status=RegistrationStatus.WAITLISTED,
        pk__lte=registration.pk,
    ).count()


def attach_waitlist_positions(registrations):
    """`position` on each registration: its place on the waiting list now, or None; one
    query for the page's waiting registrations, none when there are none."""
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    positions = {}
    if waiting:
        ahead = Registration.objects.filter(
            training_id=OuterRef("training_id"),
            status=RegistrationStatus.WAITLISTED,
            pk__lte=OuterRef("pk"),
        )
        positions = dict(
            Registration.objects.filter(pk__in=[r.pk for r in waiting])
            .annotate(
                position=Subquery(
                    ahead.order_by().values("training_id").annotate(n=Count("pk")).values("n")
                )
            )
            .values_list("pk", "position")
        )
    for registration in registrations:
        registration.position = positions.get(registration.pk)


def my_registrations(user):
    return (
        Registration.objects.filter(user=user)
        .select_related("training__regency", "certificate", "feedback")
        .order_by("-training__starts_at", "-pk")
        .after_fetch(attach_waitlist_positions)
    )


@dataclass(frozen=True)
class SignupOutlook:
    """What registering now would give (shown before the person registers): `full` (every
    seat is taken), `position` (the place on the waiting list they would take: the last one,
    and with approval the earliest one an organiser can give them), `needs_approval`."""

    full: bool
    seats_left: int
    position: int | None
    needs_approval: bool


def signup_outlook(training):
    """For a training annotated with `confirmed` and `waiting` (with_seats)."""
    seats_left = max(training.capacity - training.confirmed, 0)
    full = seats_left == 0
    return SignupOutlook(
        full=full,
        seats_left=seats_left,
        position=training.waiting + 1 if full else None,
        needs_approval=training.requires_approval,
    )


# What cancelling would do (cancellation_outcome().effect).
SEAT_TO_NEXT, SEAT_FREED, LEAVES_WAITLIST, REQUEST_WITHDRAWN = (
    "seat_to_next",
    "seat_freed",
    "leaves_waitlist",
    "request_withdrawn",
)


@dataclass(frozen=True)
class CancellationOutcome:
    """What cancelling `registration` would do, said on the confirmation page before it is
    done: `effect` (one of the four above), `position` (the place on the waiting list it
    gives up), and what registering again would give: `can_register_again` (the window is
    open), `rejoin_position` (the place on the waiting list it would take), `needs_approval`."""

    effect: str
    position: int | None
    can_register_again: bool
    rejoin_position: int | None
    needs_approval: bool


def cancellation_outcome(registration):
    """For a registration whose training is annotated with `confirmed` and `waiting`."""
    training = registration.training
    status = registration.status
    waiting = training.waiting
    position = None
    if status in CONFIRMED:
        # The freed seat goes to the first person waiting (services.waitlist_promote), who
        # leaves the list: registering again joins it behind everyone still on it.
        effect = SEAT_TO_NEXT if waiting else SEAT_FREED
        rejoin = waiting if waiting else None
    elif status == RegistrationStatus.WAITLISTED:
        effect = LEAVES_WAITLIST
        position = waitlist_position(registration)
        rejoin = waiting  # at the end, behind the others still waiting
    else:
        effect = REQUEST_WITHDRAWN
        rejoin = waiting + 1 if training.confirmed >= training.capacity else None
    return CancellationOutcome(
        effect=effect,
        position=position,
        can_register_again=training.is_open,
        rejoin_position=rejoin,
        needs_approval=training.requires_approval,
    )


def registrations_for_training(training, *, status="", query=""):
    """The organisers' list: every registration with its attendance count (counted after
    paging, for the rows shown: grouping all 1,000 registrations' attendance first cost half a
    second)."""
    queryset = training.registrations.select_related("user").after_fetch(attach_attendance)
    queryset = queryset.order_by("pk")
    if status:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    return queryset


def registrations_for_export(training):
    return (
        training.registrations.select_related("user").prefetch_related("attendances").order_by("pk")
    )


def checkin_list(session):
    """Confirmed participants, with whether they are in for this session."""
    here = Attendance.objects.filter(session=session, registration=OuterRef("pk"))
    return (
        session.training.registrations.filter(status__in=sorted(CONFIRMED))
        .select_related("user")
        .annotate(present=Exists(here))
        .order_by("user__full_name", "pk")
    )


def certificates_for_training(training):
    return (
        Certificate.objects.filter(registration__training=training)
        .select_related("registration__user")
        .order_by("registration__user__full_name")
    )


def feedback_summary(training):
    feedback = Feedback.objects.filter(registration__training=training)
    stats = feedback.aggregate(average=Avg("rating"), count=Count("pk"))
    counts = dict(feedback.values_list("rating").annotate(n=Count("pk")))
    distribution = [
        {
            "rating": rating,
            "count": counts.get(rating, 0),
            "percent": round(counts.get(rating, 0) * 100 / stats["count"]) if stats["count"] else 0,
        }
        for rating in range(5, 0, -1)
    ]
    comments = feedback.exclude(comment="").order_by("-created_at")
    return {**stats, "distribution": distribution, "comments": comments}


def public_trainings_of_agency(user, agency):
    queryset = visible_trainings(user).filter(
        status__in=[TrainingStatus.PUBLISHED, TrainingStatus.COMPLETED],
        pk__in=Organiser.objects.filter(agency=agency).values("training_id"),
    )
    return _for_lists(queryset).order_by("-starts_at")


def trainings_of_agreement(user, agreement):
    return _for_lists(visible_trainings(user).filter(agreement=agreement)).order_by("-starts_at")


def feed_trainings():
    """The public calendar feed: upcoming public trainings."""
    return (
        # Cancelled ones stay in the feed until their date, so calendars mark them cancelled.
        Training.objects.filter(
            status__in=[TrainingStatus.PUBLISHED, TrainingStatus.CANCELLED],
            audience=Audience.PUBLIC,
            ends_at__gte=timezone.now(),
        )
        .select_related("regency")
        .prefetch_related("sessions")
        .order_by("starts_at")[:200]
    )


def message_recipients(training, audience):
    """The registrations a message to `audience` reaches (one per person: a person has one
    active registration per training)."""
    statuses = MESSAGE_STATUSES[MessageAudience(audience)]
    return (
        training.registrations.filter(status__in=sorted(statuses))
        .select_related("user")
        .order_by("pk")
    )


def messages_of_training(training, limit=20):
    """The latest messages the organisers sent, with who sent them (the page shows `limit`)."""
    return TrainingMessage.objects.filter(training=training).select_related("sent_by")[:limit]


def training_search_for_user(user, query, *, regency=None, sector=None):
    """The portal's search (sumut_mitra.search): the trainings `user` may open
    (rules.visible_trainings: shown public ones, staff-only ones for agency staff, drafts for
    their organisers) that match `query` in title, reference, organisers ("USU"), venue,
    regency, speakers or description; an exact reference or title first."""
    query = " ".join(query.split())
    queryset = _filter(visible_trainings(user), sector=sector, regency=regency)
    code = TRAINING_REFERENCE.read(query)  # None for any text that is no reference
    found = ranked(
        queryset,
        query,
        exact=Q(title__iexact=query) | (Q(reference=code) if code else Q()),
        prefix=Q(title__istartswith=query),
        typo_fields=("title",),
        also=Q(reference=code) if code else None,
    )
    return with_snippets(
        found.select_related("regency").prefetch_related(
            Prefetch("organiser_rows", queryset=Organiser.objects.select_related("agency"))
        ),
        query,
        title="title",
        text="description",
    )


# More people of one name than this are not looked up one by one (see below).
MANY_PEOPLE = 300
NAME_WORD = re.compile(r"[^\W_]+")


def name_starts(query):
    """The people with a word of the name that starts as each word of `query` does ("rahma"
    finds Siti Rahmawati, "sit rah" too; "las" no Nicholas, "daya" no Hidayat), by the
    names' own index (accounts.models.name_words): the names' trigrams, asked for a word's
    start, read every "Hidayat" to find none (18 ms at 10x)."""
    words = NAME_WORD.findall(query.lower())[:8]
    if not words:
        return get_user_model().objects.none()
    tsquery = " & ".join(f"'{word}':*" for word in words)
    return (
        get_user_model()
        .objects.annotate(words=name_words())
        .filter(words=SearchQuery(tsquery, search_type="raw", config="simple"))
    )


def registration_search_for_user(user, query):
    """The portal's search for organisers: the registrations of the trainings `user`'s
    agencies organise (rules.organised_trainings; all for the secretariat) whose check-in code
    or participant's e-mail address this is, or whose participant's name has a word that
    starts as `query` does (name_starts); each by its own index, in every tab alike so that
    every view of one query counts the same; the latest first.

    As for the other kinds (core.fulltext.MAX_RANKED), the newest MAX_RANKED + 1 are read, in
    one query, and counted ("200+"): a common name ("USU" is in 2,500 names at 10x) counted
    every registration of those people, a scan of all 1,000,000 (0.5-1.5 s)."""
    query = " ".join(query.split())
    if len(query) < 3:
        return Registration.objects.none()
    people = get_user_model().objects
    if "@" in query:
        matching = people.annotate(address=Lower("email")).filter(address=normalise_email(query))
        code = None
    else:
        code = query.upper()  # a check-in code, as it is stored
        matching = name_starts(query)
    # The people first (unsorted: the accounts' default order sorted 3,000 names for
    # nothing): a few are looked up by their registrations' own index; of many, the
    # registrations are read another way below.
    few = list(matching.order_by().values_list("pk", flat=True)[: MANY_PEOPLE + 1])
    named = Q(user_id__in=few) if len(few) <= MANY_PEOPLE else None
    order = ("-created_at", "-pk")
    if is_secretariat(user):
        # Every training's: the code and the people each by its own index, then joined (ORed
        # in one condition, the 1,000,000 registrations were read); many people as an array
        # their registrations are looked up by (as `user__in`, all 1,000,000 were scanned).
        if named is None:
            array = ArraySubquery(matching.order_by().values("pk"))
            by_name = Registration.objects.filter(_AnyOf(F("user_id"), array)).values("pk")
        else:
            by_name = Registration.objects.filter(named).values("pk")
        if code is not None:
            by_name = Registration.objects.filter(code=code).values("pk").union(by_name)
        scope = Registration.objects.filter(pk__in=by_name)
    else:
        # Their agencies' trainings, as a list the planner can count (as a subquery it
        # guessed 7 of the landmark's 404 and read every registration of 8,000 people named
        # "Rahma...", 130 ms at 10x): many people, as a set each registration is tested
        # against.
        if named is None:
            named = Q(user__in=matching.order_by().values("pk"))
        if code is not None:
            named = Q(code=code) | named
        trainings = list(organised_trainings(user).values_list("pk", flat=True))
        scope = Registration.objects.filter(training_id__in=trainings).filter(named)
    newest = scope.order_by(*order).values_list("pk", flat=True)[: MAX_RANKED + 1]
    ids = list(newest)
    result = (
        Registration.objects.filter(pk__in=ids).select_related("user", "training").order_by(*order)
    )
    result.query.known_count = len(ids)  # core.paging: the count is read already
    return result


class _AnyOf(Func):
    """`column = ANY(array)`: each element looked up by the column's own index."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def training_public_list(**filters):
    """Every training anyone may open (visible_trainings for an anonymous visitor: upcoming,
    over or cancelled, public ones only), with its sessions, for the open-data API."""
    queryset = visible_trainings(AnonymousUser())
    return (
        _filter(queryset, **filters)
        .select_related("sector", "regency")
        .prefetch_related(
            Prefetch("organiser_rows", queryset=Organiser.objects.select_related("agency")),
            Prefetch("sessions", queryset=TrainingSession.objects.order_by("starts_at", "pk")),
        )
        .order_by("starts_at", "pk")
    )


def training_public_organisers(training_ids):
    """The organisers of these trainings (of training_public_list), lead first, for the API's
    pages of plain rows (as the list's prefetch: Organiser's own order)."""
    return Organiser.objects.filter(training_id__in=training_ids).select_related("agency")


def training_public_sessions(training_ids):
    """The sessions of these trainings (of training_public_list), in the order it shows them."""
    return TrainingSession.objects.filter(training_id__in=training_ids).order_by("starts_at", "pk")


def training_public_filter(queryset, **filters):
    """The public lists' filters (sector, regency, kind, mode, organiser) on `queryset`."""
    return _filter(queryset, **filters)
