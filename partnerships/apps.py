from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications.registry import Kind, register_email_events, register_kind

from .enums import EMAIL_EVENTS, NoticeKind


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        register_email_events("partnerships", EMAIL_EVENTS)
        # What the parties and the secretariat hear of each step (partnerships.notifications).
        for kind in NoticeKind:
            register_kind(Kind(kind.value, kind.label))
        # These import the models, which may load only once the apps are ready.
        from . import reminders, sections  # noqa: F401, PLC0415 - reminder rules; profile section
