"""Attendance: check-in by a scanned or typed code, and the organiser's tick list."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import checkin, rules
from ..enums import CONFIRMED, RegistrationStatus, TrainingStatus
from ..models import Attendance, Registration


class CheckinRefused(ValidationError):
    pass


def attendance_checkin(*, session, text, by, method):
    """Record attendance from a scanned or typed code. Returns (registration, attendance, new).
    Scanning twice records one attendance; foreign, forged or cancelled codes are refused."""
    training = session.training
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    if training.status != TrainingStatus.PUBLISHED:
        raise CheckinRefused(_("Attendance can only be taken while the training is published."))
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
    return _attend(session, registration, by, method)


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
