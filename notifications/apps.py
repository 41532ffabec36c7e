from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts import emails

        from . import personal_data  # noqa: F401  (a person's data download and deletion)
        from .registry import Kind, register_kind
        from .services import email_queue, email_record

        if email_record not in emails.RECORDERS:
            emails.RECORDERS.append(email_record)
        if email_queue not in emails.OUTBOX:
            emails.OUTBOX.append(email_queue)
        # Kinds about a person's own affairs: always delivered, whatever the settings say.
        register_kind(Kind("trainings.registration", _("My training registrations"), True))
        register_kind(Kind("forums.submission", _("My forum submissions"), True))
