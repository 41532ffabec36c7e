from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import emails

from .registry import DIGEST, register_email_kind


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Both import the models, which may load only once the apps are ready.
        from . import personal_data  # noqa: F401, PLC0415 - a person's data download and deletion
        from .services import email_queue  # noqa: PLC0415 - needs the models

        # accounts sits below notifications: its e-mails reach the outbox through this hook.
        if email_queue not in emails.OUTBOX:
            emails.OUTBOX.append(email_queue)
        for key, label in {**emails.EMAIL_KINDS, DIGEST: _("Daily digest")}.items():
            register_email_kind(key, label)
