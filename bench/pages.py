"""The pages `make bench` measures, as data.

Each page names who looks at it (a role) and resolves its URL from whatever is in the database,
so the same list works on the demo data and on `seed_scale` data of any factor: the biggest
training, the submission with the most replies, a page number near the end of every paginated
list. A resolver also says what the page must contain (an object's title, a row's id, a
heading), so a page that answers 200 with the wrong content counts as broken.

Detail pages pick an object whose every section has rows: an empty section skips its queries,
which would make the page look cheaper than it is and its query count depend on the pick.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from agencies import selectors as agency_selectors
from agencies.enums import AgencyStatus, MemberRole
from agencies.models import Agency, Capability, Membership, Regency, Sector
from agencies.rules import SECRETARIAT_GROUP, secretariat_users
from core import fulltext
from core.lists import PAGE_SIZE
from forums import selectors as forum_selectors
from forums.enums import ForumKind
from forums.models import Forum
from forums.rules import Visitor, public_submissions
from notifications.models import Notification
from partnerships import selectors as agreement_selectors
from partnerships.enums import AgreementStatus
from partnerships.rules import public_agreements, visible_agreements
from sumut_mitra import search as site_search
from trainings import selectors as training_selectors
from trainings.enums import Audience, CertificateStatus, TrainingStatus
from trainings.models import Certificate, Organiser, Training
from trainings.rules import organised_trainings

# Which throughput target applies: public pages, which anyone may open without signing in, and
# signed-in pages (staff work, and a resident's own pages), which also read a session and a user.
PUBLIC, SIGNED_IN = "public", "signed-in"
ANON, RESIDENT, STAFF_ROLE, SECRETARIAT = "anon", "resident", "staff", "secretariat"
ROLES = (ANON, RESIDENT, STAFF_ROLE, SECRETARIAT)
REGISTRATIONS_PAGE_SIZE = 50  # trainings.views.registrations

# seed_scale's accounts; on other data the roles are found by query (find_users).
SCALE_ACCOUNTS = {
    STAFF_ROLE: "skala.staf@sumutmitra.test",
    SECRETARIAT: "skala.sekretariat@sumutmitra.test",
    RESIDENT: "skala.warga@sumutmitra.test",
}


@dataclass(frozen=True)
class Target:
    """A resolved page: where it is and what its HTML must contain: every text of `expect`,
    and at least one of `expect_any` (the rows of a list page: a list ordered with ties may
    show them in another order than the query that picked them)."""

    url: str
    expect: tuple = ()
    expect_any: tuple = ()
    # More addresses of the same page, asked for in turn under load, one request each: a page
    # nobody asked for before (a search with new words), never answered from the page cache.
    variants: tuple = ()

    def missing(self, html, language=None):
        """What `html` lacks; headings are looked for in `language`, by default the portal's
        (a visitor without a language cookie gets that one)."""
        with translation.override(language or settings.LANGUAGE_CODE):
            texts = [str(text) for text in self.expect]
            any_of = [str(text) for text in self.expect_any]

        def found(text):
            return text in html or escape(text) in html

        missing = [text for text in texts if not found(text)]
        if any_of and not any(found(text) for text in any_of):
            missing.append(f"any of the {len(any_of)} rows, e.g. {any_of[0]}")
        return missing


@dataclass(frozen=True)
class Page:
    name: str
    kind: str  # PUBLIC or SIGNED_IN
    role: str  # one of ROLES
    resolve: Callable[["Context"], Target]


# --- Who looks ------------------------------------------------------------------------------------


class RoleNotFound(LookupError):
    pass


def biggest_public_training():
    """The published public training with the most registrations."""
    return (
        Training.objects.filter(status=TrainingStatus.PUBLISHED, audience=Audience.PUBLIC)
        .annotate(registration_count=Count("registrations"))
        .order_by("-registration_count", "pk")
        .first()
    )


def find_users():
    """The user of each signed-in role: seed_scale's accounts when they exist, otherwise the
    secretariat's first member, an admin of the agency organising the biggest training, and
    the person with the most registrations who belongs to no agency."""
    users = get_user_model().objects.filter(is_active=True)
    scale = {role: users.filter(email=email).first() for role, email in SCALE_ACCOUNTS.items()}
    found = {ANON: None}

    found[SECRETARIAT] = scale[SECRETARIAT] or secretariat_users().order_by("pk").first()

    staff = scale[STAFF_ROLE]
    if staff is None:
        training = biggest_public_training()
        lead = Organiser.objects.filter(training=training).order_by("-is_lead", "pk").first()
        if lead is not None:
            membership = (
                Membership.objects.filter(
                    agency_id=lead.agency_id, role=MemberRole.ADMIN, user__is_active=True
                )
                .select_related("user")
                .order_by("pk")
                .first()
            )
            staff = membership.user if membership else None
    found[STAFF_ROLE] = staff

    found[RESIDENT] = (
        scale[RESIDENT]
        or users.filter(is_superuser=False, training_registrations__isnull=False)
        .exclude(memberships__isnull=False)
        .exclude(groups__name=SECRETARIAT_GROUP)
        .annotate(registration_count=Count("training_registrations", distinct=True))
        .order_by("-registration_count", "pk")
        .first()
    )
    missing = [role for role, user in found.items() if role != ANON and user is None]
    if missing:
        raise RoleNotFound(
            f"No user for the role(s) {', '.join(missing)}: load seed_scale (or seed_demo) data."
        )
    return found


# --- What they look at ----------------------------------------------------------------------------


def deep_page(queryset, size=PAGE_SIZE):
    """A page number near the end of the list: a full page at almost the largest offset."""
    pages = Paginator(queryset, size).num_pages
    return max(1, pages - 1)


def rows_of_page(queryset, number, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(number).object_list


def with_query(url, *, page=1, **params):
    if page != 1:
        params["page"] = page
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def most_common_word(texts, min_length=5):
    words = Counter(
        word
        for text in texts
        for word in {w.strip(".,()-").lower() for w in text.split()}
        if len(word) >= min_length and word.isalpha() and word not in fulltext.STOP_WORDS
    )
    return words.most_common(1)[0][0] if words else ""


class Context:
    """The role users, and the objects several pages share, each looked up once."""

    def __init__(self, users):
        self.users = users
        self.anon = AnonymousUser()

    def user(self, role):
        return self.users[role] or self.anon

    @property
    def staff(self):
        return self.users[STAFF_ROLE]

    @cached_property
    def big_training(self):
        return biggest_public_training()

    @cached_property
    def organised_training(self):
        """The staff user's training with the most registrations (the big one, normally)."""
        return (
            organised_trainings(self.staff)
            .annotate(registration_count=Count("registrations"))
            .order_by("-registration_count", "pk")
            .first()
        )

    @cached_property
    def big_submission(self):
        """The published submission with the most public replies."""
        return (
            public_submissions()
            .annotate(
                public_replies=Count(
                    "replies",
                    filter=Q(
                        replies__kind__in=forum_selectors.PUBLIC_REPLY_KINDS,
                        replies__hidden=False,
                    ),
                )
            )
            .order_by("-public_replies", "pk")
            .first()
        )


