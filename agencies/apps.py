from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        # Imports the models, which may load only once the apps are ready.
        from . import personal_data  # noqa: F401, PLC0415 - memberships in a person's data
