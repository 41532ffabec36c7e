from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Residents' forum")

    def ready(self):
        from . import (
            personal_data,  # noqa: F401  (a person's data download and deletion)
            reminders,  # noqa: F401  (reminder rules: input not forwarded or answered in time)
            sections,  # noqa: F401  (sections on agency, agreement and training pages)
        )
