from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class TrainingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


T = TrainingStatus
TRAINING_TRANSITIONS = {
    T.DRAFT: {T.PUBLISHED, T.CANCELLED},
    T.PUBLISHED: {T.COMPLETED, T.CANCELLED, T.DRAFT},
    T.CANCELLED: set(),
    T.COMPLETED: set(),
}
TRAINING_BADGE = {
    T.DRAFT: "secondary",
    T.PUBLISHED: "info",
    T.CANCELLED: "danger",
    T.COMPLETED: "dark",
}


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered, awaiting approval")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waiting list")
    ATTENDED = "attended", _("Attended")
    PARTLY_ATTENDED = "partly_attended", _("Partly attended")
    NO_SHOW = "no_show", _("Did not attend")
    REJECTED = "rejected", _("Not accepted")
    CANCELLED = "cancelled", _("Cancelled by the participant")
    CANCELLED_BY_ORGANISER = "cancelled_by_organiser", _("Cancelled by the organiser")


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

REGISTRATION_BADGE = {
    R.REGISTERED: "warning",
    R.WAITLISTED: "warning",
    R.APPROVED: "success",
    R.ATTENDED: "dark",
    R.PARTLY_ATTENDED: "dark",
    R.NO_SHOW: "danger",
    R.REJECTED: "danger",
    R.CANCELLED: "danger",
    R.CANCELLED_BY_ORGANISER: "danger",
}


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


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Valid")
    REVOKED = "revoked", _("Revoked")
    # Its PDF could not be drawn in the attempts allowed; an administrator draws it again.
    FAILED = "failed", _("Could not be prepared")


CERTIFICATE_BADGE = {
    CertificateStatus.PENDING: "warning",
    CertificateStatus.READY: "success",
    CertificateStatus.REVOKED: "danger",
    CertificateStatus.FAILED: "danger",
}
