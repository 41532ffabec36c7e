"""Attendance: check-in by a scanned or typed code, and the organiser's tick list."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import checkin, rules
from ..enums import CONFIRMED, RegistrationStatus, TrainingStatus
from ..models import Attendance, Registration
from ._common import REGISTRATION_WORKFLOW


class CheckinRefused(ValidationError):
    pass


def checkin_window(session):
    """When a code may check someone in to `session`: from CHECKIN_OPENS_MINUTES before it
    starts to CHECKIN_CLOSES_MINUTES after it ends (a code scanned on day three is not
    attendance on day one)."""
    return (
        session.starts_at - timedelta(minutes=settings.CHECKIN_OPENS_MINUTES),
        session.ends_at + timedelta(minutes=settings.CHECKIN_CLOSES_MINUTES),
    )


def _at(moment):
    return formats.date_format(timezone.localtime(moment), "j F Y, H.i")


def _check_window(session, *, late_allowed):
    """Refuse before the window opens; after it closes, only the organisers' tick list may
    still record (or correct) attendance, until the training is completed."""
    opens, closes = checkin_window(session)
    now = timezone.now()
    if now < opens:
        raise CheckinRefused(
            _("Check-in for this session opens at %(time)s.") % {"time": _at(opens)}
        )
    if now > closes and not late_allowed:
        raise CheckinRefused(
            _(
                "Check-in for this session closed at %(time)s. Tick the person on the list "
                "instead if they did attend."
            )
            % {"time": _at(closes)}
        )


def attendance_checkin(*, session, text, by, method):
    """Record attendance from a scanned or typed code. Returns (registration, attendance, new).
    Scanning twice records one attendance; foreign, forged or cancelled codes are refused."""
    training = session.training
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    if training.status != TrainingStatus.PUBLISHED:
        raise CheckinRefused(_("Attendance can only be taken while the training is published."))
    _check_window(session, late_allowed=False)
    try:
        code = checkin.code_from_input(text)
    except checkin.BadCode as exc:
        raise CheckinRefused(_("This is not a valid check-in code of Sumut Mitra.")) from exc
    registration = Registration.objects.select_related("user", "training").filter(code=code).first()
    if registration is None:
        raise CheckinRefused(_("No registration has this code. Check it and try again."))
    if registration.training_id != training.pk:
        raise CheckinRefused(
            _("This code belongs to another training (“%(title)s”), not to this one.")
            % {"title": registration.training.title}
        )
    return _attend(session, registration, by, method)


def attendance_tick(*, session, registration, by, method):
    """The tick-list fallback: the organiser ticks a name."""
    if not rules.can_manage_training(by, session.training):
        raise PermissionDenied
    if registration.training_id != session.training_id:
        raise CheckinRefused(_("This person is not registered for this training."))
    if session.training.status != TrainingStatus.PUBLISHED:
        raise CheckinRefused(_("Attendance can only be taken while the training is published."))
    _check_window(session, late_allowed=True)
    return _attend(session, registration, by, method)


def attendance_undo(*, session, registration, by, reason=""):
    """Take back a mistaken tick or scan: the attendance goes, the registration's history says
    who removed it, for which session, and why. Returns whether there was one to remove."""
    training = session.training
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    if training.status != TrainingStatus.PUBLISHED:
        raise CheckinRefused(_("Attendance can only be changed while the training is published."))
    with transaction.atomic():
        removed, _rows = Attendance.objects.filter(
            session=session, registration=registration
        ).delete()
        if removed:
            note = _("Attendance at the session of %(time)s removed.") % {
                "time": _at(session.starts_at)
            }
            if reason.strip():
                note = f"{note} {reason.strip()}"
            REGISTRATION_WORKFLOW.record(
                registration, actor=by, to_status=registration.status, note=note
            )
    return bool(removed)


def _attend(session, registration, by, method):
    if registration.status not in CONFIRMED:
        raise CheckinRefused(
            _("%(name)s's registration is “%(status)s”; only confirmed participants check in.")
            % {
                "name": registration.user.full_name,
                "status": RegistrationStatus(registration.status).label,
            }
        )
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.get_or_create(
                session=session,
                registration=registration,
                defaults={"method": method, "checked_in_by": by},
            )
    except IntegrityError:  # the same code scanned at two doors at once
        attendance, created = (
            Attendance.objects.get(session=session, registration=registration),
            False,
        )
    return registration, attendance, created
