"""Agreements in every stage, with the path each took (history), parties, documents and, for
those in force or completed, milestones, financing, monev reports and discussion; renewals and
termination requests; reminders of ends, milestones and monev reports."""

import datetime
import hashlib

from django.utils.text import slugify

from core.money import format_rupiah
from partnerships import monev
from partnerships.enums import (
    AgreementKind,
    AgreementStatus,
    DocumentKind,
    EventKind,
    MilestoneStatus,
    PartyRole,
    ReportStatus,
    Visibility,
)
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
from partnerships.services import MONEV_FIELDS

from . import Registered, quota_list, words
from .accounts import person_name
from .base import DAY, NULL, at_local, day_number, fmt_day, fmt_ts, local_day, year_utc
from .dates import ROMAN, long_date, ymd
from .notifications import translated

S = AgreementStatus
STATUS_SHARES = {
    S.DRAFT: 5,
    S.SUBMITTED: 4,
    S.VERIFIED: 3,
    S.DELIBERATION: 4,
    S.SCHEDULED: 2,
    S.SIGNED: 3,
    S.IN_FORCE: 44,
    S.COMPLETED: 27,
    S.REJECTED: 4,
    S.REVOKED: 4,
}
KIND_SHARES = {
    AgreementKind.KB: 22,
    AgreementKind.NK: 6,
    AgreementKind.PKS: 60,
    AgreementKind.ADENDUM: 12,
}
PRE_SIGNING = [S.DRAFT, S.SUBMITTED, S.VERIFIED, S.DELIBERATION, S.SCHEDULED]
SIGNED_ONES = {S.SIGNED, S.IN_FORCE, S.COMPLETED, S.REVOKED}
LIVE = {S.SIGNED, S.IN_FORCE}
ROLES = [PartyRole.FIRST, PartyRole.SECOND, PartyRole.THIRD, PartyRole.OTHER]
GOVERNMENT = {"opd"}
THIRD_PARTIES = ["private", "soe", "university", "ngo", "association", "cooperative", "community"]
AUTOMATIC = "Automatically, by date."
LEGACY_NOTE = "Entered as signed before the portal existed."
FUNDING = {
    "opd": ["apbd"],
    "vertical": ["apbn"],
    "soe": ["csr"],
    "private": ["csr", "private"],
    "university": ["apbn", "other"],
    "ngo": ["grant"],
    "association": ["private"],
    "cooperative": ["private", "other"],
    "community": ["other", "grant"],
}
SAMPLE_FILE = "scale/contoh-dokumen.pdf"
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
SAMPLE_SHA256 = hashlib.sha256(SAMPLE_PDF).hexdigest()

AGREEMENT_COLUMNS = [
    "id",
    "reference",
    "title",
    "kind",
    "cooperation_kind",
    "parent_id",
    "renewal_of_id",
    "background",
    "purpose",
    "scope",
    "benefits",
    "start_date",
    "end_date",
    "visibility",
    "legacy",
    "status",
    "status_changed_at",
    "signing_date",
    "signing_place",
    "signing_mode",
    "signed_on",
    "checked_initials",
    "checked_duty_stamp",
    "checked_seal",
    "monev_per_year",
    "termination_requested_at",
    "termination_requested_by_id",
    "termination_reason",
    "created_by_id",
    "created_at",
    "updated_at",
]
PARTY_COLUMNS = [
    "id",
    "agreement_id",
    "agency_id",
    "role",
    "document_number",
    "signatory_name",
    "signatory_position",
    "pic_name",
    "pic_position",
    "pic_email",
    "pic_phone",
]
TRANSITION_COLUMNS = [
    "id",
    "agreement_id",
    "kind",
    "from_status",
    "to_status",
    "detail",
    "actor_id",
    "at",
    "note",
]
DOCUMENT_COLUMNS = ["id", "agreement_id", "kind", "title", "public", "created_at"]
VERSION_COLUMNS = [
    "id",
    "document_id",
    "number",
    "token",
    "file",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "uploaded_by_id",
    "uploaded_at",
]
MILESTONE_COLUMNS = [
    "id",
    "agreement_id",
    "title",
    "responsible_id",
    "due_date",
    "status",
    "completed_on",
    "evidence_id",
    "note",
]
CONTRIBUTION_COLUMNS = [
    "id",
    "agreement_id",
    "party_id",
    "source",
    "form",
    "planned",
    "realised",
    "description",
]
MONEV_COLUMNS = [
    "id",
    "agreement_id",
    "party_id",
    "year",
    "period",
    *MONEV_FIELDS,  # the report's own fields, as the service names them
    "status",
    "submitted_by_id",
    "submitted_at",
    "reviewed_by_id",
    "reviewed_at",
    "review_comment",
]


class Deal:
    """One agreement while it is being made up."""

    __slots__ = (
        "id",
        "reference",
        "title",
        "kind",
        "coop",
        "status",
        "start",
        "end",
        "created",
        "legacy",
        "visibility",
        "parent",
        "renewal_of",
        "renewed_by",
        "agencies",
        "parties",
        "steps",
        "creator",
        "monev_per_year",
        "in_force_at",
        "signed_at",
        "signing",
        "sectors",
        "locations",
        "last_change",
        "termination",
        "ended_at",
    )

    def __init__(self, status, kind):
        self.status = status
        self.kind = kind
        self.parent = None
        self.renewal_of = None
        self.renewed_by = None
        self.legacy = False
        self.steps = []
        self.parties = []
        self.signing = None
        self.in_force_at = None
        self.signed_at = None
        self.termination = None
        self.ended_at = None


