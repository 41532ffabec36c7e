from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("topik/<slug:slug>/", views.area, name="area"),
    path("topik/<slug:slug>/pertemuan/baru/", views.meeting_create, name="meeting_create"),
    path("kirim/", views.submit, name="submit"),
    path("terkirim/", views.submitted, name="submitted"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("lacak/", views.lookup, name="lookup"),
    path("akses/<str:token>/", views.access, name="access"),
    path("saya/", views.mine, name="mine"),
    path("feed/", views.feed, name="feed"),
    path("unduh.csv", views.export, name="export"),
    path("dukung/<str:token>/", views.support_confirm, name="support_confirm"),
    path("lampiran/<str:token>/", views.attachment, name="attachment"),
    path("pertemuan/<int:pk>/", views.meeting, name="meeting"),
    path("pertemuan/<int:pk>/hadir/", views.rsvp, name="rsvp"),
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("moderasi/", views.moderation, name="moderation"),
    path("moderasi/balasan/<int:pk>/<str:action>/", views.reply_moderate, name="reply_moderate"),
    path("moderasi/akun/<int:pk>/tangguhkan/", views.suspend, name="suspend"),
    path("kelola/<str:code>/", views.manage, name="manage"),
    path("kelola/<str:code>/<str:slug>/", views.action, name="action"),
    path("aspirasi/<str:code>/", views.submission, name="submission"),
    path("aspirasi/<str:code>/balas/", views.reply, name="reply"),
    path("aspirasi/<str:code>/selesai/", views.close, name="close"),
    path("aspirasi/<str:code>/dukung/", views.support, name="support"),
    path("aspirasi/<str:code>/dukung-surel/", views.support_email, name="support_email"),
    path("aspirasi/<str:code>/ikuti/", views.follow, name="follow"),
    path("aspirasi/<str:code>/laporkan/", views.report, name="report"),
]
