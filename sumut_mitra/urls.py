from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language

from . import views

admin.site.site_header = _("Sumut Mitra administration")
admin.site.site_title = _("Sumut Mitra admin")
admin.site.index_title = _("Manage the portal")

urlpatterns = [
    path("", views.home, name="home"),
    path("privasi/", views.privacy, name="privacy"),
    path("healthz/", views.healthz, name="healthz"),
    path("bahasa/", set_language, name="set_language"),
    path("akun/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
