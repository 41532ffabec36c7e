"""The dasbor: what waits on a staff member's agency (perlu tindakan) and what its people did
lately; the secretariat's queues across the province; a resident's own "Beranda saya".

Every count comes from its app's selectors, a few aggregate queries each (the number of
queries stays the same whatever the data), and links to the list that shows exactly the rows it
counted, through that list's own filters.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from agencies import selectors as agency_selectors
from agencies.enums import AgencyStatus
from agencies.rules import is_agency_admin, is_secretariat, works_for_an_agency
from core.pagecache import cached_page
from forums import selectors as forum_selectors
from partnerships import selectors as agreement_selectors
from partnerships.enums import AgreementStatus
from trainings import selectors as training_selectors
from trainings.enums import CertificateStatus, RegistrationStatus

from .staff import CURRENT_AGENCY_KEY, current_agency

ACTIVITY_LIMIT = 15
QUEUE_PREVIEW = 5


@dataclass
class Action:
    """One line of "Perlu tindakan": a count, what it counts, and the list that shows them."""

    key: str
    count: int
    label: str  # "3 tonggak terlambat": the count in words, the link's whole text
    url: str
    tone: str = "warning"  # the badge's colour when the count is not 0 (UI.md)
    rows: int | None = None  # the rows the list shows, when it lists something else
    rows_label: str = ""

    @property
    def active(self):
        return self.count > 0


def _url(name, *args, **params):
    url = reverse(name, args=args)
    return f"{url}?{urlencode(params)}" if params else url


def _agreement_actions(counts, agency_params):
    def link(**params):
        return _url("partnerships:manage", **agency_params, **params)

    def in_agreements(rows):
        return ngettext("in %(count)s agreement", "in %(count)s agreements", rows) % {"count": rows}

    c = counts
    return [
        Action(
            "drafts",
            c["drafts"],
            ngettext("%(count)s draft to submit", "%(count)s drafts to submit", c["drafts"]),
            link(status=AgreementStatus.DRAFT),
            "secondary",
        ),
        Action(
            "returned",
            c["returned"],
            ngettext(
                "%(count)s agreement returned by the secretariat",
                "%(count)s agreements returned by the secretariat",
                c["returned"],
            ),
            link(returned="on"),
            "danger",
        ),
        Action(
            "scheduled",
            c["scheduled"],
            ngettext("%(count)s signing scheduled", "%(count)s signings scheduled", c["scheduled"]),
            link(status=AgreementStatus.SCHEDULED),
            "info",
        ),
        Action(
            "monev_due",
            c["monev_due"],
            ngettext("%(count)s monev report due", "%(count)s monev reports due", c["monev_due"]),
            link(monev_due="on"),
        ),
        Action(
            "monev_overdue",
            c["monev_overdue"],
            ngettext(
                "%(count)s monev report overdue",
                "%(count)s monev reports overdue",
                c["monev_overdue"],
            ),
            link(monev_overdue="on"),
            "danger",
        ),
        Action(
            "monev_review",
            c["monev_review"],
            ngettext(
                "%(count)s agreement with a monev report awaiting review",
                "%(count)s agreements with a monev report awaiting review",
                c["monev_review"],
            ),
            link(monev_review="on"),
        ),
        Action(
            "due_milestones",
            c["due_milestones"],
            ngettext(
                "%(count)s milestone due within 14 days",
                "%(count)s milestones due within 14 days",
                c["due_milestones"],
            ),
            link(milestones_due="on"),
            rows=c["due_agreements"],
            rows_label=in_agreements(c["due_agreements"]),
        ),
        Action(
            "late_milestones",
            c["late_milestones"],
            ngettext("%(count)s late milestone", "%(count)s late milestones", c["late_milestones"]),
            link(late_milestones="on"),
            "danger",
            rows=c["late_agreements"],
            rows_label=in_agreements(c["late_agreements"]),
        ),
        Action(
            "expiring",
            c["expiring"],
            ngettext(
                "%(count)s agreement ending within 90 days",
                "%(count)s agreements ending within 90 days",
                c["expiring"],
            ),
            link(expiring_within=agreement_selectors.RENEWAL_DAYS),
        ),
    ]


def _training_actions(counts, agency_params):
    def link(**params):
        return _url("trainings:manage", **agency_params, **params)

    c = counts
    trainings = c["awaiting_trainings"]
    return [
        Action(
            "starting_soon",
            c["starting_soon"],
            ngettext(
                "%(count)s training starting within 7 days",
                "%(count)s trainings starting within 7 days",
                c["starting_soon"],
            ),
            link(starting_soon="on"),
            "info",
        ),
        Action(
            "awaiting_registrations",
            c["awaiting_registrations"],
            ngettext(
                "%(count)s registration awaiting approval",
                "%(count)s registrations awaiting approval",
                c["awaiting_registrations"],
            ),
            link(awaiting_approval="on"),
            rows=trainings,
            rows_label=ngettext("in %(count)s training", "in %(count)s trainings", trainings)
            % {"count": trainings},
        ),
    ]


def _forum_actions(counts, agency_params):
    def link(**params):
        return _url("forums:inbox", **agency_params, **params)

    c = counts
    return [
        Action(
            "forwarded",
            c["forwarded"],
            ngettext(
                "%(count)s submission to answer", "%(count)s submissions to answer", c["forwarded"]
            ),
            link(status="forwarded"),
        ),
        Action(
            "in_follow_up",
            c["in_follow_up"],
            ngettext(
                "%(count)s submission being followed up",
                "%(count)s submissions being followed up",
                c["in_follow_up"],
            ),
            link(status="in_follow_up"),
            "info",
        ),
        Action(
            "forum_overdue",
            c["overdue"],
            ngettext("%(count)s answer overdue", "%(count)s answers overdue", c["overdue"]),
            link(overdue="on"),
            "danger",
        ),
    ]


def _format(actions):
    for action in actions:
        action.label = action.label % {"count": action.count}
    return actions


@dataclass
class Activity:
    at: object
    actor: str
    what: str
    title: str
    url: str
    icon: str


def _actor(user):
    return user.full_name or user.email if user else _("The system")


def _agreement_activity(row):
    if row.event_label:
        what = str(row.event_label)
    else:
        what = _("moved to %(status)s") % {"status": AgreementStatus(row.to_status).label}
    return Activity(
        row.at,
        _actor(row.actor),
        what,
        row.agreement.title,
        reverse("partnerships:detail", args=[row.agreement.reference]),
        "bi-people",
    )


def _training_activity(row):
    return Activity(
        row.at,
        _actor(row.actor),
        _("moved to %(status)s") % {"status": row.get_to_status_display()},
        row.training.title,
        reverse("trainings:manage_detail", args=[row.training.reference]),
        "bi-mortarboard",
    )


def _forum_activity(row):
    return Activity(
        row.at,
        _actor(row.actor),
        _("moved to %(status)s") % {"status": row.get_to_status_display()}
        if row.to_status
        else _("added a note"),
        f"{row.submission.tracking_code} {row.submission.title}",
        reverse("forums:manage", args=[row.submission.tracking_code]),
        "bi-chat-square-text",
    )


def _agency_activity(agency):
    def make(row):
        what = row.event_label or _("moved to %(status)s") % {
            "status": AgencyStatus(row.to_status).label if row.to_status else ""
        }
        return Activity(
            row.at,
            _actor(row.actor),
            str(what),
            agency.name,
            reverse("agencies:detail", args=[agency.slug]),
            "bi-building",
        )

    return make


def recent_activity(user, agency, limit=ACTIVITY_LIMIT):
    """The agency's latest history across agreements, trainings, forum answers and its own
    record: one query per source, each cut at `limit`, merged here."""
    rows = [
        *map(
            _agreement_activity,
            agreement_selectors.agreement_recent_events(user=user, agency=agency, limit=limit),
        ),
        *map(
            _training_activity,
            training_selectors.training_recent_events(user=user, agency=agency, limit=limit),
        ),
        *map(
            _forum_activity,
            forum_selectors.agency_recent_answers(user=user, agency=agency, limit=limit),
        ),
        *map(_agency_activity(agency), agency_selectors.agency_recent_events(agency, limit)),
    ]
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows[:limit]


def agency_dashboard(user, agency):
    params = {"party": agency.slug}
    sections = [
        (
            _("Partnerships"),
            "bi-people",
            _format(
                _agreement_actions(
                    agreement_selectors.agreement_action_counts(user=user, agency=agency), params
                )
            ),
        ),
        (
            _("Trainings"),
            "bi-mortarboard",
            _format(
                _training_actions(
                    training_selectors.training_action_counts(user=user, agency=agency),
                    {"organiser": agency.slug},
                )
            ),
        ),
        (
            pgettext("staff menu", "Residents' input"),
            "bi-chat-square-text",
            _format(
                _forum_actions(
                    forum_selectors.submission_action_counts(user=user, agency=agency),
                    {"agency": agency.slug},
                )
            ),
        ),
    ]
    if is_agency_admin(user, agency):
        invitations = agency_selectors.open_invitations_count(agency)
        sections.append(
            (
                _("My agency"),
                "bi-building",
                _format(
                    [
                        Action(
                            "invitations",
                            invitations,
                            ngettext(
                                "%(count)s invitation not accepted yet",
                                "%(count)s invitations not accepted yet",
                                invitations,
                            ),
                            reverse("agencies:members", args=[agency.slug]),
                            "info",
                        )
                    ]
                ),
            )
        )
    return {"sections": sections, "activity": recent_activity(user, agency)}


def secretariat_dashboard(user):
    agreements = agreement_selectors.agreement_action_counts(user=user)
    forums = forum_selectors.submission_action_counts(user=user)
    pending_agencies = agency_selectors.agencies_awaiting_review_count()

    def manage(**params):
        return _url("partnerships:manage", **params)

    def inbox(**params):
        return _url("forums:inbox", **params)

    queues = _format(
        [
            Action(
                "agencies_to_verify",
                pending_agencies,
                ngettext(
                    "%(count)s agency to verify", "%(count)s agencies to verify", pending_agencies
                ),
                reverse("agencies:review_queue"),
            ),
            Action(
                "agreements_to_verify",
                agreements["submitted"],
                ngettext(
                    "%(count)s proposed agreement to verify",
                    "%(count)s proposed agreements to verify",
                    agreements["submitted"],
                ),
                manage(status=AgreementStatus.SUBMITTED, urut="waiting"),
            ),
            Action(
                "input_to_verify",
                forums["to_verify"],
                ngettext(
                    "%(count)s submission to verify",
                    "%(count)s submissions to verify",
                    forums["to_verify"],
                ),
                inbox(status="received"),
            ),
            Action(
                "input_to_forward",
                forums["to_forward"],
                ngettext(
                    "%(count)s submission to forward",
                    "%(count)s submissions to forward",
                    forums["to_forward"],
                ),
                inbox(status="verified"),
            ),
            Action(
                "monev_to_review",
                agreements["monev_review"],
                ngettext(
                    "%(count)s agreement with a monev report to review",
                    "%(count)s agreements with a monev report to review",
                    agreements["monev_review"],
                ),
                manage(monev_review="on"),
            ),
        ]
    )
    missed = _format(
        [
            Action(
                "answers_overdue",
                forums["overdue"],
                ngettext(
                    "%(count)s submission past its deadline",
                    "%(count)s submissions past their deadline",
                    forums["overdue"],
                ),
                inbox(overdue="on"),
                "danger",
            ),
            Action(
                "late_milestones",
                agreements["late_milestones"],
                ngettext(
                    "%(count)s late milestone",
                    "%(count)s late milestones",
                    agreements["late_milestones"],
                ),
                manage(late_milestones="on"),
                "danger",
                rows=agreements["late_agreements"],
                rows_label=ngettext(
                    "in %(count)s agreement",
                    "in %(count)s agreements",
                    agreements["late_agreements"],
                )
                % {"count": agreements["late_agreements"]},
            ),
            Action(
                "monev_overdue",
                agreements["monev_overdue"],
                ngettext(
                    "%(count)s monev report overdue",
                    "%(count)s monev reports overdue",
                    agreements["monev_overdue"],
                ),
                manage(monev_overdue="on"),
                "danger",
            ),
        ]
    )
    ending = _format(
        [
            Action(
                "expiring",
                agreements["expiring"],
                ngettext(
                    "%(count)s agreement ending within 90 days",
                    "%(count)s agreements ending within 90 days",
                    agreements["expiring"],
                ),
                manage(expiring_within=agreement_selectors.RENEWAL_DAYS),
            )
        ]
    )
    return {
        "queues": queues,
        "missed": missed,
        "ending": ending,
        "oldest_agencies": agency_selectors.agencies_waiting_longest(QUEUE_PREVIEW),
        "oldest_agreements": agreement_selectors.agreements_waiting_longest(
            user=user, status=AgreementStatus.SUBMITTED, limit=QUEUE_PREVIEW
        ),
    }


@cached_page
@login_required
def dashboard(request):
    """/dasbor/: a staff member's page (the secretariat's queues too); residents have theirs."""
    user = request.user
    if not works_for_an_agency(user):
        return redirect("my_home")
    agency, agencies = current_agency(request)
    wanted = request.GET.get("instansi")
    chosen = wanted and agency is not None and agency.slug == wanted
    if chosen and request.session.get(CURRENT_AGENCY_KEY) != agency.slug:
        # The staff menu shows this agency on every page until another is chosen.
        request.session[CURRENT_AGENCY_KEY] = agency.slug
    context = {"agency": agency, "agencies": agencies, "secretariat": None}
    if agency is not None:
        context.update(agency_dashboard(user, agency))
    if is_secretariat(user):
        context["secretariat"] = secretariat_dashboard(user)
    return render(request, "dashboard/staff.html", context)


@cached_page
@login_required
def my_home(request):
    """ "Beranda saya": a resident's own submissions, trainings and what they follow."""
    user = request.user
    now = timezone.now()
    registrations = training_selectors.my_registrations(user)
    return render(
        request,
        "dashboard/resident.html",
        {
            "submissions": list(forum_selectors.my_submissions(user)[:QUEUE_PREVIEW]),
            "upcoming": list(
                registrations.filter(training__ends_at__gte=now)
                .exclude(
                    status__in=[
                        RegistrationStatus.CANCELLED,
                        RegistrationStatus.CANCELLED_BY_ORGANISER,
                        RegistrationStatus.REJECTED,
                    ]
                )
                .order_by("training__starts_at", "pk")[:QUEUE_PREVIEW]
            ),
            "certificates": list(
                registrations.filter(certificate__status=CertificateStatus.READY)[:QUEUE_PREVIEW]
            ),
            "followed": forum_selectors.followed_submissions(user, QUEUE_PREVIEW),
            "is_staff_member": works_for_an_agency(user),
        },
    )
