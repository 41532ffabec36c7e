from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Regency, Sector
from core.models import HistoryEntry
from core.querysets import AfterFetchQuerySet
from core.storage import private_storage

from .enums import (
    ACTIVE,
    Audience,
    CertificateStatus,
    CheckinMethod,
    MessageAudience,
    Mode,
    PublicStatus,
    QuestionKind,
    RegistrationStatus,
    TrainingKind,
    TrainingStatus,
)

# What the organisers' form sets (the services copy exactly these onto a training).
TRAINING_FIELDS = [
    "title",
    "kind",
    "description",
    "sector",
    "agreement",
    "audience",
    "mode",
    "venue",
    "regency",
    "online_link",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "cancellation_closes_at",
    "requires_approval",
    "min_attendance_percent",
    "lesson_hours",
    "signatory_name",
    "signatory_title",
]

# One jam pelajaran (JP), the unit Indonesian trainings are counted in.
MINUTES_PER_JP = 45


class Training(models.Model):
    """A training, workshop, Bimtek, certification or apprenticeship run by one or more agencies."""

    reference = models.CharField(_("reference code"), max_length=30, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=15, choices=TrainingKind.choices)
    description = models.TextField(_("description"))
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="trainings"
    )
    organisers = models.ManyToManyField(
        Agency, through="Organiser", verbose_name=_("organisers"), related_name="trainings"
    )
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        verbose_name=_("agreement it implements"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings",
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency or city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    online_link = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to confirmed participants."),
    )
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    cancellation_closes_at = models.DateTimeField(
        _("participants may cancel until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to allow cancelling until the first session starts."),
    )
    requires_approval = models.BooleanField(
        _("sign-ups need the organiser's approval"), default=False
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # The curriculum's count, breaks excluded; without it the sessions' time counts (see `jp`).
    lesson_hours = models.PositiveSmallIntegerField(
        _("training hours (JP)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text=_(
            "Lesson hours (jam pelajaran) of 45 minutes as in the curriculum, breaks excluded. "
            "Leave empty to count every 45 minutes of the sessions as one JP."
        ),
    )
    # Who signs the certificates: a person of the time (officials change; a completed
    # training's certificates keep the name they were issued with).
    signatory_name = models.CharField(
        _("signatory's name"),
        max_length=150,
        blank=True,
        help_text=_("Printed under the signature on the certificates, with academic titles."),
    )
    signatory_title = models.CharField(
        _("signatory's position"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Head of UPTD BLK Medan. Leave both empty to sign as the organisers."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrainingStatus.choices, default=TrainingStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    # Denormalised from the sessions (kept by the services) so lists filter and sort by date.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The API's `updated_since` and Last-Modified (core.apiviews); PostgreSQL moves it when an
    # organiser or a session changes too (core.updatedat, migration 0009).
    api_updated_field = "updated_at"
    # The words the portal's searches find it by, kept by PostgreSQL itself (its triggers,
    # core.searchvectors): never written from Python.
    search_vector = SearchVectorField(_("search words"), null=True, editable=False)

    objects = AfterFetchQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="trainings_registration_window",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "audience", "starts_at"]),
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["mode", "status"]),
            models.Index(fields=["updated_at"], name="trainings_training_updated"),
            # The public archive (selectors.training_archive_list): finished trainings, the
            # latest first, its page's keys read from the index alone.
            models.Index(
                fields=["-ends_at", "-id"],
                include=["status", "audience"],
                condition=Q(status__in=[TrainingStatus.PUBLISHED, TrainingStatus.COMPLETED]),
                name="trainings_archive_idx",
            ),
            # The searches' typo tolerance (core.search: title %> word).
            GinIndex(fields=["title"], name="training_title_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_vector"], name="training_search_vector"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:detail", args=[self.reference])

    @property
    def is_open(self):
        now = timezone.now()
        return (
            self.status == TrainingStatus.PUBLISHED
            and self.registration_opens_at <= now < self.registration_closes_at
        )

    @property
    def public_status(self):
        """The one word residents read for this training, on every page (PublicStatus)."""
        if self.status == TrainingStatus.DRAFT:
            return PublicStatus.DRAFT
        if self.status == TrainingStatus.CANCELLED:
            return PublicStatus.CANCELLED
        now = timezone.now()
        if self.status == TrainingStatus.COMPLETED or (self.ends_at and self.ends_at <= now):
            return PublicStatus.FINISHED
        if self.is_open:
            return PublicStatus.OPEN
        if now < self.registration_opens_at:
            return PublicStatus.NOT_YET_OPEN
        if self.starts_at and self.starts_at <= now:
            return PublicStatus.UNDER_WAY
        return PublicStatus.CLOSED

    @property
    def cancellation_deadline(self):
        return self.cancellation_closes_at or self.starts_at

    @property
    def jp(self):
        """Training hours in JP: the organisers' count, else 45 minutes of sessions each
        (whole JP only; uses the prefetched sessions when there are)."""
        if self.lesson_hours:
            return self.lesson_hours
        seconds = sum((s.ends_at - s.starts_at).total_seconds() for s in self.sessions.all())
        return int(seconds // (MINUTES_PER_JP * 60))


class Organiser(models.Model):
    training = models.ForeignKey(
        Training,
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="organiser_rows",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(_("lead organiser"), default=False)

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["-is_lead", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["training", "agency"], name="trainings_organiser_once"),
            models.UniqueConstraint(
                fields=["training"], condition=Q(is_lead=True), name="trainings_one_lead"
            ),
        ]

    def __str__(self):
        return str(self.agency)


class TrainingSession(models.Model):
    """One dated session; attendance is taken per session."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="trainings_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title or f"{self.training} {self.starts_at:%Y-%m-%d}"


class Speaker(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("speaker (narasumber)")
        verbose_name_plural = _("speakers (narasumber)")
        ordering = ["pk"]

    def __str__(self):
        return self.name


# How long a free-text answer to a training's question may be, in characters.
ANSWER_MAX = 500


class Question(models.Model):
    """A question the organisers ask at sign-up."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind of answer"), max_length=10, choices=QuestionKind.choices, default="text"
    )
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For choice questions: one choice per line.")
    )
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Material(models.Model):
    """A file for participants (slides, modules); public ones for everyone who sees the training."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=private_storage, upload_to="trainings/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    token = models.CharField(_("download token"), max_length=40, unique=True)
    public = models.BooleanField(
        _("public"), default=False, help_text=_("Otherwise only confirmed participants see it.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title


class TrainingEvent(HistoryEntry):
    """The training's history: status changes, with actor and time."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from status"), max_length=10, choices=TrainingStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=10, choices=TrainingStatus.choices, blank=True
    )

    class Meta(HistoryEntry.Meta):
        verbose_name = _("training history entry")
        verbose_name_plural = _("training history")


