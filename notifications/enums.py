from django.db import models
from django.utils.translation import gettext_lazy as _

from core.enums import StatusChoices


class EmailStatus(StatusChoices):
    QUEUED = "queued", "info", _("Queued")
    SENDING = "sending", "warning", _("Sending")
    SENT = "sent", "success", _("Sent")
    FAILED = "failed", "danger", _("Failed")


class Channel(models.TextChoices):
    EMAIL = "email", _("In the portal and by e-mail")
    PORTAL = "portal", _("In the portal only")
    DIGEST = "digest", _("In the portal and in a daily digest e-mail")
    OFF = "off", _("Off")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Delivered to the recipients")
    MISSED = "missed", _("Missed (its moment had passed)")
    CANCELLED = "cancelled", _("No longer needed")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
