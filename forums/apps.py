from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications.registry import Kind, register_email_events, register_kind

from .enums import APPEAL_KIND, EMAIL_EVENTS


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Residents' forum")

    def ready(self):
        register_email_events("forums", EMAIL_EVENTS)
        # A person's own submissions: always delivered, whatever their settings say.
        register_kind(Kind("forums.submission", _("My forum submissions"), True))
        # Staff: a submitter was not satisfied and asked for follow-up (services.rating).
        # agencies.rules imports the models, which may load only once the apps are ready.
        from agencies.rules import works_for_an_agency  # noqa: PLC0415

        register_kind(
            Kind(
                APPEAL_KIND,
                _("Forum input reopened at its submitter's request (staff)"),
                concerns=works_for_an_agency,
            )
        )
        # These modules import the models, which may load only once the apps are ready.
        from . import (  # noqa: PLC0415 - they need the models
            personal_data,  # noqa: F401  (a person's data download and deletion)
            reminders,  # noqa: F401  (reminder rules: input not forwarded or answered in time)
            sections,  # noqa: F401  (sections on agency, agreement and training pages)
        )
