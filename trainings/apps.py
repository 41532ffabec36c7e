from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        from . import (
            personal_data,  # noqa: F401  (a person's data download and deletion)
            reminders,  # noqa: F401  (reminder rules: starting soon, registration closing)
            sections,  # noqa: F401  (adds trainings to agency and agreement pages)
        )