_file_names = {}


def file_names(title):
    """The file name an upload of `title` had (a few dozen titles: worked out once each)."""
    name = _file_names.get(title)
    if name is None:
        name = _file_names[title] = slugify(title)[:60]
    return name


def _length(world):
    years = world.rng.choices([1, 2, 3, 5], weights=[25, 35, 20, 20])[0]
    return years * 365 + world.between(-20, 20)


def _spread(world, low, high, count):
    """`count` increasing moments strictly between low and high."""
    if high - low < (count + 1) * 60:
        high = low + (count + 1) * 60
    return sorted(world.between(low + 60, high - 60) for _ in range(count))


def _dates(world, deal):
    """Start, end and the moment of creation that fit the status (in force: started and not
    ended; completed: ended; before signing: starting later; ...)."""
    today, first, status = world.today, world.first_day, deal.status
    length = _length(world)
    if status == S.COMPLETED:
        end = world.between(first + 220, today - 1)
        start = max(first, end - length)
        if end - start < 180:
            start = end - 180
    elif status in {S.IN_FORCE, S.REVOKED}:
        start = world.between(max(first + 5, today - 5 * 365 + 40), today - 20)
        end = start + length
        if end <= today + 1:
            end = world.between(today + 2, start + 5 * 365)
    elif status == S.SIGNED:
        start = today + world.between(2, 120)
        end = start + length
    elif status == S.REJECTED:
        deal.created = world.growing(world.start + 20 * DAY, world.now - 12 * DAY)
        start = local_day(deal.created) + world.between(30, 200)
        end = start + length
    else:
        start = world.between(today + 15, min(world.last_day, today + 420))
        end = start + length
    deal.start, deal.end = start, max(end, start + 30)


def _plan_timeline(world, deal):
    """The moments of each step; legacy agreements were entered directly as in force."""
    status = deal.status
    if status in {S.IN_FORCE, S.COMPLETED} and (
        deal.start < world.first_day + 200 or world.chance(0.12)
    ):
        deal.legacy = True
        latest = min(world.now - DAY, at_local(deal.end, 12))
        earliest = max(world.start + 15 * DAY, at_local(deal.start, 12))
        deal.created = world.between(earliest, max(earliest, latest - DAY))
        deal.in_force_at = deal.created
        return
    if status in SIGNED_ONES:
        if status == S.SIGNED:
            sign_day = world.between(world.today - 60, min(world.today - 1, deal.start - 1))
        else:
            sign_day = min(deal.start, world.today - 1) - world.between(0, 45)
        signed = at_local(sign_day, world.between(9, 15), world.between(0, 59))
        signed = min(signed, world.now - 3600)
        created = signed - world.between(40, 200) * DAY
        deal.created = max(created, world.start + world.between(15, 90) * DAY)
        if signed - deal.created < 20 * DAY:
            signed = deal.created + 20 * DAY
        deal.signed_at = signed
        if status != S.SIGNED:
            deal.in_force_at = (
                signed if deal.start <= local_day(signed) else at_local(deal.start, 0, 5)
            )
    elif status in PRE_SIGNING:
        deal.created = world.between(world.now - 240 * DAY, world.now - 2 * DAY)
    # rejected: created in _dates


def _parties(world, deal, pools):
    """Distinct verified agencies (registered by then), in the roles the kind of cooperation
    calls for."""
    rng, when = world.rng, deal.created
    if deal.parent is not None:
        agencies = list(deal.parent.agencies)
        if deal.kind == AgreementKind.PKS:
            agencies = agencies[:2]
            if world.chance(0.25):
                agencies.append(pools["any"].pick(when, avoid=agencies))
        deal.agencies = list(dict.fromkeys(agencies))
        if len(deal.agencies) < 2:
            deal.agencies.append(pools["any"].pick(when, avoid=deal.agencies))
        return
    if deal.kind == AgreementKind.NK:
        plan = ["opd", "vertical"]
    else:
        plan = rng.choices(
            [["opd", "third"], ["opd", "opd"], ["opd", "vertical"], ["third", "third"]],
            weights=[55, 15, 12, 18],
        )[0]
    count = rng.choices([2, 3, 4], weights=[65, 25, 10])[0]
    plan = plan + ["any"] * (count - 2)
    chosen = []
    for want in plan:
        pool = pools[want] or pools["any"]
        org = pool.pick(when, avoid=chosen)
        if org not in chosen:
            chosen.append(org)
    if len(chosen) < 2:
        chosen.append(pools["any"].pick(when, avoid=chosen))
    landmark = world.landmark_agency
    if landmark not in chosen and world.chance(world._landmark_share):
        if chosen[0].kind == "opd" or len(chosen) == 4:
            chosen[0] = landmark
        else:
            chosen.insert(0, landmark)
    deal.agencies = chosen


def _cooperation(deal):
    kinds = [org.kind for org in deal.agencies]
    if deal.kind == AgreementKind.NK or ("opd" in kinds and "vertical" in kinds):
        return "sinergi"
    if kinds.count("opd") >= 2 and set(kinds) == {"opd"}:
        return "ksdd"
    if "opd" in kinds:
        return "ksdpk"
    return "agencies"


