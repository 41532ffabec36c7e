from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.enums import StatusChoices


class TrainingKind(models.TextChoices):
    TRAINING = "pelatihan", _("Training (pelatihan)")
    WORKSHOP = "workshop", _("Workshop (lokakarya)")
    BIMTEK = "bimtek", _("Technical guidance (Bimtek)")
    CERTIFICATION = "sertifikasi", _("Certification (sertifikasi)")
    APPRENTICESHIP = "magang", _("Apprenticeship (magang)")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public: anyone with an account")
    STAFF = "staff", _("Agency staff only")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", pgettext_lazy("training mode", "Hybrid")


class TrainingStatus(StatusChoices):
    DRAFT = "draft", "secondary", _("Draft")
    PUBLISHED = "published", "info", _("Published")
    CANCELLED = "cancelled", "danger", _("Cancelled")
    COMPLETED = "completed", "dark", _("Completed")


class PublicStatus(StatusChoices):
    """What a training is called wherever residents see it (the lists, its page, the agency
    and agreement pages): one word for one state, from its status, registration window and
    dates (Training.public_status). The organisers' pages add the TrainingStatus."""

    DRAFT = "draft", "secondary", _("Draft")
    NOT_YET_OPEN = "not_yet_open", "info", _("Registration not open yet")
    OPEN = "open", "success", _("Open for registration")
    CLOSED = "closed", "dark", _("Registration closed")
    UNDER_WAY = "under_way", "info", _("Under way")
    FINISHED = "finished", "dark", pgettext_lazy("training is over", "Finished")
    CANCELLED = "cancelled", "danger", _("Cancelled")


T = TrainingStatus
TRAINING_TRANSITIONS = {
    T.DRAFT: {T.PUBLISHED, T.CANCELLED},
    T.PUBLISHED: {T.COMPLETED, T.CANCELLED, T.DRAFT},
    T.CANCELLED: set(),
    T.COMPLETED: set(),
}


class RegistrationStatus(StatusChoices):
    REGISTERED = "registered", "warning", _("Registered, awaiting approval")
    APPROVED = "approved", "success", _("Approved")
    WAITLISTED = "waitlisted", "warning", _("Waiting list")
    ATTENDED = "attended", "dark", _("Attended")
    PARTLY_ATTENDED = "partly_attended", "dark", _("Partly attended")
    NO_SHOW = "no_show", "danger", _("Did not attend")
    REJECTED = "rejected", "danger", _("Not accepted")
    CANCELLED = "cancelled", "danger", _("Cancelled by the participant")
    CANCELLED_BY_ORGANISER = "cancelled_by_organiser", "danger", _("Cancelled by the organiser")


R = RegistrationStatus
# A registration in one of these holds a seat.
CONFIRMED = {R.APPROVED, R.ATTENDED, R.PARTLY_ATTENDED, R.NO_SHOW}
# Still in play (one per person and training).
ACTIVE = {R.REGISTERED, R.APPROVED, R.WAITLISTED, R.ATTENDED, R.PARTLY_ATTENDED, R.NO_SHOW}
ENDED = {R.REJECTED, R.CANCELLED, R.CANCELLED_BY_ORGANISER}
ATTENDED = {R.ATTENDED, R.PARTLY_ATTENDED}

# Who moves a registration where (the services check the rest: seats, cut-offs, reasons).
PARTICIPANT, ORGANISER, SYSTEM = "participant", "organiser", "system"
REGISTRATION_TRANSITIONS = {
    R.REGISTERED: {
        R.APPROVED: ORGANISER,
        R.WAITLISTED: ORGANISER,
        R.REJECTED: ORGANISER,
        R.CANCELLED: PARTICIPANT,
        # Not by hand (the organiser rejects instead): when the training is cancelled, or takes
        # place without the registration having been approved.
        R.CANCELLED_BY_ORGANISER: SYSTEM,
    },
    R.WAITLISTED: {
        R.APPROVED: ORGANISER,  # promoted by hand, or by the system when a seat frees
        R.CANCELLED: PARTICIPANT,
        R.CANCELLED_BY_ORGANISER: ORGANISER,
    },
    R.APPROVED: {
        R.CANCELLED: PARTICIPANT,
        R.CANCELLED_BY_ORGANISER: ORGANISER,
        R.ATTENDED: SYSTEM,
        R.PARTLY_ATTENDED: SYSTEM,
        R.NO_SHOW: SYSTEM,
    },
    R.ATTENDED: {},
    R.PARTLY_ATTENDED: {},
    R.NO_SHOW: {},
    R.REJECTED: {},
    R.CANCELLED: {},
    R.CANCELLED_BY_ORGANISER: {},
}
REASON_REQUIRED = {R.REJECTED, R.CANCELLED_BY_ORGANISER}


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "text", _("Short text")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}


class CheckinMethod(models.TextChoices):
    SCAN = "scan", _("QR code scanned")
    TYPED = "typed", _("Code typed in")
    LIST = "list", _("Ticked on the list")


class CertificateStatus(StatusChoices):
    PENDING = "pending", "warning", _("Being prepared")
    READY = "ready", "success", _("Valid")
    REVOKED = "revoked", "danger", _("Revoked")
    # Its PDF could not be drawn in the attempts allowed; an administrator draws it again.
    FAILED = "failed", "danger", _("Could not be prepared")


class MessageAudience(models.TextChoices):
    """Who an organisers' message to participants goes to."""

    CONFIRMED = "confirmed", _("Confirmed participants")
    WAITING = "waiting", _("Those waiting: on the waiting list or awaiting approval")
    ALL = "all", _("Everyone registered (confirmed and waiting)")


MESSAGE_STATUSES = {
    MessageAudience.CONFIRMED: CONFIRMED,
    MessageAudience.WAITING: {R.WAITLISTED, R.REGISTERED},
    MessageAudience.ALL: ACTIVE,
}


# What a participant hears of their registration and training (services._common._notify), as
# the outbox names it: kind "trainings.<event>" (registered in apps.py).
EMAIL_EVENTS = {
    "received": _("Training registration awaiting approval"),
    "approved": _("Training registration approved"),
    "waitlisted": _("Training registration on the waiting list"),
    "promoted": _("Training place freed for a waiting participant"),
    "rejected": _("Training registration declined"),
    "cancelled_by_organiser": _("Training registration cancelled by the organiser"),
    "certificate_ready": _("Training certificate ready"),
    "changed": _("Training schedule or place changed"),
    "training_cancelled": _("Training cancelled"),
}
