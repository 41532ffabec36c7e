"""The portal's search (/cari/): one box, every kind of record, each from its own app.

Each app answers for its own records with `<thing>_search_for_user` in its selectors, through
the same rules its lists use (what a person may see is decided there, never here); this module
asks each of them, counts what they found, keeps a page (or, without a kind chosen, the best few
of each kind) and says where each result opens. A query that is exactly a code the person may
open (a tracking code, an agreement's reference or document number, a training's reference)
jumps straight to it; one they may not open is searched like any other words, so it finds
nothing it should not (no existence leak).
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from agencies.selectors import agency_search_for_user
from core import fulltext
from core.converters import AGREEMENT_REFERENCE, TRACKING_CODE, TRAINING_REFERENCE
from core.lists import PAGE_SIZE
from core.paging import DeferredPaginator
from forums import rules as forum_rules
from forums.selectors import (
    meeting_search_for_user,
    submission_by_code_for_user,
    submission_search_for_user,
)
from partnerships.models import Party
from partnerships.rules import can_view_agreement, searchable_agreements
from partnerships.selectors import agreement_search_for_user
from trainings.rules import can_see_organiser_list, visible_trainings
from trainings.selectors import registration_search_for_user, training_search_for_user

# How many of each kind the overview shows (without a kind chosen).
OVERVIEW_SIZE = 3
# As much as the box takes (forms.SearchForm): what the heading shows is what is searched.
MAX_QUERY = 200


@dataclass(frozen=True)
class Kind:
    """One kind of result: its key in the URL (?jenis=), its name, and how it is searched."""

    key: str
    label: str
    icon: str
    search: object  # (visitor, query, regency, sector) -> queryset
    template: str  # one result, as templates/search/<template> draws it
    staff_only: bool = False
    filtered: bool = True  # whether the regency and sector filters apply


def _agencies(visitor, query, regency, sector):
    return agency_search_for_user(visitor.user, query, regency=regency, sector=sector)


def _agreements(visitor, query, regency, sector):
    return agreement_search_for_user(visitor.user, query, regency=regency, sector=sector)


def _trainings(visitor, query, regency, sector):
    return training_search_for_user(visitor.user, query, regency=regency, sector=sector)


def _submissions(visitor, query, regency, sector):
    return submission_search_for_user(visitor, query, regency=regency, sector=sector)


def _meetings(visitor, query, regency, sector):
    return meeting_search_for_user(visitor.user, query, regency=regency, sector=sector)


def _registrations(visitor, query, regency, sector):
    return registration_search_for_user(visitor.user, query)


KINDS = [
    Kind("instansi", _("Agencies"), "bi-building", _agencies, "search/_agency.html"),
    Kind("kerja-sama", _("Agreements"), "bi-people", _agreements, "search/_agreement.html"),
    Kind("pelatihan", _("Trainings"), "bi-mortarboard", _trainings, "search/_training.html"),
    Kind(
        "aspirasi",
        _("Residents' input"),
        "bi-chat-square-text",
        _submissions,
        "search/_submission.html",
    ),
    Kind("pertemuan", _("Public meetings"), "bi-calendar-event", _meetings, "search/_meeting.html"),
    Kind(
        "pendaftaran",
        _("Training registrations"),
        "bi-person-lines-fill",
        _registrations,
        "search/_registration.html",
        staff_only=True,
        filtered=False,
    ),
]
KIND_KEYS = [kind.key for kind in KINDS]


def kinds_for(user):
    """The kinds `user` searches: registrations only for those with organisers' pages."""
    organiser = can_see_organiser_list(user)
    return [kind for kind in KINDS if organiser or not kind.staff_only]


@dataclass
class Group:
    kind: Kind
    page: object  # a Page of results (the overview's first few, or the page asked for)
    count: int = 0
    results: list = field(default_factory=list)

    @property
    def more(self):
        return self.count > len(self.results)

    @property
    def capped(self):
        """More matches than are ranked (core.fulltext.MAX_RANKED): the count reads "200+"."""
        return self.count > fulltext.MAX_RANKED


