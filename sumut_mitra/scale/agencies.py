"""Agencies of every kind across the 33 regencies: mostly verified, some waiting, rejected or
suspended, each with its history, members in every role, invitations and capabilities."""

from django.utils import translation
from django.utils.text import slugify

from agencies.enums import AgencyEventKind, AgencyStatus, CapabilityKind, MemberRole
from agencies.models import (
    Agency,
    AgencyEvent,
    Capability,
    Invitation,
    Membership,
    normalise_agency_name,
)

from . import Registered, quota_list, words
from .base import DAY, fmt_ts

LANDMARK = (
    "UPTD Balai Latihan Kerja Industri Sumatera Utara",
    "BLKI Sumut",
    "opd",
    "12.71",
    ["tenaga-kerja", "perindustrian"],
)
KIND_SHARES = {
    "opd": 30,
    "vertical": 7,
    "soe": 7,
    "private": 25,
    "university": 7,
    "ngo": 7,
    "association": 5,
    "cooperative": 8,
    "community": 4,
}
ROMAN_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
STATUS_SHARES = {"verified": 84, "pending": 8, "rejected": 5, "suspended": 3}
AGENCY_COLUMNS = [
    "id",
    "name",
    "normalised_name",
    "acronym",
    "slug",
    "kind",
    "regency_id",
    "address",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    "description",
    "logo",
    "status",
    "status_changed_at",
    "status_changed_by_id",
    "status_reason",
    "registered_by_id",
    "created_at",
    "updated_at",
]
EVENT_COLUMNS = [
    "id",
    "agency_id",
    "kind",
    "actor_id",
    "at",
    "from_status",
    "to_status",
    "reason",
    "detail",
]
REJECTION_REASONS = [
    "Dokumen legalitas belum dilampirkan.",
    "Instansi ini sudah terdaftar; gunakan akun yang ada.",
    "Alamat dan kontak tidak dapat diverifikasi.",
]
SUSPENSION_REASONS = [
    "Izin usaha sedang dibekukan.",
    "Dilaporkan menyalahgunakan nama mitra pemerintah.",
]


class Org:
    __slots__ = (
        "id",
        "name",
        "acronym",
        "kind",
        "status",
        "regency",
        "sectors",
        "created",
        "registrant",
    )

    def __init__(self, name, acronym, kind, regency, sectors):
        self.name = name
        self.acronym = acronym
        self.kind = kind
        self.regency = regency
        self.sectors = sectors
        self.id = None
        self.status = None
        self.created = None
        self.registrant = None

    @property
    def verified(self):
        return self.status == AgencyStatus.VERIFIED


def _regency(world):
    if world.chance(0.25):
        return world.regency_by_code["12.71"]
    if world.chance(0.08):
        return world.regency_by_code["12.07"]
    return world.pick(world.regencies)


def _short(regency):
    return regency[2].removeprefix("Kabupaten ").removeprefix("Kota ")


