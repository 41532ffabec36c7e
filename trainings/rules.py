"""Who may see and do what with trainings, built on the agencies' roles (agencies/rules.py)."""

from django.db.models import Q
from django.utils import timezone

from agencies.enums import MemberRole
from agencies.rules import agency_ids_of, agency_ids_where, is_secretariat

from .enums import (
    ATTENDED,
    CONFIRMED,
    PARTICIPANT,
    REGISTRATION_TRANSITIONS,
    Audience,
    RegistrationStatus,
    TrainingStatus,
)
from .models import Organiser, Training

# Shown outside the organisers' pages (a cancelled training stays visible, marked as such).
SHOWN = [TrainingStatus.PUBLISHED, TrainingStatus.COMPLETED, TrainingStatus.CANCELLED]


def organiser_agency_ids(training):
    cached = getattr(training, "_organiser_ids", None)
    if cached is None:
        cached = {row.agency_id for row in training.organiser_rows.all()}
        training._organiser_ids = cached
    return cached


def is_agency_staff(user):
    return bool(agency_ids_of(user, MemberRole.VIEWER))


def is_organiser(user, training, minimum=MemberRole.VIEWER):
    return bool(organiser_agency_ids(training) & agency_ids_of(user, minimum))


def can_see_organiser_pages(user, training):
    """The organising agencies' staff (any role) and the secretariat."""
    return is_secretariat(user) or is_organiser(user, training)


def can_manage_training(user, training):
    """Editors and admins of an organising agency, and the secretariat."""
    return is_secretariat(user) or is_organiser(user, training, MemberRole.EDITOR)


def can_create_training(user):
    return is_secretariat(user) or bool(agency_ids_of(user, MemberRole.EDITOR))


def can_see_organiser_list(user):
    """Whether the organisers' list (/pelatihan/kelola/) is offered: agency staff and the
    secretariat. Residents have nothing to organise: no page links them there."""
    return is_secretariat(user) or is_agency_staff(user)


def can_view_training(user, training):
    if can_see_organiser_pages(user, training):
        return True
    if training.status not in SHOWN:
        return False
    return training.audience == Audience.PUBLIC or is_agency_staff(user)


def can_register(user, training):
    """Whether sign-up is open to this person now (the service says why not)."""
    if not user.is_authenticated or not training.is_open:
        return False
    return training.audience == Audience.PUBLIC or is_agency_staff(user)


def is_confirmed(registration):
    return registration is not None and registration.status in CONFIRMED


def has_checkin_code(registration):
    """A confirmed participant of a published training has a check-in QR code (on the page
    and as a PNG)."""
    return is_confirmed(registration) and registration.training.status == TrainingStatus.PUBLISHED


def can_cancel_own(registration, now=None):
    """Whether the participant may still cancel (services.registration_cancel decides the
    same): the registration allows it, and the cut-off has not passed."""
    if registration is None:
        return False
    allowed = REGISTRATION_TRANSITIONS[RegistrationStatus(registration.status)]
    if allowed.get(RegistrationStatus.CANCELLED) != PARTICIPANT:
        return False
    deadline = registration.training.cancellation_deadline
    return deadline is None or (now or timezone.now()) < deadline


def sees_participant_extras(user, training, registration):
    """Private materials and the online meeting link: confirmed participants (`registration` is
    the user's own, or None) and the organising agencies' staff."""
    return is_confirmed(registration) or can_see_organiser_pages(user, training)


def can_see_material(user, training, material, registration):
    """A public material is for every reader of the training page; the rest for the above."""
    return material.public or sees_participant_extras(user, training, registration)


def can_redraw_certificate(user, certificate):
    """Drawing a failed certificate again: the training's managers, or an administrator allowed
    to change certificates in the admin."""
    return user.has_perm("trainings.change_certificate") or can_manage_training(
        user, certificate.registration.training
    )


def can_give_feedback(registration):
    return (
        registration is not None
        and registration.training.status == TrainingStatus.COMPLETED
        and registration.status in ATTENDED
    )


def visible_trainings(user, queryset=None):
    """Trainings `user` may open: shown public ones, staff-only ones for agency staff, and
    every training of the agencies they organise with (drafts included)."""
    queryset = Training.objects.all() if queryset is None else queryset
    if is_secretariat(user):
        return queryset
    shown = Q(status__in=SHOWN, audience=Audience.PUBLIC)
    if user.is_authenticated:
        if is_agency_staff(user):
            shown = Q(status__in=SHOWN)
        own = Organiser.objects.filter(agency__in=agency_ids_where(user)).values("training_id")
        shown |= Q(pk__in=own)
    return queryset.filter(shown)


def organised_trainings(user, queryset=None):
    """Trainings on the organiser pages: those of the user's agencies; all for the secretariat."""
    queryset = Training.objects.all() if queryset is None else queryset
    if is_secretariat(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(
        pk__in=Organiser.objects.filter(agency__in=agency_ids_where(user)).values("training_id")
    )
