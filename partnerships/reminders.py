"""Partnerships' reminder rules: agreements ending, milestones due, monev reports due."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import normalise_email
from agencies.rules import agency_people, secretariat_users, works_for_an_agency
from notifications.registry import Message, Rule, register_rule
from notifications.reminders import reminders_sync, rule_row

from . import monev
from .enums import AgreementStatus, MilestoneStatus
from .models import Agreement

ADMINS, EDITORS = ["admin"], ["admin", "editor"]
LIVE = {AgreementStatus.SIGNED, AgreementStatus.IN_FORCE}


def _day(value):
    return formats.date_format(value, "j F Y")


def _ending_recipients(agreement, reminder):
    agencies = [party.agency_id for party in agreement.parties.all()]
    people = set(agency_people(agencies, ADMINS)) | set(secretariat_users())
    # Accounts keep their address in lower case; a person in charge is often typed otherwise.
    pic_emails = [
        normalise_email(party.pic_email) for party in agreement.parties.all() if party.pic_email
    ]
    people |= set(get_user_model().objects.filter(email__in=pic_emails, is_active=True))
    return people


def _ending_message(agreement, reminder, user):
    # Counted from today, not from the rule: a late send never says "90 days" at D-10.
    days = (agreement.end_date - timezone.localdate()).days
    if days > 0:
        title = _("%(reference)s ends in %(days)s days") % {
            "reference": agreement.reference,
            "days": days,
        }
    elif days == 0:
        title = _("%(reference)s ends today") % {"reference": agreement.reference}
    else:  # delivered late (the worker was away on the day)
        title = _("%(reference)s ended on %(date)s") % {
            "reference": agreement.reference,
            "date": _day(agreement.end_date),
        }
    body = _(
        "“%(title)s” ends on %(date)s. Agree with the other parties in time whether to renew it "
        "(an addendum or a new agreement) or let it end."
    ) % {"title": agreement.title, "date": _day(agreement.end_date)}
    return Message(title=title, body=body, url=agreement.get_absolute_url())


def _ending_relevant(agreement, reminder):
    renewed = getattr(agreement, "renewed_by", None)
    return (
        agreement.status in LIVE
        and timezone.localdate(reminder.moment) == agreement.end_date
        and not (renewed is not None and renewed.status in LIVE)
    )


register_rule(
    Rule(
        key="agreement_ending",
        label=gettext_lazy("Agreement ending"),
        kind="partnerships.agreement_ending",
        concerns=works_for_an_agency,
        default_offsets=(90, 60, 30, 7, 0),
        recipients=_ending_recipients,
        message=_ending_message,
        relevant=_ending_relevant,
        model="partnerships.Agreement",
    )
)


def _milestone_recipients(milestone, reminder):
    return agency_people([milestone.responsible.agency_id], EDITORS)


def _milestone_message(milestone, reminder, user):
    if reminder.offset < 0:
        title = _("Milestone overdue: %(title)s") % {"title": milestone.title}
    else:
        title = _("Milestone due in %(days)s days: %(title)s") % {
            "days": max((milestone.due_date - timezone.localdate()).days, 0),
            "title": milestone.title,
        }
    if reminder.offset < 0:
        body = _("“%(title)s” of %(reference)s was due on %(date)s.")
    else:
        body = _("“%(title)s” of %(reference)s is due on %(date)s.")
    body %= {
        "title": milestone.title,
        "reference": milestone.agreement.reference,
        "date": _day(milestone.due_date),
    }
    return Message(
        title=title, body=body, url=f"{milestone.agreement.get_absolute_url()}#milestones"
    )


register_rule(
    Rule(
        key="milestone_due",
        label=gettext_lazy("Milestone due or overdue"),
        kind="partnerships.milestone_due",
        concerns=works_for_an_agency,
        default_offsets=(7, 1, -1),
        recipients=_milestone_recipients,
        message=_milestone_message,
        relevant=lambda milestone, reminder: (
            milestone.status != MilestoneStatus.DONE
            and timezone.localdate(reminder.moment) == milestone.due_date
            and milestone.agreement.status in LIVE
        ),
        model="partnerships.Milestone",
    )
)


def _monev_due_date(agreement, today):
    """The due date of the report whose reminders are still to come.

    A report falls due MONEV_GRACE_DAYS after its period ends, so the period that ended last
    stays the one to remind of until its last (overdue) reminder is out; only then does the next
    period take over. (Taking the period of today would move the moment to the next period the
    day after a period ends, and cancel the reminders of the report actually due.)"""
    offsets = rule_row("monev_due").offsets or [0]
    after = max(0, -min(offsets))
    since = monev.in_force_since(agreement)
    for day in (today - timedelta(days=monev.MONEV_GRACE_DAYS + after), today):
        _year, _number, _start, end = monev.period_of(day, agreement.monev_per_year)
        if end >= since:  # periods before it came into force are not reported on
            return end + timedelta(days=monev.MONEV_GRACE_DAYS)
    return None


def _monev_relevant(agreement, reminder):
    if agreement.status != AgreementStatus.IN_FORCE:
        return False
    due = timezone.localdate(reminder.moment)
    year, number, _start, _end = monev.period_of(
        due - timedelta(days=monev.MONEV_GRACE_DAYS), agreement.monev_per_year
    )
    return (
        not agreement.monev_reports.filter(year=year, period=number)
        .exclude(status="returned")
        .exists()
    )


def _monev_message(agreement, reminder, user):
    due = timezone.localdate(reminder.moment)
    if reminder.offset < 0 or timezone.localdate() > due:  # overdue, or told late
        title = _("Monev report overdue: %(reference)s") % {"reference": agreement.reference}
    else:
        title = _("Monev report due: %(reference)s") % {"reference": agreement.reference}
    body = _("The monitoring and evaluation report of “%(title)s” is due on %(date)s.") % {
        "title": agreement.title,
        "date": _day(due),
    }
    return Message(title=title, body=body, url=f"{agreement.get_absolute_url()}#monev")


register_rule(
    Rule(
        key="monev_due",
        label=gettext_lazy("Monev report due or overdue"),
        kind="partnerships.monev_due",
        concerns=works_for_an_agency,
        default_offsets=(0, -7),
        recipients=lambda agreement, reminder: agency_people(
            [party.agency_id for party in agreement.parties.all()], EDITORS
        ),
        message=_monev_message,
        relevant=_monev_relevant,
        model="partnerships.Agreement",
    )
)


# --- Keeping reminders in step with the agreements ------------------------------------------------


def sync_agreement(agreement, *, now=None):
    # Past its end date an agreement has nothing left to end: the daily task completes it.
    live = agreement.status in LIVE and agreement.end_date >= timezone.localdate(now)
    reminders_sync("agreement_ending", agreement, agreement.end_date if live else None, now=now)
    monev_due = None
    if agreement.status == AgreementStatus.IN_FORCE:
        due = _monev_due_date(agreement, timezone.localdate(now))
        if due is not None and due <= agreement.end_date + timedelta(days=monev.MONEV_GRACE_DAYS):
            monev_due = due
    reminders_sync("monev_due", agreement, monev_due, now=now)


def forget_agreement(agreement, *, now=None):
    """A draft about to be deleted: nothing is reminded of it or of its milestones any more."""
    reminders_sync("agreement_ending", agreement, None, now=now)
    reminders_sync("monev_due", agreement, None, now=now)
    for milestone in agreement.milestones.all():
        reminders_sync("milestone_due", milestone, None, now=now)


def sync_milestone(milestone, *, now=None):
    open_ = milestone.status != MilestoneStatus.DONE
    reminders_sync("milestone_due", milestone, milestone.due_date if open_ else None, now=now)


def sync_all_monev():
    """Daily: the next monev due date of every agreement in force."""
    for agreement in Agreement.objects.filter(status=AgreementStatus.IN_FORCE):
        sync_agreement(agreement)
