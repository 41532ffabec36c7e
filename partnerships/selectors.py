"""Reads of agreements, always scoped to what the user may see."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from core.converters import AGREEMENT_REFERENCE
from core.fulltext import joined, ranked, with_snippets
from core.search import with_typos

from .enums import AgreementStatus, MilestoneStatus, ReportStatus
from .models import (
    Agreement,
    AgreementTransition,
    Contribution,
    DocumentVersion,
    Milestone,
    MonevReport,
    Party,
)
from .monev import FREQUENCIES, latest_due_period, period_in_grace
from .monev import label as monev_label
from .rules import public_agreements, searchable_agreements, visible_agreements


def with_effective_status(queryset):
    """Annotate `effective_status`: in force but past its end date reads as expired, in every
    list and filter, before any background job has closed it."""
    return queryset.annotate(
        effective=Case(
            When(
                status=AgreementStatus.IN_FORCE,
                end_date__lt=timezone.localdate(),
                then=Value(AgreementStatus.EXPIRED.value),
            ),
            default=F("status"),
            output_field=CharField(),
        )
    )


def effective_status_q(status):
    """The rows whose effective status (with_effective_status) is `status`, in terms of the
    stored columns, so an index answers it: filtering on the CASE read every agreement."""
    today = timezone.localdate()
    if status == AgreementStatus.EXPIRED:
        return Q(status=AgreementStatus.EXPIRED) | Q(
            status=AgreementStatus.IN_FORCE, end_date__lt=today
        )
    if status == AgreementStatus.IN_FORCE:
        return Q(status=AgreementStatus.IN_FORCE, end_date__gte=today)
    return Q(status=status)


def _filter(
    queryset,
    *,
    query="",
    status="",
    kind="",
    sector=None,
    regency=None,
    party=None,
    expiring_within=None,
    late_milestones=False,
    milestones_due=False,
    monev_overdue=False,
    monev_due=False,
    monev_review=False,
    returned=False,
):
    if query:
        # Title, reference, or a party's name or acronym ("USU", "Universitas Sumatera").
        parties = Party.objects.filter(
            with_typos(
                Q(agency__name__icontains=query) | Q(agency__acronym__iexact=query),
                query,
                "agency__name",
            )
        ).values("agreement_id")
        queryset = queryset.filter(
            with_typos(
                Q(title__icontains=query) | Q(reference__icontains=query) | Q(pk__in=parties),
                query,
                "title",
            )
        )
    if status:
        queryset = queryset.filter(effective_status_q(status))
    if kind:
        queryset = queryset.filter(kind=kind)
    if sector is not None:
        queryset = queryset.filter(pk__in=sector.agreements.values("pk"))
    if regency is not None:
        queryset = queryset.filter(pk__in=regency.agreements.values("pk"))
    if party is not None:
        queryset = queryset.filter(pk__in=Party.objects.filter(agency=party).values("agreement_id"))
    if late_milestones:
        queryset = queryset.filter(late_milestones_q())
    if milestones_due:
        queryset = queryset.filter(milestones_due_q())
    if monev_overdue:
        queryset = queryset.filter(monev_overdue_q())
    if monev_due:
        queryset = queryset.filter(monev_due_q())
    if monev_review:
        queryset = queryset.filter(monev_review_q())
    if returned:
        queryset = queryset.filter(returned_q())
    if expiring_within:
        queryset = queryset.filter(expiring_q(expiring_within))
    return queryset


# What the staff list's filters ask of one agreement, as conditions: the list filters on them and
# the dasbor counts them (Count(filter=...)), so a count and the list it opens always agree.
MILESTONES_DUE_DAYS = 14


def _open_milestones():
    return Milestone.objects.filter(agreement=OuterRef("pk")).exclude(status=MilestoneStatus.DONE)


def late_milestones_q():
    return Q(Exists(_open_milestones().filter(due_date__lt=timezone.localdate())))


def milestones_due_q(days=MILESTONES_DUE_DAYS):
    """A milestone not done yet falls due within `days` (today included)."""
    today = timezone.localdate()
    return Q(
        Exists(
            _open_milestones().filter(
                due_date__gte=today, due_date__lte=today + timedelta(days=days)
            )
        )
    )


def _monev_missing_q(period_for):
    """In force, and for its reporting frequency, the period `period_for(per_year)` names has
    no report received (submitted or accepted). `pk NOT IN (the period's reports)`: PostgreSQL
    hashes each period's reports once (an index serves them), where a correlated EXISTS in the
    dasbor's count ran once per agreement in force."""
    missing = Q(pk__in=[])
    for per_year in FREQUENCIES:
        found = period_for(per_year)
        if found is None:
            continue
        year, period, start, end = found
        received = MonevReport.objects.filter(
            year=year,
            period=period,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
        ).values("agreement_id")
        missing |= Q(monev_per_year=per_year, start_date__lte=end, end_date__gte=start) & ~Q(
            pk__in=received
        )
    return Q(status=AgreementStatus.IN_FORCE) & missing