def _title(world, deal):
    place = world.pick(deal.locations)[2].removeprefix("Kabupaten ").removeprefix("Kota ")
    subject = world.pick(words.AGREEMENT_TITLES).format(
        place=place, thing=world.pick(words.THINGS), skill=world.pick(words.SKILLS)
    )
    if deal.kind == AgreementKind.ADENDUM and deal.parent is not None:
        return f"Adendum {world.between(1, 2)} {deal.parent.title}"[:300]
    title = f"{words.AGREEMENT_PREFIX[deal.kind]} {subject}"
    if deal.renewal_of is not None:
        title = f"Perpanjangan {deal.renewal_of.title}"
    return title[:300]


def _assign_parents(world, deals):
    """PKS hang under a KB/NK and every addendum under an agreement, whose term they fall in
    and which was made before them."""
    rng = world.rng
    umbrellas = [d for d in deals if d.kind in {AgreementKind.KB, AgreementKind.NK}]
    umbrellas = [d for d in umbrellas if d.status in {S.IN_FORCE, S.COMPLETED, S.SIGNED}]
    amendable = umbrellas + [
        d for d in deals if d.kind == AgreementKind.PKS and d.status in {S.IN_FORCE, S.COMPLETED}
    ]
    for deal in deals:
        if deal.kind == AgreementKind.PKS and rng.random() < 0.55:
            candidates = umbrellas
        elif deal.kind == AgreementKind.ADENDUM:
            candidates = amendable
        else:
            continue
        for _ in range(40 if candidates else 0):
            parent = world.pick(candidates)
            if (
                parent is not deal
                and parent.created < deal.created - DAY
                and parent.start <= deal.start <= parent.end
                and parent.parent is None
            ):
                deal.parent = parent
                break
        if deal.parent is None and deal.kind == AgreementKind.ADENDUM:
            deal.kind = AgreementKind.PKS  # nothing to amend: a PKS of its own


def _renewals(world, deals, count):
    """Successors (perpanjangan) of agreements ending soon or ended in the last year."""
    today = world.today
    ending = [
        d
        for d in deals
        if not d.legacy
        and d.parent is None
        and (
            (d.status == S.IN_FORCE and d.end <= today + 120)
            or (d.status == S.COMPLETED and d.end >= today - 365)
        )
    ]
    world.rng.shuffle(ending)
    successors = []
    for old in ending[:count]:
        length = old.end - old.start
        start = old.end + 1
        if start <= today:
            status = S.IN_FORCE if start + length > today else S.COMPLETED
        else:
            status = world.pick([*PRE_SIGNING, S.SIGNED])
        new = Deal(status, old.kind)
        new.start, new.end = start, start + length
        new.renewal_of = old
        old.renewed_by = new
        new.agencies = list(old.agencies)
        new.parent = old.parent
        new.visibility = old.visibility
        new.monev_per_year = old.monev_per_year
        new.sectors, new.locations = old.sectors, old.locations
        if status in SIGNED_ONES:
            signed = min(at_local(start, 10) - world.between(1, 40) * DAY, world.now - 3600)
            new.created = max(old.created + DAY, signed - world.between(30, 90) * DAY)
            new.signed_at = max(signed, new.created + 20 * DAY)
            new.in_force_at = min(
                new.signed_at if start <= local_day(new.signed_at) else at_local(start, 0, 5),
                world.now - 60,
            )
        else:
            new.created = world.between(
                max(old.created + DAY, world.now - 120 * DAY), world.now - DAY
            )
        successors.append(new)
    return successors


def _steps(world, deal):
    """The status history: (at, from, to, actor, note)."""
    steps = deal.steps
    creator, secretary = deal.creator, world.a_secretary()
    if deal.legacy:
        steps.append((deal.created, "", S.IN_FORCE, secretary, translated("id", LEGACY_NOTE)))
        if deal.status == S.COMPLETED:
            automatic = translated("id", AUTOMATIC)
            steps.append((at_local(deal.end + 1, 0, 5), S.IN_FORCE, S.COMPLETED, None, automatic))
        return
    path = [S.DRAFT, S.SUBMITTED, S.VERIFIED, S.DELIBERATION, S.SCHEDULED, S.SIGNED]
    if deal.status in PRE_SIGNING:
        path = path[: path.index(deal.status) + 1]
        moments = [deal.created, *_spread(world, deal.created, world.now - 60, len(path) - 1)]
    elif deal.status == S.REJECTED:
        path = world.rng.choices([path[:2], path[:3], path[:4]], weights=[60, 20, 20])[0] + [
            S.REJECTED
        ]
        last = min(deal.created + world.between(10, 120) * DAY, world.now - 3600)
        moments = [deal.created, *_spread(world, deal.created, last, len(path) - 1)]
    else:
        moments = [deal.created, *_spread(world, deal.created, deal.signed_at, 4), deal.signed_at]
    previous = ""
    returned = deal.status != S.DRAFT and world.chance(0.06)
    for index, (status, at) in enumerate(zip(path, moments, strict=True)):
        actor = creator if status in {S.DRAFT, S.SUBMITTED} else secretary
        note = ""
        if status == S.REJECTED:
            note = world.pick(words.REJECTION_NOTES)
        steps.append((at, previous, status, actor, note))
        if status == S.SUBMITTED and returned and index + 1 < len(path):
            # Sent back once for a better KAK, then proposed again.
            gap = (moments[index + 1] - at) // 3
            steps.append(
                (at + gap, S.SUBMITTED, S.DRAFT, secretary, "Lengkapi KAK dan draf naskah.")
            )
            steps.append((at + 2 * gap, S.DRAFT, S.SUBMITTED, creator, ""))
        if status == S.SCHEDULED:
            deal.signing = at
        previous = status
    if deal.status in PRE_SIGNING or deal.status == S.REJECTED:
        return
    automatic_note = translated("id", AUTOMATIC)
    if deal.in_force_at is not None:
        automatic = deal.in_force_at != deal.signed_at
        steps.append(
            (
                deal.in_force_at,
                S.SIGNED,
                S.IN_FORCE,
                None if automatic else secretary,
                automatic_note if automatic else "",
            )
        )
    if deal.status == S.COMPLETED:
        steps.append((at_local(deal.end + 1, 0, 5), S.IN_FORCE, S.COMPLETED, None, automatic_note))
    elif deal.status == S.REVOKED:
        low = deal.in_force_at + DAY
        high = min(world.now - 3600, at_local(deal.end, 12))
        revoked = world.between(low, max(low, high))
        deal.ended_at = revoked
        if world.chance(0.5):
            deal.termination = revoked - world.between(3, 30) * DAY
            deal.termination = max(deal.termination, deal.in_force_at + 60)
        steps.append(
            (revoked, S.IN_FORCE, S.REVOKED, secretary, world.pick(words.REVOCATION_NOTES))
        )