def _list_target(url, queryset, number, *, size=PAGE_SIZE, show, heading=None, **params):
    """A paginated list at page `number`: one of the rows of that page must be on it."""
    return Target(
        with_query(url, page=number, **params),
        expect=(heading,) if heading is not None else (),
        expect_any=tuple(show(item) for item in rows_of_page(queryset, number, size)),
    )


def _needs(obj, what):
    if obj is None:
        raise LookupError(f"The data set has no {what}.")
    return obj


def home(ctx):
    heading = _("North Sumatra's industrial partnerships, in one open portal")
    return Target(reverse("home"), (heading,))


def directory(ctx, deep=False):
    queryset = agency_selectors.agency_directory(user=ctx.anon)
    number = deep_page(queryset) if deep else 1
    return _list_target(
        reverse("agencies:directory"), queryset, number, show=lambda a: a.get_absolute_url()
    )


def directory_search(ctx):
    names = Agency.objects.filter(status=AgencyStatus.VERIFIED).values_list("name", flat=True)
    query = _needs(most_common_word(names), "agency name to search for")
    queryset = agency_selectors.agency_directory(user=ctx.anon, query=query)
    return _list_target(
        reverse("agencies:directory"), queryset, 1, show=lambda a: a.get_absolute_url(), q=query
    )


