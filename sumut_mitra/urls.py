from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from accounts.forms import AdminLoginForm
from accounts.views import set_language

from . import api, dashboard, views

admin.site.site_header = _("Sumut Mitra administration")
admin.site.site_title = _("Sumut Mitra admin")
admin.site.index_title = _("Manage the portal")
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("cari/", views.search, name="search"),
    path("privasi/", views.privacy, name="privacy"),
    path("istilah/", views.glossary, name="glossary"),
    path("data/", views.statistics_page, name="statistics"),
    path("data/wilayah/<regency:code>/", views.statistics_regency, name="statistics_regency"),
    path("data/unduh/<slug:key>.csv", views.statistics_csv, name="statistics_csv"),
    path("data/katalog/", views.data_catalogue, name="data_catalogue"),
    path("data/katalog.jsonld", views.data_catalogue_dcat, name="data_catalogue_dcat"),
    path("healthz/", views.healthz, name="healthz"),
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("beranda/", dashboard.my_home, name="my_home"),
    path("bahasa/", set_language, name="set_language"),
    path("akun/", include("accounts.urls")),
    path("instansi/", include("agencies.urls")),
    path("kerja-sama/", include("partnerships.urls")),
    path("pelatihan/", include("trainings.urls")),
    path("forum/", include("forums.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("api/v1/", include((api.urlpatterns, "api"))),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Uploads (agency logos) in development; in production nginx serves /media/ (deploy/).
    urlpatterns.append(
        re_path(
            r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media"
        )
    )
