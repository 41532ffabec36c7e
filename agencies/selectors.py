"""Reads, always scoped to what the user may see."""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Greatest

from accounts.models import ApiToken
from core.fulltext import joined, ranked, with_snippets
from notifications.selectors import latest_email_status

from .enums import INVITATION_EMAIL_KIND, AgencyStatus
from .models import Agency, ApiKeyScope, Capability, Invitation, Membership, squashed
from .rules import agency_ids_where, visible_agencies

# How alike a search word and a name must be to count as a typo of it (0..1, pg_trgm).
TYPO_THRESHOLD = 0.45
# Shorter queries ("las") share trigrams with too many words to guess typos from.
TYPO_MIN_LENGTH = 5


def _squash(text):
    """Lower case without spaces or punctuation: "Pematang Siantar" = "pematangsiantar"."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def agency_search(queryset, query):
    """Agencies matching `query` in name, acronym or description, tolerant of typos and of
    spacing variants; best matches first."""
    query = " ".join(query.split())
    if not query:
        return queryset
    typed = _squash(query)
    queryset = queryset.annotate(
        similarity=Greatest(
            TrigramWordSimilarity(query, "name"), TrigramWordSimilarity(query, "acronym")
        ),
        squashed_name=squashed("name"),
    )
    matches = Q(name__icontains=query) | Q(acronym__iexact=query) | Q(description__icontains=query)
    if len(query) >= TYPO_MIN_LENGTH:
        matches |= Q(similarity__gte=TYPO_THRESHOLD)
    if typed:
        matches |= Q(squashed_name__contains=typed)
    return queryset.filter(matches).order_by("-similarity", "name", "pk")


def agency_suggestions(query, limit=10):
    """Verified agencies whose name or acronym holds `query`, for the agency boxes of forms."""
    query = " ".join(query.split())[:100]
    if len(query) < 2:
        return Agency.objects.none()
    return (
        Agency.objects.filter(status=AgencyStatus.VERIFIED)
        .filter(Q(name__icontains=query) | Q(acronym__icontains=query))
        .select_related("regency")
        .annotate(similarity=TrigramWordSimilarity(query, "name"))
        .order_by("-similarity", "name")[:limit]
    )


def agency_directory(*, user, query="", kind="", sector=None, regency=None, ordering="name"):
    queryset = visible_agencies(user, Agency.objects.filter(status=AgencyStatus.VERIFIED))
    if kind:
        queryset = queryset.filter(kind=kind)
    if sector is not None:
        queryset = queryset.filter(sectors=sector)
    if regency is not None:
        queryset = queryset.filter(regency=regency)
    queryset = queryset.select_related("regency").prefetch_related("sectors")
    if query:
        return agency_search(queryset, query)
    if ordering == "newest":
        return queryset.order_by("-status_changed_at", "name", "pk")
    return queryset.order_by("name", "pk")


def agency_for_user(*, user, slug):
    """The agency at `slug` if `user` may see it, else None (the view answers 404)."""
    return (
        visible_agencies(user)
        .select_related("regency", "registered_by", "status_changed_by")
        .prefetch_related("sectors")
        .filter(slug=slug)
        .first()
    )


def agencies_of_user(user):
    """The user's memberships with their agencies, for "my agencies"."""
    return (
        Membership.objects.filter(user=user)
        .select_related("agency", "agency__regency")
        .order_by("agency__name")
    )


def agency_members(agency):
    return agency.memberships.select_related("user").order_by("user__full_name", "user__email")


def agency_open_invitations(agency):
    """The invitations not yet accepted or withdrawn, each with `email_status`: how its e-mail
    fares in the outbox (queued, sending, sent, failed; None for one sent before the outbox
    kept track)."""
    return (
        agency.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .annotate(email_status=latest_email_status(model=Invitation, kind=INVITATION_EMAIL_KIND))
    )


def agency_capabilities(agency):
    return agency.capabilities.select_related("sector", "regency").order_by("kind", "title")


def agencies_awaiting_review():
    return (
        Agency.objects.filter(status=AgencyStatus.PENDING)
        .select_related("regency", "registered_by")
        .prefetch_related("sectors")
        .order_by("created_at")
    )


