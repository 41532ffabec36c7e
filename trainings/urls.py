from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    # Public
    path("", views.public_list, name="list"),
    path("kalender.ics", views.feed, name="feed"),
    path("sertifikat/cek/", views.verify, name="verify"),
    path("saya/", views.mine, name="mine"),
    # Organisers
    path("kelola/", views.manage_list, name="manage"),
    path("kelola/baru/", views.create, name="create"),
    path("kelola/<str:reference>/", views.manage_detail, name="manage_detail"),
    path("kelola/<str:reference>/ubah/", views.edit, name="edit"),
    path("kelola/<str:reference>/status/<str:to_status>/", views.move, name="move"),
    path("kelola/<str:reference>/pendaftar/", views.registrations, name="registrations"),
    path(
        "kelola/<str:reference>/pendaftar/unduh.<str:fmt>",
        views.registrations_export,
        name="registrations_export",
    ),
    path(
        "kelola/<str:reference>/pendaftar/<int:pk>/<str:action>/",
        views.registration_action,
        name="registration_action",
    ),
    path(
        "kelola/<str:reference>/sesi/<int:session_pk>/presensi/",
        views.session_checkin,
        name="checkin",
    ),
    path(
        "kelola/<str:reference>/sesi/<int:session_pk>/daftar-hadir/",
        views.attendance_sheet,
        name="attendance_sheet",
    ),
    path("kelola/<str:reference>/sertifikat/", views.certificates, name="certificates"),
    path(
        "kelola/<str:reference>/sertifikat/semua.zip",
        views.certificates_zip,
        name="certificates_zip",
    ),
    path(
        "kelola/<str:reference>/sertifikat/<int:pk>/unduh/",
        views.organiser_certificate_download,
        name="organiser_certificate",
    ),
    path(
        "kelola/<str:reference>/sertifikat/<int:pk>/cabut/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("kelola/<str:reference>/umpan-balik/", views.feedback_summary, name="feedback_summary"),
    path("kelola/<str:reference>/materi/unggah/", views.material_upload, name="material_upload"),
    path("kelola/<str:reference>/pesan/", views.message, name="message"),
    # One training, seen by the public and its participants
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/kalender.ics", views.training_ics, name="ics"),
    path("<str:reference>/daftar/", views.register, name="register"),
    path("<str:reference>/pendaftaran-saya/", views.registration, name="registration"),
    path("<str:reference>/pendaftaran-saya/batal/", views.cancel_own, name="cancel_own"),
    path(
        "<str:reference>/pendaftaran-saya/sertifikat.pdf",
        views.certificate_download,
        name="certificate",
    ),
    path("<str:reference>/umpan-balik/", views.feedback, name="feedback"),
    path("<str:reference>/materi/<str:token>/", views.material_download, name="material"),
]
