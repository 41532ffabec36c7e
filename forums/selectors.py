"""Reads for the forum pages, scoped by the privacy rules, with constant queries per page."""

from statistics import median

from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.utils import timezone

from core.converters import TRACKING_CODE
from core.fulltext import matches, ranked, text_query, with_snippets
from core.pagecache import remember
from core.search import with_typos

from .enums import PUBLIC_REPLY_KINDS, ReplyKind, SubmissionStatus, Verdict
from .models import (
    CURRENT_DEADLINE,
    IN_INBOX,
    AnswerRating,
    Forum,
    Meeting,
    Reply,
    Report,
    Submission,
    SubmissionEvent,
)
from .rules import (
    appeal_open,
    public_meetings,
    public_submissions,
    rating_closes_at,
    rating_open,
    staff_submissions,
    visible_submissions,
)

S = SubmissionStatus


def _with_counts(queryset):
    # reply_count is a column the services keep in step: no join over every reply.
    return queryset.select_related("forum", "sector", "regency", "author", "assigned_agency")


def _filter(queryset, *, query="", kind="", status="", sector=None, regency=None, forum=None):
    if query:
        # The stored vector (title, code, text, official answers: forums migration 0012), as
        # the portal's search reads it; computing one per row on the fly took seconds at 10x.
        words = text_query(query)
        found = Q(title__icontains=query) | Q(
            tracking_code=TRACKING_CODE.read(query) or query.strip().upper()
        )
        if words is not None:
            found |= matches(words)
        queryset = queryset.filter(with_typos(found, query, "title"))
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if sector:
        queryset = queryset.filter(sector=sector)
    if regency:
        queryset = queryset.filter(regency=regency)
    if forum is not None:
        queryset = queryset.filter(forum=forum)
    return queryset


def submission_public_list(**filters):
    return _with_counts(_filter(public_submissions(), **filters)).order_by("-created_at", "-pk")


def forums_for_index():
    """The topic areas with their number of published submissions. The numbers are one grouped
    count, remembered until content changes: counting them per area joined every submission."""
    areas = list(
        Forum.objects.filter(kind="area", is_active=True)
        .select_related("sector", "regency")
        .order_by("title")
    )
    counts = remember("forums:published-per-forum", _published_per_forum)
    for area in areas:
        area.published = counts.get(area.pk, 0)
    return areas


def _published_per_forum():
    return dict(
        public_submissions()
        .order_by()
        .values("forum")
        .annotate(published=Count("pk"))
        .values_list("forum", "published")
    )


def upcoming_meetings(forum=None):
    """The public meetings still to come (rules.public_meetings: none of a forum that is not
    public, none cancelled)."""
    queryset = public_meetings().filter(ends_at__gte=timezone.now())
    if forum is not None:
        queryset = queryset.filter(forum=forum)
    return (
        queryset.select_related("forum").annotate(rsvp_count=Count("rsvps")).order_by("starts_at")
    )


def submission_for_page(code):
    return (
        Submission.objects.filter(tracking_code=code, quarantined=False)
        .exclude(status=S.UNCONFIRMED)
        .select_related(
            "forum__agreement",
            "forum__training",
            "sector",
            "regency",
            "author",
            "assigned_agency",
            "target_agency",
        )
        .first()
    )


def thread(submission, *, staff=False):
    """The replies a page shows: public replies and answers; staff pages add notes and
    hidden replies (marked)."""
    queryset = submission.replies.select_related("author", "agency", "submission__author", "rating")
    if not staff:
        queryset = queryset.filter(kind__in=PUBLIC_REPLY_KINDS, hidden=False)
    return queryset.order_by("created_at", "pk")


def latest_answer(submission):
    """The official answer a rating is about: the last one that is not hidden."""
    return (
        submission.replies.filter(kind=ReplyKind.ANSWER, hidden=False)
        .select_related("agency")
        .order_by("-created_at", "-pk")
        .first()
    )


def timeline(submission, *, staff=False):
    queryset = submission.events.select_related("actor", "agency")
    if not staff:
        queryset = queryset.filter(internal=False)
    return queryset.order_by("at", "pk")


def guest_submissions(visitor):
    """The input sent without an account that this browser proved (tracking code and e-mail
    address, or the e-mailed link): what a guest's data download holds."""
    return (
        Submission.objects.filter(pk__in=visitor.proved, author__isnull=True, quarantined=False)
        .exclude(status=S.UNCONFIRMED)
        .order_by("created_at", "pk")
    )


def my_submissions(user):
    return _with_counts(Submission.objects.filter(author=user, quarantined=False)).order_by(
        "-created_at", "-pk"
    )