def capability_search(ctx):
    titles = Capability.objects.filter(agency__status=AgencyStatus.VERIFIED).values_list(
        "title", flat=True
    )
    query = _needs(most_common_word(titles), "capability to search for")
    queryset = agency_selectors.capability_search(user=ctx.anon, query=query)
    return _list_target(
        reverse("agencies:capabilities"), queryset, 1, show=lambda c: c.title, q=query
    )


def agency_profile(ctx):
    """The verified agency party to the most agreements, among those organising a public
    training: the longest profile, every section filled."""
    organises = Organiser.objects.filter(
        agency=OuterRef("pk"),
        training__status__in=[TrainingStatus.PUBLISHED, TrainingStatus.COMPLETED],
        training__audience=Audience.PUBLIC,
    )
    agency = _needs(
        Agency.objects.filter(status=AgencyStatus.VERIFIED)
        .annotate(organises=Exists(organises), agreement_count=Count("parties"))
        .order_by("-organises", "-agreement_count", "pk")
        .first(),
        "verified agency",
    )
    return Target(agency.get_absolute_url(), (agency.name,))


def agreement_list(ctx, deep=False):
    queryset = agreement_selectors.agreement_public_list()
    number = deep_page(queryset) if deep else 1
    return _list_target(
        reverse("partnerships:list"), queryset, number, show=lambda a: a.get_public_url()
    )


def _most_public_agreements(model):
    """The sector or regency with the most public agreements."""
    return _needs(
        model.objects.annotate(
            n=Count("agreements", filter=Q(agreements__in=public_agreements().values("pk")))
        )
        .order_by("-n", "pk")
        .first(),
        model._meta.model_name,
    )


def agreement_list_filtered(ctx):
    """In force, in the sector with the most public agreements."""
    sector = _most_public_agreements(Sector)
    status = AgreementStatus.IN_FORCE
    queryset = agreement_selectors.agreement_public_list(status=status, sector=sector)
    return _list_target(
        reverse("partnerships:list"),
        queryset,
        1,
        show=lambda a: a.get_public_url(),
        heading=_("Partnerships"),
        status=status.value,
        sector=sector.slug,
    )


def _fullest_agreement(queryset):
    """The agreement with the most milestones among those whose page has every section: a
    training, a parent agreement, and (public ones) a forum."""
    return (
        queryset.annotate(
            has_training=Exists(Training.objects.filter(agreement=OuterRef("pk"))),
            is_public=Exists(public_agreements().filter(pk=OuterRef("pk"))),
            has_forum=Exists(Forum.objects.filter(agreement=OuterRef("pk"))),
            has_parent=ExpressionWrapper(Q(parent__isnull=False), output_field=BooleanField()),
            milestone_count=Count("milestones"),
        )
        .order_by(
            "-has_training", "-is_public", "-has_forum", "-has_parent", "-milestone_count", "pk"
        )
        .first()
    )


def agreement_public_detail(ctx):
    agreement = _needs(_fullest_agreement(public_agreements()), "public agreement")
    return Target(agreement.get_public_url(), (agreement.title, agreement.reference))


def agreement_manage_list(ctx, deep=False):
    queryset = agreement_selectors.agreement_list_for_user(user=ctx.staff)
    number = deep_page(queryset) if deep else 1
    return _list_target(
        reverse("partnerships:manage"),
        queryset,
        number,
        show=lambda a: a.get_absolute_url(),
        heading=_("Manage agreements"),
    )


def agreement_detail(ctx):
    agreement = _needs(
        _fullest_agreement(visible_agreements(ctx.staff)), "agreement of the staff user's agency"
    )
    return Target(agreement.get_absolute_url(), (agreement.title, agreement.reference))


