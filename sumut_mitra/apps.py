from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SumutMitraConfig(AppConfig):
    name = "sumut_mitra"
    verbose_name = _("Portal")
