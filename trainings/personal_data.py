"""A person's training registrations in their data download and account deletion
(registered with accounts/personal_data.py from TrainingsConfig.ready)."""

import logging
from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataSource, iso, register

from . import services
from .enums import CONFIRMED
from .models import Certificate, Registration, Training

logger = logging.getLogger(__name__)


def export(user):
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("training", "certificate", "feedback")
        .prefetch_related("training__questions", "attendances__session")
        .order_by("created_at", "pk")
    )
    return {"registrations": [_registration(registration) for registration in registrations]}


def _registration(registration):
    training = registration.training
    questions = {str(question.pk): question.text for question in training.questions.all()}
    certificate = getattr(registration, "certificate", None)
    feedback = getattr(registration, "feedback", None)
    return {
        "training": training.title,
        "reference": training.reference,
        "status": registration.status,
        "registered_at": iso(registration.created_at),
        "status_changed_at": iso(registration.status_changed_at),
        "reason": registration.reason,
        "answers": [
            {"question": questions.get(key, key), "answer": answer}
            for key, answer in registration.answers.items()
        ],
        "attended_sessions": [
            {
                "session": attendance.session.title,
                "starts_at": iso(attendance.session.starts_at),
                "checked_in_at": iso(attendance.checked_in_at),
            }
            for attendance in sorted(
                registration.attendances.all(), key=lambda a: a.session.starts_at
            )
        ],
        "certificate": None
        if certificate is None
        else {
            "code": certificate.code,
            "status": certificate.status,
            "issued_at": iso(certificate.issued_at),
            "revoked_at": iso(certificate.revoked_at),
        },
        "feedback": None
        if feedback is None
        else {
            "rating": feedback.rating,
            "comment": feedback.comment,
            "given_at": iso(feedback.created_at),
        },
    }


def _delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not delete certificate file of a deleted account")


def erase(user):
    """Delete the registrations (Registration.user is PROTECT on purpose: a participant's record
    goes only here). Attendance, certificates, feedback and history go with them; a seat they
    held goes to the waiting list, as when someone cancels."""
    registrations = list(
        Registration.objects.filter(user=user).values_list("training_id", "status")
    )
    if not registrations:
        return
    # Seats change only under the training's lock (CONVENTIONS rule 8); lock in one order.
    trainings = list(
        Training.objects.select_for_update()
        .filter(pk__in={training_id for training_id, _status in registrations})
        .order_by("pk")
    )
    seated = {training_id for training_id, status in registrations if status in CONFIRMED}
    field = Certificate._meta.get_field("file")
    files = [
        name
        for name in Certificate.objects.filter(registration__user=user).values_list(
            "file", flat=True
        )
        if name
    ]
    Registration.objects.filter(user=user).delete()
    for training in trainings:
        if training.pk in seated:
            services.waitlist_promote(training, by=None)
    # Only once the deletion is committed: a rolled-back deletion keeps its certificates.
    if files:
        transaction.on_commit(partial(_delete_files, field.storage, files))


register(
    PersonalDataSource(
        key="trainings",
        label=_(
            "Your training registrations: answers, status, attendance, certificates and feedback"
        ),
        export=export,
        erase=erase,
        erase_note=_(
            "Your training registrations are erased, with your attendance, certificates and "
            "feedback. A seat you held goes to the next person on the waiting list."
        ),
        order=20,
    )
)
