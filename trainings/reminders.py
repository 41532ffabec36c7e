"""Trainings' reminder rules: starting soon (organisers, participants), registration closing."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.rules import agency_people, works_for_an_agency
from notifications.registry import Message, Rule, register_rule
from notifications.reminders import reminders_sync

from .calendar import training_calendar
from .enums import CONFIRMED, RegistrationStatus, TrainingStatus

ORGANISERS = ["admin", "editor"]


def _when(moment):
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'l, j F Y')}, {local:%H.%M} WIB"


def _organisers(training, reminder):
    return agency_people([row.agency_id for row in training.organiser_rows.all()], ORGANISERS)


def _same_start(training, reminder):
    return training.status == TrainingStatus.PUBLISHED and training.starts_at == reminder.moment


def _organiser_message(training, reminder, user):
    counts = {
        status: training.registrations.filter(status=status).count()
        for status in (
            RegistrationStatus.APPROVED,
            RegistrationStatus.REGISTERED,
            RegistrationStatus.WAITLISTED,
        )
    }
    title = _("%(title)s starts in %(days)s days") % {
        "title": training.title,
        "days": max((timezone.localdate(training.starts_at) - timezone.localdate()).days, 0),
    }
    body = _(
        "It starts %(when)s. Confirmed: %(approved)s of %(seats)s seats; awaiting approval: "
        "%(pending)s; on the waiting list: %(waiting)s."
    ) % {
        "when": _when(training.starts_at),
        "approved": counts[RegistrationStatus.APPROVED],
        "seats": training.capacity,
        "pending": counts[RegistrationStatus.REGISTERED],
        "waiting": counts[RegistrationStatus.WAITLISTED],
    }
    url = f"/pelatihan/kelola/{training.reference}/pendaftar/"
    return Message(title=title, body=body, url=url)


register_rule(
    Rule(
        key="training_starting_organisers",
        label=gettext_lazy("Training starting soon (organisers)"),
        kind="trainings.starting_organisers",
        concerns=works_for_an_agency,
        default_offsets=(3,),
        recipients=_organisers,
        message=_organiser_message,
        relevant=_same_start,
        model="trainings.Training",
    )
)


def _participant_message(training, reminder, user):
    title = _("Tomorrow: %(title)s") % {"title": training.title}
    place = training.venue or training.get_mode_display()
    body = _("Your training starts %(when)s at %(place)s. Bring your QR code.") % {
        "when": _when(training.starts_at),
        "place": place,
    }
    ics = training_calendar(training, with_link=True)
    return Message(
        title=title,
        body=body,
        url=f"/pelatihan/{training.reference}/pendaftaran-saya/",
        attachments=[(f"{training.reference}.ics", ics, "text/calendar")],
    )


register_rule(
    Rule(
        key="training_starting_participants",
        label=gettext_lazy("Training starting tomorrow (participants)"),
        kind="trainings.starting_participants",
        default_offsets=(1,),
        recipients=lambda training, reminder: [
            registration.user
            for registration in training.registrations.filter(
                status__in=sorted(CONFIRMED)
            ).select_related("user")
        ],
        message=_participant_message,
        relevant=_same_start,
        model="trainings.Training",
    )
)


def _closing_message(training, reminder, user):
    title = _("Registration for %(title)s closes tomorrow") % {"title": training.title}
    body = _("Registration closes %(when)s; %(approved)s of %(seats)s seats are taken.") % {
        "when": _when(training.registration_closes_at),
        "approved": training.registrations.filter(status__in=sorted(CONFIRMED)).count(),
        "seats": training.capacity,
    }
    return Message(title=title, body=body, url=f"/pelatihan/kelola/{training.reference}/")


register_rule(
    Rule(
        key="training_registration_closing",
        label=gettext_lazy("Registration closing tomorrow (organisers)"),
        kind="trainings.registration_closing",
        concerns=works_for_an_agency,
        default_offsets=(1,),
        recipients=_organisers,
        message=_closing_message,
        relevant=lambda training, reminder: (
            training.status == TrainingStatus.PUBLISHED
            and training.registration_closes_at == reminder.moment
        ),
        model="trainings.Training",
    )
)


def sync_training(training, *, now=None):
    """A published training's reminders follow its dates; drafts and cancelled ones have none."""
    live = training.status == TrainingStatus.PUBLISHED
    start = training.starts_at if live else None
    reminders_sync("training_starting_organisers", training, start, now=now)
    reminders_sync("training_starting_participants", training, start, now=now)
    closes = training.registration_closes_at if live else None
    reminders_sync("training_registration_closing", training, closes, now=now)