def monev_overdue_q():
    """Per reporting frequency, the latest period already due must have a report."""
    return _monev_missing_q(latest_due_period)


def monev_due_q():
    """A period has ended and its report is not in yet, but its grace days still run."""
    return _monev_missing_q(period_in_grace)


def monev_review_q():
    """A monev report waits for the secretariat's review."""
    return Q(
        Exists(MonevReport.objects.filter(agreement=OuterRef("pk"), status=ReportStatus.SUBMITTED))
    )


def returned_q():
    """A draft the secretariat sent back to its proposers (and not yet submitted again)."""
    return Q(status=AgreementStatus.DRAFT) & Q(
        Exists(
            AgreementTransition.objects.filter(
                agreement=OuterRef("pk"),
                from_status=AgreementStatus.SUBMITTED,
                to_status=AgreementStatus.DRAFT,
            )
        )
    )


def expiring_q(days):
    today = timezone.localdate()
    return Q(
        status=AgreementStatus.IN_FORCE,
        end_date__gte=today,
        end_date__lte=today + timedelta(days=days),
    )


RENEWAL_DAYS = 90


def _of_agency(queryset, agency):
    if agency is None:
        return queryset
    return queryset.filter(pk__in=Party.objects.filter(agency=agency).values("agreement_id"))


def agreement_action_counts(*, user, agency=None):
    """What waits on the agreements of `agency` (all that `user` may see when None): three
    queries, whatever the number of agreements, each over the rows its counts can concern (the
    agreements, their open milestones, their reports waiting for review). Each count matches a
    filter of the staff list."""
    agreements = _of_agency(visible_agreements(user), agency)
    counts = agreements.aggregate(
        drafts=Count("pk", filter=Q(status=AgreementStatus.DRAFT)),
        returned=Count("pk", filter=returned_q()),
        submitted=Count("pk", filter=Q(status=AgreementStatus.SUBMITTED)),
        scheduled=Count("pk", filter=Q(status=AgreementStatus.SCHEDULED)),
        monev_due=Count("pk", filter=monev_due_q()),
        monev_overdue=Count("pk", filter=monev_overdue_q()),
        expiring=Count("pk", filter=expiring_q(RENEWAL_DAYS)),
    )
    today = timezone.localdate()
    late = Q(due_date__lt=today)
    due = Q(due_date__gte=today, due_date__lte=today + timedelta(days=MILESTONES_DUE_DAYS))
    counts.update(
        Milestone.objects.filter(agreement__in=agreements.values("pk"))
        .exclude(status=MilestoneStatus.DONE)
        .filter(due_date__lte=today + timedelta(days=MILESTONES_DUE_DAYS))
        .aggregate(
            late_milestones=Count("pk", filter=late),
            late_agreements=Count("agreement", filter=late, distinct=True),
            due_milestones=Count("pk", filter=due),
            due_agreements=Count("agreement", filter=due, distinct=True),
        )
    )
    counts.update(
        MonevReport.objects.filter(
            agreement__in=agreements.values("pk"), status=ReportStatus.SUBMITTED
        ).aggregate(monev_review=Count("agreement", distinct=True))
    )
    return counts