def build(world):
    rng, load, plan = world.rng, world.load, world.plan
    verified = world.verified_agencies
    pools = {
        "any": world.registered,
        "opd": Registered(world, [o for o in verified if o.kind == "opd"]),
        "vertical": Registered(world, [o for o in verified if o.kind == "vertical"]),
        "third": Registered(world, [o for o in verified if o.kind in THIRD_PARTIES]),
    }
    world._landmark_share = min(0.5, max(10 / plan.agreements, 0.025))
    world._monev_reports = {}
    renewals = max(2, round(plan.agreements * 0.03))
    statuses = quota_list(plan.agreements - renewals, STATUS_SHARES, rng)
    kinds = quota_list(plan.agreements - renewals, KIND_SHARES, rng)
    deals = []
    for status, kind in zip(statuses, kinds, strict=True):
        deal = Deal(status, kind)
        _dates(world, deal)
        _plan_timeline(world, deal)
        deal.visibility = (
            Visibility.PUBLIC
            if world.chance(0.88 if status in SIGNED_ONES else 0.7)
            else Visibility.INTERNAL
        )
        deal.monev_per_year = rng.choices([2, 1, 4], weights=[80, 12, 8])[0]
        deals.append(deal)
    _assign_parents(world, deals)
    for deal in sorted(deals, key=lambda d: d.created):  # parents before their children
        _parties(world, deal, pools)
        deal.coop = _cooperation(deal)
        sectors = []
        for org in deal.agencies:
            sector = org.sectors[0]
            if sector not in sectors:
                sectors.append(sector)
        deal.sectors = sectors[: world.between(1, 2)]
        locations = [deal.agencies[0].regency]
        for _ in range(rng.choices([0, 1, 2], weights=[55, 30, 15])[0]):
            extra = world.pick(world.regencies)
            if extra not in locations:
                locations.append(extra)
        deal.locations = locations
    deals += _renewals(world, deals, renewals)
    deals.sort(key=lambda d: d.created)
    table = load.table(Agreement, AGREEMENT_COLUMNS, total=len(deals))
    for deal in deals:
        deal.id = table.new_id()
        deal.reference = f"KS-{year_utc(deal.created)}-{deal.id:05d}"
    for deal in deals:
        if deal.renewal_of is not None:
            deal.coop = deal.renewal_of.coop
        deal.title = _title(world, deal)
        # Drafted by an editor of one of the parties (legacy ones: entered by the secretariat).
        deal.creator = None
        for org in deal.agencies:
            editor = world.an_editor(org.id)
            if editor is not None:
                deal.creator = editor
                break
        if deal.creator is None or deal.legacy or world.people[deal.creator].joined > deal.created:
            deal.creator = world.a_secretary()
        _steps(world, deal)
    _write(world, deals, table)
    world.agreements = deals