def _candidates(world, kind):
    """Every name an agency of `kind` can have here: (name, acronym, regency or None, sector
    slugs); a None regency is drawn when the name is used."""
    provincial = world.regency_by_code["12.71"], "Provinsi Sumatera Utara", "Sumut"
    places = [provincial] + [(r, r[2], _short(r)) for r in world.regencies]
    made = []
    if kind == "opd":
        for regency, scope, place in places:
            for _short_name, field, stem, sectors in words.OPD_FIELDS:
                made.append((f"Dinas {field} {scope}", f"{stem} {place}", regency, sectors))
            for body, stem, sectors in words.OPD_BODIES:
                made.append((f"{body} {scope}", f"{stem} {place}", regency, sectors))
            for unit, sectors in words.UPTD_UNITS:
                made.append((f"{unit} {scope}", "", regency, sectors))
        for number in ROMAN_NUMERALS:
            for _short_name, field, _stem, sectors in words.OPD_FIELDS:
                name = f"Cabang Dinas {field} Wilayah {number} Provinsi Sumatera Utara"
                made.append((name, "", None, sectors))
    elif kind == "vertical":
        for regency, _scope, place in places[1:]:
            for body, stem, sectors in words.VERTICAL_BODIES:
                made.append((f"{body} {place}", f"{stem} {place}", regency, sectors))
    elif kind == "soe":
        for stem, sectors in words.SOE_STEMS:
            for word in words.COMPANY_WORDS:
                made.append((f"{stem} {word}", "", None, sectors))
            for regency, _scope, place in places[1:]:
                made.append((f"{stem} {place}", "", regency, sectors))
    elif kind == "private":
        for form in ("PT", "CV", "UD"):
            for first in words.COMPANY_WORDS:
                for second in words.COMPANY_WORDS:
                    if first != second:
                        for industry, sectors in words.INDUSTRIES:
                            made.append((f"{form} {first} {second} {industry}", "", None, sectors))
    elif kind == "university":
        for form, stem in words.UNIVERSITY_FORMS:
            for word in words.COMPANY_WORDS:
                made.append((f"{form} {word}", f"{stem}{word[:1]}", None, ["pendidikan-riset"]))
            for regency, _scope, place in places[1:]:
                made.append(
                    (f"{form} {place}", f"{stem}{place[:1]}", regency, ["pendidikan-riset"])
                )
    elif kind == "ngo":
        for form in words.NGO_FORMS:
            for cause, sectors in words.NGO_CAUSES:
                for regency, _scope, place in places[1:]:
                    made.append((f"{form} {cause} {place}", "", regency, sectors))
    elif kind == "association":
        for name, stem, sectors in words.ASSOCIATIONS:
            for regency, scope, place in places:
                made.append((f"{name} {scope}", f"{stem} {place}", regency, sectors))
    elif kind == "cooperative":
        for form, sectors in words.COOPERATIVE_FORMS:
            for product in words.PRODUCTS:
                for village in words.VILLAGES:
                    made.append((f"{form} {product} {village}", "", None, sectors))
    else:
        for form, sectors in words.COMMUNITY_FORMS:
            for word in words.COMPANY_WORDS:
                for village in words.VILLAGES:
                    made.append((f"{form} {word} {village}", "", None, sectors))
    # Shuffled, those of Medan (and the province) and Deli Serdang first more often: most
    # agencies and companies sit there.
    medan, deli = world.regency_by_code["12.71"], world.regency_by_code["12.07"]
    weight = {medan[0]: 6.0, deli[0]: 2.0}
    random = world.random
    keyed = [
        (random() ** (1 / weight.get(entry[2][0] if entry[2] else None, 1.0)), index)
        for index, entry in enumerate(made)
    ]
    keyed.sort()  # taken from the end: the highest keys first
    return [made[index] for _key, index in keyed]


def _unique_org(world, kind, taken, pools):
    pool = pools.get(kind)
    if pool is None:
        pool = pools[kind] = _candidates(world, kind)
    while pool:
        name, acronym, regency, sectors = pool.pop()
        key = normalise_agency_name(name)
        if key and key not in taken:
            break
    else:  # every name used (far beyond factor 10): number them
        name, acronym, regency, sectors = _candidates(world, kind)[0]
        number = 2
        while normalise_agency_name(f"{name} {number}") in taken:
            number += 1
        name, key = f"{name} {number}", normalise_agency_name(f"{name} {number}")
    taken.add(key)
    if regency is None:
        regency = _regency(world)
    if kind == "private" and name.startswith("PT ") and world.chance(0.1):
        name = f"{name} Tbk"
    return Org(name, acronym[:30].strip(), kind, regency, sectors)


