from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Regency, Sector
from core.models import HistoryEntry
from core.storage import private_storage

from .enums import (
    PUBLIC_STATUSES,
    ForumKind,
    LinkPurpose,
    Privacy,
    ReplyKind,
    ReportReason,
    SubmissionKind,
    SubmissionStatus,
    Verdict,
)


class Holiday(models.Model):
    """A national holiday or collective leave day (cuti bersama): not a working day."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class Forum(models.Model):
    """Where residents' input gathers: a topic area (by sector and regency), or the forum of one
    agreement or training."""

    kind = models.CharField(_("kind"), max_length=10, choices=ForumKind.choices)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    regency = models.ForeignKey(
        Regency, verbose_name=_("regency or city"), null=True, blank=True, on_delete=models.PROTECT
    )
    agreement = models.OneToOneField(
        "partnerships.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum",
    )
    training = models.OneToOneField(
        "trainings.Training",
        verbose_name=_("training"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum",
    )
    is_active = models.BooleanField(_("open for new input"), default=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:area", args=[self.slug])


class Meeting(models.Model):
    """An open public meeting (forum terbuka / diskusi publik) announced in a forum."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The words the portal's searches find it by, kept by PostgreSQL itself (its triggers,
    # core.searchvectors): never written from Python.
    search_vector = SearchVectorField(_("search words"), null=True, editable=False)
    # When its announcement last changed, moved by PostgreSQL (core.updatedat, migration 0014).
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    api_updated_field = "updated_at"

    class Meta:
        verbose_name = _("public meeting")
        verbose_name_plural = _("public meetings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["cancelled", "starts_at"]),
            models.Index(fields=["updated_at"], name="forums_meeting_updated"),
            GinIndex(fields=["search_vector"], name="meeting_search_vector"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="forums_meeting_ends_after"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:meeting", args=[self.pk])


class Rsvp(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("public meeting"), on_delete=models.CASCADE, related_name="rsvps"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="forums_rsvp_once"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.meeting_id}"


# What anyone may see (forums.rules.published_q): never rahasia, held, hidden or spam.
PUBLISHED = {
    "status__in": PUBLIC_STATUSES,
    "held": False,
    "hidden": False,
    "quarantined": False,
    "privacy__in": [Privacy.PUBLIC, Privacy.ANONYMOUS],
}


# The deadline that applies in the submission's status: verify and forward by, then answer by;
# none once answered. The staff inboxes sort by it, overdue first, through the index below.
CURRENT_DEADLINE = models.Case(
    models.When(
        status__in=[SubmissionStatus.RECEIVED, SubmissionStatus.VERIFIED],
        then=models.F("verify_due"),
    ),
    models.When(
        status__in=[SubmissionStatus.FORWARDED, SubmissionStatus.IN_FOLLOW_UP],
        then=models.F("answer_due"),
    ),
    default=None,
    output_field=models.DateTimeField(),
)
IN_INBOX = [
    SubmissionStatus.RECEIVED,
    SubmissionStatus.VERIFIED,
    SubmissionStatus.FORWARDED,
    SubmissionStatus.IN_FOLLOW_UP,
    SubmissionStatus.ANSWERED,
]


class Submission(models.Model):
    """A resident's input: aspirasi, pengaduan or a request for information."""

    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SubmissionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    body_html = models.TextField(_("text (HTML)"), editable=False)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    regency = models.ForeignKey(
        Regency, verbose_name=_("regency or city"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency it concerns"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy = models.CharField(
        _("privacy"), max_length=10, choices=Privacy.choices, default=Privacy.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=15, choices=SubmissionStatus.choices, db_index=True
    )
    # Who sent it: an account, or a name (optional) and an e-mail address. Never on public pages.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitter's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_submissions",
    )
    author_name = models.CharField(_("name"), max_length=150, blank=True)
    author_email = models.EmailField(_("e-mail address"), blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    assigned_agency = models.ForeignKey(
        Agency,
        verbose_name=_("assigned agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_submissions",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # Moderation: held until a moderator publishes; hidden (by a moderator or by reports).
    held = models.BooleanField(_("held for review"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    locked = models.BooleanField(_("thread locked"), default=False)
    quarantined = models.BooleanField(_("quarantined as spam"), default=False)
    ip_hash = models.CharField(_("IP address hash"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    verify_due = models.DateTimeField(_("verify and forward by"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    answer_due = models.DateTimeField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    close_due = models.DateTimeField(_("closes automatically on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The submitter was not satisfied with the answer and asked for follow-up: once only.
    appealed_at = models.DateTimeField(_("follow-up asked for on"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    # Public replies and answers that are not hidden: what every list shows beside the title,
    # kept in step by the services that add, hide or show a reply (see reply_count_refresh).
    reply_count = models.PositiveIntegerField(_("replies"), default=0, editable=False)
    # The words the portal's searches find it by, kept by PostgreSQL itself (its triggers,
    # core.searchvectors): never written from Python.
    search_vector = SearchVectorField(_("search words"), null=True, editable=False)
    # When what the public sees of it last changed: moved by PostgreSQL when a column does, or a
    # reply or official answer is added, hidden or shown (core.updatedat, migration 0013).
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    api_updated_field = "updated_at"

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The public lists, newest first, overall and per forum; they also answer the counts
            # (index-only) and the deep pages' keys (core.paging).
            models.Index(
                fields=["-created_at", "-id"],
                name="forums_published_recent",
                condition=Q(**PUBLISHED),
            ),
            models.Index(
                fields=["forum", "-created_at", "-id"],
                name="forums_published_per_forum",
                condition=Q(**PUBLISHED),
            ),
            models.Index(
                CURRENT_DEADLINE,
                models.F("id"),
                name="forums_inbox_by_deadline",
                condition=Q(quarantined=False, status__in=IN_INBOX),
            ),
            # The moderation queue: input held for review, oldest first.
            models.Index(
                fields=["created_at"],
                name="forums_held_for_review",
                condition=Q(held=True, quarantined=False),
            ),
            models.Index(fields=["forum", "status", "-created_at"]),
            models.Index(fields=["assigned_agency", "status", "answer_due"]),
            models.Index(fields=["status", "verify_due"]),
            models.Index(fields=["status", "close_due"]),
            models.Index(
                fields=["updated_at"], name="forums_published_updated", condition=Q(**PUBLISHED)
            ),
            # The searches' typo tolerance (core.search: title %> word).
            GinIndex(fields=["title"], name="submission_title_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_vector"], name="submission_search_vector"),
        ]

    def __str__(self):
        return f"{self.tracking_code} {self.title}"

    def save(self, *args, **kwargs):
        # A full save writes what this instance holds; the reply count moves by atomic increments
        # (forums.services) while instances are in memory, so a save never writes it back.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "reply_count"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forums:submission", args=[self.tracking_code])

    @property
    def is_confidential(self):
        return self.privacy == Privacy.CONFIDENTIAL

    @property
    def contact_email(self):
        return self.author.email if self.author_id else self.author_email


class Reply(models.Model):
    """A reply in a submission's thread: a resident's or staff reply, the agency's official
    answer, or a staff-only internal note."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="replies"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReplyKind.choices, default=ReplyKind.REPLY
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_submitter = models.BooleanField(_("written by the submitter"), default=False)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("on behalf of agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"))
    body_html = models.TextField(_("text (HTML)"), editable=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    ip_hash = models.CharField(_("IP address hash"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["submission", "kind", "created_at"])]

    def __str__(self):
        return f"{self.submission_id}: {self.body[:40]}"


class AnswerRating(models.Model):
    """The submitter's rating of one official answer (puas / tidak puas, with a reason when
    not satisfied), and whether they asked for follow-up with it (the one appeal a submission
    has). The agency that answered is kept for its public figures, which count every rating,
    rahasia input included, and show none by itself."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="ratings"
    )
    answer = models.OneToOneField(
        Reply, verbose_name=_("official answer"), on_delete=models.CASCADE, related_name="rating"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency that answered"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verdict = models.CharField(_("rating"), max_length=10, choices=Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    appealed = models.BooleanField(_("follow-up asked for (appeal)"), default=False)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer rating")
        verbose_name_plural = _("answer ratings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"], condition=Q(appealed=True), name="forums_appeal_once"
            ),
            models.CheckConstraint(
                condition=Q(verdict=Verdict.SATISFIED, appealed=False)
                | Q(verdict=Verdict.NOT_SATISFIED) & ~Q(reason=""),
                name="forums_rating_reason_when_not_satisfied",
            ),
        ]
        indexes = [models.Index(fields=["agency", "verdict"])]

    def __str__(self):
        return f"{self.submission_id}: {self.get_verdict_display()}"


class Attachment(models.Model):
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="forums/%Y/%m/")
    # `lampiran-1.pdf`, by the file's place in the submission: the uploader's own file name is
    # never kept (it may name them, and an anonim submitter with it).
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    token = models.CharField(_("download token"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class SubmissionEvent(HistoryEntry):
    """The status timeline: who (none: the system or the resident) moved it, when, and why."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from status"), max_length=15, choices=SubmissionStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=15, choices=SubmissionStatus.choices, blank=True
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A staff-only line (moderation, privacy changes) is never shown outside staff pages.
    internal = models.BooleanField(_("staff only"), default=False)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.submission_id}: {self.from_status} → {self.to_status}"


class Support(models.Model):
    """One support per account or per confirmed e-mail address."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "user"],
                condition=Q(user__isnull=False),
                name="forums_support_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["submission", "email"],
                condition=~Q(email=""),
                name="forums_support_once_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.submission_id}"


class EmailLink(models.Model):
    """A link e-mailed to one address that does one thing, once, until it expires: confirms a
    guest's input, counts a support by e-mail, opens a submission for its submitter (and the
    address of the thank-you page after a guest sent input, which shows its tracking code).

    The link's URL carries only a random token, and only the token's SHA-256 is kept here
    (forums.services.links): a URL in a server log, a browser history or a referrer names
    neither the address nor the submission, nor who sent an anonim or rahasia one."""

    purpose = models.CharField(_("purpose"), max_length=10, choices=LinkPurpose.choices)
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="+"
    )
    # A support's: the address whose support counts when the link is opened (blank otherwise;
    # the confirmation and access links go to the submission's own address).
    email = models.EmailField(_("e-mail address"), blank=True)
    digest = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mailed link")
        verbose_name_plural = _("e-mailed links")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"{self.purpose} {self.submission_id}"


class Follow(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["submission", "user"], name="forums_follow_once"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.submission_id}"


class Report(models.Model):
    """Someone flags a submission or a reply; three open reports hide it until reviewed."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reply"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=15, choices=ReportReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_hash = models.CharField(_("IP address hash"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission__isnull=False, reply__isnull=True)
                | Q(submission__isnull=True, reply__isnull=False),
                name="forums_report_one_target",
            )
        ]
        indexes = [
            models.Index(fields=["resolved_at"]),
            # The moderation queue: open reports, newest first.
            models.Index(
                fields=["-created_at"],
                name="forums_report_open",
                condition=Q(resolved_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def target_submission(self):
        """The submission reported, or the one whose reply is."""
        return self.submission if self.submission_id else self.reply.submission


class Suspension(models.Model):
    """A moderator stops an account from posting in the forum (until a date, or for good)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="forum_suspension",
    )
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("until"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suspended by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("suspended at"), default=timezone.now)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")

    def __str__(self):
        return str(self.user)

    @property
    def active(self):
        return self.until is None or self.until > timezone.now()
