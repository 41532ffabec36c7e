from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .enums import Channel, DeliveryStatus, EmailStatus, ReminderStatus


class OutboundEmail(models.Model):
    """The outbox: every e-mail the portal sends in the background is a row here first.

    The message is rendered when it is queued, in the recipient's language, so the worker only
    sends. The send task claims the row with a conditional update, so a message enqueued twice
    (or redelivered after a worker died) goes out once.
    """

    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"), blank=True)
    # Pictures the HTML shows by Content-ID (a check-in QR code): {cid: base64 PNG}.
    inline_images = models.JSONField(_("inline images"), default=dict, blank=True)
    # Files attached to the message (a training's calendar file): [[name, content type, base64]].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_id = models.CharField(_("object ID"), max_length=40, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    # When the sweep (or an admin's resend) last enqueued it again (core/background.py).
    enqueued_at = models.DateTimeField(_("enqueued again at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The reminder delivery this e-mail carries (one e-mail per delivery, whatever happens).
    delivery = models.OneToOneField(
        "Delivery",
        verbose_name=_("reminder delivery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="email",
    )

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class Notification(models.Model):
    """What the bell shows: one line for one person, with a link to the object."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # The title and text in every language of the portal ({"id": [title, body], "en": [...]}):
    # the bell speaks the language the reader reads in now, not the one they had when it came.
    # title and body hold the recipient's language at the time (and are all an old row has).
    texts = models.JSONField(_("title and text per language"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    digest = models.BooleanField(_("in the daily digest"), default=False)
    digested_at = models.DateTimeField(_("sent in a digest at"), null=True, blank=True)
    delivery = models.OneToOneField(
        "Delivery",
        verbose_name=_("reminder delivery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at", "-created_at"]),
            # A person's list, newest first.
            models.Index(fields=["user", "-created_at", "-id"], name="notifications_of_user"),
            models.Index(
                fields=["user", "created_at"],
                name="notifications_digest_due",
                condition=models.Q(digest=True, digested_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.shown_title

    def _shown(self):
        return self.texts.get(translation.get_language() or "", [self.title, self.body])

    @property
    def shown_title(self):
        """The title in the language of the page, or of the e-mail, being drawn."""
        return self._shown()[0]

    @property
    def shown_body(self):
        return self._shown()[1]


class Preference(models.Model):
    """How one person wants one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind of notification"), max_length=60)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_preference"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.channel}"


class ReminderRule(models.Model):
    """A reminder rule's lead times, editable in the admin. The rule itself (who is told, what)
    is declared in code by the app it belongs to (notifications.registry)."""

    key = models.CharField(_("rule"), max_length=60, unique=True)
    label = models.CharField(_("name"), max_length=200)
    offsets = models.JSONField(
        _("lead times (days)"),
        help_text=_(
            "Days before the moment, e.g. [90, 60, 30, 7, 0]; a negative number is days after it."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["key"]

    def __str__(self):
        return self.label


class Reminder(models.Model):
    """One reminder that falls due at one time (computed in WIB, stored in UTC).

    Rows are kept in step with their source (a rescheduled training, an extended agreement): a
    changed moment cancels the pending rows of the old moment and adds rows for the new one."""

    rule = models.ForeignKey(
        ReminderRule,
        verbose_name=_("reminder rule"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object ID"), max_length=40)
    source = GenericForeignKey("content_type", "object_id")
    offset = models.IntegerField(_("days before"))
    moment = models.DateTimeField(_("the moment it is about"))
    due_at = models.DateTimeField(_("due at"))
    expires_at = models.DateTimeField(_("too late after"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "offset", "moment"],
                name="notifications_reminder_once",
            ),
        ]
        indexes = [
            # The scanner reads only pending rows that are due: its work grows with them alone.
            models.Index(
                fields=["due_at"],
                name="notifications_reminder_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["content_type", "object_id", "status"]),
        ]

    def __str__(self):
        return f"{self.rule_id} {self.object_id} −{self.offset}d"


class Delivery(models.Model):
    """One reminder for one recipient: created once (unique), sent once (conditional claim)."""

    reminder = models.ForeignKey(
        Reminder, verbose_name=_("reminder"), on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When the sweep last enqueued it again (core/background.py).
    enqueued_at = models.DateTimeField(_("enqueued again at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "user"], name="notifications_deliver_once"),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.reminder_id} → {self.user_id}"