def _write(world, deals, table):
    rng, load = world.rng, world.load
    parties = load.table(Party, PARTY_COLUMNS)
    sectors = load.table(Agreement.sectors.through, ["id", "agreement_id", "sector_id"])
    locations = load.table(Agreement.locations.through, ["id", "agreement_id", "regency_id"])
    transitions = load.table(AgreementTransition, TRANSITION_COLUMNS)
    documents = load.table(Document, DOCUMENT_COLUMNS)
    versions = load.table(DocumentVersion, VERSION_COLUMNS)
    milestones = load.table(Milestone, MILESTONE_COLUMNS)
    contributions = load.table(Contribution, CONTRIBUTION_COLUMNS)
    reports = load.table(MonevReport, MONEV_COLUMNS)
    evidence = load.table(MonevReport.evidence.through, ["id", "monevreport_id", "document_id"])
    comments = load.table(
        Comment, ["id", "agreement_id", "author_id", "body", "attachment_id", "created_at"]
    )
    texts = words.AGREEMENT_TEXTS

    for deal in deals:
        events = list(deal.steps)  # (at, from, to, actor, note) or (at, kind, detail, actor)
        extra = []

        def upload(kind, title, at, by, public=False, versions_count=1, deal=deal, extra=extra):
            at = min(at, world.now - 120)
            document_id = documents.new_id()
            documents.line(
                f"{document_id}\t{deal.id}\t{kind}\t{title[:200]}\t{'t' if public else 'f'}\t"
                f"{fmt_ts(at)}"
            )
            for number in range(1, versions_count + 1):
                moment = at + (number - 1) * world.between(DAY, 10 * DAY)
                moment = min(moment, world.now - 60)
                versions.line(
                    f"{versions.new_id()}\t{document_id}\t{number}\t{world.hex_token(40)}\t"
                    f"{SAMPLE_FILE}\t{file_names(title)}-v{number}.pdf\tapplication/pdf\t"
                    f"{len(SAMPLE_PDF)}\t{SAMPLE_SHA256}\t{by}\t{fmt_ts(moment)}"
                )
                extra.append((moment, EventKind.DOCUMENT, f"{title} v{number}"[:300], by))
            return document_id

        for sector_id in deal.sectors:
            sectors.add(sectors.new_id(), deal.id, sector_id)
        for regency in deal.locations:
            locations.add(locations.new_id(), deal.id, regency[0])
        signed = deal.status in SIGNED_ONES
        year = fmt_day(local_day(deal.signed_at or deal.created))[:4]
        party_ids = []
        for index, org in enumerate(deal.agencies):
            party_id = parties.new_id()
            party_ids.append((party_id, org))
            members = world.people_of(org.id)
            pic = world.people[world.pick(members)] if members and rng.random() < 0.3 else None
            code = (org.acronym or "".join(w[0] for w in org.name.split() if w[:1].isupper()))[:12]
            month = ROMAN[ymd(local_day(deal.signed_at or deal.created))[1] - 1]
            number = f"{world.between(1, 999):03d}/{code.upper().replace(' ', '')}/{month}/{year}"
            deal.parties.append((party_id, org))
            parties.add(
                party_id,
                deal.id,
                org.id,
                ROLES[min(index, 3)],
                number if signed or deal.status == S.SCHEDULED else "",
                person_name(world, titled=True) if signed or rng.random() < 0.5 else "",
                words.POSITIONS[org.kind],
                pic.name if pic else person_name(world),
                world.pick(["Kepala Bidang Kerja Sama", "Staf Kerja Sama", "Kepala Seksi Program"]),
                pic.email if pic else f"kerjasama.{org.id}@contoh.id",
                f"08{world.between(11, 99)}{world.between(10_000_000, 99_999_999)}",
            )
        creator, secretary = deal.creator, world.a_secretary()
        # Documents: the request and KAK before proposing; the draft text in deliberation;
        # the signed final document at the signing.
        submitted = next((s[0] for s in deal.steps if s[2] == S.SUBMITTED), None)
        if deal.legacy:
            upload(
                DocumentKind.SIGNED,
                "Naskah kerja sama yang ditandatangani",
                deal.created + 60,
                secretary,
                deal.visibility == Visibility.PUBLIC,
            )
        elif submitted is not None:
            before = max(deal.created + 60, submitted - world.between(600, 3 * DAY))
            before = min(before, submitted - 30)
            upload(DocumentKind.REQUEST_LETTER, "Surat permohonan kerja sama", before, creator)
            upload(
                DocumentKind.TOR,
                "Kerangka Acuan Kerja (KAK)",
                before + 20,
                creator,
                versions_count=2 if rng.random() < 0.15 else 1,
            )
        deliberation = next((s[0] for s in deal.steps if s[2] == S.DELIBERATION), None)
        if deliberation is not None:
            upload(DocumentKind.DRAFT, "Draf naskah kerja sama", deliberation + 3600, creator)
        if deal.signed_at is not None and not deal.legacy:
            upload(
                DocumentKind.SIGNED,
                "Naskah kerja sama yang ditandatangani",
                deal.signed_at - 1800,
                secretary,
                deal.visibility == Visibility.PUBLIC,
            )
            if rng.random() < 0.3:
                upload(DocumentKind.ANNEX, "Lampiran rencana kerja", deal.signed_at - 1700, creator)
        last = max(step[0] for step in deal.steps)
        running = deal.status in {S.IN_FORCE, S.COMPLETED, S.REVOKED}
        if running and (not deal.legacy or rng.random() < 0.4):
            _implementation(world, deal, party_ids, upload, extra, milestones, contributions)
            _monev(world, deal, party_ids, upload, extra, reports, evidence)
        if deal.status != S.DRAFT and rng.random() < 0.45:
            authors = [p for _, org in party_ids for p in world.people_of(org.id)]
            authors = authors or [secretary]
            stop = world.now - 60 if deal.ended_at is None else deal.ended_at
            if deal.status == S.COMPLETED:
                stop = at_local(deal.end, 16)
            for _ in range(world.between(1, 4)):
                comments.add(
                    comments.new_id(),
                    deal.id,
                    world.pick(authors + [secretary]),
                    world.pick(words.COMMENTS),
                    None,
                    fmt_ts(world.between(deal.created + 3600, max(deal.created + 7200, stop))),
                )
        if deal.termination is not None:
            admins = [p for _, org in party_ids for p in world.people_of(org.id, ("admin",))]
            requester = world.pick(admins) if admins else creator
            deal.termination = (deal.termination, requester, world.pick(words.REVOCATION_NOTES))
            extra.append(
                (
                    deal.termination[0],
                    EventKind.TERMINATION_REQUESTED,
                    deal.termination[2],
                    requester,
                )
            )
        elif deal.status == S.IN_FORCE and rng.random() < 0.015:
            admins = [p for _, org in party_ids for p in world.people_of(org.id, ("admin",))]
            if admins:
                at = world.between(deal.in_force_at + DAY, world.now - 3600)
                requester = world.pick(admins)
                reason = "Program tidak lagi sejalan dengan prioritas daerah."
                deal.termination = (at, requester, reason)
                extra.append((at, EventKind.TERMINATION_REQUESTED, reason, requester))
        if deal.renewed_by is not None:
            extra.append(
                (deal.renewed_by.created, EventKind.RENEWED, deal.renewed_by.reference, creator)
            )
        # The history, in time order (ids follow it, as they would have).
        rows = [(at, "status", frm, to, "", actor, note) for at, frm, to, actor, note in events]
        rows += [(at, kind, "", "", detail, actor, "") for at, kind, detail, actor in extra]
        rows.sort(key=lambda row: row[0])
        for at, kind, frm, to, detail, actor, note in rows:
            transitions.line(
                f"{transitions.new_id()}\t{deal.id}\t{kind}\t{frm}\t{to}\t{detail}\t"
                f"{NULL if actor is None else actor}\t{fmt_ts(at)}\t{note}"
            )
        status_changed = max(row[0] for row in rows if row[1] == "status")
        updated = max(row[0] for row in rows)
        signing = deal.signing is not None or deal.signed_at is not None
        signing_date = deal.signed_at
        if deal.status == S.SCHEDULED:
            signing_date = min(world.now + world.between(3, 45) * DAY, at_local(deal.start, 9))
            signing_date = max(signing_date, world.now + 3600)
        regency = deal.agencies[0].regency
        place = world.pick(words.SIGNING_PLACES).format(
            seat=regency[3], acronym=deal.agencies[0].acronym or deal.agencies[0].name
        )
        termination = deal.termination or (None, None, "")
        table.add(
            deal.id,
            deal.reference,
            deal.title,
            deal.kind,
            deal.coop,
            deal.parent.id if deal.parent else None,
            deal.renewal_of.id if deal.renewal_of else None,
            world.pick(texts["background"]),
            world.pick(texts["purpose"]),
            world.pick(texts["scope"]),
            world.pick(texts["benefits"]),
            fmt_day(deal.start),
            fmt_day(deal.end),
            deal.visibility,
            deal.legacy,
            deal.status,
            fmt_ts(status_changed),
            fmt_ts(signing_date) if signing and not deal.legacy else None,
            place[:200] if signing and not deal.legacy else "",
            world.pick(["desk", "ceremony", "hybrid"]) if signing and not deal.legacy else "",
            fmt_day(local_day(deal.signed_at)) if deal.signed_at else None,
            deal.signed_at is not None or deal.legacy,
            deal.signed_at is not None or deal.legacy,
            deal.signed_at is not None or deal.legacy,
            deal.monev_per_year,
            fmt_ts(termination[0]),
            termination[1],
            termination[2],
            deal.creator,
            fmt_ts(deal.created),
            fmt_ts(max(updated, last)),
        )
        _reminders(world, deal)


