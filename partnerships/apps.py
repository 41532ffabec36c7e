from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # These import the models, which may load only once the apps are ready.
        from . import reminders, sections  # noqa: F401, PLC0415 - reminder rules; profile section