def training_list(ctx, deep=False):
    queryset = training_selectors.training_upcoming_list(user=ctx.anon)
    number = deep_page(queryset) if deep else 1
    return _list_target(
        reverse("trainings:list"), queryset, number, show=lambda t: t.get_absolute_url()
    )


def training_archive(ctx, deep=False):
    queryset = training_selectors.training_archive_list(user=ctx.anon)
    number = deep_page(queryset) if deep else 1
    return _list_target(
        reverse("trainings:archive"), queryset, number, show=lambda t: t.get_absolute_url()
    )


def training_detail(ctx):
    training = _needs(ctx.big_training, "published public training")
    return Target(training.get_absolute_url(), (training.title,))


def training_manage_list(ctx):
    queryset = training_selectors.training_manage_list(user=ctx.staff)
    return _list_target(
        reverse("trainings:manage"),
        queryset,
        1,
        show=lambda t: reverse("trainings:manage_detail", args=[t.reference]),
        heading=_("Organise trainings"),
    )


def training_manage_detail(ctx):
    training = _needs(ctx.organised_training, "training organised by the staff user")
    return Target(reverse("trainings:manage_detail", args=[training.reference]), (training.title,))


def training_registrations(ctx, deep=False):
    training = _needs(ctx.organised_training, "training organised by the staff user")
    queryset = training_selectors.registrations_for_training(training)
    number = deep_page(queryset, REGISTRATIONS_PAGE_SIZE) if deep else 1
    return _list_target(
        reverse("trainings:registrations", args=[training.reference]),
        queryset,
        number,
        size=REGISTRATIONS_PAGE_SIZE,
        show=lambda r: f'id="registration-{r.pk}"',
        heading=training.title,
    )


def my_trainings(ctx):
    queryset = training_selectors.my_registrations(ctx.user(RESIDENT))
    return _list_target(
        reverse("trainings:mine"),
        queryset,
        1,
        show=lambda r: r.training.title,
        heading=_("My trainings"),
    )


def certificate_check(ctx):
    certificate = Certificate.objects.filter(status=CertificateStatus.READY).order_by("pk").first()
    code = certificate.code if certificate else "SRT-TIDAK-ADA"
    expect = (code, certificate.registration.training.title) if certificate else (code,)
    return Target(with_query(reverse("trainings:verify"), kode=code), expect)


def forum_index(ctx, deep=False):
    queryset = forum_selectors.submission_public_list()
    number = deep_page(queryset) if deep else 1
    return _list_target(
        reverse("forums:index"),
        queryset,
        number,
        show=lambda s: s.get_absolute_url(),
        heading=_("Residents' Forum"),
    )


def forum_area(ctx):
    """The topic area with the most published submissions."""
    busiest = (
        public_submissions()
        .filter(forum__kind=ForumKind.AREA, forum__is_active=True)
        .values("forum")
        .annotate(published=Count("pk"))
        .order_by("-published", "forum")
        .first()
    )
    forum = Forum.objects.get(pk=_needs(busiest, "topic area with submissions")["forum"])
    queryset = forum_selectors.submission_public_list(forum=forum)
    return _list_target(
        forum.get_absolute_url(),
        queryset,
        1,
        show=lambda s: s.get_absolute_url(),
        heading=forum.title,
    )


def forum_submission(ctx):
    submission = _needs(ctx.big_submission, "published submission")
    return Target(submission.get_absolute_url(), (submission.title, submission.tracking_code))


def forum_manage(ctx):
    submission = _needs(ctx.big_submission, "published submission")
    return Target(
        reverse("forums:manage", args=[submission.tracking_code]),
        (submission.title, submission.tracking_code),
    )


def forum_lookup(ctx):
    return Target(reverse("forums:lookup"), (_("Track with a code"),))


def forum_inbox(ctx, role):
    user = ctx.user(role)
    queryset = forum_selectors.inbox(user)
    return _list_target(
        reverse("forums:inbox"),
        queryset,
        1,
        show=lambda s: reverse("forums:manage", args=[s.tracking_code]),
        heading=_("Forum inbox"),
    )


def moderation(ctx):
    return Target(reverse("forums:moderation"), (_("Moderation"), _("Held for review")))