def agreement_recent_events(*, user, agency=None, limit=15):
    """The latest history lines of the agreements of `agency` that `user` may see."""
    agreements = _of_agency(visible_agreements(user), agency)
    # The newest lines are picked first, narrow, and only those joined to their people and
    # agreements (joining every line of a big agency's history before the sort cost the most).
    newest = AgreementTransition.objects.filter(agreement__in=agreements.values("pk")).order_by(
        "-at", "-pk"
    )
    return list(
        AgreementTransition.objects.filter(pk__in=newest.values("pk")[:limit])
        .select_related("actor", "agreement")
        .order_by("-at", "-pk")
    )


def _parties_in_order():
    return Party.objects.select_related("agency").order_by("role", "pk")


def _for_lists(queryset):
    return queryset.prefetch_related(Prefetch("parties", queryset=_parties_in_order()), "sectors")


def agreement_public_parties(agreement_ids):
    """The parties of these agreements (of agreement_public_list), in the order a list shows
    them, for the API's pages of plain rows."""
    return _parties_in_order().filter(agreement_id__in=agreement_ids)


# Orderings the staff list offers (?urut=...), each backed by an index or a small table.
STAFF_ORDERINGS = {
    # pk last: a page is a stable slice only when the order has no ties.
    "ends": ("end_date", "title", "pk"),
    "newest": ("-created_at", "title", "pk"),
    "title": ("title", "pk"),
    # The secretariat's queue: what has waited longest in its stage first.
    "waiting": ("status_changed_at", "pk"),
}


def agreement_list_for_user(*, user, ordering="ends", **filters):
    queryset = with_effective_status(visible_agreements(user))
    order = STAFF_ORDERINGS.get(ordering, STAFF_ORDERINGS["ends"])
    return _for_lists(_filter(queryset, **filters)).order_by(*order)


def agreement_public_list(**filters):
    queryset = with_effective_status(public_agreements())
    return _for_lists(_filter(queryset, **filters)).order_by("-start_date", "title", "pk")


def _for_detail(queryset):
    return queryset.select_related("parent", "renewal_of").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("agency").order_by("role", "pk")),
        "sectors",
        "locations",
        "children",
        Prefetch(
            "documents__versions", queryset=DocumentVersion.objects.select_related("uploaded_by")
        ),
        Prefetch("transitions", queryset=AgreementTransition.objects.select_related("actor")),
        Prefetch(
            "milestones",
            queryset=Milestone.objects.select_related("responsible__agency", "evidence"),
        ),
        Prefetch("contributions", queryset=Contribution.objects.select_related("party__agency")),
        Prefetch(
            "monev_reports",
            queryset=MonevReport.objects.select_related(
                "party__agency", "submitted_by", "reviewed_by"
            ).prefetch_related("evidence"),
        ),
    )


def agreement_comments(agreement):
    return agreement.comments.select_related("author").prefetch_related("attachment__versions")


def agreement_for_user(*, user, reference):
    """The agreement if `user` may open it in the staff pages, else None (a 404)."""
    return (
        _for_detail(with_effective_status(visible_agreements(user)))
        .filter(reference=reference)
        .first()
    )


def agreement_public(*, reference):
    return (
        _for_detail(with_effective_status(public_agreements())).filter(reference=reference).first()
    )


def public_agreements_of_agency(agency):
    return with_effective_status(
        public_agreements().filter(
            pk__in=Party.objects.filter(agency=agency).values("agreement_id")
        )
    ).order_by("-start_date")


def agreement_children_for_user(*, user, agreement):
    """The agreements under this one (PKS, adendums) and its renewal that `user` may open."""
    return list(
        with_effective_status(visible_agreements(user))
        .filter(Q(parent=agreement) | Q(renewal_of=agreement))
        .order_by("start_date")
    )


@dataclass
class PublicProgress:
    """What the public page shows of an agreement's implementation: plans and results, never
    who noted what, notes, descriptions, the kendala of a report or its evidence files."""

    milestones: list
    milestones_done: int
    planned: int
    realised: int
    reports: list  # accepted monev reports, oldest period first
    totals: dict  # the accepted reports' figures added up

    @property
    def realised_percent(self):
        return round(100 * self.realised / self.planned) if self.planned else None

    @property
    def has_any(self):
        return bool(self.milestones or self.planned or self.reports)