def _implementation(world, deal, party_ids, upload, extra, milestones, contributions):
    """Milestones and financing of an agreement that came into force."""
    rng, today = world.rng, world.today
    since = local_day(deal.in_force_at)
    stop_day = deal.end if deal.ended_at is None else local_day(deal.ended_at)
    editors = [p for _, org in party_ids for p in world.people_of(org.id, ("admin", "editor"))]
    editor = (lambda: world.pick(editors)) if editors else world.a_secretary
    titles = rng.sample(words.MILESTONES, k=world.between(2, 4))
    for title in titles:
        due = world.between(since + 20, max(since + 21, deal.end - 1))
        responsible, org = world.pick(party_ids)
        added = min(
            world.between(deal.in_force_at + 3600, deal.in_force_at + 30 * DAY), world.now - 60
        )
        added = min(added, at_local(due, 8))
        status, completed, evidence_id = MilestoneStatus.PLANNED, None, None
        ended = deal.status != S.IN_FORCE
        done_share = (1.0 if deal.status == S.COMPLETED else 0.85) if due <= today else 0.06
        if rng.random() < done_share:
            status = MilestoneStatus.DONE
        elif rng.random() < 0.35:
            status = MilestoneStatus.IN_PROGRESS
        if ended and due > stop_day and status == MilestoneStatus.DONE:
            status = MilestoneStatus.PLANNED  # the agreement was revoked before it came
        if status == MilestoneStatus.DONE:
            completed = min(due - world.between(0, 20), today, stop_day)
            completed = max(completed, local_day(added))
            if rng.random() < 0.3:
                evidence_id = upload(
                    DocumentKind.EVIDENCE, f"Bukti: {title}", at_local(completed, 10), editor()
                )
            done_at = min(at_local(completed, 10, 30), world.now - 60)
            extra.append((done_at, EventKind.MILESTONE_DONE, title, editor()))
        extra.append((added, EventKind.MILESTONE_ADDED, title, editor()))
        milestone_id = milestones.new_id()
        milestones.add(
            milestone_id,
            deal.id,
            title,
            responsible,
            fmt_day(due),
            status,
            fmt_day(completed) if completed is not None else None,
            evidence_id,
            "",
        )
        _milestone_reminders(world, deal, milestone_id, title, org, due, added, completed)
    for party_id, org in party_ids:
        for number in range(1 if rng.random() < 0.85 else 2):
            source = world.pick(FUNDING[org.kind])
            planned = world.between(5, 500) * 10_000_000
            if deal.status == S.COMPLETED:
                realised = planned * world.between(60, 110) // 100
            else:
                elapsed = (min(today, stop_day) - since) / max(1, deal.end - since)
                realised = int(planned * min(1.0, elapsed) * rng.uniform(0.5, 1.1))
            realised -= realised % 100_000
            at = min(deal.in_force_at + world.between(DAY, 60 * DAY) + number, world.now - 60)
            contributions.add(
                contributions.new_id(),
                deal.id,
                party_id,
                source,
                "cash" if rng.random() < 0.7 else "in_kind",
                planned,
                max(0, realised),
                "" if rng.random() < 0.6 else "Honor narasumber, bahan praktik, dan konsumsi.",
            )
            extra.append(
                (
                    at,
                    EventKind.FINANCING,
                    f"{org.name}: {format_rupiah(planned)}"[:300],
                    editor(),
                )
            )