def plan(world, existing_names):
    """The agencies and how many people work in each (before the people exist)."""
    rng, count = world.rng, world.plan.agencies
    taken = set(existing_names)
    landmark = Org(*LANDMARK[:3], world.regency_by_code[LANDMARK[3]], LANDMARK[4])
    taken.add(normalise_agency_name(landmark.name))
    landmark.status = AgencyStatus.VERIFIED
    landmark.created = world.start + 20 * DAY
    orgs = [landmark]
    world._landmark = landmark
    kinds = quota_list(count - 1, KIND_SHARES, rng)
    statuses = quota_list(count - 1, STATUS_SHARES, rng)
    verified_names = []
    pools = {}
    for kind, status in zip(kinds, statuses, strict=True):
        if status == AgencyStatus.REJECTED and verified_names and world.chance(0.3):
            # Registered a second time by someone who did not know it was there already.
            twin = world.pick(verified_names)
            org = Org(twin.name, twin.acronym, twin.kind, twin.regency, twin.sectors)
        else:
            org = _unique_org(world, kind, taken, pools)
        org.status = status
        if status == AgencyStatus.PENDING:
            org.created = world.between(world.now - 60 * DAY, world.now - 3600)
        else:
            # Most were on board from the launch (with their staff); others joined since.
            launch = world.start + 14 * DAY
            if status != AgencyStatus.REJECTED and world.chance(0.7):
                org.created = world.between(world.start + 11 * DAY, launch)
            else:
                org.created = world.growing(launch, world.now - 45 * DAY)
        if status == AgencyStatus.VERIFIED:
            verified_names.append(org)
        orgs.append(org)
    sizes = {}
    for org in orgs:
        if org.status in {AgencyStatus.PENDING, AgencyStatus.REJECTED}:
            sizes[id(org)] = 1
        elif org is landmark:
            sizes[id(org)] = 12
        else:
            sizes[id(org)] = 1 + min(
                rng.choices(range(9), weights=[5, 9, 8, 6, 4, 3, 2, 1, 1])[0], 8
            )
    world._agency_sizes = sizes
    world._orgs = orgs
    seats = sum(sizes.values())
    return max(2, round(seats * 0.94))  # a few people work in two agencies


def _website(world, org, slug):
    domain = {
        "opd": "sumutprov.go.id",
        "vertical": "go.id",
        "university": "ac.id",
        "ngo": "or.id",
        "association": "or.id",
    }.get(org.kind, "co.id")
    short = slug[:24].strip("-")
    return f"https://{short}.{domain}", f"info@{short}.{domain}"


