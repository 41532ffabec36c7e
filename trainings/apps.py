from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications.registry import Kind, register_email_events, register_kind

from .enums import EMAIL_EVENTS


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        register_email_events("trainings", EMAIL_EVENTS)
        # A person's own registrations: always delivered, whatever their settings say.
        register_kind(Kind("trainings.registration", _("My training registrations"), True))
        # What the organisers write to the participants of a training one registered for.
        register_kind(
            Kind("trainings.message", _("Messages from the organisers of my trainings"), True)
        )
        # These modules import the models, which may load only once the apps are ready.
        from . import (  # noqa: PLC0415 - they need the models
            personal_data,  # noqa: F401  (a person's data download and deletion)
            reminders,  # noqa: F401  (reminder rules: starting soon, registration closing)
            sections,  # noqa: F401  (adds trainings to agency and agreement pages)
        )