def notification_list(ctx):
    queryset = Notification.objects.filter(user=ctx.staff).order_by("-created_at", "-pk")
    return _list_target(
        reverse("notifications:list"),
        queryset,
        1,
        show=lambda n: reverse("notifications:open", args=[n.pk]),
        heading=_("Notifications"),
    )


def review_queue(ctx):
    queryset = agency_selectors.agencies_awaiting_review()
    return _list_target(
        reverse("agencies:review_queue"),
        queryset,
        1,
        show=lambda a: reverse("agencies:review", args=[a.slug]),
        heading=_("Registrations waiting for verification"),
    )


# --- The open-data API (/api/v1/): each list's first page, read as a harvester reads it -----------


def _api_list(route, queryset, field):
    """The API list `route`: its first page holds the first rows by id (the cursor's order)."""
    first = list(queryset.order_by("pk").values_list(field, flat=True)[:5])
    return Target(reverse(route), expect_any=tuple(_needs(first or None, route)))


def api_agreements(ctx):
    return _api_list("api:agreement-list", agreement_selectors.agreement_public_list(), "reference")


def api_submissions(ctx):
    return _api_list("api:submission-list", public_submissions(), "tracking_code")


def api_agencies(ctx):
    return _api_list("api:agency-list", Agency.objects.public(), "slug")


def api_trainings(ctx):
    return _api_list("api:training-list", training_selectors.training_public_list(), "reference")


def api_datasets(ctx):
    return Target(reverse("api:dataset-detail", args=["agreement-status"]), ("agreement-status",))


def statistics_page(ctx):
    return Target(reverse("statistics"), (_("Map of the regencies and cities"),))


def statistics_regency(ctx):
    """The regency with the most agreements carried out there (Medan, in the seeded data)."""
    regency = _most_public_agreements(Regency)
    return Target(reverse("statistics_regency", args=[regency.code]), (regency.name,))


def statistics_filtered(ctx):
    """This year's figures in the sector with the most public agreements, the map by input."""
    sector = _most_public_agreements(Sector)
    url = with_query(
        reverse("statistics"), year=timezone.localdate().year, sector=sector.slug, peta="aspirasi"
    )
    return Target(url, (_("Residents' input by regency or city"),))


def staff_dashboard(ctx):
    return Target(reverse("dashboard"), (_("Needs action"), _("Recent activity")))


def secretariat_dashboard(ctx):
    return Target(
        reverse("dashboard"),
        (_("Queues to work through"), _("Deadlines missed across all agencies")),
    )


def resident_home(ctx):
    return Target(reverse("my_home"), (_("My home"), _("My submissions"), _("What I follow")))


def typo_of(word):
    """`word` as a hurried thumb types it: two letters inside it swapped ("perindustrain")."""
    if len(word) < 6:
        return word
    at = len(word) - 3
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _search(ctx, role, query, **params):
    """The search page for `query` as `role` sees it: the address of one of its results must
    be on it (found the way the page finds them)."""
    jump, groups = site_search.search(Visitor(ctx.user(role)), query, kind=params.get("jenis"))
    if jump is not None:
        raise LookupError(f"{query!r} jumps to {jump}: pick words, not a code")
    found = tuple(f'href="{escape(row.url)}"' for group in groups for row in group.results)
    _needs(found or None, f"result for {query!r}")
    return Target(
        with_query(reverse("search"), q=query, **params),
        expect=(_("Search the portal"),),
        expect_any=found,
    )


def _landmark_agency(ctx):
    """The staff user's agency (seed_scale's landmark: party to many agreements, organiser of
    many trainings), which stays the same whatever the data grows by."""
    agencies = agency_selectors.staff_agencies_of(ctx.staff)
    return _needs(agencies[0] if agencies else None, "agency of the staff user")


def site_search_page(ctx):
    """Every kind at once, for an agency's acronym ("USU"): the agency, the agreements it is
    party to and the trainings it organises."""
    agency = _landmark_agency(ctx)
    return _search(ctx, ANON, agency.acronym or agency.name.split()[-1])


