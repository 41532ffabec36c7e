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
        # agencies.rules imports the models, which may load only once the apps are ready.
        from agencies.rules import is_secretariat, works_for_an_agency  # noqa: PLC0415

        for kind in NoticeKind:
            concerns = is_secretariat if kind == NoticeKind.WAITING else works_for_an_agency
            register_kind(Kind(kind.value, kind.label, concerns=concerns))
        # These import the models, which may load only once the apps are ready.
        from . import reminders, sections  # noqa: F401, PLC0415 - reminder rules; profile section
