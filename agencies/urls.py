from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("kapabilitas/", views.capabilities, name="capabilities"),
    path("saran/", views.suggest, name="suggest"),
    path("daftar/", views.register, name="register"),
    path("saya/", views.mine, name="mine"),
    path("verifikasi/", views.review_queue, name="review_queue"),
    path("kunci-api/", views.api_keys, name="api_keys"),
    path("kunci-api/<pk:pk>/cabut/", views.api_key_revoke, name="api_key_revoke"),
    path("undangan/<token:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/ubah/", views.edit, name="edit"),
    path("<slug:slug>/verifikasi/", views.review, name="review"),
    path("<slug:slug>/ajukan-ulang/", views.resubmit, name="resubmit"),
    path("<slug:slug>/anggota/", views.members, name="members"),
    path("<slug:slug>/anggota/<pk:pk>/peran/", views.member_role, name="member_role"),
    path("<slug:slug>/anggota/<pk:pk>/hapus/", views.member_remove, name="member_remove"),
    path("<slug:slug>/undangan/<pk:pk>/tarik/", views.invitation_revoke, name="invitation_revoke"),
    path("<slug:slug>/kapabilitas/tambah/", views.capability_create, name="capability_create"),
    path("<slug:slug>/kapabilitas/<pk:pk>/ubah/", views.capability_edit, name="capability_edit"),
    path(
        "<slug:slug>/kapabilitas/<pk:pk>/hapus/", views.capability_delete, name="capability_delete"
    ),
]
