from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


EMAIL_BADGE = {
    EmailStatus.QUEUED: "info",
    EmailStatus.SENDING: "warning",
    EmailStatus.SENT: "success",
    EmailStatus.FAILED: "danger",
}