def _jump_url(visitor, query):
    """Where a query that is exactly a code `visitor` may open leads, or None."""
    user = visitor.user
    if code := TRACKING_CODE.read(query):
        submission = submission_by_code_for_user(visitor, code)
        if submission is not None:
            if forum_rules.is_staff_for(user, submission):
                return reverse("forums:manage", args=[submission.tracking_code])
            return submission.get_absolute_url()
        return None
    agreements = searchable_agreements(user).prefetch_related("parties")
    if reference := AGREEMENT_REFERENCE.read(query):
        agreement = agreements.filter(reference=reference).first()
        return _agreement_url(user, agreement) if agreement is not None else None
    if reference := TRAINING_REFERENCE.read(query):
        training = visible_trainings(user).filter(reference=reference).first()
        return training.get_absolute_url() if training is not None else None
    # A party's own document number ("119/1234/DISPERINDAG/2026"), when it names one agreement.
    if any(character.isdigit() for character in query) and len(query) >= 5:
        numbered = Party.objects.filter(document_number__iexact=query).values("agreement_id")
        found = list(agreements.filter(pk__in=numbered)[:2])
        if len(found) == 1:
            return _agreement_url(user, found[0])
    return None


def _agreement_url(user, agreement):
    if can_view_agreement(user, agreement):
        return agreement.get_absolute_url()
    return agreement.get_public_url()


def _finish(kind, visitor, rows):
    """Where each result opens, as the rules say for this person."""
    user = visitor.user
    for row in rows:
        if kind.key == "kerja-sama":
            row.url = _agreement_url(user, row)
        elif kind.key == "aspirasi":
            staff = forum_rules.is_staff_for(user, row)
            row.url = (
                reverse("forums:manage", args=[row.tracking_code])
                if staff
                else row.get_absolute_url()
            )
        elif kind.key == "pendaftaran":
            address = reverse("trainings:registrations", args=[row.training.reference])
            row.url = f"{address}?{urlencode({'q': row.user.email})}#registration-{row.pk}"
        else:
            row.url = row.get_absolute_url()
    return rows


def normalised(query):
    """The query as it is searched and shown: single spaces, at most MAX_QUERY characters."""
    return " ".join((query or "").split())[:MAX_QUERY]


def reading(query):
    """How the query is read (core.websearch.Search: what is searched, what is left out)."""
    return fulltext.read_query(normalised(query))


def search(visitor, query, *, kind=None, regency=None, sector=None, page=1):
    """What the search page shows: (jump URL or None, [Group]). With `kind`, that kind's page
    `page` and the other kinds' counts; without, the best few of every kind. The number of
    queries is the same whatever is found."""
    query = normalised(query)
    if not query:
        return None, []
    if kind is None and regency is None and sector is None:
        jump = _jump_url(visitor, query)
        if jump is not None:
            return jump, []
    with fulltext.one_reading():  # the query read once for every kind
        return None, _groups(visitor, query, kind, regency, sector, page)


def _groups(visitor, query, kind, regency, sector, page):
    groups = []
    for each in kinds_for(visitor.user):
        if not each.filtered and (regency is not None or sector is not None):
            continue  # a registration has no regency or sector to filter on
        chosen = kind is not None and each.key == kind
        queryset = each.search(visitor, query, regency, sector)
        if kind is not None and not chosen:
            group = Group(each, page=None, count=DeferredPaginator(queryset, PAGE_SIZE).count)
        else:
            size = PAGE_SIZE if chosen else OVERVIEW_SIZE
            found = DeferredPaginator(queryset, size).get_page(page if chosen else 1)
            group = Group(
                each,
                page=found,
                count=found.paginator.count,
                results=_finish(each, visitor, list(found.object_list)),
            )
        groups.append(group)
    return groups