def inbox(user, *, status="", overdue=False, agency_ids=None, query=""):
    """The staff inbox: the most overdue first, then by the deadline that applies, answered
    ones last (the order of an index, so the secretariat's inbox of every open submission in
    the province reads its first page without sorting them all).

    `query`: a tracking code finds that submission whatever its status (someone on the phone
    quotes it); other words search the titles of what the status filter shows."""
    now = _this_minute()
    queryset = staff_submissions(user).filter(quarantined=False)
    if agency_ids is not None:
        queryset = queryset.filter(assigned_agency__in=agency_ids)
    query = " ".join((query or "").split())
    if code := TRACKING_CODE.read(query):
        queryset = queryset.filter(tracking_code=code)
        status = status or "any"
    elif query:
        queryset = queryset.filter(title__icontains=query)
    # Any status on request (closed and rejected ones too); by default what needs work.
    if status == "any":
        pass
    elif status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=IN_INBOX)
    queryset = queryset.exclude(status=S.UNCONFIRMED)
    queryset = annotate_overdue(queryset, now)
    if overdue:
        queryset = queryset.filter(deadline__lt=now)
    return _with_counts(queryset).order_by(F("deadline").asc(nulls_last=True), "pk")


def _this_minute():
    # Deadlines are read to the minute, so a list's SQL, and its remembered count, stay the
    # same for a minute (core.paging).
    return timezone.now().replace(second=0, microsecond=0)


