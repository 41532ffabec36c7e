from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications.registry import register_email_kind

from .enums import EMAIL_KINDS


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        for key, label in EMAIL_KINDS.items():
            register_email_kind(key, label)
        # Imports the models, which may load only once the apps are ready.
        # Memberships in a person's data; the API keys' link on the profile page.
        from . import account_sections, personal_data  # noqa: F401, PLC0415