def site_search_typo(ctx):
    """The longest word of that agency's name, typed wrong."""
    longest = max(_landmark_agency(ctx).name.split(), key=len)
    return _search(ctx, ANON, typo_of(longest.lower()))


def site_search_staff(ctx):
    """A staff member's search: the word most common in their agencies' agreements' titles,
    their internal ones and drafts included."""
    titles = visible_agreements(ctx.staff).values_list("title", flat=True)[:2000]
    return _search(ctx, STAFF_ROLE, _needs(most_common_word(titles), "agreement title"))


def site_search_submissions(ctx):
    """Residents' input only (?jenis=aspirasi), for the longest word of the busiest thread's
    title."""
    submission = _needs(ctx.big_submission, "published submission")
    word = max(submission.title.split(), key=len)
    return _search(ctx, ANON, word.lower(), jenis="aspirasi")


FRESH_SEARCHES = 6000  # more than a load's requests: none is asked for twice


def _fresh_searches(ctx, role, texts):
    """The search page for `role` with words nobody searched for yet in this run: each word of
    `texts` (agency names, agreement and training titles), as typed and with a typo, alone and
    beside another, on the overview and on each kind's tab, in turn."""
    words = sorted(
        {
            word
            for text in texts
            for word in (w.strip(".,()-/").lower() for w in text.split())
            if len(word) >= 3 and word.isalpha() and word not in fulltext.STOP_WORDS
        }
    )
    _needs(words or None, "words to search for")
    queries = []
    for index, word in enumerate(words):
        other = words[(index * 7 + 3) % len(words)]
        queries += [word, typo_of(word), f"{word} {other}"]
    queries = list(dict.fromkeys(queries))  # a short word's "typo" is the word
    kinds = [None, *(kind.key for kind in site_search.KINDS if not kind.staff_only)]
    addresses = []
    for round_ in range(len(kinds)):
        for index, query in enumerate(queries):
            kind = kinds[(index + round_) % len(kinds)]
            addresses.append(with_query(reverse("search"), q=query, jenis=kind or None))
            if len(addresses) == FRESH_SEARCHES:
                break
        if len(addresses) == FRESH_SEARCHES:
            break
    first = _search(ctx, role, queries[0])
    variants = tuple(address for address in addresses if address != first.url)
    return Target(first.url, first.expect, first.expect_any, variants=variants)


def site_search_fresh(ctx):
    """Searches nobody made before, as residents type them (see _fresh_searches)."""
    texts = list(Agency.objects.public().values_list("name", flat=True)[:3000])
    texts += agreement_selectors.agreement_public_list().values_list("title", flat=True)[:3000]
    texts += training_selectors.training_public_list().values_list("title", flat=True)[:3000]
    return _fresh_searches(ctx, ANON, texts)


def site_search_staff_fresh(ctx):
    """The same for a staff member, over their own agencies' agreements too."""
    texts = list(visible_agreements(ctx.staff).values_list("title", flat=True)[:3000])
    texts += Agency.objects.public().values_list("name", flat=True)[:3000]
    return _fresh_searches(ctx, STAFF_ROLE, texts)