class Registration(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="training_registrations",
    )
    status = models.CharField(
        _("status"), max_length=25, choices=RegistrationStatus.choices, db_index=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Typed at the door; the QR code carries it signed (see checkin.py).
    code = models.CharField(_("check-in code"), max_length=12, unique=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    objects = AfterFetchQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        # pk order is arrival order: pks are drawn under the training's row lock.
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "user"],
                condition=Q(status__in=sorted(ACTIVE)),
                name="trainings_one_active_registration",
                violation_error_message=_("You are already registered for this training."),
            ),
        ]
        indexes = [models.Index(fields=["training", "status", "id"])]

    def __str__(self):
        return f"{self.user} — {self.training}"

    def get_absolute_url(self):
        return reverse("trainings:registration", args=[self.training.reference])


class RegistrationEvent(HistoryEntry):
    """Every change of a registration's status, with who made it (none: the system) and when."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    from_status = models.CharField(
        _("from status"), max_length=25, choices=RegistrationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=25, choices=RegistrationStatus.choices)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("registration history entry")
        verbose_name_plural = _("registration history")


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    method = models.CharField(_("method"), max_length=10, choices=CheckinMethod.choices)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="trainings_attend_once_per_session"
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.session_id}"


class Certificate(models.Model):
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
    )
    file = models.FileField(
        _("PDF file"), storage=private_storage, upload_to="certificates/%Y/", blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Drawing the PDF is background work (core/background.py): claimed, counted, swept.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("enqueued again at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.code

    def get_verify_url(self):
        return reverse("trainings:verify") + f"?kode={self.code}"


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="trainings_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.registration_id}: {self.rating}/5"


class TrainingMessage(models.Model):
    """A message the organisers sent to the training's participants: one e-mail each, in the
    outbox; this row says who sent what to how many, and when."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="messages"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(_("to"), max_length=10, choices=MessageAudience.choices)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    recipients = models.PositiveIntegerField(_("recipients"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["training", "-sent_at"])]

    def __str__(self):
        return self.subject
