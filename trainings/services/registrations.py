"""Registrations: sign-up answers, seats, approval, the waiting list and cancelling. Seats
change only under the training's row lock."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import text

from .. import checkin, rules
from ..enums import (
    ACTIVE,
    CHOICE_KINDS,
    CONFIRMED,
    ORGANISER,
    PARTICIPANT,
    Audience,
    QuestionKind,
    TrainingStatus,
)
from ..models import ANSWER_MAX, Registration, Training
from ._common import REGISTRATION_WORKFLOW, R, _confirmed_count, _notify, _set_status


def _locked(training):
    return Training.objects.select_for_update().get(pk=training.pk)


def clean_answers(training, answers):
    """Check the answers to the training's questions; returns them keyed by question id."""
    cleaned, errors = {}, {}
    for question in training.questions.all():
        key = str(question.pk)
        value = answers.get(key)
        if question.kind == QuestionKind.MULTIPLE:
            value = [v for v in (value or []) if v in question.choice_list]
        elif question.kind in CHOICE_KINDS:
            value = value if value in question.choice_list else ""
        elif question.kind == QuestionKind.YES_NO:
            value = value if value in {"yes", "no"} else ""
        else:
            value = text.normalise_newlines((value or "").strip())
            if (too_long := text.too_long(value, ANSWER_MAX)) is not None:
                errors[f"q_{key}"] = too_long  # refused, never cut
        if question.required and not value:
            errors[f"q_{key}"] = _("This question needs an answer.")
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def registration_create(*, training, user, answers=None):
    """Sign up: a seat if one is free (or a request for approval), otherwise the waiting list."""
    if not user.is_authenticated:
        raise PermissionDenied
    answers = clean_answers(training, answers or {})
    with transaction.atomic():
        training = _locked(training)
        if training.status != TrainingStatus.PUBLISHED:
            raise ValidationError(_("This training is not open for registration."))
        now = timezone.now()
        if now < training.registration_opens_at:
            raise ValidationError(_("Registration has not opened yet."))
        if now >= training.registration_closes_at:
            raise ValidationError(_("Registration has closed."))
        if training.audience == Audience.STAFF and not rules.is_agency_staff(user):
            raise ValidationError(_("This training is for agency staff only."))
        if training.registrations.filter(user=user, status__in=sorted(ACTIVE)).exists():
            raise ValidationError(_("You are already registered for this training."))
        if training.requires_approval:
            status = R.REGISTERED
        elif _confirmed_count(training) < training.capacity:
            status = R.APPROVED
        else:
            status = R.WAITLISTED
        registration = Registration.objects.create(
            training=training,
            user=user,
            status=status,
            answers=answers,
            code=checkin.new_code(),
            created_at=now,
            status_changed_at=now,
        )
        REGISTRATION_WORKFLOW.record(registration, actor=user, to_status=status)
        _notify(registration, {R.REGISTERED: "received"}.get(status, status))
    return registration


def _check_move(registration, to_status, by, who_needed):
    REGISTRATION_WORKFLOW.check(registration, to_status, role=who_needed)
    if who_needed == ORGANISER and not rules.can_manage_training(by, registration.training):
        raise PermissionDenied
    if who_needed == PARTICIPANT and registration.user_id != by.pk:
        raise PermissionDenied


def _reload(registration):
    """The registration and its training, the training locked (seats change only under it)."""
    training = _locked(registration.training)
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    registration.training = training
    return registration


def registration_approve(*, registration, by):
    """Give a seat to someone awaiting approval or on the waiting list."""
    with transaction.atomic():
        registration = _reload(registration)
        _check_move(registration, R.APPROVED, by, ORGANISER)
        if _confirmed_count(registration.training) >= registration.training.capacity:
            raise ValidationError(
                _("All %(seats)s seats are taken. Put the person on the waiting list instead.")
                % {"seats": registration.training.capacity}
            )
        was = registration.status
        _set_status(registration, R.APPROVED, by)
        _notify(registration, "promoted" if was == R.WAITLISTED else "approved")
    return registration


def registration_waitlist(*, registration, by):
    with transaction.atomic():
        registration = _reload(registration)
        _check_move(registration, R.WAITLISTED, by, ORGANISER)
        _set_status(registration, R.WAITLISTED, by)
        _notify(registration, "waitlisted")
    return registration


def registration_reject(*, registration, by, reason):
    if not reason:
        raise ValidationError({"reason": _("Say why; the person reads it.")})
    with transaction.atomic():
        registration = _reload(registration)
        _check_move(registration, R.REJECTED, by, ORGANISER)
        _set_status(registration, R.REJECTED, by, reason)
        _notify(registration, "rejected", reason=reason)
    return registration


def registration_cancel(*, registration, by, reason=""):
    """Cancelled by the participant (until the cut-off) or by an organiser (with a reason).
    A freed seat goes to the first person on the waiting list; the registration returned
    names them in `promoted` (a list, empty when nobody was waiting or no seat was freed)."""
    with transaction.atomic():
        registration = _reload(registration)
        training = registration.training
        by_participant = registration.user_id == by.pk and not (
            reason and rules.can_manage_training(by, training)
        )
        target = R.CANCELLED if by_participant else R.CANCELLED_BY_ORGANISER
        _check_move(registration, target, by, PARTICIPANT if by_participant else ORGANISER)
        if by_participant:
            deadline = training.cancellation_deadline
            if deadline is not None and timezone.now() >= deadline:
                raise ValidationError(
                    _("Registrations can no longer be cancelled here; contact the organisers.")
                )
        elif not reason:
            raise ValidationError({"reason": _("Say why; the person reads it.")})
        held_seat = registration.status in CONFIRMED
        _set_status(registration, target, by, reason)
        if not by_participant:
            _notify(registration, "cancelled_by_organiser", reason=reason)
        registration.promoted = waitlist_promote(training, by=None) if held_seat else []
    return registration


def waitlist_promote(training, *, by):
    """Promote from the waiting list, first come first served, while seats are free.
    The caller holds the training's lock."""
    if training.status != TrainingStatus.PUBLISHED:
        return []
    free = training.capacity - _confirmed_count(training)
    if free <= 0:
        return []
    promoted = []
    for registration in training.registrations.filter(status=R.WAITLISTED).order_by("pk")[:free]:
        registration.training = training
        _set_status(registration, R.APPROVED, by, _("A seat became free."))
        _notify(registration, "promoted")
        promoted.append(registration)
    return promoted