def _monev(world, deal, party_ids, upload, extra, reports, evidence):
    """A report for most periods since it came into force, reviewed by the secretariat."""
    rng, today = world.rng, world.today
    per_year = deal.monev_per_year
    since = max(deal.start, local_day(deal.in_force_at))
    last_day = min(deal.end, today)
    if deal.ended_at is not None:
        last_day = min(last_day, local_day(deal.ended_at))
    day, made = since, 0
    completed = deal.status == S.COMPLETED
    while day <= last_day and made < 12:
        year, number, _start, end = monev.period_of(_date(day), per_year)
        end_day = day_number(end)
        due_day = end_day + monev.MONEV_GRACE_DAYS
        day = end_day + 1
        if end_day > today:
            break  # the period is still running
        if rng.random() > (0.85 if completed else 0.72):
            continue
        party_id, org = world.pick(party_ids)
        editors = world.people_of(org.id, ("admin", "editor"))
        by = world.pick(editors) if editors else world.a_secretary()
        submitted = at_local(world.between(end_day - 3, due_day + 20), world.between(8, 16))
        submitted = max(min(submitted, world.now - 3600), deal.in_force_at + 3600)
        status = rng.choices(
            [ReportStatus.ACCEPTED, ReportStatus.RETURNED, ReportStatus.SUBMITTED],
            weights=[85, 7, 8],
        )[0]
        reviewed = submitted + world.between(DAY, 20 * DAY)
        if reviewed >= world.now:
            status = ReportStatus.SUBMITTED
        reviewer = world.a_secretary() if status != ReportStatus.SUBMITTED else None
        label = monev.label(year, number, per_year)
        trainees = world.between(0, 120)
        report_id = reports.new_id()
        reports.add(
            report_id,
            deal.id,
            party_id,
            year,
            number,
            world.pick(words.MONEV_ACTIVITIES).format(n=trainees, m=world.between(1, 30)),
            world.between(0, 200),
            world.between(0, 500) * 10_000_000,
            trainees,
            world.between(0, 40),
            world.between(0, 12),
            "" if rng.random() < 0.5 else "Para mitra menyediakan tempat dan narasumber.",
            world.pick(words.MONEV_OBSTACLES),
            world.pick(words.MONEV_FOLLOW_UPS),
            rng.choices(["continue", "expand", "stop"], weights=[65, 28, 7])[0],
            status,
            by,
            fmt_ts(submitted),
            reviewer,
            fmt_ts(reviewed) if reviewer else None,
            "Lengkapi angka tenaga kerja terserap." if status == ReportStatus.RETURNED else "",
        )
        if rng.random() < 0.25:
            document_id = upload(DocumentKind.REPORT, f"Bukti monev {label}", submitted - 60, by)
            evidence.add(evidence.new_id(), report_id, document_id)
        extra.append((submitted, EventKind.MONEV_SUBMITTED, label, by))
        if reviewer:
            kind = (
                EventKind.MONEV_ACCEPTED
                if status == ReportStatus.ACCEPTED
                else EventKind.MONEV_RETURNED
            )
            extra.append((reviewed, kind, label, reviewer))
        deal_reports = world._monev_reports.setdefault(deal.id, {})
        deal_reports[(year, number)] = (status, submitted)
        made += 1


def _date(day):
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=day)


# --- Reminders ------------------------------------------------------------------------------------


def _ending_message(deal):
    def message(person, offset):
        language = person.language
        days = offset
        if days > 0:
            title = translated(language, "%(reference)s ends in %(days)s days") % {
                "reference": deal.reference,
                "days": days,
            }
        else:
            title = translated(language, "%(reference)s ends today") % {"reference": deal.reference}
        body = translated(
            language,
            "“%(title)s” ends on %(date)s. Agree with the other parties in time whether to renew "
            "it (an addendum or a new agreement) or let it end.",
        ) % {"title": deal.title, "date": long_date(deal.end, language)}
        return title, body, f"/kerja-sama/kelola/{deal.reference}/"

    return message