def build(world, existing_slugs):
    """Write the agencies with their members, history, invitations and capabilities."""
    rng, load = world.rng, world.load
    orgs = sorted(world._orgs, key=lambda org: org.created)
    agencies = load.table(Agency, AGENCY_COLUMNS, total=len(orgs))
    sectors_through = load.table(Agency.sectors.through, ["id", "agency_id", "sector_id"])
    events = load.table(AgencyEvent, EVENT_COLUMNS)
    memberships = load.table(Membership, ["id", "user_id", "agency_id", "role", "created_at"])
    invitations = load.table(
        Invitation,
        [
            "id",
            "agency_id",
            "email",
            "role",
            "token",
            "invited_by_id",
            "created_at",
            "expires_at",
            "accepted_at",
            "accepted_by_id",
            "revoked_at",
        ],
    )
    capabilities = load.table(
        Capability,
        [
            "id",
            "agency_id",
            "title",
            "kind",
            "sector_id",
            "description",
            "regency_id",
            "created_at",
            "updated_at",
        ],
    )
    slugs = set(existing_slugs)
    known = world.staff[0]  # skala.staf: the first seat (its admin) of the landmark agency
    staff = world.staff[1:]
    rng.shuffle(staff)
    free = iter(staff)
    extra_pool = staff
    invitation_number = 0
    with translation.override("id"):
        role_labels = {role: str(role.label) for role in MemberRole}

    def event(agency_id, kind, actor, at, *, from_status="", to_status="", reason="", detail=""):
        events.add(
            events.new_id(),
            agency_id,
            kind,
            actor,
            fmt_ts(at),
            from_status,
            to_status,
            reason,
            detail[:300],
        )

    for org in orgs:
        org.id = agencies.new_id()
        world.agencies.append(org)
        slug = base_slug = slugify(org.name)[:72].strip("-") or "instansi"
        number = 2
        while slug in slugs:
            slug = f"{base_slug}-{number}"
            number += 1
        slugs.add(slug)
        # People: the first seat is the admin who registered it (or the first one invited).
        seats = world._agency_sizes[id(org)]
        chosen = [known] if org is world._landmark else []
        for _ in range(seats - len(chosen)):
            person = next(free, None)
            if person is None or person in chosen:
                person = world.pick(extra_pool)
            if person not in chosen:
                chosen.append(person)
        registrant = chosen[0]
        registered_by_secretariat = org.status == AgencyStatus.VERIFIED and rng.random() < 0.3
        org.created = max(org.created, registrant.joined + 3600)
        if org.created >= world.now:
            org.created = world.now - 600
        secretary = world.a_secretary()
        verified_at = org.created + world.between(DAY // 2, 8 * DAY)
        changed_at, changed_by, reason = org.created, registrant.id, ""
        if registered_by_secretariat:
            changed_at, changed_by = org.created, secretary
            event(
                org.id,
                AgencyEventKind.STATUS_CHANGED,
                secretary,
                org.created,
                from_status=AgencyStatus.PENDING,
                to_status=AgencyStatus.VERIFIED,
            )
        else:
            event(
                org.id,
                AgencyEventKind.REGISTERED,
                registrant.id,
                org.created,
                to_status=AgencyStatus.PENDING,
            )
            if org.status != AgencyStatus.PENDING:
                to = (
                    AgencyStatus.REJECTED
                    if org.status == AgencyStatus.REJECTED
                    else AgencyStatus.VERIFIED
                )
                reason = world.pick(REJECTION_REASONS) if to == AgencyStatus.REJECTED else ""
                changed_at = min(verified_at, world.now - 60)
                changed_by = secretary
                event(
                    org.id,
                    AgencyEventKind.STATUS_CHANGED,
                    secretary,
                    changed_at,
                    from_status=AgencyStatus.PENDING,
                    to_status=to,
                    reason=reason,
                )
        if org.status == AgencyStatus.SUSPENDED:
            changed_at = world.between(verified_at + 30 * DAY, world.now - DAY)
            changed_at = max(changed_at, verified_at + 60)
            reason = world.pick(SUSPENSION_REASONS)
            event(
                org.id,
                AgencyEventKind.STATUS_CHANGED,
                secretary,
                changed_at,
                from_status=AgencyStatus.VERIFIED,
                to_status=AgencyStatus.SUSPENDED,
                reason=reason,
            )
        regency = org.regency
        latitude = longitude = None
        if rng.random() < 0.8:
            latitude = f"{float(regency[4]) + rng.uniform(-0.04, 0.04):.5f}"
            longitude = f"{float(regency[5]) + rng.uniform(-0.04, 0.04):.5f}"
        website, email = _website(world, org, slug)
        sector_ids = [world.sectors[s] for s in org.sectors if s in world.sectors]
        if not sector_ids:
            sector_ids = [world.pick(world.sector_ids)]
        if rng.random() < 0.3:
            extra = world.pick(world.sector_ids)
            if extra not in sector_ids:
                sector_ids.append(extra)
        org.sectors = sector_ids
        field = world.sector_names[sector_ids[0]].lower()
        agencies.add(
            org.id,
            org.name,
            normalise_agency_name(org.name),
            org.acronym,
            slug,
            org.kind,
            regency[0],
            f"{world.pick(words.STREETS)} No. {world.between(1, 240)}, {regency[3]}",
            latitude,
            longitude,
            website if rng.random() < 0.45 else "",
            email if rng.random() < 0.7 else "",
            f"061-{world.between(4_000_000, 8_999_999)}" if rng.random() < 0.7 else "",
            world.pick(words.AGENCY_DESCRIPTIONS[org.kind]).format(field=field),
            "",
            org.status,
            fmt_ts(changed_at),
            changed_by,
            reason,
            None if registered_by_secretariat else registrant.id,
            fmt_ts(org.created),
            fmt_ts(max(org.created, changed_at)),
        )
        for sector_id in sector_ids:
            sectors_through.add(sectors_through.new_id(), org.id, sector_id)
        # Members: the registrant at once; the others through an invitation they accepted.
        members = world.members.setdefault(org.id, [])
        admins = [registrant.id]
        for index, person in enumerate(chosen):
            if index == 0:
                role = MemberRole.ADMIN
                since = org.created
            else:
                role = rng.choices(
                    [MemberRole.ADMIN, MemberRole.EDITOR, MemberRole.VIEWER], weights=[12, 48, 40]
                )[0]
                since = max(org.created, person.joined) + world.between(DAY, 90 * DAY)
                if since >= world.now:
                    since = world.between(max(org.created, person.joined), world.now - 60)
                inviter = world.pick(admins)
                invited = since - world.between(3600, 5 * DAY)
                invited = max(invited, org.created + 60)
                invitation_number += 1
                invitations.add(
                    invitations.new_id(),
                    org.id,
                    person.email,
                    role,
                    world.hex_token(64),
                    inviter,
                    fmt_ts(invited),
                    fmt_ts(invited + 7 * DAY),
                    fmt_ts(max(since, invited + 60)),
                    person.id,
                    None,
                )
                label = f"{person.email} ({role_labels[role]})"
                event(org.id, AgencyEventKind.MEMBER_INVITED, inviter, invited, detail=label)
                event(org.id, AgencyEventKind.MEMBER_JOINED, person.id, since, detail=label)
                if role == MemberRole.ADMIN:
                    admins.append(person.id)
            memberships.add(memberships.new_id(), person.id, org.id, role, fmt_ts(since))
            members.append((person.id, role))
        if not org.verified and org.status != AgencyStatus.SUSPENDED:
            continue
        # Invitations still open (a few expired unanswered) or withdrawn.
        for _ in range(rng.choices([0, 1, 2], weights=[70, 24, 6])[0]):
            invitation_number += 1
            inviter = world.pick(admins)
            state = rng.choices(["open", "expired", "revoked"], weights=[55, 30, 15])[0]
            if state == "open":
                invited = world.between(world.now - 6 * DAY, world.now - 600)
            else:
                invited = world.between(org.created + DAY, world.now - 8 * DAY)
            email = f"calon.anggota.{invitation_number}@contoh.id"
            role = rng.choice([MemberRole.EDITOR, MemberRole.VIEWER])
            revoked = invited + world.between(3600, 5 * DAY) if state == "revoked" else None
            invitations.add(
                invitations.new_id(),
                org.id,
                email,
                role,
                world.hex_token(64),
                inviter,
                fmt_ts(invited),
                fmt_ts(invited + 7 * DAY),
                None,
                None,
                fmt_ts(revoked),
            )
            event(
                org.id,
                AgencyEventKind.MEMBER_INVITED,
                inviter,
                invited,
                detail=f"{email} ({role_labels[role]})",
            )
            if revoked:
                event(org.id, AgencyEventKind.INVITATION_REVOKED, inviter, revoked, detail=email)
        # What the agency offers partners.
        for _ in range(rng.choices(range(5), weights=[25, 30, 25, 12, 8])[0]):
            kind = world.pick(list(CapabilityKind.values))
            title = world.pick(words.CAPABILITY_TITLES[kind]).format(
                n=world.between(2, 40),
                skill=world.pick(words.SKILLS),
                thing=world.pick(words.THINGS),
            )
            created = world.between(org.created + DAY, world.now - 600)
            updated = created if rng.random() < 0.7 else world.between(created, world.now - 60)
            capabilities.add(
                capabilities.new_id(),
                org.id,
                title,
                kind,
                world.pick(sector_ids),
                f"{title} untuk mitra {org.acronym or org.name}: dapat dipakai bersama dalam "
                "pelatihan, riset, atau program kerja sama.",
                world.pick(world.regencies)[0] if rng.random() < 0.3 else None,
                fmt_ts(created),
                fmt_ts(updated),
            )
            event(
                org.id,
                AgencyEventKind.CAPABILITY_ADDED,
                world.pick(admins),
                created,
                detail=title,
            )
    world.landmark_agency = world._landmark
    world.verified_agencies = [org for org in world.agencies if org.verified]
    world.registered = Registered(world, world.verified_agencies)
    world.agency_by_id = {org.id: org for org in world.agencies}