PUBLIC_FIGURES = ["jobs_absorbed", "investment_realised", "trainees", "ikm_assisted", "products"]


def agreement_public_progress(agreement):
    """The progress of a public agreement (three queries, whatever its size)."""
    today = timezone.localdate()
    milestones = list(
        agreement.milestones.order_by("due_date", "pk").values(
            "title", "due_date", "status", "completed_on"
        )
    )
    for milestone in milestones:
        late = milestone["status"] != MilestoneStatus.DONE and milestone["due_date"] < today
        milestone["shown_status"] = MilestoneStatus.LATE if late else milestone["status"]
    money = agreement.contributions.aggregate(planned=Sum("planned"), realised=Sum("realised"))
    reports = list(
        agreement.monev_reports.filter(status=ReportStatus.ACCEPTED)
        .order_by("year", "period", "pk")
        .values("year", "period", "party__agency__name", *PUBLIC_FIGURES)
    )
    for report in reports:
        report["label"] = monev_label(report["year"], report["period"], agreement.monev_per_year)
    return PublicProgress(
        milestones=milestones,
        milestones_done=sum(m["status"] == MilestoneStatus.DONE for m in milestones),
        planned=money["planned"] or 0,
        realised=money["realised"] or 0,
        reports=reports,
        totals={name: sum(report[name] for report in reports) for name in PUBLIC_FIGURES},
    )


def agreements_waiting_longest(*, user, status, limit=5):
    """The agreements `user` may see that have been longest in `status` (the secretariat's
    dasbor preview: one query; the staff list's ?urut=waiting shows them all)."""
    return list(
        visible_agreements(user)
        .filter(status=status)
        .order_by(*STAFF_ORDERINGS["waiting"])
        .only("title", "reference", "status_changed_at")[:limit]
    )


def agreement_search_for_user(user, query, *, regency=None, sector=None):
    """The portal's search (sumut_mitra.search): the agreements `user` may see
    (rules.searchable_agreements: the public ones, and for staff their agencies' others) that
    match `query` in title, reference, document numbers, the parties' names and acronyms
    ("USU"), the kind's and cooperation kind's names ("MoU", "PKS", "KSDPK"), the locations
    (with their other spellings) or the text; an exact reference or title first."""
    query = " ".join(query.split())
    queryset = _filter(
        with_effective_status(searchable_agreements(user)), sector=sector, regency=regency
    )
    # searchable_agreements' two halves, each searched by its own indexes.
    scopes = [
        _filter(scope, sector=sector, regency=regency)
        for scope in (public_agreements(), visible_agreements(user))
    ]
    # A reference only for a query that is one (any other text is none: no condition to ask).
    code = AGREEMENT_REFERENCE.read(query)
    exact, also = Q(title__iexact=query), []
    if code is not None:
        exact |= Q(reference=code)
        also.append(Q(reference=code))
    if any(character.isdigit() for character in query):
        # A party's own number for it, whole ("119/1234/DISPERINDAG/2026"; an index answers).
        numbered = Party.objects.filter(document_number__iexact=query).values("agreement")
        exact |= Q(pk__in=numbered)
        also.append(Q(pk__in=numbered))
    found = ranked(
        queryset,
        query,
        exact=exact,
        prefix=Q(title__istartswith=query),
        typo_fields=("title",),
        also=also,
        scopes=scopes,
        rows=with_effective_status(Agreement.objects.all()),
    )
    # The parties only: a result names them, never its sectors (a query less per page).
    parties = Party.objects.select_related("agency").order_by("role", "pk")
    return with_snippets(
        found.prefetch_related(Prefetch("parties", queryset=parties)),
        query,
        title="title",
        text=joined("scope", "purpose"),
    )


def agreement_public_filter(queryset, **filters):
    """The public list's filters (sector, regency, party, kind, status) on `queryset`, for the
    API's filters: the same conditions the page's form applies."""
    return _filter(queryset, **filters)