def capability_search(*, user, query="", kind="", sector=None, regency=None):
    """Capabilities of agencies the public may see ("who in Sumut can train welders?")."""
    queryset = Capability.objects.filter(agency__status=AgencyStatus.VERIFIED)
    if kind:
        queryset = queryset.filter(kind=kind)
    if sector is not None:
        queryset = queryset.filter(sector=sector)
    if regency is not None:
        queryset = queryset.filter(
            Q(regency=regency) | Q(regency__isnull=True, agency__regency=regency)
        )
    queryset = queryset.select_related("agency", "agency__regency", "sector", "regency")
    query = " ".join(query.split())
    if not query:
        return queryset.order_by("title", "pk")
    queryset = queryset.annotate(similarity=TrigramWordSimilarity(query, "title"))
    words = [word for word in query.split() if len(word) > 2]
    every_word = Q()
    for word in words:
        every_word &= Q(title__icontains=word) | Q(description__icontains=word)
    matches = Q(title__icontains=query) | Q(description__icontains=query)
    if words:
        matches |= every_word
    if len(query) >= TYPO_MIN_LENGTH:
        matches |= Q(similarity__gte=TYPO_THRESHOLD)
    return queryset.filter(matches).order_by("-similarity", "title", "pk")


def staff_agencies_of(user):
    """The verified agencies where `user` has staff powers, by name: the dasbor's switcher and
    the staff menu's current agency (one query, whatever the number of memberships)."""
    return list(
        Agency.objects.filter(pk__in=agency_ids_where(user))
        .order_by("name")
        .only("pk", "name", "acronym", "slug")
    )


def open_invitations_count(agency):
    """What the members page lists under “Open invitations”."""
    return agency.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).count()


def agencies_awaiting_review_count():
    return Agency.objects.filter(status=AgencyStatus.PENDING).count()


def agency_recent_events(agency, limit=15):
    return list(agency.events.select_related("actor").order_by("-at", "-pk")[:limit])


def agencies_waiting_longest(limit=5):
    """The registrations that have waited longest for the secretariat (the dasbor's preview:
    one query, whatever is in it)."""
    return list(
        Agency.objects.filter(status=AgencyStatus.PENDING)
        .order_by("created_at", "pk")
        .only("name", "slug", "created_at")[:limit]
    )


def agency_search_for_user(user, query, *, regency=None, sector=None):
    """The portal's search (sumut_mitra.search): the agencies `user` may see (visible_agencies:
    verified ones, their own registrations, all for the secretariat) that match `query` in
    name, acronym, capabilities, regency or description, typos and spacing variants included
    ("perindustrain", "Pematang Siantar"); an exact name or acronym first."""
    query = " ".join(query.split())
    queryset = visible_agencies(user)
    if regency is not None:
        queryset = queryset.filter(regency=regency)
    if sector is not None:
        queryset = queryset.filter(sectors=sector)
    typed = _squash(query)
    queryset = queryset.annotate(squashed_name=squashed("name"))
    exact = Q(acronym__iexact=query) | Q(name__iexact=query)
    also = Q(acronym__iexact=query)
    if len(typed) >= TYPO_MIN_LENGTH:
        exact |= Q(squashed_name=typed)
        also |= Q(squashed_name__contains=typed)
    return with_snippets(
        ranked(
            queryset,
            query,
            exact=exact,
            prefix=Q(name__istartswith=query) | Q(acronym__istartswith=query),
            typo_fields=("name", "acronym"),
            also=also,
        ).select_related("regency"),
        query,
        title="name",
        # What it offers partners, then its description: "who trains welders" is answered by
        # a capability more often than by the description.
        text=joined(
            Subquery(
                Capability.objects.filter(agency=OuterRef("pk"))
                .order_by()
                .values("agency")
                .annotate(titles=StringAgg("title", " · "))
                .values("titles")
            ),
            "description",
        ),
    )


def api_key_memberships(user):
    """The memberships a new personal API key may read: the verified agencies where `user`
    has staff powers, by name."""
    return (
        Membership.objects.filter(user=user, agency__status=AgencyStatus.VERIFIED)
        .select_related("agency")
        .order_by("agency__name")
    )


def api_keys_of(user):
    """`user`'s personal API keys, newest first, with what each reads (two queries)."""
    return ApiToken.objects.filter(user=user).prefetch_related(
        Prefetch("scopes", queryset=ApiKeyScope.objects.select_related("agency"))
    )