def annotate_overdue(queryset, now=None):
    """`deadline` (the one that applies in the status) and `is_overdue`."""
    now = now or _this_minute()
    return queryset.annotate(
        deadline=CURRENT_DEADLINE,
        is_overdue=Case(
            When(deadline__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def secretariat_queues():
    """Counts for the secretariat's inbox tabs, remembered until content changes (or the
    minute does)."""
    now = _this_minute()

    def count():
        base = Submission.objects.filter(quarantined=False)
        return base.aggregate(
            to_verify=Count("pk", filter=Q(status=S.RECEIVED)),
            to_forward=Count("pk", filter=Q(status=S.VERIFIED)),
            overdue=Count(
                "pk",
                filter=Q(status__in=[S.RECEIVED, S.VERIFIED], verify_due__lt=now)
                | Q(status__in=[S.FORWARDED, S.IN_FOLLOW_UP], answer_due__lt=now),
            ),
            held=Count("pk", filter=Q(held=True) & ~Q(status__in=[S.UNCONFIRMED, S.REJECTED])),
        )

    return remember(f"forums:secretariat-queues:{now.isoformat()}", count)


def moderation_queue():
    held = _with_counts(
        Submission.objects.filter(held=True, quarantined=False).exclude(
            status__in=[S.UNCONFIRMED, S.REJECTED]
        )
    ).order_by("created_at", "pk")
    reports = (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("submission", "reply__submission", "reporter")
        .order_by("-created_at", "-pk")
    )
    return held, reports


def agency_answer_record(agency):
    """How many submissions the agency answered, and its median answer time in days."""
    # Published ones only: rahasia, held and hidden input is in no public count.
    rows = list(
        public_submissions()
        .filter(assigned_agency=agency, answered_at__isnull=False, forwarded_at__isnull=False)
        .order_by("-answered_at")
        .values_list("forwarded_at", "answered_at")[:1000]
    )
    if not rows:
        return {"answered": 0, "median_days": None, "median_hours": None}
    days = [(answered - forwarded).total_seconds() / 86400 for forwarded, answered in rows]
    middle = median(days)
    # Pages say "within 5 hours" rather than "within 0,2 days" (core reads median_hours first).
    return {
        "answered": len(rows),
        "median_days": round(middle, 1),
        "median_hours": max(1, round(middle * 24)),
    }


def agency_satisfaction(agency):
    """How the submitters rated the agency's official answers: the share of rated answers that
    satisfied them, and how many were rated. Every rating counts, rahasia input's too: a count
    shows no one's rating by itself."""
    figures = AnswerRating.objects.filter(agency=agency).aggregate(
        rated=Count("pk"), satisfied=Count("pk", filter=Q(verdict=Verdict.SATISFIED))
    )
    rated, satisfied = figures["rated"], figures["satisfied"]
    return {
        "rated": rated,
        "satisfied": satisfied,
        "percent": round(100 * satisfied / rated) if rated else None,
    }


def rating_for_page(submission, answer):
    """What the submission page says and offers about rating `answer` (the last official
    answer, or None): its rating, whether it may be rated or appealed now, and until when."""
    rating = None if answer is None else AnswerRating.objects.filter(answer=answer).first()
    rateable = answer is not None and rating is None and rating_open(submission)
    appealable = (
        answer is not None
        and appeal_open(submission)
        and (rating is None or rating.verdict == Verdict.NOT_SATISFIED)
    )
    return {
        "answer": answer,
        "rating": rating,
        "rateable": rateable,
        "appealable": appealable,
        "closes_at": rating_closes_at(submission) if rateable else None,
    }


def forum_submissions_preview(forum, limit=5):
    return list(submission_public_list(forum=forum)[:limit])


def submission_action_counts(*, user, agency=None):
    """What waits in the inbox of `agency` (every submission `user` handles when None), in one
    query. Each count is what the inbox shows with the same filters (status, overdue, agency)."""
    now = _this_minute()
    queryset = staff_submissions(user).filter(quarantined=False).exclude(status=S.UNCONFIRMED)
    if agency is not None:
        queryset = queryset.filter(assigned_agency=agency)
    return annotate_overdue(queryset.filter(status__in=IN_INBOX), now).aggregate(
        to_verify=Count("pk", filter=Q(status=S.RECEIVED)),
        to_forward=Count("pk", filter=Q(status=S.VERIFIED)),
        forwarded=Count("pk", filter=Q(status=S.FORWARDED)),
        in_follow_up=Count("pk", filter=Q(status=S.IN_FOLLOW_UP)),
        overdue=Count("pk", filter=Q(deadline__lt=now)),
    )


def moderation_counts():
    """The secretariat's forum queues in two queries: input to verify and held for review, and
    the open reports (the moderation page's counts)."""
    counts = (
        Submission.objects.filter(quarantined=False)
        .exclude(status__in=[S.UNCONFIRMED, S.REJECTED])
        .aggregate(
            to_verify=Count("pk", filter=Q(status=S.RECEIVED)),
            held=Count("pk", filter=Q(held=True)),
        )
    )
    counts["reports"] = Report.objects.filter(resolved_at__isnull=True).count()
    return counts


def agency_recent_answers(*, user, agency, limit=15):
    """The history lines of the input assigned to `agency` that its own people wrote (a
    follow-up, an answer): never a line the resident wrote, so nothing says who sent it, even
    when the sender works for the agency."""
    return list(
        SubmissionEvent.objects.filter(
            submission__in=staff_submissions(user)
            .filter(assigned_agency=agency, quarantined=False)
            .values("pk"),
            actor__in=agency.memberships.values("user"),
        )
        .exclude(actor=F("submission__author"))
        .select_related("actor", "submission")
        .order_by("-at", "-pk")[:limit]
    )


def followed_submissions(user, limit=5):
    """The published input `user` follows, the latest first (never one that became hidden)."""
    return list(
        _with_counts(public_submissions().filter(follows__user=user)).order_by(
            "-created_at", "-pk"
        )[:limit]
    )


def submission_search_for_user(who, query, *, regency=None, sector=None):
    """The portal's search (sumut_mitra.search): the input `who` (an account or a Visitor) may
    open (rules.visible_submissions: the published, their own, and for staff what is assigned
    to their agencies; rahasia input only ever through the last two) that matches `query` in
    title, tracking code, text or official answers. Never by who sent it: the snippets come
    from the title and the text."""
    query = " ".join(query.split())
    queryset = _filter(visible_submissions(who, per_row=True), sector=sector, regency=regency)
    code = TRACKING_CODE.read(query)  # None for any text that is no tracking code
    found = ranked(
        queryset,
        query,
        exact=Q(title__iexact=query) | (Q(tracking_code=code) if code else Q()),
        prefix=Q(title__istartswith=query),
        typo_fields=("title",),
        also=Q(tracking_code=code) if code else None,
        rows=Submission.objects.all(),
    )
    return with_snippets(
        found.select_related("forum", "regency", "assigned_agency"),
        query,
        title="title",
        text="body",
    )


def submission_by_code_for_user(who, code):
    """The submission with this tracking code if `who` may open it, else None."""
    return visible_submissions(who).filter(tracking_code=code).first()


def meeting_search_for_user(user, query, *, regency=None, sector=None):
    """The portal's search: the public meetings (rules.public_meetings: announced, not
    cancelled, in a forum anyone may read) that match `query`, the soonest first among
    equals."""
    query = " ".join(query.split())
    queryset = public_meetings()
    if regency is not None:
        queryset = queryset.filter(forum__regency=regency)
    if sector is not None:
        queryset = queryset.filter(forum__sector=sector)
    found = ranked(
        queryset,
        query,
        exact=Q(title__iexact=query),
        prefix=Q(title__istartswith=query),
        typo_fields=("title",),
        rows=Meeting.objects.all(),
    )
    return with_snippets(found.select_related("forum"), query, title="title", text="agenda")


def submission_public_filter(queryset, **filters):
    """The public list's filters (kind, status, sector, regency, forum) on `queryset`, for the
    API's filters: the same conditions the page's form applies."""
    return _filter(queryset, **filters)


def submission_public_answers():
    """The official answers a public thread shows (not hidden), oldest first, for a Prefetch."""
    return (
        Reply.objects.filter(kind=ReplyKind.ANSWER, hidden=False)
        .select_related("agency")
        .order_by("created_at", "pk")
    )


def meeting_public_list():
    """The announced meetings anyone may find (rules.public_meetings), soonest first."""
    return public_meetings().select_related("forum").order_by("starts_at", "pk")
