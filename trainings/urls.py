from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    # Public
    path("", views.public_list, name="list"),
    path("selesai/", views.archive, name="archive"),
    path("kalender.ics", views.feed, name="feed"),
    path("sertifikat/cek/", views.verify, name="verify"),
    path("saya/", views.mine, name="mine"),
    # Organisers
    path("kelola/", views.manage_list, name="manage"),
    path("kelola/baru/", views.create, name="create"),
    path("kelola/<training:reference>/", views.manage_detail, name="manage_detail"),
    path("kelola/<training:reference>/ubah/", views.edit, name="edit"),
    path("kelola/<training:reference>/status/<slug:to_status>/", views.move, name="move"),
    path("kelola/<training:reference>/pendaftar/", views.registrations, name="registrations"),
    path(
        "kelola/<training:reference>/pendaftar/unduh.<export:fmt>",
        views.registrations_export,
        name="registrations_export",
    ),
    path(
        "kelola/<training:reference>/pendaftar/<pk:pk>/<slug:action>/",
        views.registration_action,
        name="registration_action",
    ),
    path(
        "kelola/<training:reference>/sesi/<pk:session_pk>/presensi/",
        views.session_checkin,
        name="checkin",
    ),
    path(
        "kelola/<training:reference>/sesi/<pk:session_pk>/daftar-hadir/",
        views.attendance_sheet,
        name="attendance_sheet",
    ),
    path("kelola/<training:reference>/sertifikat/", views.certificates, name="certificates"),
    path(
        "kelola/<training:reference>/sertifikat/semua.zip",
        views.certificates_zip,
        name="certificates_zip",
    ),
    path(
        "kelola/<training:reference>/sertifikat/<pk:pk>/unduh/",
        views.organiser_certificate_download,
        name="organiser_certificate",
    ),
    path(
        "kelola/<training:reference>/sertifikat/<pk:pk>/cabut/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("kelola/<training:reference>/pesan/", views.message, name="message"),
    path(
        "kelola/<training:reference>/umpan-balik/", views.feedback_summary, name="feedback_summary"
    ),
    path(
        "kelola/<training:reference>/materi/unggah/", views.material_upload, name="material_upload"
    ),
    # One training, seen by the public and its participants
    path("<training:reference>/", views.detail, name="detail"),
    path("<training:reference>/kalender.ics", views.training_ics, name="ics"),
    path("<training:reference>/daftar/", views.register, name="register"),
    path("<training:reference>/pendaftaran-saya/", views.registration, name="registration"),
    path("<training:reference>/pendaftaran-saya/batal/", views.cancel_own, name="cancel_own"),
    path(
        "<training:reference>/pendaftaran-saya/kode-qr.png",
        views.registration_qr,
        name="registration_qr",
    ),
    path(
        "<training:reference>/pendaftaran-saya/sertifikat.pdf",
        views.certificate_download,
        name="certificate",
    ),
    path("<training:reference>/umpan-balik/", views.feedback, name="feedback"),
    path("<training:reference>/materi/<token:token>/", views.material_download, name="material"),
]