def _reminders(world, deal):
    reminders = world.reminders
    if deal.status not in LIVE and deal.status not in {S.COMPLETED, S.REVOKED}:
        return
    if deal.legacy and deal.status == S.COMPLETED and deal.created > at_local(deal.end, 8):
        return
    live_from = deal.signed_at or deal.in_force_at or deal.created
    until = None
    if deal.status == S.REVOKED:
        until = deal.ended_at
    agencies = [org.id for _, org in deal.parties]
    renewed = deal.renewed_by

    def ending_recipients(due):
        people = [p for agency in agencies for p in world.people_of(agency, ("admin",))]
        return people + world.active_secretariat()

    def ending_relevant(due):
        return not (
            renewed is not None
            and renewed.status in LIVE | {S.COMPLETED}
            and renewed.signed_at is not None
            and renewed.signed_at < due
        )

    moment = at_local(deal.end, 8)
    reminders.schedule(
        "agreement_ending",
        Agreement,
        deal.id,
        moment,
        ends=at_local(deal.end, 23, 59, 59),
        synced=live_from,
        until=until,
        relevant=ending_relevant,
        recipients=ending_recipients,
        message=_ending_message(deal),
    )
    if deal.status not in {S.IN_FORCE, S.COMPLETED, S.REVOKED} or deal.in_force_at is None:
        return
    # Monev: each period's report due 15 days after it ends, reminded then and a week later.
    reports = world._monev_reports.get(deal.id, {})
    per_year = deal.monev_per_year
    day = max(deal.start, local_day(deal.in_force_at))
    stop = deal.end if deal.ended_at is None else local_day(deal.ended_at)
    editors = [p for agency in agencies for p in world.people_of(agency, ("admin", "editor"))]
    while day <= stop:
        year, number, start, end = monev.period_of(_date(day), per_year)
        end_day = day_number(end)
        day = end_day + 1
        due_day = end_day + monev.MONEV_GRACE_DAYS
        if due_day > deal.end + monev.MONEV_GRACE_DAYS:
            break
        moment = at_local(due_day, 8)
        if moment + 8 * DAY < world.history_start:
            continue
        report = reports.get((year, number))

        def relevant(due, report=report):
            return report is None or report[0] == ReportStatus.RETURNED or report[1] > due

        def message(person, offset, due_day=due_day):
            language = person.language
            template = (
                "Monev report overdue: %(reference)s"
                if offset < 0
                else "Monev report due: %(reference)s"
            )
            title = translated(language, template) % {"reference": deal.reference}
            body = translated(
                language, "The monitoring and evaluation report of “%(title)s” is due on %(date)s."
            ) % {"title": deal.title, "date": long_date(due_day, language)}
            return title, body, f"/kerja-sama/kelola/{deal.reference}/#monev"

        # The daily sync makes a period's rows once the one before has had its last reminder,
        # and cancels them when the agreement stops being in force.
        synced = max(deal.in_force_at, at_local(day_number(start) + 23, 1))
        until_monev = until
        if deal.status == S.COMPLETED:
            until_monev = at_local(deal.end + 1, 0, 5)
        reminders.schedule(
            "monev_due",
            Agreement,
            deal.id,
            moment,
            ends=at_local(due_day, 23, 59, 59),
            synced=synced,
            until=until_monev,
            relevant=relevant,
            recipients=lambda due: editors,
            message=message,
        )
        if moment + 7 * DAY > world.now:
            break  # the reminders of later periods are made when this one's are out


def _milestone_reminders(world, deal, milestone_id, title, org, due, added, completed):
    # Marking it done cancels its reminders; an agreement that stopped makes the scanner drop
    # them when they fall due (the rule asks for an agreement that is signed or in force).
    until = None if completed is None else min(at_local(completed, 10, 30), world.now - 60)
    stopped = deal.ended_at
    if deal.status == S.COMPLETED:
        stopped = at_local(deal.end + 1, 0, 5)

    def relevant(due_at):
        return stopped is None or due_at < stopped

    def message(person, offset):
        language = person.language
        if offset < 0:
            subject = translated(language, "Milestone overdue: %(title)s") % {"title": title}
            body = translated(language, "“%(title)s” of %(reference)s was due on %(date)s.")
        else:
            subject = translated(language, "Milestone due in %(days)s days: %(title)s") % {
                "days": max(offset, 0),
                "title": title,
            }
            body = translated(language, "“%(title)s” of %(reference)s is due on %(date)s.")
        body %= {"title": title, "reference": deal.reference, "date": long_date(due, language)}
        return subject, body, f"/kerja-sama/kelola/{deal.reference}/#milestones"

    editors = world.people_of(org.id, ("admin", "editor"))
    world.reminders.schedule(
        "milestone_due",
        Milestone,
        milestone_id,
        at_local(due, 8),
        ends=at_local(due, 23, 59, 59),
        synced=added,
        until=until,
        relevant=relevant,
        recipients=lambda due_at: editors,
        message=message,
    )


def agreement_forums(world):
    """Public agreements people wrote about have a forum of their own (forums.placement)."""
    public = [
        d
        for d in world.agreements
        if d.visibility == Visibility.PUBLIC and d.status in {S.IN_FORCE, S.COMPLETED}
    ]
    count = max(2, round(len(public) * 0.04))
    return world.rng.sample(public, k=min(count, len(public)))