PAGES = [
    Page("home", PUBLIC, ANON, home),
    Page("search", PUBLIC, ANON, site_search_page),
    Page("search.typo", PUBLIC, ANON, site_search_typo),
    Page("search.submissions", PUBLIC, ANON, site_search_submissions),
    Page("search.staff", SIGNED_IN, STAFF_ROLE, site_search_staff),
    Page("search.fresh", PUBLIC, ANON, site_search_fresh),
    Page("search.staff.fresh", SIGNED_IN, STAFF_ROLE, site_search_staff_fresh),
    Page("agencies.directory", PUBLIC, ANON, directory),
    Page("agencies.directory.deep", PUBLIC, ANON, lambda ctx: directory(ctx, deep=True)),
    Page("agencies.directory.search", PUBLIC, ANON, directory_search),
    Page("agencies.capabilities.search", PUBLIC, ANON, capability_search),
    Page("agencies.profile", PUBLIC, ANON, agency_profile),
    Page("partnerships.list", PUBLIC, ANON, agreement_list),
    Page("partnerships.list.deep", PUBLIC, ANON, lambda ctx: agreement_list(ctx, deep=True)),
    Page("partnerships.list.filtered", PUBLIC, ANON, agreement_list_filtered),
    Page("partnerships.public_detail", PUBLIC, ANON, agreement_public_detail),
    Page("partnerships.manage", SIGNED_IN, STAFF_ROLE, agreement_manage_list),
    Page(
        "partnerships.manage.deep",
        SIGNED_IN,
        STAFF_ROLE,
        lambda ctx: agreement_manage_list(ctx, deep=True),
    ),
    Page("partnerships.detail", SIGNED_IN, STAFF_ROLE, agreement_detail),
    Page("trainings.list", PUBLIC, ANON, training_list),
    Page("trainings.list.deep", PUBLIC, ANON, lambda ctx: training_list(ctx, deep=True)),
    Page("trainings.archive", PUBLIC, ANON, training_archive),
    Page("trainings.archive.deep", PUBLIC, ANON, lambda ctx: training_archive(ctx, deep=True)),
    Page("trainings.detail", PUBLIC, ANON, training_detail),
    Page("trainings.mine", SIGNED_IN, RESIDENT, my_trainings),
    Page("trainings.verify", PUBLIC, ANON, certificate_check),
    Page("trainings.manage", SIGNED_IN, STAFF_ROLE, training_manage_list),
    Page("trainings.manage_detail", SIGNED_IN, STAFF_ROLE, training_manage_detail),
    Page("trainings.registrations", SIGNED_IN, STAFF_ROLE, training_registrations),
    Page(
        "trainings.registrations.deep",
        SIGNED_IN,
        STAFF_ROLE,
        lambda ctx: training_registrations(ctx, deep=True),
    ),
    Page("forums.index", PUBLIC, ANON, forum_index),
    Page("forums.index.deep", PUBLIC, ANON, lambda ctx: forum_index(ctx, deep=True)),
    Page("forums.area", PUBLIC, ANON, forum_area),
    Page("forums.submission", PUBLIC, ANON, forum_submission),
    Page("forums.lookup", PUBLIC, ANON, forum_lookup),
    Page("forums.inbox.secretariat", SIGNED_IN, SECRETARIAT, lambda c: forum_inbox(c, SECRETARIAT)),
    Page("forums.inbox.staff", SIGNED_IN, STAFF_ROLE, lambda c: forum_inbox(c, STAFF_ROLE)),
    Page("forums.manage", SIGNED_IN, SECRETARIAT, forum_manage),
    Page("forums.moderation", SIGNED_IN, SECRETARIAT, moderation),
    Page("notifications.list", SIGNED_IN, STAFF_ROLE, notification_list),
    Page("agencies.review_queue", SIGNED_IN, SECRETARIAT, review_queue),
    Page("statistics", PUBLIC, ANON, statistics_page),
    Page("statistics.regency", PUBLIC, ANON, statistics_regency),
    Page("statistics.filtered", PUBLIC, ANON, statistics_filtered),
    Page("api.agreements", PUBLIC, ANON, api_agreements),
    Page("api.submissions", PUBLIC, ANON, api_submissions),
    Page("api.agencies", PUBLIC, ANON, api_agencies),
    Page("api.trainings", PUBLIC, ANON, api_trainings),
    Page("api.datasets", PUBLIC, ANON, api_datasets),
    Page("dashboard.staff", SIGNED_IN, STAFF_ROLE, staff_dashboard),
    Page("dashboard.secretariat", SIGNED_IN, SECRETARIAT, secretariat_dashboard),
    Page("dashboard.resident", SIGNED_IN, RESIDENT, resident_home),
]


def select(patterns):
    """The pages whose name matches one of the shell-style `patterns` (all when none)."""
    if not patterns:
        return list(PAGES)
    chosen = [page for page in PAGES if any(fnmatchcase(page.name, p) for p in patterns)]
    if not chosen:
        raise LookupError(f"No page matches {', '.join(patterns)}; see bench/pages.py.")
    return chosen
