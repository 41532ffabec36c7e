from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("topik/<slug:slug>/", views.area, name="area"),
    path("topik/<slug:slug>/pertemuan/baru/", views.meeting_create, name="meeting_create"),
    path("kirim/", views.submit, name="submit"),
    path("terkirim/", views.submitted, name="submitted"),
    path("konfirmasi/<signed:token>/", views.confirm, name="confirm"),
    path("lacak/", views.lookup, name="lookup"),
    path("akses/<signed:token>/", views.access, name="access"),
    path("saya/", views.mine, name="mine"),
    path("feed/", views.feed, name="feed"),
    path("unduh.csv", views.export, name="export"),
    path("dukung/<signed:token>/", views.support_confirm, name="support_confirm"),
    path("lampiran/<token:token>/", views.attachment, name="attachment"),
    path("pertemuan/<pk:pk>/", views.meeting, name="meeting"),
    path("pertemuan/<pk:pk>/hadir/", views.rsvp, name="rsvp"),
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("moderasi/", views.moderation, name="moderation"),
    path("moderasi/balasan/<pk:pk>/<slug:action>/", views.reply_moderate, name="reply_moderate"),
    path("moderasi/akun/<pk:pk>/tangguhkan/", views.suspend, name="suspend"),
    path("kelola/<tracking:code>/", views.manage, name="manage"),
    path("kelola/<tracking:code>/<slug:slug>/", views.action, name="action"),
    path("aspirasi/<tracking:code>/", views.submission, name="submission"),
    path("aspirasi/<tracking:code>/balas/", views.reply, name="reply"),
    path("aspirasi/<tracking:code>/selesai/", views.close, name="close"),
    path("aspirasi/<tracking:code>/nilai/", views.rate, name="rate"),
    path("aspirasi/<tracking:code>/minta-tindak-lanjut/", views.appeal, name="appeal"),
    path("aspirasi/<tracking:code>/data-saya/", views.guest_data, name="guest_data"),
    path("aspirasi/<tracking:code>/hapus-data-saya/", views.guest_erase, name="guest_erase"),
    path("aspirasi/<tracking:code>/dukung/", views.support, name="support"),
    path("aspirasi/<tracking:code>/dukung-surel/", views.support_email, name="support_email"),
    path("aspirasi/<tracking:code>/ikuti/", views.follow, name="follow"),
    path("aspirasi/<tracking:code>/laporkan/", views.report, name="report"),
]
